"""What every planning service shares: editing with revisions, both languages, history."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from municipalities.permissions import Need, can

from ..parts import part_of
from ..permissions import ensure_editable


def require_can(actor, programme, need: Need = Need.EDIT, message: str | None = None) -> None:
    """Services check the actor themselves, whoever calls them (view, import, command)."""
    if actor is None or not can(actor, programme.municipality, need):
        raise PermissionDenied(
            message or _("Изменять программу могут только члены рабочей группы муниципалитета.")
        )


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str


class StaleEdit(Exception):
    """Someone saved the item after this person opened it: their save is refused.
    `changes` says what the other person changed; `current` is the item as saved now."""

    def __init__(self, current, changes: list[Change], changed_by=None):
        self.current = current
        self.changes = changes
        self.changed_by = changed_by
        super().__init__("stale edit")


def _display(instance, field) -> str:
    value = getattr(instance, field.attname, None)
    if field.choices and value is not None:
        return str(dict(field.flatchoices).get(value, value))
    return "" if value is None else str(value)


def changes_since(instance, revision: int) -> tuple[list[Change], object]:
    """What changed in `instance` since its `revision`, from its history, and who changed it."""
    old = instance.history.filter(revision=revision).order_by("-history_date").first()
    latest = instance.history.order_by("-history_date").first()
    changed_by = latest.history_user if latest else None
    if old is None:
        return [], changed_by
    changes = []
    for field in instance._meta.concrete_fields:
        if field.name in {"revision", "updated_at", "id"} or field.is_relation:
            continue
        before, after = _display(old, field), _display(instance, field)
        if before != after:
            changes.append(Change(field.name, str(field.verbose_name), before, after))
    return changes, changed_by


def next_sort_order(siblings) -> int:
    """The position after the last of `siblings` (an item added goes to the end); the first
    item of a list is at 0, as indicators and members of the working group are."""
    last = siblings.aggregate(m=Max("sort_order"))["m"]
    return 0 if last is None else last + 1


def assign_fields(instance, fields: dict, allowed) -> None:
    """Set the editable `fields` on `instance`; a name outside `allowed` is a programming
    error. An empty translated text is stored as "", never None."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    for name, value in fields.items():
        if name.endswith(("_ru", "_ky")) and value is None:
            value = ""
        setattr(instance, name, value)


def require_one_language(instance, *fields: str) -> None:
    """A required translated text (its model field is not `blank`) must be written in at least
    one language; optional ones may be empty in both."""
    errors = {}
    for name in fields:
        if instance._meta.get_field(name).blank:
            continue
        if not (getattr(instance, f"{name}_ru", "") or getattr(instance, f"{name}_ky", "")):
            label = instance._meta.get_field(name).verbose_name
            errors[f"{name}_ru"] = ValidationError(
                _("Заполните «%(field)s» хотя бы на одном языке."),
                code="required",
                params={"field": label},
            )
    if errors:
        raise ValidationError(errors)


def require_translated(instance) -> None:
    """`require_one_language` for every translated field its declaration names."""
    part = part_of(type(instance))
    if part is not None and part.translated:
        require_one_language(instance, *part.translated)


def lock_status(programme) -> None:
    """Lock the programme's row until the transaction ends and take its status as stored now,
    so that a write cannot slip in while someone moves the programme on."""
    from ..models import Programme

    status = (
        Programme.objects.select_for_update()
        .filter(pk=programme.pk)
        .values_list("status", flat=True)
        .first()
    )
    if status is not None:
        programme.status = status


def ensure_editable_locked(programme) -> None:
    """`ensure_editable` on the status as stored now, with the programme's row locked."""
    lock_status(programme)
    ensure_editable(programme)


@transaction.atomic
def revisioned_save(
    instance: models.Model,
    *,
    programme,
    actor,
    expected_revision: int | None,
) -> models.Model:
    """Validate and save an edited item of a draft programme.

    The required ones of its translated fields (its declaration, planning.parts) need one
    language at least (never assign the bare field: modeltranslation writes it into the current
    language).
    Refused with `StaleEdit` when `expected_revision` (the revision the person started from)
    is not the one in the database; with `ValidationError` when the data is wrong; with
    `ProgrammeNotEditable` when the programme is no longer a draft."""
    ensure_editable_locked(programme)
    if instance.pk is not None:
        model = type(instance)
        current = model.objects.select_for_update().get(pk=instance.pk)
        if expected_revision is not None and current.revision != expected_revision:
            changes, changed_by = changes_since(current, expected_revision)
            raise StaleEdit(current, changes, changed_by)
        instance.revision = current.revision + 1
    require_translated(instance)
    instance.full_clean()
    instance._history_user = actor
    instance.save()
    return instance


@transaction.atomic
def plain_save(instance: models.Model, *, programme, actor) -> models.Model:
    """Validate and save a small item without its own revision (a cost, a target, …)."""
    ensure_editable_locked(programme)
    instance.full_clean()
    instance._history_user = actor
    instance.save()
    return instance


@transaction.atomic
def plain_delete(instance: models.Model, *, programme, actor) -> None:
    ensure_editable_locked(programme)
    instance._history_user = actor
    instance.delete()
