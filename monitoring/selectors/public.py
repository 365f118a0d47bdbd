"""What the public page of a programme in implementation shows of its monitoring: the progress
of each direction and the indicators against their targets, from the periods the ГСМиО handed
in (a period still being filled is not shown), and the reports once presented, with their
documents. No names of people. A fixed number of queries, whatever the number of indicators,
activities, periods and reports."""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q

from documents.kinds import kinds
from documents.models import Document, DocumentLanguage, DocumentStatus
from planning.models import Programme

from .. import charts
from ..documents import ANNUAL_KIND, PERIOD_KIND
from ..models import AnnualReport, MonitoringReport
from .rollup import Monitoring, monitoring


@dataclass
class PublishedReport:
    report: object  # MonitoringReport or AnnualReport
    documents: list[Document]  # the newest public one of each language, ru, ky, ru+ky


@dataclass
class PublicProgress:
    m: Monitoring
    charts: dict[int, object]  # indicator id → its chart
    reports: list[PublishedReport]
    annual: list[PublishedReport]

    @property
    def has_data(self) -> bool:
        return bool(self.m.periods)


def _published(kind_key: str, reports: list) -> list[PublishedReport]:
    """Each report with its public documents (one query for all of them)."""
    if not reports:
        return []
    kind = kinds[kind_key]
    which = [
        Q(object_id=report.pk) & condition
        for report in reports
        if (condition := kind.public(report)) is not None
    ]
    newest: dict[tuple[int, str], Document] = {}
    if which:
        found = Document.objects.filter(
            reduce(or_, which), kind=kind.key, status=DocumentStatus.DONE
        ).order_by("-finished_at", "-pk")
        for document in found:
            newest.setdefault((document.object_id, document.language), document)
    return [
        PublishedReport(
            report,
            [
                newest[(report.pk, lang)]
                for lang in DocumentLanguage.values
                if (report.pk, lang) in newest
            ],
        )
        for report in reports
    ]


def public_progress(programme: Programme) -> PublicProgress:
    m = monitoring(programme, handed_in_only=True)
    presented = list(
        MonitoringReport.objects.filter(period__programme=programme, presented_at__isnull=False)
        .select_related("period")
        .order_by("-period__starts_on")
    )
    annual = list(
        AnnualReport.objects.filter(programme=programme, presented_at__isnull=False).order_by(
            "-year"
        )
    )
    drawn = {}
    for line in m.indicators:
        chart = charts.indicator_chart(line, programme)
        if chart is not None:
            drawn[line.indicator.pk] = chart
    return PublicProgress(
        m=m,
        charts=drawn,
        reports=_published(PERIOD_KIND, presented),
        annual=_published(ANNUAL_KIND, annual),
    )
