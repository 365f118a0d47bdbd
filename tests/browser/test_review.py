"""Review in Chromium: the reviewers' dashboard and the comments page pass axe-core
in Russian and Kyrgyz; a reviewer starts a thread on the plan, a member of the working group
answers it and marks it resolved — with plain forms, no JavaScript needed."""

import re

import pytest
from playwright.sync_api import expect

from planning.models import CommentStatus, ReviewComment
from planning.services.review import comment_start

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def logged_in(page, email, lang="ru"):
    log_in(page, email, lang=lang)
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


@pytest.fixture
def thread(programme, staff):
    return comment_start(
        programme=programme,
        actor=staff,
        section="indicators",
        item_label="Доля домохозяйств с водой",
        text="Укажите базовое значение и источник проверки.\nБез них индикатор не принять.",
    )


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_dashboard_is_accessible(page, staff, thread, lang):
    logged_in(page, staff.email, lang=lang)
    nav = page.get_by_role("navigation", name=re.compile("Основное меню|Негизги меню"))
    nav.get_by_role("link", name=re.compile("Рецензирование|Карап чыгуу")).click()
    expect(page).to_have_url(re.compile(rf"/{lang}/review/$"))
    expect(page.locator("table.dashboard tbody tr")).to_have_count(8)  # Osh oblast
    assert_accessible(page)
    # sort by open comments, most first: Кок-Жар comes to the top
    header = page.locator("table.dashboard thead th").nth(7)
    header.get_by_role("link").click()
    header = page.locator("table.dashboard thead th").nth(7)
    expect(header).to_have_attribute("aria-sort", "ascending")
    header.get_by_role("link").click()
    expect(page.locator("table.dashboard thead th").nth(7)).to_have_attribute(
        "aria-sort", "descending"
    )
    first = page.locator("table.dashboard tbody tr").first
    expect(first.locator("th")).to_contain_text("Кок-Жар" if lang == "ru" else "Көк-Жар")
    expect(first.locator("td").nth(6)).to_have_text(re.compile(r"^1"))
    assert_accessible(page)


def test_dashboard_filters_without_javascript(browser, live_server, staff, thread):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        logged_in(page, staff.email)
        page.goto("/ru/review/")
        page.get_by_label("Состояние").select_option("none")
        page.get_by_role("button", name="Показать").click()
        expect(page).to_have_url(re.compile(r"state=none"))
        rows = page.locator("table.dashboard tbody tr")
        expect(rows).to_have_count(7)  # every Osh municipality but Кок-Жар
        expect(page.get_by_text("Кок-Жарский айылный аймак")).to_have_count(0)
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_comments_page_is_accessible(page, gulnara, thread, lang):
    logged_in(page, gulnara.email, lang=lang)
    page.goto(f"/{lang}/p/{thread.programme_id}/comments/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(f"#thread-{thread.pk}")).to_contain_text("Доля домохозяйств с водой")
    page.locator(f"#thread-{thread.pk} summary").click()
    assert_accessible(page)


def test_reviewer_starts_a_thread_member_answers_and_resolves(page, staff, gulnara, programme):
    # --- the reviewer ---------------------------------------------------------------------
    logged_in(page, staff.email)
    page.goto(f"/ru/p/{programme.pk}/")
    page.get_by_role("navigation", name="Разделы программы").get_by_role(
        "link", name="Комментарии"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Комментарии рецензентов")
    expect(page.get_by_text("Комментариев к этой программе пока нет.")).to_be_visible()
    form = page.locator("section.new-thread")
    form.get_by_role("combobox", name="Раздел").select_option("plan")
    form.get_by_label("Пункт раздела").fill("Мероприятие 1.1.1")
    form.get_by_label("Комментарий").fill("Разбейте стоимость по годам и источникам.")
    form.get_by_role("button", name="Начать обсуждение").click()
    expect(page.get_by_role("status")).to_contain_text("Обсуждение начато.")
    thread = ReviewComment.objects.get()
    article = page.locator(f"#thread-{thread.pk}")
    expect(article.get_by_role("heading")).to_have_text("План мероприятий: Мероприятие 1.1.1")
    expect(article).to_contain_text("открыто")
    # a reviewer answers but does not resolve
    expect(article.get_by_role("button", name=re.compile("Отметить решённым"))).to_have_count(0)
    page.get_by_role("button", name="Выйти").click()

    # --- a member of the working group ----------------------------------------------------
    logged_in(page, gulnara.email)
    page.goto(f"/ru/p/{programme.pk}/comments/?state=open")
    article = page.locator(f"#thread-{thread.pk}")
    article.get_by_text("Ответить", exact=True).click()
    article.get_by_label("Ваш ответ").fill("Разбили по годам: 2021 — местный бюджет.")
    article.get_by_role("button", name="Отправить ответ").click()
    expect(page.get_by_role("status")).to_contain_text("Ответ добавлен.")
    expect(page).to_have_url(re.compile(rf"\?state=open#thread-{thread.pk}$"))
    article = page.locator(f"#thread-{thread.pk}")
    expect(article.locator(".comment--reply")).to_contain_text("Гульнара Абдыкадырова")
    article.get_by_role("button", name=re.compile("Отметить решённым")).click()
    expect(page.get_by_role("status")).to_contain_text("Обсуждение отмечено как решённое.")
    expect(page.get_by_text("Нет обсуждений с такими условиями.")).to_be_visible()
    thread.refresh_from_db()
    assert thread.status == CommentStatus.RESOLVED
    assert thread.resolved_by == gulnara
    page.get_by_role("link", name="Все обсуждения").click()
    expect(page.locator(f"#thread-{thread.pk}")).to_contain_text("решено")
