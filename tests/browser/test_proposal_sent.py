"""A citizen who sends a proposal sees the thanks where their eyes are — at the form, not
4 600 px above it — on a phone and on a computer; a refusal for too many proposals keeps the text
and is shown at the form too."""

import pytest
from playwright.sync_api import expect

from planning.models import CitizenProposal, Programme, ProgrammeStatus
from tests.factories import fill

from .conftest import assert_accessible

pytestmark = pytest.mark.browser

TEXT = "Жийде айылына да суу түтүгүн тартуу керек: үйлөрдүн жарымында суу жок."


@pytest.fixture
def consulting(programme):
    fill(programme)
    Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.PUBLIC_CONSULTATION)
    return programme


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 900)])
@pytest.mark.parametrize(
    ("lang", "thanks"),
    [("ru", "Спасибо! Ваше предложение получено."), ("ky", "Рахмат! Сунушуңуз алынды.")],
)
def test_the_thanks_is_in_sight_after_sending(page, consulting, width, height, lang, thanks):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"/{lang}/public/p/{consulting.pk}/")
    form = page.locator("#proposal-form")
    form.locator("#id_text").fill(TEXT)
    form.locator("button[type=submit]").click()
    sent = page.locator("#proposal-sent")
    expect(sent).to_contain_text(thanks)
    expect(sent).to_be_in_viewport()
    expect(sent).to_have_attribute("role", "status")
    # said once, where it belongs, not also in the list at the top of the page
    expect(page.get_by_text(thanks)).to_have_count(1)
    assert CitizenProposal.objects.filter(text=TEXT).count() == 1
    assert_accessible(page)


def test_too_many_proposals_keep_the_text_at_the_form(page, consulting, settings):
    settings.PROPOSALS_PER_HOUR = 1
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/ru/public/p/{consulting.pk}/")
    page.locator("#id_text").fill(TEXT)
    page.locator("#proposal-form button[type=submit]").click()
    expect(page.locator("#proposal-sent")).to_be_in_viewport()

    second = "Второе предложение: отремонтировать мост через арык у школы."
    page.locator("#id_text").fill(second)
    page.locator("#proposal-form button[type=submit]").click()
    errors = page.locator("#proposal-form .form-errors")
    expect(errors).to_be_in_viewport()
    expect(page.locator("#id_text")).to_have_value(second)
    expect(page.locator("#proposal-sent")).to_have_count(0)
    assert not CitizenProposal.objects.filter(text=second).exists()
