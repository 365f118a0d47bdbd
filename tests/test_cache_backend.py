"""The portal's Redis cache (common.cache): Django's, keeping one client per connection pool
instead of making one for every operation."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from common.cache import RedisCache

ROOT = Path(__file__).resolve().parent.parent
BROKER = os.environ.get("CELERY_BROKER_URL", "")


def _cache_settings(cache_url: str) -> dict:
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps(settings.CACHES['default'], default=str))"
    )
    env = {
        name: value
        for name, value in os.environ.items()
        if name in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}
    }
    env.update(DJANGO_SETTINGS_MODULE="psep_portal.settings", CACHE_URL=cache_url)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_redis_url_gets_the_portals_redis_cache():
    assert _cache_settings("redis://127.0.0.1:6379/2")["BACKEND"] == "common.cache.RedisCache"
    assert _cache_settings("dummycache://")["BACKEND"].endswith("DummyCache")


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
