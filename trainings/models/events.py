"""An event and what belongs to it: its topics, its agenda and its materials."""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality, Oblast

# The longest event the portal keeps (days from the first to the last): an attendance sheet
# has a signature column for each day, and a page a checkbox for each.
MAX_DAYS = 14


class EventKind(models.TextChoices):
    TRAINING = "training", _("тренинг")
    EXCHANGE_VISIT = "exchange_visit", _("обмен опытом")
    WG_MEETING = "wg_meeting", _("заседание рабочей группы")
    PLANNING_SESSION = "planning_session", _("планировочная сессия")
    CONFERENCE = "conference", _("конференция или обсуждение")


class Event(models.Model):
    """A training, an exchange visit, a meeting, a planning session or a conference.

    It belongs to an oblast (its reviewers keep it) or, without one, it is national (kept by
    the administrators). It takes place in a municipality (and a village of it) or at an
    address; its days run from `start_date` to `end_date`."""

    kind = models.CharField(_("вид мероприятия"), max_length=20, choices=EventKind.choices)
    oblast = models.ForeignKey(
        Oblast,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("область"),
        help_text=_("Пусто — республиканское мероприятие."),
    )
    title = models.CharField(_("название"), max_length=300)
    description = models.TextField(_("описание"), blank=True)
    start_date = models.DateField(_("первый день"))
    end_date = models.DateField(_("последний день"))
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events_held",
        verbose_name=_("муниципалитет проведения"),
    )
    village = models.CharField(_("село"), max_length=160, blank=True)
    address = models.CharField(
        _("адрес"),
        max_length=300,
        blank=True,
        help_text=_("Если мероприятие прошло не в муниципалитете портала: город, улица, зал."),
    )
    organiser = models.CharField(_("организатор"), max_length=300, blank=True)
    trainers = models.TextField(
        _("тренеры и фасилитаторы"), blank=True, help_text=_("По одному в строке.")
    )
    target_audience = models.TextField(_("целевая аудитория"), blank=True)
    outcomes = models.TextField(_("результаты"), blank=True)
    outcome_municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="+",
        verbose_name=_("муниципалитеты, в чьи планы вошли результаты"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто создал"),
    )
    created_at = models.DateTimeField(_("создано"), default=timezone.now)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("мероприятие")
        verbose_name_plural = _("мероприятия")
        indexes = [models.Index(fields=["start_date"], name="event_start_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="event_end_not_before_start",
                violation_error_message=_("Последний день не может быть раньше первого."),
            ),
            models.CheckConstraint(
                condition=Q(municipality__isnull=False) | ~Q(address_ru="") | ~Q(address_ky=""),
                name="event_has_a_place",
                violation_error_message=_(
                    "Укажите место: муниципалитет или адрес хотя бы на одном языке."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title_ru or self.title_ky} ({self.start_date:%d.%m.%Y})"

    @property
    def is_national(self) -> bool:
        return self.oblast_id is None

    @property
    def days(self) -> list[date]:
        """Every day of the event, from the first to the last."""
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + timedelta(days=n) for n in range(max(count, 0))]

    @property
    def is_past(self) -> bool:
        return self.end_date < timezone.localdate()


class EventTopic(models.Model):
    """One topic of an event's list, in the order the event covered them."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="topics")
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    title = models.CharField(_("тема"), max_length=500)
    # both languages in lower case, for the statistics' topic filter: a database compares
    # Cyrillic letters of different case as different (SQLite's LIKE folds ASCII only)
    search = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["event", "position", "id"]
        verbose_name = _("тема")
        verbose_name_plural = _("темы")

    def __str__(self) -> str:
        return self.title_ru or self.title_ky

    def save(self, *args, **kwargs):
        self.search = " | ".join(text.casefold() for text in (self.title_ru, self.title_ky) if text)
        super().save(*args, **kwargs)


class AgendaItem(models.Model):
    """An item of the agenda (программа мероприятия, күн тартиби): on which day and when, the
    action or the object visited, who is responsible and their position."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda")
    day = models.DateField(_("день"))
    start_time = models.TimeField(_("начало"), null=True, blank=True)
    end_time = models.TimeField(_("окончание"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    action = models.TextField(_("действие или объект"))
    responsible = models.CharField(_("ответственный"), max_length=200, blank=True)
    responsible_position = models.CharField(
        _("должность ответственного"), max_length=300, blank=True
    )

    class Meta:
        ordering = ["event", "day", F("start_time").asc(nulls_last=True), "position", "id"]
        verbose_name = _("пункт программы")
        verbose_name_plural = _("программа мероприятия")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gte=F("start_time")),
                name="agenda_item_end_not_before_start",
                violation_error_message=_("Окончание не может быть раньше начала."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y} {self.action_ru or self.action_ky}"[:120]


def material_path(material: "EventMaterial", filename: str) -> str:
    """Stored under a random name: the name people gave the file is kept in the row only."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"trainings/materials/{timezone.now():%Y}/{uuid.uuid4().hex}.{extension}"


class EventMaterial(models.Model):
    """A file of an event (a presentation, a handout, a photo), checked by its first bytes when
    it is uploaded. A public one is offered on the event's public page."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("название"), max_length=300)
    file = models.FileField(_("файл"), upload_to=material_path)
    original_name = models.CharField(_("имя файла"), max_length=255)
    size = models.PositiveBigIntegerField(_("размер, байт"))
    is_public = models.BooleanField(
        _("доступен всем"),
        default=False,
        help_text=_(
            "Отметьте для раздаточных материалов и презентаций: их можно будет скачать со "
            "страницы мероприятия для жителей. Списки участников не публикуйте."
        ),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто загрузил"),
    )
    uploaded_at = models.DateTimeField(_("загружено"), default=timezone.now)

    class Meta:
        ordering = ["event", "uploaded_at", "id"]
        verbose_name = _("материал")
        verbose_name_plural = _("материалы")

    def __str__(self) -> str:
        return self.title_ru or self.title_ky or self.original_name

    @property
    def extension(self) -> str:
        return self.original_name.rsplit(".", 1)[-1].lower() if "." in self.original_name else ""
