"""Project events (trainings, exchange visits, working-group meetings, planning sessions,
conferences), what happens at them (topics, agenda, materials) and who took part
(participants and their attendance by day). Figures about them are never stored: they are
counted from the participant rows whenever a page shows them (trainings.selectors)."""

from .events import (
    MAX_DAYS,
    AgendaItem,
    Event,
    EventKind,
    EventMaterial,
    EventTopic,
)
from .participants import (
    Attendance,
    OrganisationType,
    Participant,
    PositionCategory,
    Sex,
    name_key,
    person_key,
)

__all__ = [
    "MAX_DAYS",
    "AgendaItem",
    "Attendance",
    "Event",
    "EventKind",
    "EventMaterial",
    "EventTopic",
    "OrganisationType",
    "Participant",
    "PositionCategory",
    "Sex",
    "name_key",
    "person_key",
]
