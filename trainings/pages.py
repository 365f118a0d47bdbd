"""What `trainings` puts in the extension points of the pages `municipalities` owns: its
entries of the main menu, the events listed on each municipality's page and card, and the
records that name a person (so that a participant's account is deactivated, not deleted).
Called once, from `TrainingsConfig.ready()`."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipalities import listings, navigation, people
from municipalities.listings import Listing
from municipalities.navigation import NavEntry

from .models import AgendaItem, Attendance, Event, EventMaterial, EventTopic, Participant
from .permissions import is_event_staff
from .selectors.participation import events_attended, nothing

SHOWN = 5


def events_naming(user) -> list[str]:
    """The events whose records name the person: as a participant, as the one who created it,
    uploaded a material, marked attendance, or in the history of its rows."""
    event_ids = set(
        Participant.objects.filter(user=user).values_list("event_id", flat=True)[: SHOWN + 1]
    )
    event_ids |= set(Event.objects.filter(created_by=user).values_list("pk", flat=True)[:SHOWN])
    event_ids |= set(
        EventMaterial.objects.filter(uploaded_by=user).values_list("event_id", flat=True)[:SHOWN]
    )
    event_ids |= set(
        Attendance.objects.filter(marked_by=user).values_list("participant__event_id", flat=True)[
            :SHOWN
        ]
    )
    for model in (Event, EventTopic, AgendaItem, EventMaterial, Participant):
        history = model.history.filter(history_user=user)
        field = "id" if model is Event else "event_id"
        event_ids |= set(history.values_list(field, flat=True)[:SHOWN])
    events = Event.objects.filter(pk__in=event_ids).order_by("-start_date")
    return [
        _("мероприятие «%(title)s» (%(date)s)")
        % {"title": event.title_ru or event.title_ky, "date": f"{event.start_date:%d.%m.%Y}"}
        for event in events
    ]


def register() -> None:
    people.register(people.References("events", find=events_naming, order=20))
    # everyone reads the events that are over; the staff who keep them go to their list
    navigation.register(
        NavEntry(
            "events",
            gettext_lazy("Мероприятия"),
            "trainings:public_list",
            visible=lambda user: not is_event_staff(user),
            order=40,
        )
    )
    navigation.register(
        NavEntry(
            "events_work",
            gettext_lazy("Мероприятия"),
            "trainings:list",
            visible=is_event_staff,
            order=40,
        )
    )
    listings.register(
        Listing(
            "events",
            load=events_attended,
            templates={
                "detail": "trainings/listing/_detail.html",
            },
            order=150,
        )
    )
    # the link to a municipality's participation costs no query: the cards of «Мои
    # муниципалитеты» and the list for its members on its page
    listings.register(
        Listing(
            "event_participation",
            load=nothing,
            templates={
                "card": "trainings/listing/_card.html",
                "detail_actions": "trainings/listing/_detail_actions.html",
            },
            order=150,
        )
    )
