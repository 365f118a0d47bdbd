"""The financial model: the forecast of resources per year and funding source."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import FundingSource, Programme, ResourceForecast
from ..permissions import ensure_editable
from .common import plain_delete, plain_save, require_can


def forecast_field_name(year: int, source: str) -> str:
    return f"forecast_{source}_{year}"


@transaction.atomic
def resource_forecast_set(
    *,
    programme: Programme,
    values: dict[tuple[int, str], Decimal | None],
    actor,
) -> None:
    """Set the forecast of resources for the given (year, source) pairs: an amount creates or
    changes the row, None removes it; pairs not named are left as they are. Every value is
    checked first and nothing is written when one of them is wrong."""
    require_can(actor, programme)
    ensure_editable(programme)
    years = set(programme.years)
    sources = set(FundingSource.values)
    errors: dict[str, list] = {}
    for (year, source), amount in values.items():
        key = forecast_field_name(year, source)
        if year not in years:
            errors[key] = [
                _("Год %(year)s вне периода программы (%(period)s).")
                % {"year": year, "period": programme.period}
            ]
        elif source not in sources:
            errors[key] = [
                _("Неизвестный источник финансирования: %(source)s.") % {"source": source}
            ]
        elif amount is not None and amount < 0:
            errors[key] = [_("Прогноз не может быть отрицательным.")]
    if errors:
        raise ValidationError(errors)

    existing = {
        (row.year, row.source): row
        for row in ResourceForecast.objects.select_for_update().filter(programme=programme)
    }
    for (year, source), amount in sorted(values.items()):
        row = existing.get((year, source))
        try:
            if amount is None:
                if row is not None:
                    plain_delete(row, programme=programme, actor=actor)
            elif row is None:
                plain_save(
                    ResourceForecast(programme=programme, year=year, source=source, amount=amount),
                    programme=programme,
                    actor=actor,
                )
            elif row.amount != amount:
                row.amount = amount
                plain_save(row, programme=programme, actor=actor)
        except ValidationError as error:
            raise ValidationError({forecast_field_name(year, source): error.messages}) from error
