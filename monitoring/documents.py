"""The reports as documents of the documents engine (documents.kinds), registered from
`MonitoringConfig.ready()`: the ГСМиО's report of a period and the annual implementation report,
each in Russian, Kyrgyz or both, section by section, from templates/monitoring/document/.

Their figures, tables and charts come from the monitoring data (selectors.reports); a report
not presented yet is marked as a draft. Members of the municipality and reviewers of its oblast
ask for them and download them; once a report is presented (the annual one heard by the
council), the documents rendered from then on are public."""

from typing import NamedTuple

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents import kinds
from documents.book import Book, make_book, render_sections
from documents.kinds import DocumentKind
from documents.models import DocumentLanguage
from municipalities.models import Municipality
from municipalities.permissions import Need, can

from . import charts
from .models import AnnualReport, MonitoringReport
from .selectors.reports import annual_report, period_report

PERIOD_KIND = "monitoring-report"
ANNUAL_KIND = "annual-report"


class SectionSpec(NamedTuple):
    key: str  # its template: templates/monitoring/document/<prefix>_<key>.html
    title: object  # lazy: translated in the language of the section


PERIOD_SECTIONS = [
    SectionSpec("about", gettext_lazy("Общие сведения")),
    SectionSpec("progress", gettext_lazy("Выполнение мероприятий")),
    SectionSpec("indicators", gettext_lazy("Индикаторы: цель и факт")),
    SectionSpec("money", gettext_lazy("Расходы по источникам финансирования")),
    SectionSpec("findings", gettext_lazy("Выводы и рекомендации ГСМиО")),
]
ANNUAL_SECTIONS = [
    SectionSpec("summary", gettext_lazy("Итоги года")),
    SectionSpec("activities", gettext_lazy("Что запланировано и что сделано")),
    SectionSpec("money", gettext_lazy("Деньги: запланировано и израсходовано")),
    SectionSpec("indicators", gettext_lazy("Индикаторы: цель и факт")),
    SectionSpec("delays", gettext_lazy("Задержки и их причины")),
    SectionSpec("proposals", gettext_lazy("Учтённые предложения граждан")),
]


def _text(obj, name: str, lang: str) -> str:
    other = "ru" if lang == "ky" else "ky"
    return getattr(obj, f"{name}_{lang}") or getattr(obj, f"{name}_{other}") or ""


def _council(municipality) -> str:
    if municipality.kind == Municipality.Kind.TOWN:
        return _("городской кенеш")
    return _("айылный кенеш")


def _group_decision(group, municipality) -> str:
    """«Группа создана решением айылного кенеша № 5 от 12.06.2019.», in the active language."""
    if group is None or not group.decision_number or group.decision_date is None:
        return ""
    values = {"number": group.decision_number, "date": f"{group.decision_date:%d.%m.%Y}"}
    if municipality.kind == Municipality.Kind.TOWN:
        return _("Группа создана решением городского кенеша № %(number)s от %(date)s.") % values
    return _("Группа создана решением айылного кенеша № %(number)s от %(date)s.") % values


def _charts(lines, programme) -> list:
    """The chart of each indicator that has something to draw."""
    drawn = []
    for line in lines:
        chart = charts.indicator_chart(line, programme)
        if chart is not None:
            drawn.append((line, chart))
    return drawn


def _title(programme, lang: str, heading: str, subtitle: str) -> dict:
    municipality = programme.municipality
    return {
        "lang": lang,
        "oblast": municipality.district.oblast.name,
        "district": municipality.district.name,
        "municipality": municipality.name,
        "heading": heading,
        "subtitle": subtitle,
        "programme": _text(programme, "title", lang),
        "period": f"{_('Период программы')}: {programme.start_year}–{programme.end_year}",
    }


def _progress_chart(directions) -> dict:
    """Bars of the progress of each direction (per cent), drawn by the template."""
    rows = []
    for index, row in enumerate(directions):
        percent = row.direction.progress.percent
        rows.append({"row": row, "y": 28 + index * 26, "width": float(percent or 0) * 4})
    return {"rows": rows, "height": 40 + len(rows) * 26}


def _report_book(
    report, programme, language: str, specs, prefix: str, context: dict, titles, said=None
) -> Book:
    """A report's book: its sections from templates/monitoring/document/<prefix>_<key>.html,
    each rendered in its language with `context`, what `said()` gives in that language, and the
    municipality's name in it as the running header; after a title page saying `titles()` in
    each language (the heading and the subtitle). A report not presented yet is a draft."""
    sections = render_sections(
        specs,
        language,
        template=lambda key: f"monitoring/document/{prefix}_{key}.html",
        context=lambda key, lang: {
            **context,
            "report": report,
            "programme": programme,
            "running": programme.municipality.name,
            "council": _council(programme.municipality),
            **(said() if said else {}),
        },
    )
    texts = []
    for lang in DocumentLanguage.languages(language):
        with translation.override(lang):
            texts.append(_title(programme, lang, *titles()))
    return make_book(
        language=language,
        template="monitoring/document/document.html",
        sections=sections,
        context={
            "texts": texts,
            "first": texts[0],
            "running": texts[0]["municipality"],
            "report": report,
        },
        is_draft=not report.is_presented,
    )


# --- the ГСМиО's report of a period -------------------------------------------------------------


def period_book(report: MonitoringReport, language: str) -> Book:
    period = report.period
    programme = period.programme
    data = period_report(period, report)
    return _report_book(
        report,
        programme,
        language,
        PERIOD_SECTIONS,
        "period",
        {
            "data": data,
            "period": period,
            "charts": _charts([row.line for row in data.indicators], programme),
            "progress_chart": _progress_chart(data.directions),
        },
        lambda: (
            _("Отчёт группы совместного мониторинга и оценки (ГСМиО)"),
            _("о реализации программы за период: %(period)s") % {"period": period.label},
        ),
        said=lambda: {"group_decision": _group_decision(data.group, programme.municipality)},
    )


def period_file_name(document, report: MonitoringReport) -> str:
    """gsmio-report-kok-zhar-2025-1-ky.pdf"""
    period = report.period
    language = document.language.replace("+", "-")
    slug = period.programme.municipality.slug
    return f"gsmio-report-{slug}-{period.year}-{period.number}-{language}.pdf"


def period_can_view(user, report: MonitoringReport) -> bool:
    return can(user, report.period.programme.municipality, Need.VIEW)


def _public_since(moment) -> Q | None:
    """The documents rendered after the presentation was recorded: they carry no draft mark."""
    if moment is None:
        return None
    return Q(started_at__gte=moment)


def period_public(report: MonitoringReport) -> Q | None:
    return _public_since(report.presented_at)


def period_load(report_id: int) -> MonitoringReport:
    return MonitoringReport.objects.select_related(
        "period__programme__municipality__district__oblast"
    ).get(pk=report_id)


# --- the annual implementation report -------------------------------------------------------


def annual_book(report: AnnualReport, language: str) -> Book:
    programme = report.programme
    data = annual_report(programme, report.year, report)
    return _report_book(
        report,
        programme,
        language,
        ANNUAL_SECTIONS,
        "annual",
        {"data": data, "charts": _charts([row.line for row in data.indicators], programme)},
        lambda: (
            _("Годовой отчёт о реализации программы социально-экономического развития"),
            _("за %(year)s год") % {"year": report.year},
        ),
    )


def annual_file_name(document, report: AnnualReport) -> str:
    """annual-report-kok-zhar-2025-ru.pdf"""
    language = document.language.replace("+", "-")
    slug = report.programme.municipality.slug
    return f"annual-report-{slug}-{report.year}-{language}.pdf"


def annual_can_view(user, report: AnnualReport) -> bool:
    return can(user, report.programme.municipality, Need.VIEW)


def annual_public(report: AnnualReport) -> Q | None:
    return _public_since(report.presented_at)


def annual_load(report_id: int) -> AnnualReport:
    return AnnualReport.objects.select_related("programme__municipality__district__oblast").get(
        pk=report_id
    )


def register() -> None:
    kinds.register(
        DocumentKind(
            key=PERIOD_KIND,
            model=MonitoringReport,
            label=gettext_lazy("отчёт ГСМиО"),
            book=period_book,
            can_view=period_can_view,
            file_name=period_file_name,
            public=period_public,
            load=period_load,
        )
    )
    kinds.register(
        DocumentKind(
            key=ANNUAL_KIND,
            model=AnnualReport,
            label=gettext_lazy("годовой отчёт о реализации программы"),
            book=annual_book,
            can_view=annual_can_view,
            file_name=annual_file_name,
            public=annual_public,
            load=annual_load,
        )
    )
