"""Texts that citizens read exist in Russian and Kyrgyz (django-modeltranslation); the history
of the event's rows is registered after the translation fields exist, so that it keeps both
languages."""

from modeltranslation.translator import TranslationOptions, translator
from simple_history import register

from .models import AgendaItem, Event, EventMaterial, EventTopic, Participant

TRANSLATED = {
    Event: (
        "title",
        "description",
        "village",
        "address",
        "organiser",
        "trainers",
        "target_audience",
        "outcomes",
    ),
    EventTopic: ("title",),
    AgendaItem: ("action", "responsible", "responsible_position"),
    EventMaterial: ("title",),
}

for model, fields in TRANSLATED.items():
    translator.register(
        model, type(f"{model.__name__}Translation", (TranslationOptions,), {"fields": fields})
    )

# who changed an event, its agenda, its materials and its participants, and how
for model in (Event, EventTopic, AgendaItem, EventMaterial, Participant):
    register(model, app="trainings")
