"""Spreadsheets of the events (XlsxWriter, in memory): the participants' template that the
import reads, and the statistics as the page shows them, in the language of the page."""

import io

import xlsxwriter
from django.utils.translation import gettext as _

from municipalities.models import Municipality

from .columns import COLUMNS, SHEET_LISTS, SHEET_PARTICIPANTS, day_header
from .models import Event, EventKind, OrganisationType, PositionCategory, Sex
from .selectors.events import with_figures
from .selectors.statistics import PERSON_RULE, Statistics

LIST_ROWS = 3000  # the rows of the template that offer the lists (the import reads 3 000)


def _book():
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    return output, book


def participants_template(event: Event) -> bytes:
    """The template of the participants' import for `event`: one column per field, one per
    day of the event (put «+» for a day the person was there), and the lists to choose from."""
    output, book = _book()
    header = book.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E8ECF1"}
    )
    sheet = book.add_worksheet(str(SHEET_PARTICIPANTS)[:31])
    lists = book.add_worksheet(str(SHEET_LISTS)[:31])
    columns = [(str(c.label), c.width) for c in COLUMNS] + [
        (day_header(number, day), 16) for number, day in enumerate(event.days, start=1)
    ]
    for index, (label, width) in enumerate(columns):
        sheet.write(0, index, label, header)
        sheet.set_column(index, index, width)
    sheet.set_row(0, 45)
    sheet.freeze_panes(1, 1)

    municipalities = [
        str(m.name)
        for m in Municipality.objects.select_related("district").order_by(
            "district__oblast__position", "name_ru"
        )
    ]
    values = {
        "sex": [str(sex.label) for sex in Sex],
        "position_category": [str(c.label) for c in PositionCategory],
        "organisation_type": [str(t.label) for t in OrganisationType],
        "municipality": municipalities,
    }
    titles = {
        "sex": _("Пол"),
        "position_category": _("Категория должности"),
        "organisation_type": _("Тип организации"),
        "municipality": _("Муниципалитет"),
    }
    keys = [c.key for c in COLUMNS]
    for list_index, (key, items) in enumerate(values.items()):
        lists.write(0, list_index, str(titles[key]), header)
        lists.set_column(list_index, list_index, 34)
        for row, item in enumerate(items, start=1):
            lists.write_string(row, list_index, item)
        if not items:
            continue
        letter = xlsxwriter.utility.xl_col_to_name(list_index)
        sheet.data_validation(
            1,
            keys.index(key),
            LIST_ROWS,
            keys.index(key),
            {
                "validate": "list",
                "source": f"='{lists.get_name()}'!${letter}$2:${letter}${len(items) + 1}",
                # a value typed otherwise («ж», a code) is read by the import too
                "error_type": "information",
            },
        )
    book.close()
    return output.getvalue()


def statistics_workbook(stats: Statistics, events) -> bytes:
    """The statistics page as a workbook: the totals and the filter, then one sheet per table
    and the events counted, each with its figures."""
    output, book = _book()
    bold = book.add_format({"bold": True, "bg_color": "#E8ECF1", "text_wrap": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    date = book.add_format({"num_format": "dd.mm.yyyy"})

    def table(name, headers, rows, widths):
        sheet = book.add_worksheet(str(name)[:31])
        for index, (title, width) in enumerate(zip(headers, widths, strict=True)):
            sheet.write(0, index, str(title), bold)
            sheet.set_column(index, index, width)
        for row_index, row in enumerate(rows, start=1):
            for index, value in enumerate(row):
                if hasattr(value, "year") and not isinstance(value, str):
                    sheet.write_datetime(row_index, index, value, date)
                elif isinstance(value, int | float):
                    sheet.write_number(row_index, index, value)
                else:
                    sheet.write_string(row_index, index, str(value or ""))
        sheet.freeze_panes(1, 0)
        return sheet

    f = stats.filter
    summary = [
        (_("Мероприятия"), stats.events),
        (_("Участия (человеко-мероприятия)"), stats.participations),
        (_("Люди (каждый один раз)"), stats.people),
        (_("Женщины"), stats.women),
        (_("Мужчины"), stats.men),
        (_("Муниципалитеты"), stats.municipalities),
        (_("Целевые муниципалитеты"), stats.target_municipalities),
        (_("Гостевые муниципалитеты"), stats.guest_municipalities),
        (_("Участия из целевых муниципалитетов"), stats.target_participations),
        (_("Участия из гостевых муниципалитетов"), stats.guest_participations),
        (_("Участия от организаций"), stats.organisation_participations),
        (_("Целевые муниципалитеты без участников"), len(stats.not_reached)),
    ]
    sheet = table(_("Итоги"), [_("Показатель"), _("Значение")], summary, [44, 60])
    row = len(summary) + 2
    for label, value in (
        (_("Область"), f.oblast.name if f.oblast else _("все")),
        (_("Район"), f.district.name if f.district else _("все")),
        (_("Вид мероприятия"), EventKind(f.kind).label if f.kind else _("все")),
        (_("Тема содержит"), f.topic or "—"),
        (_("С даты"), f"{f.date_from:%d.%m.%Y}" if f.date_from else "—"),
        (_("По дату"), f"{f.date_to:%d.%m.%Y}" if f.date_to else "—"),
    ):
        sheet.write_string(row, 0, str(label))
        sheet.write_string(row, 1, str(value))
        row += 1
    sheet.write_string(row + 1, 0, str(_("Как считаются люди")))
    sheet.write_string(row + 1, 1, str(PERSON_RULE), wrap)

    table(_("По полу"), [_("Пол"), _("Люди")], [(r.label, r.value) for r in stats.by_sex], [20, 12])
    table(
        _("По должностям"),
        [_("Категория должности"), _("Люди")],
        [(r.label, r.value) for r in stats.by_position],
        [36, 12],
    )
    table(
        _("По видам"),
        [_("Вид мероприятия"), _("Мероприятия"), _("Участия"), _("Люди")],
        [(r.label, r.value, r.extra["participations"], r.extra["people"]) for r in stats.by_kind],
        [30, 14, 12, 12],
    )
    table(
        _("По месяцам"),
        [_("Месяц"), _("Мероприятия")],
        [(r.label, r.value) for r in stats.by_month],
        [20, 14],
    )
    table(
        _("Охваченные муниципалитеты"),
        [
            _("Муниципалитет"),
            _("Район"),
            _("Область"),
            _("Целевой"),
            _("Люди"),
            _("Женщины"),
            _("Мужчины"),
            _("Участия"),
            _("Мероприятия"),
        ],
        [
            (
                r["name"],
                r["district"],
                r["oblast"],
                _("да") if r["municipality__is_target"] else _("нет"),
                r["people"],
                r["women"],
                r["men"],
                r["participations"],
                r["events"],
            )
            for r in stats.reached
        ],
        [32, 24, 22, 10, 10, 10, 10, 10, 12],
    )
    table(
        _("Не охваченные"),
        [_("Муниципалитет"), _("Район"), _("Область")],
        [(m.name, m.district.name, m.district.oblast.name) for m in stats.not_reached],
        [32, 24, 22],
    )
    table(
        _("Мероприятия"),
        [
            _("Название"),
            _("Вид мероприятия"),
            _("Первый день"),
            _("Последний день"),
            _("Область"),
            _("Участники"),
            _("Женщины"),
            _("Мужчины"),
            _("Муниципалитеты"),
        ],
        [
            (
                e.title,
                e.get_kind_display(),
                e.start_date,
                e.end_date,
                e.oblast.name if e.oblast else _("республиканское"),
                e.participant_count,
                e.women_count,
                e.men_count,
                e.municipality_count,
            )
            for e in with_figures(events.select_related("oblast")).order_by("-start_date", "-id")
        ],
        [48, 24, 13, 13, 22, 12, 10, 10, 14],
    )
    book.close()
    return output.getvalue()
