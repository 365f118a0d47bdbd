"""Agreement with the population: citizens' proposals on the published draft, the
working group's answers, and public hearings."""

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.languages import text_language

from ..parts import programme_part
from .base import Revisioned, Section
from .passport import Village
from .programme import Programme

PROPOSAL_MAX_CHARS = 3000


class ProposalStatus(models.TextChoices):
    NEW = "new", _("ждёт модерации")
    PUBLISHED = "published", _("опубликовано")
    HIDDEN = "hidden", _("скрыто как спам")


class ProposalDecision(models.TextChoices):
    ACCEPTED = "accepted", _("принято")
    PARTLY = "partly", _("принято частично")
    NOT_ACCEPTED = "not_accepted", _("не принято")


# Belongs to the version citizens read when they wrote it: not copied into a new one.
@programme_part(path="programme", translated=("answer",))
class CitizenProposal(models.Model):
    """A proposal a resident sends on the public page of the draft. Nothing is shown publicly
    until the working-group chair publishes it."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("программа")
    )
    author_name = models.CharField(_("имя"), max_length=120, blank=True)
    village = models.ForeignKey(
        Village,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("село"),
    )
    contact = models.CharField(
        _("контакт (телефон или e-mail)"),
        max_length=120,
        blank=True,
        help_text=_("Его видит только рабочая группа."),
    )
    section = models.CharField(
        _("раздел"), max_length=16, choices=Section.choices, default=Section.GENERAL
    )
    text = models.TextField(_("предложение"), max_length=PROPOSAL_MAX_CHARS)
    language = models.CharField(_("язык"), max_length=2, default="ru")
    client_hash = models.CharField(max_length=64, editable=False, db_index=True)
    status = models.CharField(
        _("состояние"),
        max_length=10,
        choices=ProposalStatus.choices,
        default=ProposalStatus.NEW,
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("модератор"),
    )
    moderated_at = models.DateTimeField(_("когда проверено"), null=True, blank=True)
    decision = models.CharField(
        _("решение рабочей группы"), max_length=12, choices=ProposalDecision.choices, blank=True
    )
    answer = models.TextField(_("ответ рабочей группы"), blank=True, max_length=3000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто ответил"),
    )
    answered_at = models.DateTimeField(_("когда ответили"), null=True, blank=True)
    created_at = models.DateTimeField(_("получено"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["programme", "status"])]
        verbose_name = _("предложение граждан")
        verbose_name_plural = _("предложения граждан")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="") | ~Q(status="hidden"),
                name="proposal_hidden_not_answered",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def text_language(self) -> str:
        """The language the text is written in (its `lang`), which need not be the language of
        the page it was sent from (`language`)."""
        return text_language(self.text, self.language)


@programme_part(
    path="programme",
    section=Section.GENERAL,
    translated=("place", "minutes", "decisions"),
)
class PublicHearing(Revisioned):
    """A village gathering or public hearing where the draft was presented to residents."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="hearings", verbose_name=_("программа")
    )
    date = models.DateField(_("дата"))
    place = models.CharField(_("место"), max_length=300)
    women = models.PositiveIntegerField(
        _("участников — женщин"), validators=[MaxValueValidator(100000)]
    )
    men = models.PositiveIntegerField(
        _("участников — мужчин"), validators=[MaxValueValidator(100000)]
    )
    minutes = models.TextField(_("протокол"), blank=True, max_length=20000)
    minutes_file = models.FileField(
        _("файл протокола"),
        upload_to="hearings/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["pdf", "jpg", "jpeg", "png"])],
        help_text=_("PDF или изображение (JPG, PNG), не больше 10 МБ."),
    )
    decisions = models.TextField(_("принятые решения"), blank=True, max_length=10000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("кто записал"),
    )

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("публичные слушания")
        verbose_name_plural = _("публичные слушания")

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}, {self.place}"

    @property
    def participants(self) -> int:
        return self.women + self.men
