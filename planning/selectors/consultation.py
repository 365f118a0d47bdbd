"""What the consultation pages (the chair's page, the public page) and the programme document
show of the agreement with the population: citizens' proposals with the working group's
answers, and the public hearings. Each function runs a fixed number of queries whatever the
number of proposals or hearings."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q

from ..models import (
    CitizenProposal,
    Programme,
    ProposalDecision,
    ProposalStatus,
    PublicHearing,
)

PROPOSALS_PER_PAGE = 20


@dataclass
class ConsultationCounts:
    """Proposals by moderation state and, of the published ones, by the answer."""

    new: int = 0
    published: int = 0
    hidden: int = 0
    accepted: int = 0
    partly: int = 0
    not_accepted: int = 0

    @property
    def unanswered(self) -> int:
        return self.published - self.accepted - self.partly - self.not_accepted

    @property
    def received(self) -> int:
        return self.new + self.published + self.hidden

    def of(self, status: str) -> int:
        return getattr(self, status)


@dataclass
class HearingTotals:
    hearings: list[PublicHearing] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.hearings)

    @property
    def women(self) -> int:
        return sum(h.women for h in self.hearings)

    @property
    def men(self) -> int:
        return sum(h.men for h in self.hearings)

    @property
    def participants(self) -> int:
        return self.women + self.men


@dataclass
class ConsultationSummary:
    """The result of the agreement with the population, as the programme document shows it:
    the published proposals with their answers, the hearings, and the figures."""

    proposals: list[CitizenProposal]
    counts: ConsultationCounts
    hearings: HearingTotals

    @property
    def proposal_count(self) -> int:
        return len(self.proposals)


def consultation_counts(programme: Programme) -> ConsultationCounts:
    """One query: the proposals counted by moderation state and answer (a handful of rows,
    simpler for the database and for Django to write than a count filtered six ways)."""
    counts = ConsultationCounts()
    answered = set(ProposalDecision.values)
    for status, decision, number in (
        CitizenProposal.objects.filter(programme=programme)
        .order_by()
        .values_list("status", "decision")
        .annotate(number=Count("pk"))
    ):
        if status in ProposalStatus.values:
            setattr(counts, status, counts.of(status) + number)
        if status == ProposalStatus.PUBLISHED and decision in answered:
            setattr(counts, decision, counts.of(decision) + number)
    return counts


def hearings_of(programme: Programme) -> HearingTotals:
    """The hearings in the order they were held (one query)."""
    hearings = list(PublicHearing.objects.filter(programme=programme).order_by("date", "id"))
    for hearing in hearings:
        hearing.programme = programme
    return HearingTotals(hearings)


def _proposals(programme: Programme, status: str):
    return (
        CitizenProposal.objects.filter(programme=programme, status=status)
        .select_related("village", "moderated_by", "answered_by")
        .order_by("created_at", "id")
    )


def consultation_summary(programme: Programme) -> ConsultationSummary:
    """Every published proposal with its answer (oldest first), the hearings and the figures
    (received / accepted / partly / not accepted / unanswered; hearings with women and men).
    Two queries."""
    proposals = list(_proposals(programme, ProposalStatus.PUBLISHED))
    counts = ConsultationCounts(published=len(proposals))
    for proposal in proposals:
        proposal.programme = programme
        if proposal.decision == ProposalDecision.ACCEPTED:
            counts.accepted += 1
        elif proposal.decision == ProposalDecision.PARTLY:
            counts.partly += 1
        elif proposal.decision == ProposalDecision.NOT_ACCEPTED:
            counts.not_accepted += 1
    return ConsultationSummary(proposals, counts, hearings_of(programme))


def proposals_page(programme: Programme, status: str, page_number) -> Page:
    """One page of the proposals in a moderation state, oldest first (two queries)."""
    paginator = Paginator(_proposals(programme, status), PROPOSALS_PER_PAGE)
    page = paginator.get_page(page_number)
    for proposal in page.object_list:
        proposal.programme = programme
    return page


def proposal_page_number(proposal: CitizenProposal) -> int:
    """The page of its moderation state on which the chair's page lists the proposal (one
    query)."""
    before = (
        CitizenProposal.objects.filter(programme_id=proposal.programme_id, status=proposal.status)
        .filter(
            Q(created_at__lt=proposal.created_at)
            | Q(created_at=proposal.created_at, id__lt=proposal.pk)
        )
        .count()
    )
    return before // PROPOSALS_PER_PAGE + 1


STATUS_TABS = [ProposalStatus.NEW, ProposalStatus.PUBLISHED, ProposalStatus.HIDDEN]


def consultation_page(programme: Programme, *, status: str, page_number) -> dict:
    """The chair's page: the counts by state (the tabs), one page of proposals in the chosen
    state, the hearings with their totals. Four queries."""
    if status not in ProposalStatus.values:
        status = ProposalStatus.NEW
    counts = consultation_counts(programme)
    return {
        "counts": counts,
        "status": status,
        "tabs": [(value, ProposalStatus(value).label, counts.of(value)) for value in STATUS_TABS],
        "page": proposals_page(programme, status, page_number),
        "hearing_totals": hearings_of(programme),
    }
