"""What every planning model shares."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class FundingSource(models.TextChoices):
    LOCAL_BUDGET = "local_budget", _("местный бюджет")
    REPUBLICAN_BUDGET = "republican_budget", _("республиканский бюджет")
    DONOR = "donor", _("донор / грант")
    POPULATION = "population", _("вклад населения")
    PRIVATE = "private", _("частный сектор")
    OTHER = "other", _("другие источники")


class Sex(models.TextChoices):
    FEMALE = "female", _("женщина")
    MALE = "male", _("мужчина")


class Section(models.TextChoices):
    """The sections of a programme: where each of its parts belongs (history, translation page),
    and what a comment or a citizen's proposal is about."""

    GENERAL = "general", _("программа в целом")
    WORKGROUP = "workgroup", _("рабочая группа")
    PASSPORT = "passport", _("паспорт")
    ANALYSIS = "analysis", _("анализ ситуации")
    SWOT = "swot", _("SWOT")
    VISION = "vision", _("видение и общая цель")
    PLAN = "plan", _("план мероприятий")
    INDICATORS = "indicators", _("индикаторы")
    FINANCE = "finance", _("финансовая модель")
    # the implementation of an approved version (the monitoring app's parts)
    MONITORING = "monitoring", _("мониторинг")


class Revisioned(models.Model):
    """An item that people edit in a browser: `revision` grows with every save, so that a
    save based on an older revision is refused instead of overwriting someone's change."""

    revision = models.PositiveIntegerField(_("редакция"), default=1, editable=False)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        abstract = True


class Ordered(models.Model):
    sort_order = models.PositiveIntegerField(_("порядок"), default=0)

    class Meta:
        abstract = True


class Lineaged(models.Model):
    """An item that is copied into the next version of the programme keeps its `lineage`, so
    that two versions can be compared item by item."""

    lineage = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)

    class Meta:
        abstract = True
