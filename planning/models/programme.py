"""The Programme of Socio-Economic Development (ПСЭР / СЭӨП) of a municipality."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality

from ..parts import Compared, programme_part
from .base import Revisioned, Section

MIN_YEARS, MAX_YEARS = 3, 10


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("черновик")
    IN_REVIEW = "in_review", _("на рассмотрении")
    PUBLIC_CONSULTATION = "public_consultation", _("обсуждение с населением")
    SUBMITTED_TO_COUNCIL = "submitted_to_council", _("передано в кенеш")
    APPROVED = "approved", _("утверждена")
    IN_IMPLEMENTATION = "in_implementation", _("в реализации")
    SUPERSEDED = "superseded", _("заменена новой версией")


# Statuses in which citizens may read the programme without logging in.
PUBLIC_STATUSES = [
    ProgrammeStatus.PUBLIC_CONSULTATION,
    ProgrammeStatus.SUBMITTED_TO_COUNCIL,
    ProgrammeStatus.APPROVED,
    ProgrammeStatus.IN_IMPLEMENTATION,
    ProgrammeStatus.SUPERSEDED,
]
# Statuses in which the working group may change the content.
EDITABLE_STATUSES = [ProgrammeStatus.DRAFT]
# Statuses of a version the council approved: nothing in it may change any more.
FROZEN_STATUSES = [
    ProgrammeStatus.APPROVED,
    ProgrammeStatus.IN_IMPLEMENTATION,
    ProgrammeStatus.SUPERSEDED,
]


# What a version's comparison shows of the programme row: its content, not its life-cycle.
COMPARED_FIELDS = (
    "title_ru",
    "title_ky",
    "start_year",
    "end_year",
    "vision_ru",
    "vision_ky",
    "vision_year",
    "overall_goal_ru",
    "overall_goal_ky",
)


# The root of every other part. Its texts are edited on the vision page; the history page puts
# a change of the vision or the overall goal under that section, and the rest (title, period,
# status) under the programme as a whole. Frozen with its approved version except for its
# life-cycle (planning.signals); a new version is a new programme row, not a copy.
@programme_part(
    path="",
    section=Section.VISION,
    translated=("title", "vision", "overall_goal"),
    compared=Compared(
        "programme", "programme", match=(), title=_("Программа"), only=COMPARED_FIELDS
    ),
)
class Programme(Revisioned):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("муниципалитет"),
    )
    title = models.CharField(_("название"), max_length=300)
    start_year = models.PositiveSmallIntegerField(
        _("год начала"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("год окончания"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("статус"),
        max_length=24,
        choices=ProgrammeStatus.choices,
        default=ProgrammeStatus.DRAFT,
    )
    version = models.PositiveSmallIntegerField(_("версия"), default=1)
    previous_version = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_versions",
        verbose_name=_("предыдущая версия"),
    )
    vision = models.TextField(_("видение"), blank=True, max_length=5000)
    vision_year = models.PositiveSmallIntegerField(
        _("видение до года"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    overall_goal = models.TextField(_("общая цель"), blank=True, max_length=3000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("создал"),
    )
    status_changed_at = models.DateTimeField(_("статус изменён"), auto_now_add=True)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    # Kept up to date after every change of the content (planning.signals), so that the
    # reviewers' dashboard can sort and filter hundreds of programmes in a few queries.
    completeness_percent = models.PositiveSmallIntegerField(
        _("заполненность, %"), default=0, editable=False
    )
    ky_percent = models.PositiveSmallIntegerField(
        _("тексты на кыргызском, %"), default=0, editable=False
    )
    content_changed_at = models.DateTimeField(
        _("последнее изменение"), null=True, blank=True, editable=False
    )
    # Moves whenever something the public page shows changes, including what the apps above
    # add to it (monitoring's reports and figures): the key of what is kept of the page.
    public_revision = models.PositiveIntegerField(
        _("публичная редакция"), default=1, editable=False
    )

    class Meta:
        ordering = ["-start_year", "-version"]
        verbose_name = _("программа социально-экономического развития")
        verbose_name_plural = _("программы социально-экономического развития")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year") + (MIN_YEARS - 1))
                & Q(end_year__lte=F("start_year") + (MAX_YEARS - 1)),
                name="programme_period_3_to_10_years",
                violation_error_message=_("Период программы — от 3 до 10 лет."),
            ),
            models.UniqueConstraint(
                fields=["municipality", "start_year", "version"],
                name="programme_unique_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_year}–{self.end_year})"

    @classmethod
    def frozen(cls):
        """The versions the council approved: nothing in them may change any more."""
        return cls.objects.filter(status__in=FROZEN_STATUSES)

    def save(self, *args, **kwargs):
        # The public revision is moved only by an UPDATE of its own (planning.services.public):
        # saving an instance read before a move would put the counter back, and pages kept
        # under a revision would be served again for content they no longer show.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "public_revision"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("planning:overview", kwargs={"pk": self.pk})

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_STATUSES
