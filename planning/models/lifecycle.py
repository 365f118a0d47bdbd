"""The life-cycle of a programme: transitions between statuses, review comments and
the council decision that freezes an approved version."""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..parts import never, programme_part, with_programme_once_recorded
from .base import Section
from .programme import Programme, ProgrammeStatus

SCAN_MAX_BYTES = 10 * 1024 * 1024


class Action(models.TextChoices):
    """What a person does to move a programme from one status to another."""

    SUBMIT = "submit", _("передать на рассмотрение")
    REQUEST_CHANGES = "request_changes", _("запросить изменения")
    ACCEPT = "accept", _("принять для обсуждения с населением")
    SUBMIT_TO_COUNCIL = "submit_to_council", _("передать в кенеш")
    RECORD_DECISION = "record_decision", _("записать решение кенеша")
    START_IMPLEMENTATION = "start_implementation", _("начать реализацию")
    AMEND = "amend", _("начать новую версию")


# The record of the life-cycle: written on frozen versions too (start of implementation,
# superseded), shown on the history page by its own query, never copied.
@programme_part(path="programme", section=Section.GENERAL, history=False, frozen=never)
class Transition(models.Model):
    """One step of the life-cycle: who moved the programme, from which status, to which, why."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("программа")
    )
    action = models.CharField(_("действие"), max_length=24, choices=Action.choices)
    from_status = models.CharField(_("из статуса"), max_length=24, choices=ProgrammeStatus.choices)
    to_status = models.CharField(_("в статус"), max_length=24, choices=ProgrammeStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("кто"),
    )
    summary = models.TextField(_("пояснение"), blank=True, max_length=5000)
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["programme", "-created_at"])]
        verbose_name = _("смена статуса")
        verbose_name_plural = _("смены статуса")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.from_status} → {self.to_status}"


class CommentStatus(models.TextChoices):
    OPEN = "open", _("открыт")
    RESOLVED = "resolved", _("решён")


# Belongs to the version it was written on: not copied into a new one.
@programme_part(path="programme")
class ReviewComment(models.Model):
    """A reviewer's remark on a section (or one item of it) and the replies to it: a thread.
    The thread's first comment has no `parent` and carries the status; the working group
    resolves it."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="comments", verbose_name=_("программа")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("ответ на"),
    )
    section = models.CharField(
        _("раздел"), max_length=16, choices=Section.choices, default=Section.GENERAL
    )
    item_label = models.CharField(
        _("пункт раздела"),
        max_length=300,
        blank=True,
        help_text=_("Например: мероприятие 1.2.3 или название индикатора."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("автор"),
    )
    text = models.TextField(_("текст"), max_length=5000)
    status = models.CharField(
        _("состояние"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.OPEN
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто решил"),
    )
    resolved_at = models.DateTimeField(_("когда решён"), null=True, blank=True)
    created_at = models.DateTimeField(_("написан"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["programme", "status"])]
        verbose_name = _("комментарий")
        verbose_name_plural = _("комментарии")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_open(self) -> bool:
        return self.parent_id is None and self.status == CommentStatus.OPEN


@programme_part(path="programme", section=Section.GENERAL, frozen=with_programme_once_recorded)
class CouncilDecision(models.Model):
    """The council's resolution (токтом) approving a version of the programme. Once recorded,
    that version is frozen: changes go into a new version."""

    programme = models.OneToOneField(
        Programme,
        on_delete=models.PROTECT,
        related_name="council_decision",
        verbose_name=_("программа"),
    )
    number = models.CharField(_("номер решения"), max_length=40)
    date = models.DateField(_("дата решения"))
    session = models.CharField(
        _("сессия кенеша"),
        max_length=200,
        help_text=_("Например: XII очередная сессия айылного кенеша VII созыва."),
    )
    scan = models.FileField(
        _("скан решения"),
        upload_to="decisions/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["pdf", "jpg", "jpeg", "png"])],
        help_text=_("PDF или изображение (JPG, PNG), не больше 10 МБ."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("кто записал"),
    )
    recorded_at = models.DateTimeField(_("записано"), auto_now_add=True)

    class Meta:
        verbose_name = _("решение кенеша")
        verbose_name_plural = _("решения кенеша")
        constraints = [
            models.CheckConstraint(condition=~Q(number=""), name="council_decision_has_number"),
        ]

    def __str__(self) -> str:
        return f"№ {self.number} {self.date:%d.%m.%Y}"
