"""People are deactivated, not deleted.

What a person wrote, moderated, answered, recorded or changed keeps their name: an approved
version of a programme and the history of every change say who did what. Deleting the person
would rewrite those rows behind the freeze and the history (a database cascade sends no
signal), so the foreign keys to a person are PROTECT, and a person whom an app's records name
cannot be deleted at all: the administrator deactivates them instead (they can no longer log
in, and every record stays as it was).

Which records name a person is known to the apps that keep them: each registers a
`References` entry from its `AppConfig.ready()` (planning: the programmes whose content or
history names the person). A deletion through any path (the admin, the shell) is refused
with `PersonReferenced`, naming those records.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from common.registry import Registry

# A message names this many records, then says how many more there are.
SHOWN = 5


@dataclass(frozen=True)
class References:
    key: str
    # the person → what of the app names them, one line each, in the current language
    find: Callable[[object], list[str]]
    order: int = 100

    def template_names(self):
        return ()


references: Registry[References] = Registry("references to a person")
register = references.register
unregister = references.unregister


class PersonReferenced(ProtectedError):
    """Refused: the person is named by records that must not change."""

    def __init__(self, message: str):
        super().__init__(message, set())
        self.message = message

    def __str__(self) -> str:
        return self.message


def records_naming(user) -> list[str]:
    """Every record of every app that names the person (empty: nothing does)."""
    lines = []
    for entry in references:
        lines.extend(entry.find(user))
    return lines


def deletion_refusal(user) -> str | None:
    """Why the person cannot be deleted, or None when nothing names them."""
    lines = records_naming(user)
    if not lines:
        return None
    shown = "; ".join(lines[:SHOWN])
    if len(lines) > SHOWN:
        shown += " " + _("и ещё %(count)d") % {"count": len(lines) - SHOWN}
    return _(
        "Пользователя «%(person)s» нельзя удалить: он записан в программах — в их "
        "содержании или в истории изменений: %(records)s. Удаление стёрло бы его имя из "
        "утверждённых версий и из истории. Отключите пользователя действием «Отключить»: "
        "он больше не сможет войти, а все записи останутся."
    ) % {"person": user, "records": shown}


def refuse_deleting_a_named_person(sender, instance, **kwargs):
    """pre_delete of the user model: whatever path deletes a person."""
    message = deletion_refusal(instance)
    if message:
        raise PersonReferenced(message)
