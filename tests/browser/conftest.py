"""Browser tests: Playwright for Python driving Debian's Chromium against the live server."""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connections
from playwright.sync_api import sync_playwright

from municipalities.models import Municipality, Role
from tests.factories import PASSWORD, MembershipFactory, UserFactory

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself (factories) are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/setup.sh --test")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # While Playwright's event loop runs in this thread, asgiref gives the ORM connections of
        # their own, apart from the thread's; pytest-django closes only the thread's before it
        # drops the test database ("is being accessed by other users"). Close them here.
        connections.close_all()


@pytest.fixture(autouse=True)
def _geography(transactional_db, geography):
    """Browser tests run against a live server, in transactions flushed after each test."""


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where the screenshots go: $SCREENSHOTS_DIR to look at them, else the test's folder."""
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    # a stylesheet, script or image that fails; pages themselves may answer 403/404 on purpose
    page.on(
        "response",
        lambda response: (
            errors.append(f"{response.status} {response.url}")
            if response.status >= 400 and response.request.resource_type != "document"
            else None
        ),
    )
    yield page
    context.close()
    assert errors == [], f"JavaScript errors, CSP violations or failed resources: {errors}"


_axe = Axe()


def assert_accessible(page):
    """axe-core finds no violation on the page as it is now, once it has loaded (a page still
    arriving after a click can show a button whose text is not there yet)."""
    page.wait_for_load_state("load")
    result = _axe.run(page)
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in result.response["violations"]
    ]
    assert violations == [], f"axe-core violations on {page.url}:\n" + "\n".join(violations)


def log_in(page, email, password=PASSWORD, lang="ru"):
    page.goto(f"/{lang}/accounts/login/")
    page.get_by_label("Электронная почта" if lang == "ru" else "Электрондук почта").fill(email)
    page.get_by_label("Пароль" if lang == "ru" else "Сырсөз").fill(password)
    page.get_by_role("button", name="Войти" if lang == "ru" else "Кирүү", exact=True).click()


@pytest.fixture
def chair(transactional_db):
    """Айбек, chair of the working group of Кок-Жар."""
    user = UserFactory(full_name="Айбек Осмонов", email="aibek@psep.example")
    MembershipFactory(
        user=user, municipality=Municipality.objects.get(slug="kok-zhar"), role=Role.WG_CHAIR
    )
    return user
