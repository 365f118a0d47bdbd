"""The activity plan in Chromium: a working-group member builds a branch of the plan in place
(htmx), renames, reorders and deletes rows, fills an activity with its costs; and the same
without JavaScript. axe-core checks the pages as they are."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def plan_url(programme):
    return f"/ru/p/{programme.pk}/plan/"


def add(page, summary: str, title_ru: str, title_ky: str):
    """Open a "Добавить …" form, type both titles and submit it."""
    opener = page.locator("a.plan-add-link, details.plan-add > summary", has_text=summary).first
    expect(opener).to_be_visible()
    if opener.evaluate("e => e.tagName") == "A":  # the form is fetched in place (or its page
        opener.click()  # opens with it, without JavaScript)
    details = page.locator("details.plan-add", has=page.get_by_text(summary, exact=True))
    if details.get_attribute("open") is None:  # after an addition it stays open
        details.locator("summary").click()
    details.get_by_label(re.compile(r"\(по-русски\)")).fill(title_ru)
    details.get_by_label(re.compile(r"\(по-кыргызски\)")).fill(title_ky)
    details.get_by_role("button", name="Добавить").click()


def test_member_builds_a_branch_of_the_plan_in_place(page, programme, aibek, plan_url):
    log_in(page, aibek.email)
    page.goto(plan_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("План мероприятий")
    assert_accessible(page)

    add(page, "Добавить направление развития", "Питьевое водоснабжение", "Ичүүчү суу")
    expect(page.get_by_role("status")).to_have_text("Направление добавлено.")
    expect(
        page.get_by_role("heading", level=2, name=re.compile("Питьевое водоснабжение"))
    ).to_be_visible()
    add(page, "Добавить цель в направление 1", "Чистая вода", "Таза суу")
    expect(
        page.get_by_role("heading", level=3, name=re.compile("1.1. Чистая вода"))
    ).to_be_visible()
    add(page, "Добавить задачу к цели 1.1", "Водопровод", "Суу түтүгү")
    add(page, "Добавить мероприятие к задаче 1.1.1", "Замена труб", "Түтүктөрдү алмаштыруу")
    expect(page.get_by_role("link", name="Замена труб")).to_be_visible()
    add(page, "Добавить цель в направление 1", "Меньше потерь воды", "Суу аз жоголот")
    expect(
        page.get_by_role("heading", level=3, name=re.compile("1.2. Меньше потерь"))
    ).to_be_visible()
    # the form stays open with the focus in it, for the next goal
    expect(page.get_by_label("Цель (по-русски)").last).to_be_focused()
    expect(page.get_by_label("Цель (по-русски)").last).to_have_value("")
    assert page.url.endswith(plan_url)  # all of it without leaving the page
    assert_accessible(page)

    # rename in place, in Kyrgyz too (ң ө ү)
    page.get_by_role("link", name="Изменить 1.1", exact=True).click()
    form = page.locator("form.plan-edit")
    expect(form.get_by_label("Цель (по-русски)")).to_be_focused()
    form.get_by_label("Цель (по-кыргызски)").fill("Бардык үйлөрдө таза суу, көңүл бөлүү")
    assert_accessible(page)
    form.get_by_role("button", name="Сохранить").click()
    expect(page.locator("form.plan-edit")).to_have_count(0)
    expect(page.get_by_role("heading", level=3, name=re.compile("Чистая вода"))).to_be_visible()

    # reorder: the second goal, opened, goes up and is numbered 1.1; it stays open to be
    # moved again, and the focus goes to its button that still moves it (it is first now)
    page.get_by_role("link", name="Изменить 1.2", exact=True).click()
    page.get_by_role("button", name="Переместить выше 1.2").click()
    expect(page.get_by_role("status")).to_have_text("Перемещено выше.")
    moved = page.locator("form.plan-edit")
    expect(moved.get_by_role("heading", level=3)).to_have_text("Цель 1.1: название")
    expect(moved.get_by_label("Цель (по-русски)")).to_have_value("Меньше потерь воды")
    expect(page.get_by_role("button", name="Переместить выше 1.1")).to_be_disabled()
    expect(page.get_by_role("button", name="Переместить ниже 1.1")).to_be_focused()
    assert_accessible(page)
    moved.get_by_role("link", name="Отмена").click()
    expect(
        page.get_by_role("heading", level=3, name=re.compile("1.1. Меньше потерь"))
    ).to_be_visible()
    expect(page.get_by_role("link", name="Изменить 1.1", exact=True)).to_be_focused()

    # delete with the browser's question, which says what goes with it
    page.get_by_role("link", name="Изменить 1.2", exact=True).click()
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("link", name="Удалить 1.2", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Цель удалена.")
    assert "1 задача, 1 мероприятие" in questions[0]
    expect(page.get_by_text("Замена труб")).to_have_count(0)


def test_member_fills_an_activity_with_costs(page, programme, aibek, plan_url):
    from planning.services.plan import (
        activity_create,
        direction_create,
        goal_create,
        objective_create,
    )

    direction = direction_create(programme=programme, actor=aibek, title_ru="Дороги")
    goal = goal_create(direction=direction, actor=aibek, title_ru="Хорошие дороги")
    objective = objective_create(goal=goal, actor=aibek, title_ru="Ремонт улиц")
    activity_create(objective=objective, actor=aibek, title_ru="Асфальт на улице Ленина")

    log_in(page, aibek.email)
    page.goto(plan_url)
    page.get_by_role("link", name="Асфальт на улице Ленина").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Мероприятие 1.1.1.1")
    page.get_by_label("Ответственный (по-кыргызски)").fill("Айыл өкмөтү")
    page.get_by_label("Начало").fill("2022-05-01")
    page.get_by_label("Окончание").fill("2022-04-01")
    page.get_by_label("местный бюджет, 2022").fill("250.5")
    page.get_by_label("вклад населения, 2022").fill("-3")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Окончание не может быть раньше начала.")).to_be_visible()
    expect(page.get_by_text("Стоимость не может быть отрицательной.")).to_be_visible()
    expect(page.get_by_label("местный бюджет, 2022")).to_have_value("250.5")
    assert_accessible(page)

    page.get_by_label("Окончание").fill("2022-09-30")
    page.get_by_label("вклад населения, 2022").fill("40")
    page.get_by_label("донор / грант, 2023").fill("1000")
    page.get_by_role("button", name="Сохранить").click()
    expect(page).to_have_url(re.compile(r"/plan/#activity-\d+$"))
    row = page.locator("tr", has=page.get_by_role("link", name="Асфальт на улице Ленина"))
    expect(row).to_contain_text("01.05.2022 – 30.09.2022")
    expect(row).to_contain_text("1\u00a0290,5")
    summary = page.locator("#plan-summary")
    expect(summary.locator("tfoot")).to_contain_text("1\u00a0290,5")
    page.reload()  # without the "saved" message: see the report on _snippets/messages.html
    assert_accessible(page)


def test_the_plan_works_without_javascript(browser, live_server, programme, gulnara, plan_url):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, gulnara.email)
        page.goto(plan_url)
        add(page, "Добавить направление развития", "Твёрдые бытовые отходы", "Катуу таштандылар")
        expect(page).to_have_url(re.compile(r"/plan/#direction-\d+$"))
        expect(page.get_by_role("status").first).to_contain_text("Направление добавлено.")
        page.get_by_role("link", name="Изменить 1", exact=True).click()
        page.locator("form.plan-edit").get_by_label("Направление развития (по-русски)").fill(
            "Вывоз мусора"
        )
        page.locator("form.plan-edit").get_by_role("button", name="Сохранить").click()
        expect(
            page.get_by_role("heading", level=2, name=re.compile("Вывоз мусора"))
        ).to_be_visible()
        # moved and deleted from the direction opened on its page
        page.get_by_role("link", name="Изменить 1", exact=True).click()
        expect(page.get_by_role("button", name="Переместить выше 1")).to_be_disabled()
        page.get_by_role("link", name="Удалить 1", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Удалить направление 1?")
        page.get_by_role("button", name="Удалить").click()
        expect(page.get_by_text("В плане ещё нет направлений развития.")).to_be_visible()
    finally:
        context.close()


def test_a_refusal_during_htmx_editing_is_shown(browser, live_server, programme, aibek, plan_url):
    """The programme goes to review while the page is open: the next action is refused and
    the page says why (the browser console reports the 403, which is expected here)."""
    from planning.services.plan import direction_create

    direction_create(programme=programme, actor=aibek, title_ru="Спорт")
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    try:
        log_in(page, aibek.email)
        page.goto(plan_url)
        type(programme).objects.filter(pk=programme.pk).update(status="in_review")
        page.get_by_role("link", name="Изменить 1", exact=True).click()
        expect(page.get_by_role("alert")).to_contain_text("её содержание изменить нельзя")
        expect(page.get_by_role("heading", level=2, name=re.compile("Спорт"))).to_be_visible()
        expect(page.locator("form.plan-edit")).to_have_count(0)
    finally:
        context.close()
