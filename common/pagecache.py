"""Whole public pages kept in Django's cache, for the people who read them without logging in.

A link to an approved programme shared in a village's messaging group brings hundreds of
people to the same page within minutes; the page of an approved version never changes, yet
building it costs a thousand times what sending it does. So a public page is kept under a key
that says everything it depends on:

- a version string from the caller, which moves whenever what the page shows changes (for a
  programme: its public revision, moved when its content, proposals, hearings, decision,
  documents or published monitoring change);
- the page's language and full path (the query string too: the page of proposals);
- the release (code, templates, catalogs and static files of the running portal), so that a
  new release never serves a page laid out by the old one.

Only a request that carries no session and no messages cookie is served from the cache or
stored in it: a person logged in sees their own menu, and a citizen's "thank you" after a
proposal comes in a messages cookie. A page that holds a CSRF token (a form), a message or
sets a cookie is never stored: what is kept is the same for every anonymous reader. The same
key, hashed, is the page's ETag, so a browser on a slow connection that comes back gets a 304
and no body."""

import gzip
import hashlib
import os
import re
import secrets
from collections.abc import Callable
from functools import cache as once

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

ACCEPTS_GZIP = re.compile(r"\bgzip\b")

# The generation of the pages that list every municipality and its programmes (the home page).
PUBLIC_LISTS = "public-lists"

# What the release id reads: the files that make a page look the way it does.
RELEASE_SUFFIXES = (".py", ".html", ".mo", ".txt", ".svg")
RELEASE_SKIPPED_DIRS = {".venv", ".git", "var", "node_modules", "staticfiles", "__pycache__"}


@once
def release_id() -> str:
    """What identifies the running release: RELEASE_ID if the deployment sets one, and the
    size and modification time of every code, template and catalog file, and the static
    files' manifest. Read once per process (a release starts new processes)."""
    digest = hashlib.sha256(getattr(settings, "RELEASE_ID", "").encode())
    base = str(settings.BASE_DIR)
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d not in RELEASE_SKIPPED_DIRS)
        for name in sorted(files):
            if name.endswith(RELEASE_SUFFIXES):
                stat = os.stat(os.path.join(folder, name))
                digest.update(
                    f"{folder[len(base) :]}/{name}:{stat.st_size}:{stat.st_mtime_ns}".encode()
                )
    manifest = os.path.join(settings.STATIC_ROOT, "staticfiles.json")
    if os.path.exists(manifest):
        with open(manifest, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()[:16]


def is_anonymous_reader(request: HttpRequest) -> bool:
    """A plain page view by someone without a session or a message waiting for them."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and "HX-Request" not in request.headers
    )


def page_key(request: HttpRequest, version: str) -> str:
    raw = f"{release_id()}|{get_language()}|{request.get_full_path()}|{version}"
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()[:32]


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page rendered a CSRF token
        return False
    storage = getattr(request, "_messages", None)
    if storage is not None and len(storage):
        return False
    return b"csrfmiddlewaretoken" not in response.content


def _validated(response: HttpResponse, etag: str) -> HttpResponse:
    """What a browser may do with the page: keep it, but ask each time whether it changed."""
    response["ETag"] = etag
    patch_cache_control(response, no_cache=True)
    patch_vary_headers(response, ("Cookie",))
    return response


def cached_page(
    request: HttpRequest, version: str, render: Callable[[], HttpResponse]
) -> HttpResponse:
    """The page from the cache when it was built for this version, else `render()` (stored
    when it may be). A browser that already holds this version gets a 304."""
    if not is_anonymous_reader(request):
        response = render()
        patch_vary_headers(response, ("Cookie",))
        return response
    key = page_key(request, version)
    # Weak: the same page compressed or not (the gzip middleware would weaken a strong one).
    etag = f'W/"{key[5:]}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return _validated(not_modified, etag)
    kept = cache.get(key)
    if kept is not None:
        return _validated(_kept_response(request, *kept), etag)
    response = render()
    if not _storable(request, response):
        patch_vary_headers(response, ("Cookie",))
        return response
    # Kept compressed only: compressed once here rather than by the gzip middleware on every
    # request (this answer too), and a tenth of the bytes to fetch from the cache (nearly
    # every browser takes gzip). Level 6, as the middleware's: 9 costs twice the time.
    kept = (response["Content-Type"], gzip.compress(response.content, compresslevel=6))
    cache.set(key, kept)
    return _validated(_kept_response(request, *kept), etag)


def _kept_response(request, content_type: str, compressed: bytes):
    if not ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        return HttpResponse(gzip.decompress(compressed), content_type=content_type)
    response = HttpResponse(compressed, content_type=content_type)
    response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def generation(name: str) -> str:
    """A token that moves whenever something a family of pages lists changes (for pages that
    depend on many rows, such as the home page's list of every programme). Lost from the
    cache, it starts again as a new token: nothing kept under the old one is served."""
    key = f"generation:{name}"
    token = cache.get(key)
    if token is None:
        fresh = secrets.token_hex(8)
        token = fresh if cache.add(key, fresh) else (cache.get(key) or fresh)
    return token


def move_generation(name: str) -> None:
    """Moved at once (what this transaction reads next is not served from before), and again
    when it commits, so that a page built meanwhile from what was committed before the change
    is not kept under the new token."""
    key = f"generation:{name}"
    cache.set(key, secrets.token_hex(8))
    if not scheduled_at_commit(key):
        at_commit(key, lambda: cache.set(key, secrets.token_hex(8)))


def scheduled_at_commit(marker: str):
    """What the current transaction runs at its commit marked `marker` (None: nothing)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None
    for entry in connection.run_on_commit:
        if getattr(entry[1], "psep_marker", None) == marker:
            return entry[1]
    return None


def at_commit(marker: str, callback: Callable[[], None]):
    def run():
        callback()

    run.psep_marker = marker
    transaction.on_commit(run)
    return run
