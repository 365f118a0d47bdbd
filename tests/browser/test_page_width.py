"""No page is wider than the screen: every page of the URL configuration, as the demo shows it to
each demo person and to a visitor, in Russian and Kyrgyz, at 390 px (a phone) and at 1280 px,
does not scroll sideways — a wide table scrolls inside its own box, or becomes cards.

The pages come from the URL configuration and the demo: starting from every page without
arguments and the demo's municipalities, each person follows the links of the pages Django answers
them, and keeps up to `PER_PATTERN` addresses of each URL pattern (so every kind of page is seen,
whatever the number of items). A page whose content is the same for two people is opened once.
The test prints how many patterns and pages it saw, and the patterns no link reached (forms'
targets, files, pages behind a form)."""

import contextlib
import hashlib
import io
import re
import time
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import (
    NoReverseMatch,
    Resolver404,
    URLPattern,
    URLResolver,
    get_resolver,
    resolve,
    reverse,
)
from django.utils import translation

from municipalities.models import Municipality, User

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)
LANGUAGES = ("ru", "ky")
PER_PATTERN = 1  # addresses of one pattern a person opens: each person reaches their own programme
NOT_PAGES = {"set_language", "healthz", "logout"}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|"X-CSRFToken": "[^"]*"')

# what makes the page wider than the screen (outside any box that scrolls), for the message
OVERFLOW = """() => {
  const limit = document.documentElement.clientWidth;
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (e.classList.length ? '.' + [...e.classList].join('.') : '');
  const wide = [];
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (r.right <= limit + 1 || r.width === 0) continue;
    let inside = false;
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX)) {
        inside = true;
        break;
      }
    }
    if (!inside) wide.push(name(e) + ' → ' + Math.round(r.right));
  }
  return wide.slice(0, 4);
}"""


class _Links(HTMLParser):
    """The links of a page, and the targets of its forms (a form that adds an item is also a
    page of its own, for a browser without JavaScript)."""

    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        href = attrs.get("href") if tag == "a" else attrs.get("action") if tag == "form" else None
        if href:
            self.hrefs.append(href)


def _patterns(resolver=None, prefix="", namespace=""):
    """The name of every pattern of the URL configuration (the admin's aside)."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.endswith("admin/"):
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, route, inner)
        elif isinstance(entry, URLPattern) and entry.name and entry.name not in NOT_PAGES:
            yield namespace + entry.name


def _start(people_places) -> list[str]:
    """The pages without arguments, and each municipality of the demo."""
    with translation.override("ru"):
        starts = []
        for name in _patterns():
            with contextlib.suppress(NoReverseMatch):  # with arguments: reached by links
                starts.append(reverse(name))
        starts += [m.get_absolute_url() for m in people_places]
    return [url for url in starts if url.startswith("/ru/")]


def _crawl(client: Client, starts: list[str]) -> tuple[list[tuple[str, str, str]], set[str]]:
    """(address, pattern, content) of the HTML pages this client reaches by links; and the names
    of every pattern it saw an address of (HTML or not)."""
    seen, kept, per_pattern = set(), [], defaultdict(int)
    reached = set()
    queue = list(dict.fromkeys(starts))
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            continue
        name = match.view_name
        if name in NOT_PAGES or name.startswith("admin:"):
            continue
        reached.add(name)
        if per_pattern[name] >= PER_PATTERN:
            continue
        per_pattern[name] += 1
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        kept.append((url, name, html))
        parser = _Links()
        parser.feed(html)
        for href in parser.hrefs:
            target = urlsplit(urljoin(url, href))
            if target.netloc or not target.path.startswith("/ru/"):
                continue
            queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return kept, reached


def _main(html: str) -> str:
    """What a page shows in its main part, as a key: the same for two people, opened once."""
    start = html.find("<main")
    return hashlib.sha256(CSRF.sub("", html[start:]).encode()).hexdigest()


@pytest.fixture
def demo(transactional_db, geography):
    call_command("seed_demo", "--force", stdout=io.StringIO())


def _measure(page, address: str, who: str) -> list[str]:
    """The page (loaded at the first width) at each width: what is wider than the screen."""
    wide_pages = []
    for width in WIDTHS:
        if width != WIDTHS[0]:
            page.set_viewport_size({"width": width, "height": 800})
        wide, screen = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if wide > screen:
            wide_pages.append(
                f"{who} {width}px {address}: {wide} px — " + "; ".join(page.evaluate(OVERFLOW))
            )
    return wide_pages


def _open_all(context, addresses: list[str], who: str) -> list[str]:
    """Open each address (one at a time: the live server shares one database connection) and
    measure it at each width."""
    page = context.new_page()
    failures = []
    for address in addresses:
        page.set_viewport_size({"width": WIDTHS[0], "height": 800})
        page.goto(address)
        failures += _measure(page, address, who)
    return failures


def test_no_page_is_wider_than_the_screen(browser, live_server, demo, capsys):
    started = time.monotonic()
    people = [
        *User.objects.filter(email__endswith="@psep.example").order_by("-is_superuser", "email"),
        None,  # a visitor
    ]
    assert len(people) >= 8, "the demo people"
    places = list(Municipality.objects.filter(programmes__isnull=False).distinct())
    starts = _start(places)
    failures, views, shown, reached, report = [], 0, set(), set(), []
    for person in people:
        who = person.email.split("@")[0] if person else "visitor"
        client = Client()
        if person is not None:
            client.force_login(person)
        pages, seen_patterns = _crawl(client, starts)
        reached |= seen_patterns
        addresses = []
        for n, (url, _name, html) in enumerate(pages):
            key = _main(html)
            if key in shown and n:  # the first page: the person's own header and menu
                continue
            shown.add(key)
            addresses += [f"/{lang}/{url[4:]}" for lang in LANGUAGES]
        context = browser.new_context(base_url=live_server.url)
        if person is not None:
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
            )
        failures += _open_all(context, addresses, who)
        context.close()
        views += len(addresses) * len(WIDTHS)
        report.append(f"{who}: {len(pages)} pages, {len(addresses) // len(LANGUAGES)} opened")
    unreached = sorted(set(_patterns()) - reached)
    with capsys.disabled():
        print(
            f"\npage width: {len(set(_patterns()))} URL patterns, {len(reached)} reached by links; "
            f"{views} page views ({len(LANGUAGES)} languages × {len(WIDTHS)} widths) "
            f"in {time.monotonic() - started:.0f} s\n  "
            + "\n  ".join(report)
            + f"\n  not reached by a link: {', '.join(unreached)}"
        )
    assert failures == [], f"{len(failures)} pages wider than the screen:\n" + "\n".join(failures)
