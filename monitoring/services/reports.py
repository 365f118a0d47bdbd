"""The reports of the implementation: the ГСМиО's report of a period and the ОМСУ's annual
report (models.reports). Each write checks the person and the state of the report, validates
and keeps the history. A report is written until it is presented; its presentation and the
council's response are recorded afterwards. Once a report is presented (an annual report heard)
its documents in Russian, Kyrgyz and both are asked for, so that the public finds them, and the
public page of the programme changes."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.kinds import kinds
from documents.models import Document, DocumentLanguage
from documents.services import document_request
from municipalities.permissions import Need
from planning.models import Direction, Programme
from planning.services.public import programme_public_changed

from ..documents import ANNUAL_KIND, PERIOD_KIND
from ..models import AnnualReport, DirectionFinding, MonitoringReport, PeriodStatus, ReportingPeriod
from .periods import MONITORED_STATUSES, require

TEXTS = ("findings", "recommendations")


class ReportPresented(PermissionDenied):
    def __init__(self, message=None):
        super().__init__(
            message
            or _(
                "Отчёт уже представлен: его текст остаётся таким, каким его представили. "
                "Можно записать только ответ кенеша."
            )
        )


def _strip(value) -> str:
    return (value or "").strip()


def _not_in_future(value: date | None, field: str, errors: dict, today: date) -> None:
    if value is not None and value > today:
        errors[field] = _("Эта дата ещё не наступила.")


def _documents_after_commit(kind_key: str, report, actor) -> None:
    """Ask for the report's documents in every language once the presentation is committed:
    the public reads what was presented."""

    def request():
        kind = kinds[kind_key]
        for language in DocumentLanguage.values:
            document_request(kind=kind, obj=report, language=language, actor=actor)

    transaction.on_commit(request)


# --- the ГСМиО's report of a period -------------------------------------------------------------


def _locked_report(period: ReportingPeriod) -> MonitoringReport | None:
    return MonitoringReport.objects.select_for_update().filter(period=period).first()


def _period(period: ReportingPeriod) -> ReportingPeriod:
    return ReportingPeriod.objects.select_related("programme__municipality__district").get(
        pk=period.pk
    )


@transaction.atomic
def report_write(
    *,
    period: ReportingPeriod,
    actor,
    findings_ru: str = "",
    findings_ky: str = "",
    recommendations_ru: str = "",
    recommendations_ky: str = "",
    directions: dict[int, dict[str, str]] | None = None,
) -> MonitoringReport:
    """The ГСМиО's texts of the report of a period: for the programme as a whole, and for each
    direction (`directions`: direction id → {"findings_ru": …, "recommendations_ky": …}).
    One language is enough; a direction left empty has no findings."""
    period = _period(period)
    programme = period.programme
    require(
        actor,
        programme,
        Need.MONITOR,
        _("Отчёт о мониторинге пишут члены ГСМиО муниципалитета."),
    )
    report = _locked_report(period)
    if report is not None and report.is_presented:
        raise ReportPresented()
    directions = directions or {}
    known = set(Direction.objects.filter(programme=programme).values_list("pk", flat=True))
    if set(directions) - known:
        raise ValidationError(_("Это направление не из программы этого периода."))
    report = report or MonitoringReport(period=period)
    report.findings_ru = _strip(findings_ru)
    report.findings_ky = _strip(findings_ky)
    report.recommendations_ru = _strip(recommendations_ru)
    report.recommendations_ky = _strip(recommendations_ky)
    report.written_by = actor
    report.full_clean()
    report._history_user = actor
    report.save()

    existing = {f.direction_id: f for f in DirectionFinding.objects.filter(report=report)}
    for direction_id, texts in directions.items():
        values = {
            f"{text}_{lang}": _strip(texts.get(f"{text}_{lang}"))
            for text in TEXTS
            for lang in ("ru", "ky")
        }
        finding = existing.get(direction_id)
        if not any(values.values()):
            if finding is not None:
                finding._history_user = actor
                finding.delete()
            continue
        if finding is None:
            finding = DirectionFinding(report=report, direction_id=direction_id)
        elif all(getattr(finding, name) == value for name, value in values.items()):
            continue
        for name, value in values.items():
            setattr(finding, name, value)
        finding.full_clean()
        finding._history_user = actor
        finding.save()
    return report


def _has_text(report: MonitoringReport) -> bool:
    if report.findings_ru or report.findings_ky:
        return True
    return any(f.findings_ru or f.findings_ky for f in report.directions.all())


@transaction.atomic
def report_present(
    *,
    period: ReportingPeriod,
    actor,
    to_council_on: date | None = None,
    to_population_on: date | None = None,
    women: int | None = None,
    men: int | None = None,
    at: datetime | None = None,
    request_documents: bool = True,
) -> MonitoringReport:
    """Record when the report was presented to the council and to the population (with the
    women and men who came). Both need not be on the same day: what is given is recorded, a
    date recorded before is kept unless another is given; it cannot change once the council
    has answered. `at`: when the presentation was recorded, if not now (a record entered
    afterwards); `request_documents`: ask for its documents after commit (see
    `presented_documents_request` for those entered in bulk)."""
    period = _period(period)
    programme = period.programme
    require(
        actor,
        programme,
        Need.MONITOR,
        _("Представление отчёта записывают члены ГСМиО муниципалитета."),
    )
    report = _locked_report(period)
    if report is None or not _has_text(report):
        raise ValidationError(
            _("Сначала напишите выводы отчёта: представить можно только написанный отчёт.")
        )
    if period.status == PeriodStatus.OPEN:
        raise ValidationError(
            _(
                "Сначала сдайте период: отчёт представляют по данным сданного периода, чтобы "
                "цифры в нём больше не менялись."
            )
        )
    if report.has_response:
        raise ValidationError(
            _("Кенеш уже ответил на отчёт: данные о его представлении изменить нельзя.")
        )
    if to_council_on is None and to_population_on is None:
        raise ValidationError(
            {"to_council_on": _("Укажите дату представления кенешу или населению.")}
        )
    today = timezone.localdate()
    errors: dict[str, str] = {}
    _not_in_future(to_council_on, "to_council_on", errors, today)
    _not_in_future(to_population_on, "to_population_on", errors, today)
    for value, field in ((to_council_on, "to_council_on"), (to_population_on, "to_population_on")):
        if value is not None and value < period.starts_on:
            errors.setdefault(
                field,
                _("Отчёт за период не может быть представлен раньше начала периода (%(date)s).")
                % {"date": f"{period.starts_on:%d.%m.%Y}"},
            )
    if to_population_on is not None:
        if women is None:
            errors["women"] = _("Укажите, сколько женщин присутствовало (0, если ни одной).")
        if men is None:
            errors["men"] = _("Укажите, сколько мужчин присутствовало (0, если ни одного).")
    elif women is not None or men is not None:
        errors["to_population_on"] = _(
            "Укажите дату встречи с населением, на которой были эти женщины и мужчины."
        )
    if errors:
        raise ValidationError(errors)
    if to_council_on is not None:
        report.presented_to_council_on = to_council_on
    if to_population_on is not None:
        report.presented_to_population_on = to_population_on
        report.population_women = women
        report.population_men = men
    first_time = report.presented_at is None
    if first_time:
        report.presented_at = at or timezone.now()
    report.full_clean()
    report._history_user = actor
    report.save()
    programme_public_changed(programme)
    if first_time and request_documents:
        _documents_after_commit(PERIOD_KIND, report, actor)
    return report


@transaction.atomic
def report_respond(
    *,
    report: MonitoringReport,
    actor,
    response_ru: str = "",
    response_ky: str = "",
    responded_on: date | None = None,
) -> MonitoringReport:
    """The council's response to the report, recorded by its secretary (again, to correct it)."""
    report = (
        MonitoringReport.objects.select_for_update()
        .select_related("period__programme__municipality__district")
        .get(pk=report.pk)
    )
    programme = report.period.programme
    require(
        actor,
        programme,
        Need.COUNCIL,
        _("Ответ кенеша записывает секретарь айылного кенеша."),
    )
    if report.presented_to_council_on is None:
        raise ValidationError(
            _("Ответ кенеша записывается после того, как отчёт представлен кенешу.")
        )
    errors: dict[str, str] = {}
    if not _strip(response_ru) and not _strip(response_ky):
        errors["response_ru"] = _("Напишите ответ кенеша хотя бы на одном языке.")
    if responded_on is None:
        errors["responded_on"] = _("Укажите дату ответа кенеша.")
    else:
        _not_in_future(responded_on, "responded_on", errors, timezone.localdate())
        if responded_on < report.presented_to_council_on:
            errors.setdefault(
                "responded_on",
                _("Кенеш не может ответить раньше, чем ему представили отчёт (%(date)s).")
                % {"date": f"{report.presented_to_council_on:%d.%m.%Y}"},
            )
    if errors:
        raise ValidationError(errors)
    report.council_response_ru = _strip(response_ru)
    report.council_response_ky = _strip(response_ky)
    report.council_response_on = responded_on
    report.council_response_by = actor
    report.full_clean()
    report._history_user = actor
    report.save()
    programme_public_changed(programme)
    return report


# --- the annual implementation report ----------------------------------------------------------


def annual_years(programme: Programme, today: date | None = None) -> list[int]:
    """The years an annual report can be written for: those of the programme that have begun."""
    today = today or timezone.localdate()
    return [year for year in programme.years if year <= today.year]


def _locked_programme(programme: Programme) -> Programme:
    return (
        Programme.objects.select_for_update()
        .select_related("municipality__district")
        .get(pk=programme.pk)
    )


@transaction.atomic
def annual_report_write(
    *, programme: Programme, year: int, actor, summary_ru: str = "", summary_ky: str = ""
) -> AnnualReport:
    """The ОМСУ's summary of a year of the programme, written by the chair of the working
    group (the figures come from the monitoring data)."""
    programme = _locked_programme(programme)
    require(
        actor,
        programme,
        Need.MANAGE,
        _("Годовой отчёт готовит председатель рабочей группы (айыл окмоту)."),
    )
    if programme.status not in MONITORED_STATUSES:
        raise ValidationError(_("Годовой отчёт пишут по программе, которая реализуется."))
    if year not in annual_years(programme):
        raise ValidationError(
            _("Годовой отчёт можно написать за начавшийся год периода программы.")
        )
    report = AnnualReport.objects.filter(programme=programme, year=year).first()
    if report is not None and report.is_presented:
        raise ReportPresented(
            _("Отчёт уже заслушан кенешем: его текст остаётся таким, каким его заслушали.")
        )
    errors = {}
    if not _strip(summary_ru) and not _strip(summary_ky):
        errors["summary_ru"] = _("Напишите итоги года хотя бы на одном языке.")
    if errors:
        raise ValidationError(errors)
    report = report or AnnualReport(programme=programme, year=year)
    report.summary_ru = _strip(summary_ru)
    report.summary_ky = _strip(summary_ky)
    report.prepared_by = actor
    report.full_clean()
    report._history_user = actor
    report.save()
    return report


@transaction.atomic
def annual_report_hear(
    *,
    report: AnnualReport,
    actor,
    presented_on: date | None,
    decision_number: str = "",
    decision_date: date | None = None,
    response_ru: str = "",
    response_ky: str = "",
    at: datetime | None = None,
    request_documents: bool = True,
) -> AnnualReport:
    """Record the council session that heard the annual report, its decision and what the
    council said (again, to correct it). `at` and `request_documents` as for
    `report_present`."""
    report = (
        AnnualReport.objects.select_for_update()
        .select_related("programme__municipality__district")
        .get(pk=report.pk)
    )
    programme = report.programme
    require(
        actor,
        programme,
        Need.COUNCIL,
        _("Заслушивание отчёта на сессии записывает секретарь айылного кенеша."),
    )
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if presented_on is None:
        errors["presented_on"] = _("Укажите дату сессии кенеша.")
    else:
        _not_in_future(presented_on, "presented_on", errors, today)
        if presented_on.year < report.year:
            errors.setdefault(
                "presented_on",
                _("Отчёт за %(year)s год заслушивают не раньше %(year)s года.")
                % {"year": report.year},
            )
    number = _strip(decision_number)
    if number and decision_date is None:
        errors["decision_date"] = _("Укажите дату решения кенеша.")
    if decision_date is not None:
        if not number:
            errors["decision_number"] = _("Укажите номер решения кенеша.")
        _not_in_future(decision_date, "decision_date", errors, today)
        if presented_on is not None and decision_date < presented_on:
            errors.setdefault(
                "decision_date", _("Решение не может быть раньше сессии, на которой его приняли.")
            )
    if errors:
        raise ValidationError(errors)
    first_time = report.presented_at is None
    report.presented_on = presented_on
    report.decision_number = number
    report.decision_date = decision_date
    report.council_response_ru = _strip(response_ru)
    report.council_response_ky = _strip(response_ky)
    report.hearing_recorded_by = actor
    if first_time:
        report.presented_at = at or timezone.now()
    report.full_clean()
    report._history_user = actor
    report.save()
    programme_public_changed(programme)
    if first_time and request_documents:
        _documents_after_commit(ANNUAL_KIND, report, actor)
    return report


def presented_documents_request(*, programme: Programme, actor) -> list:
    """Ask for the documents, in every language, of the programme's presented reports that have
    none yet asked for since their presentation (reports recorded with
    `request_documents=False`, as the demo does). Returns the documents asked for."""
    asked = []
    pairs = [
        (PERIOD_KIND, r)
        for r in MonitoringReport.objects.filter(
            period__programme=programme, presented_at__isnull=False
        ).select_related("period__programme__municipality__district")
    ] + [
        (ANNUAL_KIND, r)
        for r in AnnualReport.objects.filter(
            programme=programme, presented_at__isnull=False
        ).select_related("programme__municipality__district")
    ]
    # what was asked for since each presentation (one query): not asked again
    since = {(kind_key, report.pk): report.presented_at for kind_key, report in pairs}
    there = {
        (kind_key, object_id, language)
        for kind_key, object_id, language, requested_at in Document.objects.filter(
            kind__in=[PERIOD_KIND, ANNUAL_KIND], object_id__in=[r.pk for _k, r in pairs]
        ).values_list("kind", "object_id", "language", "requested_at")
        if (kind_key, object_id) in since and requested_at >= since[(kind_key, object_id)]
    }
    for kind_key, report in pairs:
        kind = kinds[kind_key]
        for language in DocumentLanguage.values:
            if (kind_key, report.pk, language) not in there:
                asked.append(
                    document_request(kind=kind, obj=report, language=language, actor=actor)
                )
    return asked
