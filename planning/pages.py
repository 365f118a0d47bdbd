"""What `planning` puts in the extension points of the pages it shares: its entries of the main
menu and its listing of programmes under each municipality (both owned by `municipalities`),
and its own sections of a programme's public page (registered like an app's, so that an app
above can put a section between them). Called once, from `PlanningConfig.ready()`."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipalities import listings, navigation, people
from municipalities.listings import HomeFilter, Listing
from municipalities.navigation import NavEntry, signed_in

from .extensions import PublicSection, public_sections
from .selectors import waiting
from .selectors.listing import APPROVED_FILTER, programmes_by_municipality, with_approved_programme
from .selectors.people import programmes_naming
from .selectors.review import is_reviewer

PUBLIC_SECTIONS = [
    ("vision", _("Видение и общая цель")),
    ("plan", _("План мероприятий")),
    ("indicators", _("Индикаторы")),
    ("finance", _("Финансовая модель")),
    ("passport", _("Паспорт")),
    ("analysis", _("Анализ ситуации")),
    ("swot", _("SWOT")),
    ("workgroup", _("Рабочая группа")),
]


def waiting_count(request) -> int | None:
    """The number next to «Мои задачи»: everything that waits for the person (none: no
    number)."""
    return waiting.waiting_count(request.user, timezone.localdate()) or None


def register() -> None:
    # a person named by a programme is deactivated, not deleted
    people.register(people.References("programmes", find=programmes_naming, order=10))
    navigation.register(
        NavEntry(
            "my_tasks",
            _("Мои задачи"),
            "planning:my_tasks",
            visible=signed_in,
            count=waiting_count,
            count_label=_("ждут вас"),
            order=20,
        )
    )
    waiting.register()
    navigation.register(
        NavEntry("review", _("Рецензирование"), "planning:dashboard", visible=is_reviewer, order=30)
    )
    listings.register(
        Listing(
            "programmes",
            load=programmes_by_municipality,
            templates={
                "home": "planning/listing/_home.html",
                "detail": "planning/listing/_detail.html",
                "detail_actions": "planning/listing/_detail_actions.html",
                "card": "planning/listing/_card.html",
            },
        )
    )
    listings.register_home_filter(
        HomeFilter(
            APPROVED_FILTER,
            label=_("только утверждённые программы"),
            title=_("Утверждённые программы развития муниципалитетов"),
            empty=_("В этой области пока нет утверждённых программ."),
            restrict=with_approved_programme,
        )
    )
    # planning's sections read the page's own context (one set of queries for all of them);
    # the consultation, whose form the page posts, closes the page after every section
    for i, (key, title) in enumerate(PUBLIC_SECTIONS, start=1):
        public_sections.register(
            PublicSection(key, title, f"planning/public/_{key}.html", order=i * 10)
        )
