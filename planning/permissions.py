"""Who may read or change a programme: every planning view goes through `get_programme_for`."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from municipalities.permissions import Need, can

from .models import Programme


class ProgrammeNotEditable(PermissionDenied):
    """The programme is past drafting (in review, approved, …): its content is frozen."""


class ProgrammeFrozen(ProgrammeNotEditable):
    """The council approved this version: nothing in it may change any more."""

    def __init__(self, message=None):
        super().__init__(
            message
            or _(
                "Эта версия программы утверждена кенешем и заморожена: изменить её нельзя. "
                "Чтобы внести изменения, начните новую версию."
            )
        )


def get_programme_for(user, pk: int, need: Need | str = Need.VIEW) -> Programme:
    """The programme if `user` may do `need` in its municipality: 404 if it does not exist,
    403 otherwise. For EDIT and MANAGE the programme must also be a draft."""
    programme = get_object_or_404(
        Programme.objects.select_related("municipality__district__oblast"), pk=pk
    )
    need = Need(need)
    if not can(user, programme.municipality, need):
        raise PermissionDenied(_("У вас нет доступа к этой программе."))
    if need in (Need.EDIT, Need.MANAGE):
        ensure_editable(programme)
    return programme


def ensure_editable(programme: Programme) -> None:
    if programme.is_frozen:
        raise ProgrammeFrozen()
    if not programme.is_editable:
        raise ProgrammeNotEditable(
            _("Программа в статусе «%(status)s»: её содержание изменить нельзя.")
            % {"status": programme.get_status_display()}
        )
