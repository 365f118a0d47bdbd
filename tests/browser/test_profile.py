"""The profile page in Chromium, in Russian and Kyrgyz, on a phone: reached from the name in
the header, it passes axe-core; a changed name is in the header at once."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_the_profile_from_the_header(page, aibek, lang):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, aibek.email, lang=lang)
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_role("link", name="Айбек Осмонов").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/accounts/profile/$"))
    assert_accessible(page)
    page.locator("#id_full_name").fill("Айбек Осмонов-Уулу")
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_role("link", name="Айбек Осмонов-Уулу")).to_be_visible()
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
