"""Excel: the activity plan and indicators as .xlsx, and the import of an activity plan."""

import io
import re
import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl.utils import column_index_from_string, get_column_letter

from common.xlsx import XLSX_CONTENT_TYPE
from municipalities.models import Role
from planning.excel.columns import ACTIVITY_COLUMNS, cost_header
from planning.excel.export import export_workbook, template_workbook
from planning.models import (
    Activity,
    ActivityCost,
    Direction,
    FundingSource,
    Goal,
    Indicator,
    IndicatorTarget,
    Objective,
    Village,
)
from planning.services.plan_import import ImportRejected, activity_plan_import
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory, programme_for

LOCAL = FundingSource.LOCAL_BUDGET
REPUBLICAN = FundingSource.REPUBLICAN_BUDGET
DONOR = FundingSource.DONOR
POPULATION = FundingSource.POPULATION
PRIVATE = FundingSource.PRIVATE
LABEL = {column.key: str(column.label) for column in ACTIVITY_COLUMNS}

WATER = {
    "direction": ("Развитие инфраструктуры", "Инфраструктураны өнүктүрүү"),
    "goal": (
        "Обеспечить население чистой питьевой водой",
        "Калкты таза ичүүчү суу менен камсыз кылуу",
    ),
    "objective": ("Реконструкция водопровода", "Суу түтүгүн реконструкциялоо"),
}


# --- building a plan -------------------------------------------------------------------------


def _villages(programme, *names):
    return [
        Village.objects.create(
            passport=programme.passport, name=ru, name_ru=ru, name_ky=ky, sort_order=i
        )
        for i, (ru, ky) in enumerate(names)
    ]


def _level(model, parent_field, parent, ru, ky, order=0):
    return model.objects.create(
        **{parent_field: parent}, title=ru or ky, title_ru=ru, title_ky=ky, sort_order=order
    )


def _activity(objective, ru, ky, costs=(), order=0, **fields):
    activity = Activity.objects.create(
        objective=objective,
        programme=objective.goal.direction.programme,
        title=ru or ky,
        title_ru=ru,
        title_ky=ky,
        sort_order=order,
        **fields,
    )
    for year, source, amount in costs:
        ActivityCost.objects.create(
            activity=activity, year=year, source=source, amount=Decimal(amount)
        )
    return activity


def _kok_zhar_plan(programme):
    """Two directions, three activities with costs, two indicators; Kyrgyz text with ң ө ү."""
    kok_zhar, kara_suu = _villages(programme, ("Кок-Жар", "Көк-Жар"), ("Кара-Суу", "Кара-Суу"))
    infrastructure = _level(Direction, "programme", programme, *WATER["direction"])
    water = _level(Goal, "direction", infrastructure, *WATER["goal"])
    pipes = _level(Objective, "goal", water, *WATER["objective"])
    _activity(
        pipes,
        "Замена труб водопровода в селе Кок-Жар",
        "Көк-Жар айылындагы суу түтүктөрүн алмаштыруу",
        costs=[(2021, LOCAL, "150.0"), (2021, POPULATION, "30.5"), (2022, DONOR, "1200")],
        responsible_ru="Айыл окмоту",
        responsible_ky="Айыл өкмөтү",
        start_date=date(2021, 3, 1),
        end_date=date(2021, 10, 31),
        village=kok_zhar,
        is_joint_action=True,
    )
    _activity(
        pipes,
        "Ремонт отопления школы",
        "Мектептин жылуулук тутумун оңдоо",
        costs=[(2020, REPUBLICAN, "500"), (2020, LOCAL, "50")],
        order=1,
        responsible_ru="Школа",
        start_date=date(2020, 5, 1),
        end_date=date(2020, 9, 1),
        village=kara_suu,
    )
    beauty = _level(Direction, "programme", programme, "Благоустройство", "Көрктөндүрүү", 1)
    clean = _level(Goal, "direction", beauty, "Чистое село", "Таза айыл")
    waste = _level(Objective, "goal", clean, "Вывоз ТБО", "Катуу тиричилик калдыктарын чыгаруу")
    _activity(waste, "", "Спорт аянтчасын куруу", costs=[(2023, PRIVATE, "80")])
    share = Indicator.objects.create(
        programme=programme,
        goal=water,
        name="Доля домохозяйств с водой",
        name_ru="Доля домохозяйств с водой",
        name_ky="Ичүүчү сууга жеткиликтүү үй чарбаларынын үлүшү",
        unit=Indicator.Unit.PERCENT,
        baseline_value=Decimal("45"),
        baseline_year=2019,
        means_of_verification_ru="Данные айыл окмоту",
        means_of_verification_ky="Айыл өкмөтүнүн маалыматтары",
        is_cumulative=True,
    )
    for year, value in zip(programme.years, (50, 60, 70, 80, 90), strict=True):
        IndicatorTarget.objects.create(indicator=share, year=year, value=value)
    Indicator.objects.create(
        programme=programme,
        objective=pipes,
        name="Заменено труб",
        name_ru="Заменено труб",
        name_ky="Алмаштырылган түтүктөр",
        unit=Indicator.Unit.KM,
        is_sex_disaggregated=True,
    )


def _snapshot(programme):
    """The activity plan of a programme as plain values, in plan order."""
    rows = []
    activities = Activity.objects.filter(programme=programme).select_related(
        "objective__goal__direction", "village"
    )
    for a in activities.order_by(
        "objective__goal__direction__sort_order",
        "objective__goal__direction__id",
        "objective__goal__sort_order",
        "objective__sort_order",
        "sort_order",
        "id",
    ):
        o = a.objective
        rows.append(
            (
                (o.goal.direction.title_ru or "", o.goal.direction.title_ky or ""),
                (o.goal.title_ru or "", o.goal.title_ky or ""),
                (o.title_ru or "", o.title_ky or ""),
                (a.title_ru or "", a.title_ky or ""),
                (a.responsible_ru or "", a.responsible_ky or ""),
                a.start_date,
                a.end_date,
                a.village.name_ru if a.village else None,
                a.is_joint_action,
                sorted((c.year, c.source, c.amount) for c in a.costs.all()),
            )
        )
    return rows


def _counts():
    return (
        Direction.objects.count(),
        Goal.objects.count(),
        Objective.objects.count(),
        Activity.objects.count(),
        ActivityCost.objects.count(),
    )


# --- building files ---------------------------------------------------------------------------


def _load(content, **kwargs):
    return openpyxl.load_workbook(io.BytesIO(content), **kwargs)


def _header_index(ws):
    return {cell.value: cell.column for cell in ws[1] if cell.value}


def _filled(programme, rows):
    """The import template of the programme with `rows` (dicts: column key or header → value)."""
    wb = _load(template_workbook(programme))
    ws = wb.worksheets[0]
    columns = _header_index(ws)
    for r, values in enumerate(rows, start=2):
        for key, value in values.items():
            header = LABEL.get(key, key)
            if header not in columns:
                col = ws.max_column + 1
                ws.cell(row=1, column=col, value=header)
                columns[header] = col
            ws.cell(row=r, column=columns[header], value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _good_row(n, **overrides):
    row = {
        "direction_ru": WATER["direction"][0],
        "direction_ky": WATER["direction"][1],
        "goal_ru": WATER["goal"][0],
        "goal_ky": WATER["goal"][1],
        "objective_ru": WATER["objective"][0],
        "objective_ky": WATER["objective"][1],
        "title_ru": f"Мероприятие {n}",
        "title_ky": f"{n}-иш-чара: көпүрө оңдоо",
        "start_date": date(2021, 4, 1),
        "end_date": date(2021, 8, 31),
        "joint": "да",
        cost_header(2021, LOCAL): 100 + n,
    }
    row.update(overrides)
    return row


def _upload(content, name="plan.xlsx"):
    return SimpleUploadedFile(name, content, content_type=XLSX_CONTENT_TYPE)


@pytest.fixture
def plan(programme):
    _kok_zhar_plan(programme)
    return programme


@pytest.fixture
def other_chair(ak_tal):
    chair = UserFactory(full_name="Жаныл Токтогулова", email="zhanyl@psep.example")
    MembershipFactory(user=chair, municipality=ak_tal, role=Role.WG_CHAIR)
    return chair


@pytest.fixture
def empty_programme(ak_tal, other_chair):
    """An empty 2020–2024 draft of another municipality, with the same village names."""
    programme = programme_for(ak_tal, other_chair)
    _villages(programme, ("Кок-Жар", "Көк-Жар"), ("Кара-Суу", "Кара-Суу"))
    return programme


def export_url(programme):
    return reverse("planning:export_xlsx", kwargs={"pk": programme.pk})


def import_url(programme):
    return reverse("planning:import_xlsx", kwargs={"pk": programme.pk})


def template_url(programme):
    return reverse("planning:import_template", kwargs={"pk": programme.pk})


# --- export -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_export_is_a_workbook_with_both_sheets_and_both_languages(plan, aibek):
    response = client_for(aibek).get(export_url(plan))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="psep-kok-zhar-2020-2024.xlsx"'
    wb = _load(response.content)
    assert wb.sheetnames == ["Мероприятия", "Индикаторы"]
    ws = wb["Мероприятия"]
    header = [cell.value for cell in ws[1]]
    assert header[:14] == [str(column.label) for column in ACTIVITY_COLUMNS]
    assert header[14] == "2020: местный бюджет, тыс. сом"
    assert header[-1] == "Итого, тыс. сом"
    assert len(header) == 14 + 5 * len(FundingSource) + 1
    assert all(cell.font.bold for cell in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["G"].width == 40

    first = [cell.value for cell in ws[2]][:14]
    assert first == [
        "Развитие инфраструктуры",
        "Инфраструктураны өнүктүрүү",
        "Обеспечить население чистой питьевой водой",
        "Калкты таза ичүүчү суу менен камсыз кылуу",
        "Реконструкция водопровода",
        "Суу түтүгүн реконструкциялоо",
        "Замена труб водопровода в селе Кок-Жар",
        "Көк-Жар айылындагы суу түтүктөрүн алмаштыруу",
        "Айыл окмоту",
        "Айыл өкмөтү",
        first[10],
        first[11],
        "Кок-Жар",
        "да",
    ]
    assert first[10].date() == date(2021, 3, 1)
    assert first[11].date() == date(2021, 10, 31)
    assert ws["C3"].value == ws["C2"].value
    assert ws["H3"].value == "Мектептин жылуулук тутумун оңдоо"  # ң
    assert ws["N3"].value == "нет"
    assert ws["G4"].value is None and ws["H4"].value == "Спорт аянтчасын куруу"
    assert ws["A5"].value == "Итого"
    text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert {"ң", "ө", "ү"} <= set(text)


def _evaluate(ws, formula):
    """The value of a =SUM(A1:B2) formula over the numbers (and SUM formulas) of `ws`."""
    match = re.fullmatch(r"=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)", formula)
    assert match, formula
    c1, r1, c2, r2 = match.groups()
    total = Decimal(0)
    for row in ws.iter_rows(
        min_row=int(r1),
        max_row=int(r2),
        min_col=column_index_from_string(c1),
        max_col=column_index_from_string(c2),
    ):
        for cell in row:
            if isinstance(cell.value, int | float):
                total += Decimal(str(cell.value))
            elif isinstance(cell.value, str) and cell.value.startswith("=SUM("):
                total += _evaluate(ws, cell.value)
            else:
                assert cell.value is None
    return total


@pytest.mark.django_db
def test_export_totals_are_sum_formulas_with_their_values(plan):
    content = export_workbook(plan)
    formulas = _load(content)["Мероприятия"]
    values = _load(content, data_only=True)["Мероприятия"]
    header = [cell.value for cell in formulas[1]]
    total_col = get_column_letter(len(header))
    costs = {header.index(cost_header(y, s)) + 1: (y, s) for y in plan.years for s in FundingSource}

    expected_rows = {2: Decimal("1380.5"), 3: Decimal("550"), 4: Decimal("80")}
    for row, expected in expected_rows.items():
        formula = formulas[f"{total_col}{row}"].value
        assert formula == f"=SUM(O{row}:{get_column_letter(len(header) - 1)}{row})"
        assert _evaluate(formulas, formula) == expected
        assert Decimal(str(values[f"{total_col}{row}"].value)) == expected

    # the totals row: one SUM per cost column and the grand total
    expected_columns = {}
    for cost in ActivityCost.objects.filter(activity__programme=plan):
        col = next(c for c, key in costs.items() if key == (cost.year, cost.source))
        expected_columns[col] = expected_columns.get(col, Decimal(0)) + cost.amount
    for col in costs:
        letter = get_column_letter(col)
        formula = formulas[f"{letter}5"].value
        assert formula == f"={'SUM'}({letter}2:{letter}4)"
        expected = expected_columns.get(col, Decimal(0))
        assert _evaluate(formulas, formula) == expected
        assert Decimal(str(values[f"{letter}5"].value)) == expected
    grand = formulas[f"{total_col}5"].value
    assert _evaluate(formulas, grand) == Decimal("2010.5")
    assert Decimal(str(values[f"{total_col}5"].value)) == Decimal("2010.5")
    assert values[f"{get_column_letter(header.index(cost_header(2021, LOCAL)) + 1)}2"].value == 150


@pytest.mark.django_db
def test_export_indicators_sheet(plan):
    ws = _load(export_workbook(plan))["Индикаторы"]
    header = [cell.value for cell in ws[1]]
    assert header[:10] == [
        "Относится к",
        "Цель или задача (рус.)",
        "Цель или задача (кырг.)",
        "Индикатор (рус.)",
        "Индикатор (кырг.)",
        "Единица измерения",
        "Направление изменения",
        "Нарастающим итогом",
        "Базовое значение",
        "Год базового значения",
    ]
    assert header[10:15] == [f"Целевое значение, {year}" for year in plan.years]
    assert header[15:] == [
        "Источник проверки (рус.)",
        "Источник проверки (кырг.)",
        "В разбивке по полу",
    ]
    assert ws.freeze_panes == "A2"
    assert all(cell.font.bold for cell in ws[1])
    share = [cell.value for cell in ws[2]]
    assert share[:10] == [
        "цель",
        WATER["goal"][0],
        WATER["goal"][1],
        "Доля домохозяйств с водой",
        "Ичүүчү сууга жеткиликтүү үй чарбаларынын үлүшү",
        "%",
        "увеличение",
        "да",
        45,
        2019,
    ]
    assert share[10:15] == [50, 60, 70, 80, 90]
    assert share[15:] == ["Данные айыл окмоту", "Айыл өкмөтүнүн маалыматтары", "нет"]
    pipes = [cell.value for cell in ws[3]]
    assert pipes[:3] == ["задача", *WATER["objective"]]
    assert pipes[5] == "км"
    assert pipes[10:15] == [None] * 5
    assert pipes[-1] == "да"


@pytest.mark.django_db
def test_export_query_count_does_not_grow(plan, aibek):
    client = client_for(aibek)
    client.get(export_url(plan))  # session, memberships, … settle
    with CaptureQueriesContext(connection) as small:
        client.get(export_url(plan))
    objective = Objective.objects.filter(goal__direction__programme=plan).first()
    for n in range(20):
        _activity(objective, f"Ещё {n}", f"Дагы {n}", costs=[(2024, DONOR, n)], order=10 + n)
        Indicator.objects.create(
            programme=plan, objective=objective, name=f"И{n}", name_ru=f"И{n}", unit="number"
        )
    with CaptureQueriesContext(connection) as big:
        response = client.get(export_url(plan))
    assert len(big) == len(small)
    assert _load(response.content)["Мероприятия"].max_row == 3 + 20 + 2


@pytest.mark.django_db
def test_export_of_an_empty_programme(programme):
    wb = _load(export_workbook(programme), data_only=True)
    ws = wb["Мероприятия"]
    assert ws["A2"].value == "Итого"
    assert ws.cell(row=2, column=ws.max_column).value == 0
    assert wb["Индикаторы"].max_row == 1


@pytest.mark.django_db
def test_export_writes_a_title_starting_with_equals_as_text(programme):
    direction = _level(Direction, "programme", programme, '=HYPERLINK("x")', "")
    goal = _level(Goal, "direction", direction, "Цель", "")
    objective = _level(Objective, "goal", goal, "Задача", "")
    _activity(objective, "=1+1", "")
    ws = _load(export_workbook(programme))["Мероприятия"]
    assert ws["A2"].value == '=HYPERLINK("x")'
    assert ws["A2"].data_type == "s"
    assert ws["G2"].data_type == "s"


@pytest.mark.django_db
def test_template_has_the_headers_only(programme, gulnara):
    response = client_for(gulnara).get(template_url(programme))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "psep-kok-zhar-2020-2024-template.xlsx" in response["Content-Disposition"]
    wb = _load(response.content)
    assert wb.sheetnames == ["Мероприятия"]
    ws = wb.active
    assert ws.max_row == 1
    header = [cell.value for cell in ws[1]]
    assert header[:14] == [str(column.label) for column in ACTIVITY_COLUMNS]
    assert header[-1] == "2024: другие источники, тыс. сом"
    assert ws.freeze_panes == "A2"


# --- import: round trip -----------------------------------------------------------------------


@pytest.mark.django_db
def test_round_trip_into_an_empty_programme_of_another_municipality(
    plan, empty_programme, other_chair
):
    result = activity_plan_import(
        programme=empty_programme, file=io.BytesIO(export_workbook(plan)), actor=other_chair
    )
    assert (result.activities, result.directions, result.goals, result.objectives) == (3, 2, 2, 2)
    assert result.costs == 6
    assert _snapshot(empty_programme) == _snapshot(plan)
    imported = Activity.objects.filter(programme=empty_programme)
    assert {a.village.passport.programme_id for a in imported if a.village} == {empty_programme.pk}
    sport = imported.get(title_ky="Спорт аянтчасын куруу")
    assert not sport.title_ru  # a text in one language is not copied into the other
    assert sport.history.first().history_user == other_chair
    assert Direction.objects.get(programme=empty_programme, sort_order=1).title_ky == (
        "Көрктөндүрүү"
    )


@pytest.mark.django_db
def test_import_through_the_page_redirects_to_the_plan(plan, empty_programme, other_chair):
    client = client_for(other_chair)
    response = client.post(import_url(empty_programme), {"file": _upload(export_workbook(plan))})
    assert response.status_code == 302
    assert response.url.endswith(f"/p/{empty_programme.pk}/plan/")
    assert _snapshot(empty_programme) == _snapshot(plan)
    message = [str(m) for m in response.wsgi_request._messages]
    assert any("Импортировано 3" in m for m in message)


@pytest.mark.django_db
def test_import_adds_to_existing_items_matched_by_either_language(plan, aibek):
    before = _counts()
    rows = [
        # the existing objective, named only in Kyrgyz
        _good_row(1, direction_ru="", goal_ru="", objective_ru=""),
        # the existing direction and goal named in Russian, with extra spaces; a new objective
        _good_row(
            2,
            direction_ru="  Развитие   инфраструктуры ",
            direction_ky="",
            goal_ky="",
            objective_ru="Новая задача",
            objective_ky="",
        ),
        _good_row(3, objective_ru="Новая задача", objective_ky=""),
    ]
    result = activity_plan_import(programme=plan, file=_filled(plan, rows), actor=aibek)
    assert (result.activities, result.directions, result.goals, result.objectives) == (3, 0, 0, 1)
    assert _counts()[:3] == (before[0], before[1], before[2] + 1)
    pipes = Objective.objects.get(title_ru=WATER["objective"][0])
    assert list(pipes.activities.values_list("title_ru", "sort_order")) == [
        ("Замена труб водопровода в селе Кок-Жар", 0),
        ("Ремонт отопления школы", 1),
        ("Мероприятие 1", 2),
    ]
    new = Objective.objects.get(title_ru="Новая задача")
    assert new.goal.title_ru == WATER["goal"][0]
    assert new.activities.count() == 2
    assert ActivityCost.objects.get(activity__title_ru="Мероприятие 2").amount == Decimal("102")


# --- import: bad rows -------------------------------------------------------------------------


@pytest.mark.django_db
def test_three_good_rows_and_two_bad_rows_write_nothing(plan, aibek):
    before, snapshot = _counts(), _snapshot(plan)
    rows = [
        _good_row(1),
        _good_row(2, end_date=date(2021, 1, 15)),  # row 3: ends before it starts
        _good_row(3, direction_ru="Новое направление", direction_ky="Жаңы багыт"),
        _good_row(4, **{cost_header(2022, DONOR): -5}),  # row 5: negative cost
        _good_row(5),
    ]
    response = client_for(aibek).post(import_url(plan), {"file": _upload(_filled(plan, rows))})
    assert response.status_code == 400
    assert _counts() == before and _snapshot(plan) == snapshot
    body = response.content.decode()
    assert "Файл не импортирован" in body
    errors = response.context["errors"]
    assert [(e.row, e.letter) for e in errors] == [(3, "L"), (5, "AC")]
    assert errors[0].reason == "Окончание (15.01.2021) раньше начала (01.04.2021)."
    assert errors[1].header == "2022: донор / грант, тыс. сом"
    assert errors[1].reason == "Стоимость не может быть отрицательной."
    assert '<td class="num">3</td>' in body and '<td class="num">5</td>' in body
    assert "L — Окончание" in body


@pytest.mark.parametrize(
    ("values", "column", "reason"),
    [
        ({"title_ru": "", "title_ky": " "}, "G", "Укажите название мероприятия хотя бы на одном"),
        ({"direction_ru": "", "direction_ky": ""}, "A", "Укажите направление развития"),
        (
            {"start_date": date(2019, 12, 31)},
            "K",
            "Дата 31.12.2019 вне периода программы (2020–2024)",
        ),
        ({"end_date": "01.01.2025"}, "L", "Дата 01.01.2025 вне периода программы"),
        ({"start_date": "вчера"}, "K", "Не дата: «вчера»"),
        ({"end_date": 2021}, "L", "Не дата: «2021»"),
        ({cost_header(2021, LOCAL): "сто"}, "U", "Не число: «сто»"),
        ({cost_header(2021, LOCAL): -0.5}, "U", "Стоимость не может быть отрицательной"),
        ({cost_header(2021, LOCAL): 10.25}, "U", "Не больше одного знака после запятой"),
        ({cost_header(2021, LOCAL): 10**13}, "U", "Слишком большая сумма"),
        ({cost_header(2026, LOCAL): 5}, "AS", "Год 2026 вне периода программы (2020–2024)"),
        ({"title_ru": "ы" * 501}, "G", "Текст слишком длинный: 501 знаков, можно не больше 500"),
        ({"responsible_ky": "ө" * 201}, "J", "можно не больше 200"),
        (
            {"village": "Ак-Суу"},
            "M",
            "Села «Ак-Суу» нет в паспорте программы. Сёла паспорта: Кок-Жар, Кара-Суу.",
        ),
        ({"joint": "может быть"}, "N", "Непонятное значение «может быть»"),
        ({"Примечание": "что-то"}, "AS", "Неизвестный столбец"),
        ({"2021: бюджет": 1}, "AS", "Неизвестный столбец"),
    ],
)
@pytest.mark.django_db
def test_each_kind_of_bad_value_is_reported_with_its_column(plan, aibek, values, column, reason):
    before = _counts()
    with pytest.raises(ImportRejected) as rejected:
        activity_plan_import(
            programme=plan, file=_filled(plan, [_good_row(1), _good_row(2, **values)]), actor=aibek
        )
    errors = [(e.row, e.letter) for e in rejected.value.errors]
    row = 1 if "Неизвестный столбец" in reason else 3
    assert errors == [(row, column)]
    assert reason in rejected.value.errors[0].reason
    assert _counts() == before


@pytest.mark.django_db
def test_a_year_column_outside_the_period_is_fine_when_empty(plan, aibek):
    rows = [_good_row(1, **{cost_header(2026, LOCAL): None}), _good_row(2)]
    content = _filled(plan, rows)
    ws = _load(content).active
    assert cost_header(2026, LOCAL) in [c.value for c in ws[1]]
    result = activity_plan_import(programme=plan, file=content, actor=aibek)
    assert result.activities == 2


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("да", True),
        ("ДА", True),
        ("ооба", True),
        ("yes", True),
        (1, True),
        (True, True),
        ("нет", False),
        ("жок", False),
        ("No", False),
        (0, False),
        (None, False),
        ("0", False),
    ],
)
@pytest.mark.django_db
def test_joint_action_flag_in_every_accepted_spelling(plan, aibek, value, expected):
    activity_plan_import(
        programme=plan, file=_filled(plan, [_good_row(1, joint=value)]), actor=aibek
    )
    assert Activity.objects.get(title_ru="Мероприятие 1").is_joint_action is expected


@pytest.mark.django_db
def test_values_typed_as_text_are_understood(plan, aibek):
    row = _good_row(
        1,
        start_date="15.03.2021",
        end_date="2021-11-30",
        village="  көк-жар ",
        **{cost_header(2021, LOCAL): "1 200,5", cost_header(2022, DONOR): 0},
    )
    activity_plan_import(programme=plan, file=_filled(plan, [row]), actor=aibek)
    activity = Activity.objects.get(title_ru="Мероприятие 1")
    assert (activity.start_date, activity.end_date) == (date(2021, 3, 15), date(2021, 11, 30))
    assert activity.village.name_ru == "Кок-Жар"
    assert sorted(activity.costs.values_list("year", "source", "amount")) == [
        (2021, "local_budget", Decimal("1200.5")),
        (2022, "donor", Decimal("0.0")),
    ]


@pytest.mark.django_db
def test_russian_and_kyrgyz_titles_of_two_different_directions(plan, aibek):
    row = _good_row(1, direction_ru="Благоустройство")  # Kyrgyz names the other direction
    with pytest.raises(ImportRejected) as rejected:
        activity_plan_import(programme=plan, file=_filled(plan, [row]), actor=aibek)
    (error,) = rejected.value.errors
    assert (error.row, error.letter) == (2, "A")
    assert "указывают на разные строки" in error.reason


@pytest.mark.django_db
def test_missing_columns_are_reported_and_nothing_is_read(plan, aibek):
    wb = openpyxl.Workbook()
    wb.active.append(["Мероприятие (рус.)", "Начало"])
    wb.active.append(["Что-то", date(2021, 1, 1)])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ImportRejected) as rejected:
        activity_plan_import(programme=plan, file=out.getvalue(), actor=aibek)
    reasons = [e.reason for e in rejected.value.errors]
    assert reasons == [
        "Нет столбца «Направление развития (рус.)» или «Направление развития (кырг.)».",
        "Нет столбца «Цель (рус.)» или «Цель (кырг.)».",
        "Нет столбца «Задача (рус.)» или «Задача (кырг.)».",
    ]
    assert {e.row for e in rejected.value.errors} == {1}


@pytest.mark.django_db
def test_a_formula_without_its_value_is_refused(plan, aibek):
    row = _good_row(1, **{cost_header(2021, LOCAL): "=100+50"})
    with pytest.raises(ImportRejected) as rejected:
        activity_plan_import(programme=plan, file=_filled(plan, [row]), actor=aibek)
    assert "Формула без вычисленного значения" in rejected.value.errors[0].reason


# --- import: files that are not a plan --------------------------------------------------------


def _zip(**files):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.xlsx", "Направление;Цель\nВода;Суу\n".encode(), "не является книгой Excel"),
        ("plan.xlsx", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "не является книгой Excel"),
        ("plan.xlsx", b"PK\x03\x04" + b"\x00broken" * 50, "повреждён"),
        ("plan.xlsx", _zip(**{"readme.txt": "not a workbook"}), "повреждён"),
        ("plan.csv", b"a;b\n1;2\n", "в формате .xlsx"),
        ("plan.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "в формате .xlsx"),
        ("plan.xlsx", b"PK\x03\x04" + b"\x00" * (5 * 1024 * 1024), "больше 5 МБ"),
    ],
)
@pytest.mark.django_db
def test_a_file_that_is_not_an_excel_workbook(plan, aibek, name, content, message):
    before = _counts()
    response = client_for(aibek).post(import_url(plan), {"file": _upload(content, name)})
    assert response.status_code == 400
    errors = response.context["form"].errors["file"]
    assert any(message in e for e in errors), errors
    assert _counts() == before


@pytest.mark.django_db
def test_posting_without_a_file(plan, aibek):
    response = client_for(aibek).post(import_url(plan), {})
    assert response.status_code == 400
    assert response.context["form"].errors["file"]


@pytest.mark.django_db
def test_an_empty_sheet_and_a_sheet_without_activities(plan, aibek):
    client = client_for(aibek)
    empty = io.BytesIO()
    openpyxl.Workbook().save(empty)
    response = client.post(import_url(plan), {"file": _upload(empty.getvalue())})
    assert response.status_code == 400
    assert "пуст" in response.context["form"].errors["file"][0]

    response = client.post(import_url(plan), {"file": _upload(template_workbook(plan))})
    assert response.status_code == 400
    assert "нет ни одного мероприятия" in response.context["form"].errors["file"][0]
    # the export of a programme without activities has only its totals row
    response = client.post(
        import_url(plan), {"file": _upload(_filled(plan, [{"direction_ru": "Итого"}]))}
    )
    assert "нет ни одного мероприятия" in response.context["form"].errors["file"][0]


# --- permissions ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["export_xlsx", "import_template"])
def test_downloads_from_both_sides(programme, aibek, gulnara, staff, nurlan, client, name):
    url = reverse(f"planning:{name}", kwargs={"pk": programme.pk})
    for person in (aibek, gulnara, staff):
        assert client_for(person).get(url).status_code == 200
    assert client_for(nurlan).get(url).status_code == 403
    response = client.get(url)
    assert response.status_code == 302
    assert "/login/" in response.url


@pytest.mark.django_db
def test_import_page_from_both_sides(plan, aibek, gulnara, staff, nurlan, client):
    url = import_url(plan)
    response = client_for(gulnara).get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Импорт плана мероприятий из Excel</h1>" in body
    assert template_url(plan) in body and export_url(plan) in body
    assert 'enctype="multipart/form-data"' in body
    assert "Кок-Жар, Кара-Суу" in body
    assert client_for(aibek).get(url).status_code == 200
    before = _counts()
    content = _filled(plan, [_good_row(1)])
    for person in (staff, nurlan):
        assert client_for(person).get(url).status_code == 403
        assert client_for(person).post(url, {"file": _upload(content)}).status_code == 403
    response = client.post(url, {"file": _upload(content)})
    assert response.status_code == 302 and "/login/" in response.url
    assert _counts() == before


@pytest.mark.django_db
def test_nurlan_imports_into_his_own_programme_only(ak_tal_programme, programme, nurlan):
    assert client_for(nurlan).get(import_url(ak_tal_programme)).status_code == 200
    with pytest.raises(PermissionDenied):
        activity_plan_import(
            programme=programme, file=_filled(programme, [_good_row(1)]), actor=nurlan
        )


@pytest.mark.django_db
def test_a_programme_past_drafting_refuses_the_import(plan, aibek):
    plan.status = "in_review"
    plan.save()
    before = _counts()
    client = client_for(aibek)
    assert client.get(import_url(plan)).status_code == 403
    response = client.post(import_url(plan), {"file": _upload(_filled(plan, [_good_row(1)]))})
    assert response.status_code == 403
    assert _counts() == before
    assert client.get(export_url(plan)).status_code == 200


@pytest.mark.django_db
def test_a_file_exported_from_the_kyrgyz_page_imports_from_the_russian_one(
    plan, empty_programme, other_chair
):
    with translation.override("ky"):
        content = export_workbook(plan)
    activity_plan_import(programme=empty_programme, file=content, actor=other_chair)
    assert _snapshot(empty_programme) == _snapshot(plan)


@pytest.mark.django_db
def test_the_errors_are_shown_on_the_kyrgyz_page_too(plan, aibek):
    with translation.override("ky"):
        url = import_url(plan)
    rows = [_good_row(1, village="Ак-Суу")]
    response = client_for(aibek).post(url, {"file": _upload(_filled(plan, rows))})
    assert response.status_code == 400
    assert '<html lang="ky">' in response.content.decode()
    assert [(e.row, e.letter) for e in response.context["errors"]] == [(2, "M")]


@pytest.mark.django_db
def test_a_small_file_that_unpacks_into_a_huge_one_is_refused(plan, aibek):
    out = io.BytesIO(template_workbook(plan))
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/padding.bin", "w") as padding,
    ):
        for _ in range(101):
            padding.write(b"\0" * 1024 * 1024)
    assert len(out.getvalue()) < 1024 * 1024
    before = _counts()
    response = client_for(aibek).post(import_url(plan), {"file": _upload(out.getvalue())})
    assert response.status_code == 400
    assert "слишком велик" in response.context["form"].errors["file"][0]
    assert _counts() == before


@pytest.mark.django_db
def test_a_repeated_column_and_values_under_no_header(plan, aibek):
    wb = _load(_filled(plan, [_good_row(1), _good_row(2)]))
    ws = wb.active
    ws.cell(row=1, column=ws.max_column + 1, value="Начало")
    ws.cell(row=3, column=ws.max_column + 2, value="забытое значение")
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ImportRejected) as rejected:
        activity_plan_import(programme=plan, file=out.getvalue(), actor=aibek)
    errors = [(e.row, e.letter, e.reason) for e in rejected.value.errors]
    assert errors == [
        (1, "AS", "Такой столбец уже есть: K."),
        (3, "AU", errors[1][2]),
    ]
    assert "нет заголовка" in errors[1][2]


@pytest.mark.django_db
def test_a_bad_row_takes_back_what_it_created_and_the_next_row_creates_it_again(plan, aibek):
    before = _counts()
    new = {"direction_ru": "Новое направление", "direction_ky": "Жаңы багыт"}
    rows = [
        _good_row(1, end_date=date(2021, 1, 15), **new),  # row 2: ends before it starts
        _good_row(2, **new),  # row 3: the same new direction, fine
    ]
    with pytest.raises(ImportRejected) as rejected:
        activity_plan_import(programme=plan, file=_filled(plan, rows), actor=aibek)
    assert [(e.row, e.letter) for e in rejected.value.errors] == [(2, "L")]
    assert _counts() == before

    result = activity_plan_import(programme=plan, file=_filled(plan, rows[1:]), actor=aibek)
    assert (result.activities, result.directions, result.goals, result.objectives) == (1, 1, 1, 1)


@pytest.mark.django_db
def test_the_file_checks_and_the_services_checks_of_one_row_are_reported_together(plan, aibek):
    row = _good_row(1, village="Ак-Суу", start_date=date(2019, 12, 31), joint="может быть")
    with pytest.raises(ImportRejected) as rejected:
        activity_plan_import(programme=plan, file=_filled(plan, [row]), actor=aibek)
    assert [(e.row, e.letter) for e in rejected.value.errors] == [(2, "K"), (2, "M"), (2, "N")]
    assert "вне периода программы (2020–2024)" in rejected.value.errors[0].reason


@pytest.mark.django_db
def test_the_history_of_everything_imported_names_the_importer(empty_programme, other_chair):
    row = _good_row(1, direction_ru="Новое направление", direction_ky="Жаңы багыт")
    activity_plan_import(
        programme=empty_programme, file=_filled(empty_programme, [row]), actor=other_chair
    )
    activity = Activity.objects.get(programme=empty_programme)
    objective = activity.objective
    items = [activity, objective, objective.goal, objective.goal.direction, *activity.costs.all()]
    assert len(items) == 5
    for item in items:
        assert [h.history_user for h in item.history.all()] == [other_chair], item
