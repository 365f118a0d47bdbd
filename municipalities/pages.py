"""What `municipalities` puts in the extension points it owns, the same way as the apps above
do: its own entries of the main menu."""

from django.utils.translation import gettext_lazy as _

from . import navigation
from .navigation import NavEntry, signed_in, staff


def register() -> None:
    navigation.register(NavEntry("home", _("Главная"), "home", order=0))
    navigation.register(
        NavEntry(
            "my_municipalities",
            _("Мои муниципалитеты"),
            "my_municipalities",
            visible=signed_in,
            order=10,
        )
    )
    # last: the other apps' entries come between the person's own pages and the administration
    navigation.register(
        NavEntry("admin", _("Администрирование"), "admin:index", visible=staff, order=1000)
    )
