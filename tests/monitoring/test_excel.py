"""The Excel of a period: the table exported is the template imported back; a file with bad rows
names each row and writes nothing, however many good rows it has; a hostile file cannot exhaust
memory."""

import io
import tracemalloc
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from monitoring.models import ActivityProgress, ActivitySpending, IndicatorActual
from monitoring.services import data
from monitoring.services.excel import ImportRejected, period_export, period_import
from planning.models import Indicator, IndicatorTarget
from tests.conftest import client_for
from tests.monitoring.conftest import _activity, _indicator


def _filled(
    period, indicator, activity, *, value="56,5", women="30", men="26,5", status="выполняется"
):
    content, _name = period_export(period)
    book = load_workbook(io.BytesIO(content))
    sheet = book["Индикаторы"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == f"I{indicator.pk}")
    row[4].value, row[5].value, row[6].value = value, women, men
    row[7].value = "Книга учёта домохозяйств"
    sheet = book["Мероприятия"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == f"A{activity.pk}")
    row[3].value, row[4].value, row[5].value = status, 60, "40,5"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_exported_table_is_imported_back(period, shirin):
    indicator, activity = _indicator(period.programme), _activity(period.programme)
    result = period_import(period=period, file=_filled(period, indicator, activity), actor=shirin)
    assert (result.actuals, result.activities) == (1, 1)
    actual = IndicatorActual.objects.get()
    assert (actual.value, actual.women, actual.men) == (
        Decimal("56.5"),
        Decimal(30),
        Decimal("26.5"),
    )
    assert actual.history.get().history_user == shirin
    progress = ActivityProgress.objects.get()
    assert (progress.status, progress.percent) == ("in_progress", 60)
    assert ActivitySpending.objects.get().amount == Decimal("40.5")
    # what was entered comes back in the next export, and an import again changes it in place
    again = load_workbook(io.BytesIO(period_export(period)[0]))
    row = next(
        r for r in again["Индикаторы"].iter_rows(min_row=2) if r[0].value == f"I{indicator.pk}"
    )
    assert row[4].value == 56.5
    period_import(
        period=period,
        file=_filled(period, indicator, activity, value="57", women="30", men="27"),
        actor=shirin,
    )
    actual.refresh_from_db()
    assert actual.value == 57 and actual.history.count() == 2


@pytest.mark.django_db
def test_every_bad_row_is_named_and_nothing_is_written(period, shirin):
    indicator, activity = _indicator(period.programme), _activity(period.programme)
    content = _filled(period, indicator, activity, women="30", men="20", status="задерживается")
    with pytest.raises(ImportRejected) as rejected:
        period_import(period=period, file=content, actor=shirin)
    messages = [(e.sheet, e.row, e.column, e.message) for e in rejected.value.errors]
    assert any(e[:3] == ("Индикаторы", 2, "F") and "вместе дают" in e[3] for e in messages)
    assert any(e[0] == "Мероприятия" and e[1] == 2 and "причину" in e[3] for e in messages)
    assert not IndicatorActual.objects.exists() and not ActivityProgress.objects.exists()


@pytest.mark.django_db
def test_one_bad_row_among_four_thousand_writes_nothing(period, shirin):
    programme = period.programme
    goal = _indicator(programme).goal
    extra = Indicator.objects.bulk_create(
        Indicator(programme=programme, goal=goal, name_ru=f"Индикатор {n}", unit="number")
        for n in range(3999)
    )
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(indicator=i, year=period.year, value=1) for i in extra
    )
    book = load_workbook(io.BytesIO(period_export(period)[0]))
    rows = list(book["Индикаторы"].iter_rows(min_row=2))
    assert len(rows) == 4000
    for number, row in enumerate(rows):
        row[4].value = number
    rows[2500][4].value = "двенадцать"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ImportRejected) as rejected:
        period_import(period=period, file=out.getvalue(), actor=shirin)
    assert [(e.sheet, e.row, e.column) for e in rejected.value.errors] == [
        ("Индикаторы", 2502, "E")
    ]
    assert not IndicatorActual.objects.exists()


@pytest.mark.django_db
def test_a_file_of_empty_rows_is_refused_without_growing_memory(period, shirin):
    def workbook(rows: int) -> bytes:
        """A header and `rows` rows with nothing in them but a height (as a sheet gets when
        someone formats rows far down): a few kilobytes."""
        out = io.BytesIO()
        book = xlsxwriter.Workbook(out, {"in_memory": True})
        sheet = book.add_worksheet("Индикаторы")
        sheet.write_string(0, 0, "Код")
        for row in range(1, rows + 1):
            sheet.set_row(row, 20)
        book.add_worksheet("Мероприятия")
        book.close()
        return out.getvalue()

    with pytest.raises(ValidationError):  # the first call loads what every call needs
        period_import(period=period, file=workbook(10_500), actor=shirin)
    peaks = []
    for rows in (12_000, 50_000):
        content = workbook(rows)
        tracemalloc.start()
        with pytest.raises(ValidationError) as refused:
            period_import(period=period, file=content, actor=shirin)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert "не больше 10\xa0000 строк" in " ".join(refused.value.messages)
    assert peaks[1] < peaks[0] * 1.5 and peaks[1] < 20 * 1024 * 1024
    assert not IndicatorActual.objects.exists()


@pytest.mark.django_db
def test_the_import_page_lists_each_bad_row(period, shirin):
    indicator, activity = _indicator(period.programme), _activity(period.programme)
    content = _filled(period, indicator, activity, value="много")
    url = reverse("monitoring:period_import", args=[period.programme.pk, period.pk])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(shirin).post(url, {"file": SimpleUploadedFile("period.xlsx", content)})
    assert response.status_code == 400
    assert "Лист «Индикаторы», строка 2, столбец E" in response.content.decode()
    good = _filled(period, indicator, activity)
    response = client_for(shirin).post(url, {"file": SimpleUploadedFile("period.xlsx", good)})
    assert response.status_code == 302
    assert IndicatorActual.objects.get().value == Decimal("56.5")


@pytest.mark.django_db
def test_a_closed_period_takes_no_import(period, shirin):
    from monitoring.errors import PeriodClosed
    from monitoring.services.periods import period_submit

    indicator, activity = _indicator(period.programme), _activity(period.programme)
    content = _filled(period, indicator, activity)
    data.actual_set(period=period, indicator=indicator, actor=shirin, value=Decimal(1))
    period_submit(period=period, actor=shirin)
    with pytest.raises(PeriodClosed):
        period_import(period=period, file=content, actor=shirin)
    assert IndicatorActual.objects.get().value == 1
