"""What the services of events share: both languages, validation, history."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


def clean_text(value) -> str:
    return (value or "").strip()


def set_translated(instance, name: str, ru, ky) -> None:
    """Set both languages of a translated field (never the bare field: modeltranslation writes
    that into the language of the request)."""
    setattr(instance, f"{name}_ru", clean_text(ru))
    setattr(instance, f"{name}_ky", clean_text(ky))


def require_one_language(instance, *names: str) -> None:
    """A required text must be written in at least one language."""
    errors = {}
    for name in names:
        if not (getattr(instance, f"{name}_ru") or getattr(instance, f"{name}_ky")):
            errors[f"{name}_ru"] = ValidationError(
                _("Заполните «%(field)s» хотя бы на одном языке."),
                code="required",
                params={"field": instance._meta.get_field(name).verbose_name},
            )
    if errors:
        raise ValidationError(errors)


def save_checked(instance: models.Model, *, actor, exclude=None) -> models.Model:
    """Validate the row (fields and constraints) and save it with `actor` in its history."""
    instance.full_clean(exclude=exclude)
    instance._history_user = actor
    instance.save()
    return instance


def delete_recorded(instance: models.Model, *, actor) -> None:
    instance._history_user = actor
    instance.delete()
