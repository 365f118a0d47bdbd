"""The programmes whose content or history names a person (municipalities.people): a person
who authored, moderated, answered, recorded or changed anything of a programme keeps their
name there, so they are deactivated rather than deleted."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from ..models import FROZEN_STATUSES, Programme
from ..parts import parts


def _programme_ids_naming(user) -> tuple[set[int], bool]:
    """(ids of the programmes naming the person, whether some history names them without a
    programme it can still be traced to: an item deleted since)."""
    user_model = get_user_model()
    ids: set[int] = set()
    untraced = False
    for part in parts():
        lookup = part.lookup
        for field in part.model._meta.concrete_fields:
            if field.is_relation and field.related_model is user_model:
                rows = part.model._base_manager.filter(**{field.name: user})
                ids.update(rows.values_list(lookup, flat=True).distinct())
        if part.history:
            changes = part.model.history.filter(history_user=user)
            found = set(changes.values_list("id" if part.is_root else part.path, flat=True))
            untraced = untraced or None in found
            ids.update(found - {None})
    ids.discard(None)
    return ids, untraced


def programmes_naming(user) -> list[str]:
    """One line per programme that names the person, approved versions first."""
    ids, untraced = _programme_ids_naming(user)
    programmes = (
        Programme.objects.filter(pk__in=ids)
        .select_related("municipality")
        .order_by("municipality__name", "start_year", "version")
    )
    lines = [
        _("%(municipality)s — ПСЭР %(start)s–%(end)s, версия %(version)s (%(status)s)")
        % {
            "municipality": programme.municipality.name,
            "start": programme.start_year,
            "end": programme.end_year,
            "version": programme.version,
            "status": programme.get_status_display(),
        }
        for programme in sorted(programmes, key=lambda p: p.status not in FROZEN_STATUSES)
    ]
    if untraced:
        lines.append(_("история изменений удалённых записей"))
    return lines
