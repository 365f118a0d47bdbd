"""Cells of an openpyxl sheet written the way the portal's files are: a bold header row that
stays in view, texts always as texts. The reviewers' dashboard writes its workbook with these;
the programme's own workbook is written with XlsxWriter (`export`)."""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

DATE_FORMAT = "DD.MM.YYYY"
HEADER_FONT = Font(bold=True)
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
TEXT_ALIGNMENT = Alignment(wrap_text=True, vertical="top")


def write_cell(ws, row: int, col: int, value, number_format: str | None = None):
    """Write one cell; a text is always a text (a title starting with "=" is not a formula),
    without the characters that XML (and Excel) cannot hold, e.g. a pasted vertical tab."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value) or None
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        cell.alignment = TEXT_ALIGNMENT
    if number_format and value is not None:
        cell.number_format = number_format
    return cell


def write_header(ws, labels: list[str], widths: list[int]) -> None:
    for col, (label, width) in enumerate(zip(labels, widths, strict=True), start=1):
        cell = write_cell(ws, 1, col, label)
        cell.font = HEADER_FONT
        cell.alignment = HEADER_ALIGNMENT
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
