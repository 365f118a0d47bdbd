"""Django's Redis cache, keeping one client per connection pool.

Django's backend makes a new `redis.Redis` client for every operation (on the pool it
keeps), and making one costs about as much as the round trip to Redis for a small key. A
public page served from the cache asks twice (its version, then the page), so on a page that
answers in about a millisecond the clients were a sixth of the time. A client is safe to share
between threads: each command takes a connection from the pool and gives it back."""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    """`CACHE_URL=redis://…` (psep_portal/settings.py chooses it for Django's)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
