"""What the overview shows of the life-cycle: status, the buttons this person may press, the
steps so far and the reviewer's request when changes were asked for. Two queries."""

from ..models import Action, CouncilDecision, ProgrammeStatus, Transition
from ..services.lifecycle import available_actions


def lifecycle_panel(programme, *, user, limit: int = 10) -> dict:
    transitions = list(
        Transition.objects.filter(programme=programme).select_related("actor")[:limit]
    )
    latest = transitions[0] if transitions else None
    changes_requested = (
        latest
        if latest
        and latest.action == Action.REQUEST_CHANGES
        and programme.status == ProgrammeStatus.DRAFT
        else None
    )
    return {
        "actions": available_actions(programme, user),
        "transitions": transitions,
        "changes_requested": changes_requested,
        "council_decision": CouncilDecision.objects.filter(programme=programme).first(),
    }
