"""Creating a programme and editing its header, vision and overall goal."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from municipalities.models import Municipality
from municipalities.permissions import Need, can

from ..models import Passport, Programme, WorkingGroup
from ..models.programme import MAX_YEARS, MIN_YEARS
from .common import require_can, require_one_language, revisioned_save


def _check_period(municipality: Municipality, start_year: int, end_year: int, exclude=None):
    if start_year is None or end_year is None:
        return
    years = end_year - start_year + 1
    if years < MIN_YEARS or years > MAX_YEARS:
        raise ValidationError(
            {
                "end_year": _("Период программы — от %(min)d до %(max)d лет.")
                % {"min": MIN_YEARS, "max": MAX_YEARS}
            }
        )
    overlapping = municipality.programmes.filter(start_year__lte=end_year, end_year__gte=start_year)
    if exclude is not None:
        # a new version shares the period of the versions it was copied from
        earlier, current = {exclude.pk}, exclude.previous_version_id
        while current is not None and current not in earlier:
            earlier.add(current)
            current = (
                Programme.objects.filter(pk=current)
                .values_list("previous_version_id", flat=True)
                .first()
            )
        overlapping = overlapping.exclude(pk__in=earlier)
    other = overlapping.first()
    if other:
        raise ValidationError(
            _(
                "У муниципалитета уже есть программа на пересекающийся период: "
                "«%(title)s», %(period)s."
            )
            % {"title": other.title, "period": other.period}
        )


def _check_nothing_outside(programme: Programme) -> None:
    """A period may shrink only when no date, cost, target or forecast falls outside it."""
    from datetime import date

    from ..models import Activity, ActivityCost, IndicatorTarget, ResourceForecast

    start, end = programme.start_year, programme.end_year
    if start is None or end is None:
        return
    outside = {
        _("мероприятий со сроками вне периода"): Activity.objects.filter(programme=programme)
        .filter(
            models.Q(start_date__lt=date(start, 1, 1)) | models.Q(end_date__gt=date(end, 12, 31))
        )
        .count(),
        _("сумм стоимости"): ActivityCost.objects.filter(activity__programme=programme)
        .exclude(year__range=(start, end))
        .count(),
        _("целевых значений индикаторов"): IndicatorTarget.objects.filter(
            indicator__programme=programme
        )
        .exclude(year__range=(start, end))
        .count(),
        _("сумм прогноза ресурсов"): ResourceForecast.objects.filter(programme=programme)
        .exclude(year__range=(start, end))
        .count(),
    }
    found = [f"{label}: {n}" for label, n in outside.items() if n]
    if found:
        raise ValidationError(
            {
                "end_year": _(
                    "Вне нового периода остаются данные (%(list)s). "
                    "Сначала перенесите или удалите их."
                )
                % {"list": "; ".join(found)}
            }
        )


@transaction.atomic
def programme_create(
    *,
    municipality: Municipality,
    actor,
    title_ru: str,
    title_ky: str,
    start_year: int,
    end_year: int,
) -> Programme:
    """A new draft programme of the municipality, with an empty working group and passport.
    Only the working-group chair of the municipality may create one."""
    if not can(actor, municipality, Need.MANAGE):
        raise PermissionDenied(_("Программу создаёт председатель рабочей группы."))
    # one programme per period: serialise creations for this municipality
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
    programme = Programme(
        municipality=municipality,
        title_ru=title_ru,
        title_ky=title_ky,
        start_year=start_year,
        end_year=end_year,
        created_by=actor,
    )
    require_one_language(programme, "title")
    _check_period(municipality, start_year, end_year)
    programme.full_clean()
    programme._history_user = actor
    programme.save()
    # every programme has its working group and passport from the start, created by its author
    for part in (WorkingGroup(programme=programme), Passport(programme=programme)):
        part._history_user = actor
        part.save()
    return programme


def programme_update(
    programme: Programme, *, actor, expected_revision: int | None, **fields
) -> Programme:
    """Change the title, the period, the vision or the overall goal of a draft programme."""
    allowed = {
        "title_ru",
        "title_ky",
        "start_year",
        "end_year",
        "vision_ru",
        "vision_ky",
        "vision_year",
        "overall_goal_ru",
        "overall_goal_ky",
    }
    require_can(actor, programme)
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    if (
        programme.previous_version_id
        and "start_year" in fields
        and fields["start_year"] != programme.start_year
    ):
        raise ValidationError(
            {
                "start_year": _(
                    "Новая версия начинается в тот же год, что и утверждённая программа: "
                    "год начала изменить нельзя. Можно изменить год окончания."
                )
            }
        )
    for name, value in fields.items():
        setattr(programme, name, value)
    if {"start_year", "end_year"} & set(fields):
        _check_period(programme.municipality, programme.start_year, programme.end_year, programme)
        _check_nothing_outside(programme)
    return revisioned_save(
        programme,
        programme=programme,
        actor=actor,
        expected_revision=expected_revision,
    )
