"""The bounded reader of uploaded spreadsheets (common/xlsx.py), on its own."""

import io
import tracemalloc
import zipfile
from datetime import date, datetime

import openpyxl
import openpyxl.xml
import pytest
import xlsxwriter
from django.core.exceptions import ValidationError

import common.xlsx
from common.xlsx import MB, Uncomputed, XlsxLimits, read_xlsx

LIMITS = XlsxLimits(bytes=5 * MB, rows=2000, columns=10, unpacked_bytes=100 * MB)


def _xlsx(write, **options) -> bytes:
    """A workbook written by XlsxWriter: `write(workbook)` fills it."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, **options})
    write(workbook)
    workbook.close()
    return out.getvalue()


def _empty_rows(count: int) -> bytes:
    """A header and `count` rows with nothing in them (a height each, as a sheet gets when
    someone formats rows far down)."""

    def write(workbook):
        ws = workbook.add_worksheet("Мероприятия")
        ws.write_row(0, 0, ["Мероприятие (рус.)", "Начало"])
        for row in range(1, count + 1):
            ws.set_row(row, 20)

    return _xlsx(write)


def _rewritten(content: bytes, name: str, change) -> bytes:
    """The same archive with the part `name` changed by `change(text) -> text`."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == name:
                data = change(data.decode()).encode()
            target.writestr(info.filename, data)
    return out.getvalue()


def _refusal(content, limits=LIMITS) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        list(read_xlsx(content, limits))
    return refused.value


def test_openpyxl_parses_xml_with_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True


def test_an_entity_bomb_in_a_sheet_is_refused_as_not_a_workbook():
    entities = '<!ENTITY a0 "xxxxxxxxxx">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    content = _rewritten(
        _xlsx(lambda wb: wb.add_worksheet().write_string(0, 0, "x")),
        "xl/sharedStrings.xml",
        lambda text: text.replace("?>", f"?><!DOCTYPE sst [{entities}]>", 1).replace(
            "<t>x</t>", "<t>&a9;</t>"
        ),
    )
    tracemalloc.start()
    try:
        error = _refusal(content)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.code == "not_xlsx"
    assert peak < 5 * MB


def test_rows_are_tuples_of_cell_values_as_wide_as_the_limit():
    def write(workbook):
        ws = workbook.add_worksheet("Мероприятия")
        ws.write_row(0, 0, ["Мероприятие (рус.)", "Начало", "Сумма", "Совместное", "Итого"])
        ws.write_string(1, 0, "Көк-Жар: ремонт")
        ws.write_datetime(1, 1, date(2021, 3, 1), workbook.add_format({"num_format": "DD.MM.YYYY"}))
        ws.write_number(1, 2, 150.5)
        ws.write_boolean(1, 3, True)
        ws.write_formula(1, 4, "=C2*2", None, 301)
        ws.write_string(2, 0, "=1+1")  # a text that looks like a formula

    rows = list(read_xlsx(_xlsx(write), LIMITS))
    assert len(rows) == 3
    assert all(len(row) == LIMITS.columns for row in rows)
    assert rows[0][:6] == ("Мероприятие (рус.)", "Начало", "Сумма", "Совместное", "Итого", None)
    assert rows[1][:5] == ("Көк-Жар: ремонт", datetime(2021, 3, 1), 150.5, True, 301)
    assert rows[2][0] == "=1+1"


def test_a_formula_saved_without_its_result_is_marked():
    wb = openpyxl.Workbook()  # openpyxl writes formulas without a result
    wb.active.append(["Сумма", "Итого"])
    wb.active.append([100, "=A2+50"])
    out = io.BytesIO()
    wb.save(out)
    rows = list(read_xlsx(out.getvalue(), LIMITS))
    assert rows[1][:2] == (100, Uncomputed("=A2+50"))


def test_a_file_with_50000_empty_rows_is_refused():
    error = _refusal(_empty_rows(50_000))
    assert error.code == "too_many_rows"
    assert "«Мероприятия»" in error.message
    assert "не больше 2\xa0000 строк" in error.message


def test_a_value_far_below_counts_every_row_in_between():
    content = _xlsx(lambda wb: wb.add_worksheet().write_string(999_999, 0, "далеко внизу"))
    assert len(content) < 10_000
    assert _refusal(content).code == "too_many_rows"


def test_rows_up_to_the_limit_are_read_blank_ones_included():
    rows = list(read_xlsx(_empty_rows(1999), LIMITS))
    assert len(rows) == 2000
    assert rows[-1] == (None,) * LIMITS.columns


def _peak_of_reading(content: bytes) -> int:
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError):
            for _row in read_xlsx(content, LIMITS):
                pass
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


def test_the_memory_of_reading_does_not_grow_with_the_rows():
    small, big = _empty_rows(5_000), _empty_rows(50_000)
    _peak_of_reading(small)  # modules imported and caches filled outside the measure
    small_peak, big_peak = _peak_of_reading(small), _peak_of_reading(big)
    assert big_peak < 1.5 * small_peak, (small_peak, big_peak)
    assert big_peak < 5 * MB, big_peak


def test_a_header_beyond_the_column_limit_is_not_read():
    def write(workbook):
        ws = workbook.add_worksheet()
        ws.write_row(0, 0, ["A", "B", "C"])
        ws.write_string(0, 7, "Примечание")  # column H
        ws.write_row(1, 0, [1, 2, 3])
        ws.write_string(1, 7, "не читается")

    rows = list(read_xlsx(_xlsx(write), XlsxLimits(5 * MB, 10, 3, 100 * MB)))
    assert rows == [("A", "B", "C"), (1, 2, 3)]


def test_rows_below_a_wrong_declared_size_are_read():
    def write(workbook):
        ws = workbook.add_worksheet()
        for row in range(5):
            ws.write_number(row, 0, row)

    content = _rewritten(
        _xlsx(write),
        "xl/worksheets/sheet1.xml",
        lambda text: text.replace('<dimension ref="A1:A5"/>', '<dimension ref="A1"/>'),
    )
    assert [row[0] for row in read_xlsx(content, LIMITS)] == [0, 1, 2, 3, 4]


def _zip(**files) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        "Направление;Цель\nВода;Суу\n".encode(),
        b"PK\x03\x04" + b"\x00broken" * 50,
        _zip(**{"readme.txt": "not a workbook"}),
        _zip(**{"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook"}),
    ],
)
def test_what_is_not_an_xlsx_workbook_is_refused(content):
    error = _refusal(content)
    assert error.code == "not_xlsx"
    assert "не является книгой Excel (.xlsx) или повреждён" in error.message


def test_a_file_over_the_size_limit_is_refused_naming_the_limit():
    limits = XlsxLimits(bytes=1 * MB, rows=10, columns=5, unpacked_bytes=10 * MB)
    error = _refusal(io.BytesIO(b"PK\x03\x04" + b"\x00" * MB), limits)
    assert error.code == "too_big"
    assert "больше 1 МБ" in error.message


def test_a_small_file_that_unpacks_into_a_huge_one_is_refused():
    out = io.BytesIO(_empty_rows(1))
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/padding.bin", "w") as padding,
    ):
        for _ in range(3):
            padding.write(b"\0" * MB)
    limits = XlsxLimits(bytes=1 * MB, rows=10, columns=5, unpacked_bytes=2 * MB)
    assert len(out.getvalue()) < 100_000
    error = _refusal(out.getvalue(), limits)
    assert error.code == "too_big"
    assert "слишком велик" in error.message and "больше 2 МБ" in error.message


def test_the_sheet_is_picked_by_name():
    def write(workbook):
        workbook.add_worksheet("Индикаторы").write_string(0, 0, "индикатор")
        workbook.add_worksheet("Мероприятия").write_string(0, 0, "мероприятие")

    content = _xlsx(write)
    assert next(read_xlsx(content, LIMITS))[0] == "индикатор"
    offered = []

    def pick(names):
        offered.append(names)
        return "Мероприятия"

    assert next(read_xlsx(content, LIMITS, sheet=pick))[0] == "мероприятие"
    assert offered == [["Индикаторы", "Мероприятия"]]


def test_the_workbook_is_closed_when_read_and_when_abandoned(monkeypatch):
    opened = []

    def load_workbook(*args, **kwargs):
        opened.append(openpyxl.load_workbook(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(common.xlsx, "load_workbook", load_workbook)
    content = _empty_rows(10)
    list(read_xlsx(content, LIMITS))
    rows = read_xlsx(content, LIMITS)
    next(rows)
    rows.close()
    assert len(opened) == 2  # once each: the sheet has no formula to read a second time
    assert all(book._archive.fp is None for book in opened)
