"""The programme documents page in Chromium: a requested document's row follows its progress
without a reload, keyboard focus goes on to the new download link, screen readers are told
when it is ready, and the polling stops; without JavaScript, "Обновить" reloads the page."""

import re

import pytest
from playwright.sync_api import expect

from documents.models import Document, DocumentStatus
from documents.services import document_render
from documents.tasks import render_document

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def queue(monkeypatch, settings):
    """The rendering tasks sent, not run: the test renders them when it chooses to."""
    settings.DOCUMENT_RENDER_PROCESSES = 1
    sent = []
    monkeypatch.setattr(render_document, "delay", sent.append)
    return sent


def request_document(page, programme, language_label: str) -> Document:
    page.goto(f"/ru/p/{programme.pk}/documents/")
    expect(page.get_by_text("Документов пока нет.")).to_be_visible()
    page.get_by_label(language_label, exact=True).check()
    page.get_by_role("button", name="Сформировать PDF").click()
    expect(page).to_have_url(re.compile(r"/documents/\?language=[a-z+%0-9B]+#document-\d+$"))
    return Document.objects.get(pk=int(page.url.rsplit("-", 1)[1]))


def test_the_row_follows_the_document_until_it_is_ready(page, programme, aibek, queue):
    log_in(page, aibek.email)
    document = request_document(page, programme, "на русском языке")
    assert queue == [document.pk]
    row = page.locator(f"#document-{document.pk}")
    expect(row).to_contain_text("в очереди")
    assert_accessible(page)
    polls = []
    page.on("request", lambda request: "/status/" in request.url and polls.append(request.url))

    assert document_render(document.pk).status == DocumentStatus.DONE
    expect(row.get_by_role("link", name="Скачать PDF")).to_be_visible()
    expect(
        page.get_by_role("status").filter(has_text="Документ на русском языке готов.")
    ).to_have_count(1)
    # the row itself stayed: the page was opened at it, so the first Tab reaches its new link
    page.keyboard.press("Tab")
    expect(row.get_by_role("link", name="Скачать PDF")).to_be_focused()
    assert_accessible(page)
    # the answer for the finished document stopped the polling
    count = len(polls)
    page.wait_for_timeout(4500)
    assert len(polls) == count


def test_without_javascript_refresh_shows_the_finished_document(
    browser, live_server, programme, aibek, queue
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        log_in(page, aibek.email)
        document = request_document(page, programme, "на кыргызском языке")
        row = page.locator(f"#document-{document.pk}")
        expect(row).to_contain_text("в очереди")
        assert document_render(document.pk).status == DocumentStatus.DONE
        row.get_by_role("link", name="Обновить").click()
        expect(row.get_by_role("link", name="Скачать PDF")).to_be_visible()
    finally:
        context.close()


def test_a_document_that_fails_while_watched_is_retried_in_place(
    page, programme, aibek, queue, monkeypatch
):
    from documents import services as service

    def broken(parts):
        raise ValueError("шрифт не найден")

    real = service.render_pdf

    log_in(page, aibek.email)
    document = request_document(page, programme, "на русском языке")
    row = page.locator(f"#document-{document.pk}")
    expect(row).to_contain_text("в очереди")
    monkeypatch.setattr(service, "render_pdf", broken)
    assert document_render(document.pk).status == DocumentStatus.FAILED
    reason = "Документ не удалось сформировать из-за ошибки на сервере."
    expect(row).to_contain_text(reason)
    expect(row).not_to_contain_text("ValueError")
    expect(
        page.get_by_role("status").filter(
            has_text=f"Не удалось сформировать документ на русском языке: {reason}"
        )
    ).to_have_count(1)

    row.get_by_role("button", name="Повторить").click()
    expect(row).to_contain_text("в очереди")
    # focus stays on the row's action: now "Обновить", then the download link
    expect(row.get_by_role("link", name="Обновить")).to_be_focused()
    # the row is whole again: its own cells, once
    expect(page.locator(f"tr#document-{document.pk} > td")).to_have_count(2)
    expect(page.locator("tbody > tr")).to_have_count(1)
    assert queue == [document.pk, document.pk]
    monkeypatch.setattr(service, "render_pdf", real)
    assert document_render(document.pk).status == DocumentStatus.DONE
    expect(row.get_by_role("link", name="Скачать PDF")).to_be_focused()
