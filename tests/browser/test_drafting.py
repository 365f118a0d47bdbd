"""Drafting a programme in Chromium: Айбек, chair of the working group of
Кок-Жар, creates a programme and fills every section through the pages only — in Russian and
Kyrgyz (ң ө ү) — until the completeness checks are green; axe-core checks the main drafting
pages in both languages; and the activity plan works without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

TITLE_RU = "Программа социально-экономического развития Кок-Жара на 2025–2029 годы"
TITLE_KY = "Көк-Жардын 2025–2029-жылдарга социалдык-экономикалык өнүгүүсүнүн жаңы программасы"
YEARS = range(2025, 2030)

BLOCKING_CHECKS = [
    "Видение и общая цель написаны",
    "Есть хотя бы одно направление развития",
    "У каждого направления есть цель",
    "У каждой цели есть задача",
    "У каждой задачи есть мероприятие",
    "У каждого мероприятия есть ответственный, сроки внутри периода и стоимость",
    "У каждой цели есть индикатор с базовым значением и целевыми значениями на каждый год",
]
WARNING_CHECKS = [
    "Все тексты есть на кыргызском",
    "Все тексты есть на русском",
    "Финансовая модель охватывает каждый год программы",
    "Проведён анализ текущей ситуации хотя бы по одной сфере",
]


def logged_in(page, email, lang="ru"):
    log_in(page, email, lang=lang)
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def section(page, name: str):
    """Follow a link of the programme's section navigation."""
    nav = page.get_by_role("navigation", name="Разделы программы")
    nav.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def add_to_plan(page, summary: str, title_ru: str, title_ky: str):
    """Open a "Добавить …" form of the activity plan, type both titles and submit it."""
    opener = page.locator("a.plan-add-link, details.plan-add > summary", has_text=summary).first
    expect(opener).to_be_visible()
    if opener.evaluate("e => e.tagName") == "A":  # the form is fetched in place (or its page
        opener.click()  # opens with it, without JavaScript)
    details = page.locator("details.plan-add", has=page.get_by_text(summary, exact=True))
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    details.get_by_label(re.compile(r"\(по-русски\)")).fill(title_ru)
    details.get_by_label(re.compile(r"\(по-кыргызски\)")).fill(title_ky)
    details.get_by_role("button", name="Добавить").click()


def saved(page, message: str):
    expect(page.get_by_role("status").filter(has_text=message)).to_be_visible()


def test_chair_drafts_a_complete_programme(page, aibek):
    logged_in(page, aibek.email)

    # --- the programme ------------------------------------------------------------------------
    page.goto("/ru/m/kok-zhar/")
    page.get_by_role("link", name="Создать новую программу").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Новая программа социально-экономического развития"
    )
    page.get_by_label("Название (по-русски)").fill(TITLE_RU)
    page.get_by_label("Название (по-кыргызски)").fill(TITLE_KY)
    page.get_by_label("Год начала").fill("2025")
    page.get_by_label("Год окончания").fill("2029")
    page.get_by_role("button", name="Создать программу").click()
    saved(page, "Программа создана. Заполните её разделы.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Обзор программы")
    expect(page.get_by_text(TITLE_RU, exact=True)).to_be_visible()
    expect(page.get_by_text("Период: 2025–2029")).to_be_visible()
    # nothing is green yet
    expect(page.get_by_text("Все обязательные проверки пройдены.")).to_have_count(0)

    # --- vision and overall goal ----------------------------------------------------------------
    section(page, "Видение и общая цель")
    page.get_by_label("Видение (по-русски)").fill(
        "К 2030 году Кок-Жар — зелёное село с чистой водой, хорошими дорогами и работой для "
        "молодёжи."
    )
    page.get_by_label("Видение (по-кыргызски)").fill(
        "2030-жылга карата Көк-Жар — таза суусу, жакшы жолдору жана жаштар үчүн жумушу бар "
        "жашыл айыл. Биздиң үмүт — жаңы өнүгүү."
    )
    page.get_by_label("Видение до года").fill("2030")
    page.get_by_label("Общая цель (по-русски)").fill(
        "Улучшить условия жизни жителей за счёт доступа к питьевой воде."
    )
    page.get_by_label("Общая цель (по-кыргызски)").fill(
        "Ичүүчү сууга жеткиликтүүлүк аркылуу тургундардын жашоо шартын жакшыртуу; жаңы "
        "мүмкүнчүлүктөр."
    )
    page.get_by_role("button", name="Сохранить").click()
    saved(page, "Видение и общая цель сохранены.")

    # --- passport -------------------------------------------------------------------------------
    section(page, "Паспорт")
    expect(page.get_by_role("heading", level=1)).to_have_text("Паспорт муниципалитета")
    page.get_by_role("link", name="Изменить паспорт").click()
    page.get_by_label("Географическое положение (по-русски)").fill(
        "В долине реки Кара-Дарья, в 25 км от районного центра."
    )
    page.get_by_label("Географическое положение (по-кыргызски)").fill(
        "Кара-Дарыя өрөөнүндө, райондун борборунан 25 км алыстыкта; түштүгүндө тоолор."
    )
    page.get_by_label("Площадь, га", exact=True).fill("12450.5")
    page.get_by_label("Население, всего", exact=True).fill("4812")
    page.get_by_label("Женщины", exact=True).fill("2430")
    page.get_by_label("Мужчины", exact=True).fill("2382")
    page.get_by_label("Домохозяйства", exact=True).fill("1105")
    page.get_by_role("button", name="Сохранить").click()
    saved(page, "Паспорт сохранён.")
    facts = page.locator("dl.facts")
    expect(facts.first).to_contain_text("Кара-Дарья")
    expect(page.get_by_text(re.compile(r"^4\s812$"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"^2\s430$"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"^2\s382$"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"^1\s105$"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"^12\s450,50 га$"))).to_be_visible()

    # --- situation analysis of one sector -------------------------------------------------------
    section(page, "Анализ ситуации")
    page.get_by_role("link", name="Питьевое водоснабжение", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Питьевое водоснабжение")
    page.get_by_role("link", name="Изменить текст о ситуации").click()
    page.get_by_label("Текущая ситуация (по-русски)").fill(
        "Водопровод построен в 1978 году; чистая вода есть только у 40% домохозяйств."
    )
    page.get_by_label("Текущая ситуация (по-кыргызски)").fill(
        "Суу түтүгү 1978-жылы курулган; таза суу үй чарбаларынын 40% гана бар. Жаңы түтүк керек."
    )
    page.get_by_role("button", name="Сохранить").click()
    saved(page, "Текст о текущей ситуации сохранён.")
    expect(page.locator("[lang=ky]").filter(has_text="Жаңы түтүк керек.")).to_be_visible()

    # --- activity plan, in place ----------------------------------------------------------------
    section(page, "План мероприятий")
    expect(page.get_by_role("heading", level=1)).to_have_text("План мероприятий")
    plan_url = page.url
    add_to_plan(page, "Добавить направление развития", "Питьевое водоснабжение", "Ичүүчү суу")
    expect(
        page.get_by_role("heading", level=2, name=re.compile("1. Питьевое водоснабжение"))
    ).to_be_visible()
    add_to_plan(
        page,
        "Добавить цель в направление 1",
        "Чистая вода в каждом доме",
        "Ар бир үйдө таза суу, көңүл бөлүнгөн",
    )
    expect(
        page.get_by_role("heading", level=3, name=re.compile("1.1. Чистая вода в каждом"))
    ).to_be_visible()
    add_to_plan(page, "Добавить задачу к цели 1.1", "Обновить водопровод", "Суу түтүгүн жаңылоо")
    expect(
        page.get_by_role("heading", level=4, name=re.compile("1.1.1. Обновить водопровод"))
    ).to_be_visible()
    add_to_plan(
        page,
        "Добавить мероприятие к задаче 1.1.1",
        "Замена труб на улице Ленина",
        "Ленин көчөсүндөгү түтүктөрдү алмаштыруу",
    )
    expect(page.get_by_role("link", name="Замена труб на улице Ленина")).to_be_visible()
    assert page.url == plan_url  # all of it without leaving the page

    # the activity's full form
    page.get_by_role("link", name="Замена труб на улице Ленина").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Мероприятие 1.1.1.1")
    expect(page.get_by_label("Мероприятие (по-кыргызски)")).to_have_value(
        "Ленин көчөсүндөгү түтүктөрдү алмаштыруу"
    )
    page.get_by_label("Ответственный (по-русски)").fill("Айыл окмоту, водоканал")
    page.get_by_label("Ответственный (по-кыргызски)").fill("Айыл өкмөтү, суу түтүгү кызматы")
    page.get_by_label("Начало", exact=True).fill("2026-03-01")
    page.get_by_label("Окончание", exact=True).fill("2027-10-31")
    page.get_by_label("местный бюджет, 2026", exact=True).fill("300")
    page.get_by_label("донор / грант, 2027", exact=True).fill("1200")
    page.get_by_role("button", name="Сохранить").click()
    expect(page).to_have_url(re.compile(r"/plan/#activity-\d+$"))
    row = page.locator("tr", has=page.get_by_role("link", name="Замена труб на улице Ленина"))
    expect(row).to_contain_text("Айыл окмоту, водоканал")
    expect(row).to_contain_text("01.03.2026 – 31.10.2027")
    expect(row).to_contain_text("1\u00a0500,0")
    expect(page.locator("#plan-summary tfoot")).to_contain_text("1\u00a0500,0")

    # --- indicator of the goal with a target for every year -------------------------------------
    section(page, "Индикаторы")
    page.get_by_role("link", name="Добавить индикатор", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_label("Относится к цели или задаче").select_option(
        label="Цель 1.1. Чистая вода в каждом доме"
    )
    page.get_by_label("Индикатор (по-русски)").fill("Доля домохозяйств с чистой водой")
    page.get_by_label("Индикатор (по-кыргызски)").fill("Таза суусу бар үй чарбаларынын үлүшү")
    page.get_by_label("Единица измерения").select_option(label="%")
    page.get_by_label("Базовое значение", exact=True).fill("40")
    page.get_by_label("Год базового значения").fill("2024")
    page.get_by_label("Источник проверки (по-русски)").fill("Отчёт водоканала")
    page.get_by_label("Источник проверки (по-кыргызски)").fill("Суу түтүгү кызматынын отчёту")
    for year, value in zip(YEARS, (45, 55, 70, 85, 95), strict=True):
        page.get_by_label(f"Целевое значение на {year} год").fill(str(value))
    page.get_by_role("button", name="Сохранить").click()
    saved(page, "Индикатор добавлен.")
    indicator = page.get_by_role("row", name=re.compile("Доля домохозяйств с чистой водой"))
    expect(indicator).to_contain_text("40 (2024)")
    for value in ("45", "55", "70", "85", "95"):
        expect(indicator.get_by_role("cell", name=value, exact=True)).to_be_visible()

    # --- financial model: the forecast for every year -------------------------------------------
    section(page, "Финансовая модель")
    for year in YEARS:
        page.get_by_label(f"Прогноз: местный бюджет, {year} год, тыс. сом").fill("400")
    page.get_by_label("Прогноз: донор / грант, 2027 год, тыс. сом").fill("1 500")
    page.get_by_role("button", name="Сохранить прогноз").click()
    saved(page, "Прогноз ресурсов сохранён.")
    expect(page.get_by_label("Прогноз: донор / грант, 2027 год, тыс. сом")).to_have_value("1500")
    expect(page.locator(".finance-summary")).to_contain_text("в целом дефицита нет")
    expect(page.get_by_role("heading", name="Где план превышает прогноз")).to_have_count(0)

    # --- the overview: every check is green -----------------------------------------------------
    section(page, "Обзор")
    expect(page.get_by_role("heading", level=1)).to_have_text("Обзор программы")
    checks = page.locator("ul.checks > li")
    expect(checks).to_have_count(len(BLOCKING_CHECKS) + len(WARNING_CHECKS))
    for title in BLOCKING_CHECKS:
        check = checks.filter(has_text=title)
        expect(check).to_have_count(1)
        expect(check.locator(".badge")).to_have_text("да")
        expect(check.get_by_role("link", name="Исправить")).to_have_count(0)
    for title in WARNING_CHECKS:
        expect(checks.filter(has_text=title).locator(".badge")).to_have_text("да")
    expect(page.locator("ul.checks").get_by_text("нет", exact=True)).to_have_count(0)
    expect(page.get_by_text("Все обязательные проверки пройдены.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Проверка полноты"))).to_contain_text("100%")

    # --- the same overview in Kyrgyz ------------------------------------------------------------
    page.get_by_role("link", name="Кыргызча").click()
    expect(page).to_have_url(re.compile(r"/ky/p/\d+/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    expect(page.get_by_text(TITLE_KY, exact=True)).to_be_visible()
    expect(page.locator(".programme-head__title")).to_have_text(TITLE_KY)


@pytest.fixture
def filled_programme(programme):
    """Кок-Жар's ПСЭР 2020–2024 with one complete branch of the plan, built in Python."""
    from tests.planning.test_completeness import fill

    activity = fill(programme)
    return programme, activity


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_main_drafting_pages_are_accessible(page, aibek, filled_programme, lang):
    programme, activity = filled_programme
    logged_in(page, aibek.email, lang=lang)
    base = f"/{lang}/p/{programme.pk}"
    for path in (
        "/",
        "/analysis/",
        "/analysis/drinking-water/",
        "/plan/",
        f"/activities/{activity.pk}/",
        "/indicators/",
        "/finance/",
        "/working-group/",
        "/passport/",
        "/swot/",
        "/translation/",
        "/translation/?lang=ru",
        "/documents/",
    ):
        response = page.goto(base + path)
        assert response.status == 200, f"{base + path}: {response.status}"
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)


def test_plan_works_without_javascript(browser, live_server, programme, aibek):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        logged_in(page, aibek.email)
        page.goto(f"/ru/p/{programme.pk}/plan/")
        expect(page.get_by_text("В плане ещё нет направлений развития.")).to_be_visible()
        add_to_plan(
            page, "Добавить направление развития", "Школа и детский сад", "Мектеп жана бала бакча"
        )
        expect(page).to_have_url(re.compile(rf"/ru/p/{programme.pk}/plan/#direction-\d+$"))
        expect(page.get_by_role("status").first).to_contain_text("Направление добавлено.")
        expect(
            page.get_by_role("heading", level=2, name=re.compile("1. Школа и детский сад"))
        ).to_be_visible()
        expect(page.get_by_text("В плане ещё нет направлений развития.")).to_have_count(0)
    finally:
        context.close()
