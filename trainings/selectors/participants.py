"""The list of an event's participants, as its working page shows it."""

from django.core.paginator import Paginator
from django.db.models import Prefetch

from ..columns import norm
from ..models import Attendance, Participant

PARTICIPANTS_PER_PAGE = 50


def participants_page(event, query: str, page_number) -> dict:
    """A page of the participants, alphabetically, with the days each was present (three
    queries: the count, the page, their attendance)."""
    participants = (
        Participant.objects.filter(event=event)
        .select_related("municipality__district", "user")
        .prefetch_related(
            Prefetch("attendance", queryset=Attendance.objects.only("participant_id", "day"))
        )
        .order_by("name_key", "pk")
    )
    if query:
        participants = participants.filter(name_key__contains=norm(query))
    page = Paginator(participants, PARTICIPANTS_PER_PAGE).get_page(page_number)
    days = event.days
    rows = []
    for participant in page.object_list:
        present = {mark.day for mark in participant.attendance.all()}
        rows.append(
            {
                "participant": participant,
                "days": [(day, day in present) for day in days],
            }
        )
    return {"page": page, "rows": rows, "query": query}
