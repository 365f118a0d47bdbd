"""The portal's Redis cache (common.cache): Django's, keeping one client per connection pool
instead of making one for every operation."""

import os

import pytest

from common.cache import RedisCache
from tests.portal_settings import portal_setting

BROKER = os.environ.get("CELERY_BROKER_URL", "")


def _backend(cache_url: str) -> str:
    return portal_setting("CACHES", CACHE_URL=cache_url)["default"]["BACKEND"]


def test_a_redis_url_gets_the_portals_redis_cache():
    assert _backend("redis://127.0.0.1:6379/2") == "common.cache.RedisCache"
    assert _backend("dummycache://").endswith("DummyCache")


@pytest.mark.skipif(
    not BROKER.startswith("redis://"), reason="needs the Redis server CI gives the broker"
)
def test_the_cache_keeps_its_client_and_reads_what_it_wrote():
    # a database of its own on the broker's server, emptied before and after
    url = BROKER.rsplit("/", 1)[0] + "/14"
    cache = RedisCache(url, {"KEY_PREFIX": "psep-test", "TIMEOUT": 60})
    cache.clear()
    try:
        client = cache._cache.get_client()
        assert cache._cache.get_client(write=True) is client
        cache.set("page", ("text/html", b"\x1f\x8b page"))
        assert cache.add("page", "other") is False
        assert cache.get("page") == ("text/html", b"\x1f\x8b page")
        assert cache.get_many(["page", "missing"]) == {"page": ("text/html", b"\x1f\x8b page")}
        cache.delete("page")
        assert cache.get("page") is None
        assert cache._cache.get_client() is client
    finally:
        cache.clear()
