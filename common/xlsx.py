"""Reading a spreadsheet (.xlsx) that a person uploads, within limits.

Every import of a spreadsheet reads it with `read_xlsx`, which yields the rows of one sheet as
tuples of cell values. A file is refused with a `ValidationError` whose message names the limit
when it is not an .xlsx workbook, when it is bigger than allowed, when its archive unpacks into
more than allowed (a small file can unpack into gigabytes) or when the sheet has more rows than
allowed. Blank rows count: a sheet of a few kilobytes can hold a million empty rows.

Rows are streamed with openpyxl in read-only mode, so memory does not grow with the number of
rows, and no cell right of the column limit is read. With defusedxml installed (it is pinned)
openpyxl parses the workbook's XML defensively."""

import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MB = 1024 * 1024


@dataclass(frozen=True)
class XlsxLimits:
    bytes: int  # the file as uploaded
    rows: int  # rows of the sheet from the first one, blank rows included
    columns: int  # cells read in each row, from column A: the width of the import's template
    unpacked_bytes: int  # everything in the archive once unpacked


@dataclass(frozen=True)
class Uncomputed:
    """A formula saved without its result: the file was written by a program and never opened
    in a spreadsheet application, so nobody knows the value the person saw."""

    formula: str


def read_xlsx(
    file, limits: XlsxLimits, *, sheet: Callable[[list[str]], str] | None = None
) -> Iterator[tuple]:
    """The rows of one sheet of `file` (bytes or a file object), each a tuple of exactly
    `limits.columns` values: text, number, date/datetime, bool, None for an empty cell, and
    `Uncomputed` for a formula without a saved result (a formula with one gives its result).

    `sheet` picks the sheet from the workbook's sheet names (the first sheet without it).
    Nothing is read until the first row is asked for; the workbook is closed when the rows
    run out or the iteration is abandoned."""
    data = _bytes_within(file, limits)
    _check_archive(data, limits)
    books = []
    try:
        try:
            books.append(load_workbook(io.BytesIO(data), read_only=True, data_only=True))
            values_book = books[0]
            names = list(values_book.sheetnames)
            if not names:
                raise ValidationError(_("В книге нет ни одного листа."), code="no_sheet")
            name = sheet(names) if sheet else names[0]
            values = _cells(values_book[name], limits.columns)
            if _has_formulas(values_book, values_book[name]):
                # a second reading gives the formulas, to tell an empty cell from a formula
                # saved without its result
                books.append(load_workbook(io.BytesIO(data), read_only=True, data_only=False))
                formulas = _cells(books[1][name], limits.columns)
            else:
                formulas = _none_rows(limits.columns)
            rows = zip(values, formulas, strict=False)
        except ValidationError:
            raise
        except Exception as error:  # a zip that is not a workbook fails in many different ways
            raise not_xlsx() from error
        count = 0
        while True:
            try:
                pair = next(rows, None)
            except Exception as error:  # broken XML inside the sheet
                raise not_xlsx() from error
            if pair is None:
                return
            count += 1
            if count > limits.rows:
                raise ValidationError(
                    _(
                        "На листе «%(sheet)s» слишком много строк: можно не больше %(max)s "
                        "строк, считая пустые. Удалите лишние строки или разделите таблицу на "
                        "несколько файлов."
                    )
                    % {"sheet": name, "max": number_format(limits.rows, force_grouping=True)},
                    code="too_many_rows",
                )
            yield tuple(_value(value, formula) for value, formula in zip(*pair, strict=True))
    finally:
        for book in books:
            book.close()


def _has_formulas(book, worksheet) -> bool:
    """Whether the sheet's XML holds a formula (`<f>`), read as a stream without keeping it:
    most imported sheets have none, and are then read once."""
    tail = b""
    with book._archive.open(worksheet._worksheet_path) as stream:
        while chunk := stream.read(64 * 1024):
            text = tail + chunk
            if b"<f>" in text or b"<f " in text or b"<f/>" in text:
                return True
            tail = chunk[-4:]
    return False


def _none_rows(columns: int):
    """What the formulas' reading gives for a sheet without formulas: nothing, for ever (zip
    stops with the values)."""
    empty = (None,) * columns
    while True:
        yield empty


def not_xlsx() -> ValidationError:
    return ValidationError(
        _(
            "Файл не является книгой Excel (.xlsx) или повреждён. Сохраните таблицу в Excel "
            "как «Книга Excel (.xlsx)» и загрузите снова."
        ),
        code="not_xlsx",
    )


def _megabytes(size: int) -> str:
    value = size / MB
    return number_format(value, decimal_pos=0 if value == int(value) else 1)


def _bytes_within(file, limits: XlsxLimits) -> bytes:
    """The file's content; a file over the limit is refused after reading one byte more than
    the limit, whatever it claims its size is."""
    if isinstance(file, bytes | bytearray | memoryview):
        data = bytes(file)
    else:
        data = file.read(limits.bytes + 1)
    if len(data) > limits.bytes:
        raise ValidationError(
            _("Файл больше %(max)s МБ: разделите таблицу на несколько файлов.")
            % {"max": _megabytes(limits.bytes)},
            code="too_big",
        )
    return data


def _check_archive(data: bytes, limits: XlsxLimits) -> None:
    """An .xlsx file is a zip archive. The sizes it declares are the most it gives when read
    (zipfile stops there), so a file that declares little cannot unpack into more."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise not_xlsx() from error
    if unpacked > limits.unpacked_bytes:
        raise ValidationError(
            _(
                "Файл слишком велик: распакованная книга занимает больше %(max)s МБ. "
                "Разделите таблицу на несколько файлов."
            )
            % {"max": _megabytes(limits.unpacked_bytes)},
            code="too_big",
        )


def _cells(ws, columns: int) -> Iterator[tuple]:
    # The size a sheet declares may be wrong: trusting it would drop the rows below it (or
    # add blank ones), so the rows are read as they are in the file.
    ws.reset_dimensions()
    return ws.iter_rows(max_col=columns)


def _value(cell, written):
    """The value of a cell as last computed; `written` is the same cell read with its formula.
    A text that starts with "=" is a text, not a formula."""
    value = cell.value
    if value is None and written is not None and written.data_type == "f":
        if cell.data_type == "str":  # a formula whose result is an empty text
            return ""
        formula = written.value
        return Uncomputed(str(getattr(formula, "text", formula)))
    return value
