"""A document: one request to render one object (a programme, a report …) of a registered kind
(documents.kinds) in one language or both. A Celery worker renders it and records the outcome
here, so that nothing fails silently."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentLanguage(models.TextChoices):
    RU = "ru", _("на русском языке")
    KY = "ky", _("на кыргызском языке")
    RU_KY = "ru+ky", _("на русском и кыргызском (каждый раздел на двух языках)")

    @classmethod
    def languages(cls, value: str) -> list[str]:
        """The languages of the sections, in the order they follow each other."""
        return ["ru", "ky"] if value == cls.RU_KY else [value]


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("в очереди")
    RENDERING = "rendering", _("формируется")
    DONE = "done", _("готов")
    FAILED = "failed", _("ошибка")


# Statuses of a document that is not finished yet: the page polls them.
DOCUMENT_PENDING_STATUSES = [DocumentStatus.QUEUED, DocumentStatus.RENDERING]

# A document no worker has taken after QUEUE_SLOW is said to wait longer than usual; after
# QUEUE_LIMIT, if no document at all has started rendering meanwhile, no worker is likely
# running, and the periodic check fails it so that it can be retried.
QUEUE_SLOW = timedelta(minutes=1)
QUEUE_LIMIT = timedelta(minutes=30)


class Document(models.Model):
    # the kind (documents.kinds) and the id of the object it renders: the kind knows its model
    kind = models.CharField(_("вид документа"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("объект"))
    language = models.CharField(_("язык"), max_length=5, choices=DocumentLanguage.choices)
    status = models.CharField(
        _("состояние"),
        max_length=10,
        choices=DocumentStatus.choices,
        default=DocumentStatus.QUEUED,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто запросил"),
    )
    requested_at = models.DateTimeField(_("запрошен"), default=timezone.now)
    started_at = models.DateTimeField(_("начало формирования"), null=True, blank=True)
    finished_at = models.DateTimeField(_("окончание формирования"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("попыток"), default=0)
    # The Celery worker (its node name) that took the document: when that worker starts again,
    # it puts back in the queue what it left unfinished.
    worker = models.CharField(_("обработчик"), max_length=200, blank=True)
    file = models.FileField(_("файл"), upload_to="documents/%Y/", blank=True)
    size = models.PositiveBigIntegerField(_("размер, байт"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    pages = models.PositiveIntegerField(_("страниц"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("время формирования, мс"), null=True, blank=True)
    # What the people who asked for it read, in Russian and Kyrgyz; the details are in the log.
    error = models.TextField(_("ошибка"), blank=True)
    # SHA-256 of what the document is rendered from and of its language (the kind says what): an
    # identical request for unchanged content gets the existing document instead of a new one.
    content_hash = models.CharField(_("хеш содержания"), max_length=64)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("документ PDF")
        verbose_name_plural = _("документы PDF")
        indexes = [
            models.Index(
                fields=["kind", "object_id", "language", "content_hash"],
                name="documents_same_content",
            ),
            models.Index(fields=["status", "worker"], name="documents_by_worker"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=["ru", "ky", "ru+ky"]),
                name="documents_language_known",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "rendering", "done", "failed"]),
                name="documents_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(status="done")
                | (~Q(file="") & Q(size__gt=0) & Q(pages__gt=0) & ~Q(sha256="")),
                name="documents_done_has_file",
                violation_error_message=_("Готовый документ должен иметь файл."),
            ),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(error=""),
                name="documents_failed_has_error",
                violation_error_message=_("У документа с ошибкой должна быть указана ошибка."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} — {self.language} — {self.get_status_display()}"

    @property
    def is_pending(self) -> bool:
        return self.status in DOCUMENT_PENDING_STATUSES

    @property
    def queued_at(self):
        """When it last went into the queue: requested, retried by a person, or put back by
        the task after a transient error or by the check of lost documents."""
        return max(self.requested_at, self.started_at or self.requested_at)

    @property
    def waits_long(self) -> bool:
        # not one put back after an error: its row says why
        return (
            self.status == DocumentStatus.QUEUED
            and not self.error
            and timezone.now() - self.queued_at > QUEUE_SLOW
        )

    @property
    def is_done(self) -> bool:
        return self.status == DocumentStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == DocumentStatus.FAILED
