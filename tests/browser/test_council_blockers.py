"""«Передать в кенеш»: each thing that stops it links to the place where it is done; a proposal
the chair publishes stays in sight, with its reminder to answer it."""

import re

import pytest
from playwright.sync_api import expect

from planning.models import CitizenProposal, Programme, ProgrammeStatus, ProposalStatus
from tests.factories import fill

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def consulting(programme):
    """In consultation, no hearing yet, one proposal waiting for moderation and 25 published
    and answered before it (so that it is published onto the second page)."""
    fill(programme)
    Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.PUBLIC_CONSULTATION)
    common = {"programme": programme, "client_hash": "0" * 64}
    for n in range(25):
        CitizenProposal.objects.create(
            **common,
            text=f"Предложение {n}: отремонтировать улицу",
            status=ProposalStatus.PUBLISHED,
            decision="accepted",
        )
    CitizenProposal.objects.create(**common, text="Построить спортивную площадку у школы.")
    return programme


def test_each_blocker_links_to_where_it_is_fixed(page, consulting, aibek):
    log_in(page, aibek.email, lang="ky")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.goto(f"/ky/p/{consulting.pk}/transition/submit_to_council/")
    reasons = page.locator("#transition-reasons li")
    expect(reasons).to_have_count(2)
    for n in range(2):
        expect(reasons.nth(n).get_by_role("link")).to_have_count(1)
    assert_accessible(page)

    # waiting for moderation → the proposals waiting, with their «Publish» button
    reasons.nth(1).get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/consultation/\?status=new#proposals$"))
    card = page.locator("li.public-card", has_text="Построить спортивную площадку у школы.")
    expect(card).to_be_visible()

    # publish it: it stays in sight, on the list of published ones, with what to do next
    page.set_viewport_size({"width": 390, "height": 844})
    card.get_by_role("button", name=re.compile("^Жарыялоо")).click()
    expect(page).to_have_url(re.compile(r"\?status=published&page=2#proposal-\d+$"))
    card = page.locator("li.public-card", has_text="Построить спортивную площадку у школы.")
    expect(card).to_be_in_viewport()
    note = card.get_by_role("status")
    expect(note).to_be_visible()
    expect(card.get_by_role("link", name=re.compile("^Жооп берүү"))).to_be_visible()
    assert_accessible(page)

    # back on the council page: the unanswered proposal links to its answer form
    page.goto(f"/ky/p/{consulting.pk}/transition/submit_to_council/")
    unanswered = page.locator("#transition-reasons li").nth(1)
    unanswered.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/consultation/proposals/\d+/answer/$"))
    expect(page.get_by_text("Построить спортивную площадку у школы.")).to_be_visible()

    # no hearing → the hearings of the consultation page
    page.goto(f"/ky/p/{consulting.pk}/transition/submit_to_council/")
    page.locator("#transition-reasons li").first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/consultation/#hearings$"))
