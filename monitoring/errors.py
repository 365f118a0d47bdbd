"""What monitoring refuses, with the reason people read."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


class PeriodClosed(PermissionDenied):
    """The period was handed in (or closed): its data is frozen until the council secretary
    gives it back to the group."""

    def __init__(self, message=None):
        super().__init__(
            message
            or _(
                "Этот отчётный период сдан или закрыт: его данные изменить нельзя. Секретарь "
                "кенеша может вернуть период ГСМиО с указанием причины."
            )
        )
