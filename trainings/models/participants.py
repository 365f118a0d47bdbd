"""Who took part in an event, and on which of its days.

One person is matched across events by `person_key`: the portal user when the participant is
linked to one, otherwise the name (case and extra spaces ignored) together with the
municipality, or with the organisation for people who came from no municipality. The same
key twice in one event is refused by the database."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality

from .events import Event


class Sex(models.TextChoices):
    FEMALE = "female", _("женщина")
    MALE = "male", _("мужчина")


class PositionCategory(models.TextChoices):
    HEAD = "head", _("глава айыл окмоту")
    DEPUTY_HEAD = "deputy_head", _("заместитель главы айыл окмоту")
    EXECUTIVE_SECRETARY = "executive_secretary", _("ответственный секретарь")
    SPECIALIST = "specialist", _("специалист")
    COUNCIL_CHAIR = "council_chair", _("председатель кенеша")
    COUNCIL_DEPUTY = "council_deputy", _("депутат кенеша")
    MONITORING_MEMBER = "monitoring_member", _("член ГСМиО")
    INITIATIVE_GROUP = "initiative_group", _("член инициативной группы")
    CIVIL_SOCIETY = "civil_society", _("гражданское общество")
    OTHER = "other", _("другое")


class OrganisationType(models.TextChoices):
    STATE_BODY = "state_body", _("государственный орган")
    PARLIAMENT = "parliament", _("Жогорку Кенеш")
    NGO = "ngo", _("неправительственная организация")
    DONOR = "donor", _("донор")
    EXPERT = "expert", _("эксперт")


def name_key(full_name: str) -> str:
    """A name as the matching rule compares it: lower case, single spaces, ё as е."""
    return " ".join(full_name.split()).casefold().replace("ё", "е")


def person_key(
    *, user_id: int | None, full_name: str, municipality_id: int | None, organisation: str
) -> str:
    """The key that matches one person across events (see the module's docstring)."""
    if user_id is not None:
        return f"user:{user_id}"
    if municipality_id is not None:
        return f"name:{name_key(full_name)}|municipality:{municipality_id}"
    return f"name:{name_key(full_name)}|organisation:{name_key(organisation)}"


class Participant(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_participations",
        verbose_name=_("пользователь портала"),
    )
    full_name = models.CharField(_("фамилия, имя"), max_length=200)
    sex = models.CharField(_("пол"), max_length=6, choices=Sex.choices)
    position_category = models.CharField(
        _("категория должности"), max_length=20, choices=PositionCategory.choices
    )
    position = models.CharField(_("должность"), max_length=300, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_participants",
        verbose_name=_("муниципалитет"),
    )
    organisation = models.CharField(_("организация"), max_length=300, blank=True)
    organisation_type = models.CharField(
        _("тип организации"), max_length=12, choices=OrganisationType.choices, blank=True
    )
    contact = models.CharField(
        _("телефон или электронная почта"),
        max_length=200,
        blank=True,
        help_text=_("Видят только сотрудники проекта; на страницах для жителей не показывается."),
    )
    # derived from the fields above on every save (see the module's docstring)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    person_key = models.CharField(max_length=520, editable=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто добавил"),
    )
    created_at = models.DateTimeField(_("добавлен"), default=timezone.now)

    class Meta:
        ordering = ["event", "name_key", "id"]
        verbose_name = _("участник")
        verbose_name_plural = _("участники")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person_key"],
                name="participant_once_per_event",
                violation_error_message=_("Этот человек уже записан участником мероприятия."),
            ),
            models.CheckConstraint(
                condition=Q(municipality__isnull=False) | ~Q(organisation=""),
                name="participant_has_a_municipality_or_organisation",
                violation_error_message=_("Укажите муниципалитет участника или его организацию."),
            ),
            models.CheckConstraint(
                condition=Q(organisation="", organisation_type="") | ~Q(organisation=""),
                name="participant_organisation_type_with_organisation",
                violation_error_message=_("Тип организации указывается вместе с организацией."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.refresh_keys()
        super().save(*args, **kwargs)

    def refresh_keys(self) -> None:
        self.name_key = name_key(self.full_name)
        self.person_key = person_key(
            user_id=self.user_id,
            full_name=self.full_name,
            municipality_id=self.municipality_id,
            organisation=self.organisation,
        )

    def validate_constraints(self, exclude=None):
        # the keys the unique constraint compares are derived: bring them up to date first
        self.refresh_keys()
        super().validate_constraints(exclude=exclude)


class Attendance(models.Model):
    """A participant was there on that day of the event."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="attendance"
    )
    day = models.DateField(_("день"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто отметил"),
    )
    marked_at = models.DateTimeField(_("отмечено"), default=timezone.now)

    class Meta:
        ordering = ["participant", "day"]
        verbose_name = _("присутствие")
        verbose_name_plural = _("присутствие")
        constraints = [
            models.UniqueConstraint(fields=["participant", "day"], name="attendance_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.participant} — {self.day:%d.%m.%Y}"
