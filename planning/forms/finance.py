"""The forecast of resources per year and funding source, as one grid form."""

from django import forms
from django.utils.translation import gettext as _

from common.forms import AmountField

from ..models import FundingSource, Programme
from ..services.finance import forecast_field_name


class ResourceForecastForm(forms.Form):
    """One field `forecast_<source>_<year>` per funding source and programme year (thousand
    som); an empty field means no forecast for that year and source."""

    def __init__(self, *args, programme: Programme, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.cells: list[tuple[int, str, str]] = []
        for source, label in FundingSource.choices:
            for year in programme.years:
                name = forecast_field_name(year, source)
                self.fields[name] = AmountField(
                    required=False,
                    # the value the person saw travels with the form: only the cells they
                    # changed are written, and a cell changed meanwhile by someone else is
                    # refused instead of overwritten
                    show_hidden_initial=True,
                    min_value=0,
                    max_digits=14,
                    decimal_places=1,
                    label=_("Прогноз: %(source)s, %(year)s год, тыс. сом")
                    % {"source": label, "year": year},
                    error_messages={"min_value": _("Прогноз не может быть отрицательным.")},
                )
                self.fields[name].widget.attrs["class"] = "amount-input"
                self.initial.setdefault(name, current.get((year, source)))
                self.cells.append((year, source, name))

    def grid(self) -> list[tuple[str, list]]:
        """Rows of the form table: the source's name and its field for each year."""
        return [
            (label, [self[forecast_field_name(year, source)] for year in self.programme.years])
            for source, label in FundingSource.choices
        ]

    def errors_list(self) -> list[tuple]:
        """(field, message) for every wrong cell, for the summary above the table."""
        return [
            (self[name], message)
            for _year, _source, name in self.cells
            for message in self.errors.get(name, [])
        ]

    def clean(self):
        cleaned = super().clean()
        for name in self.changed_data:
            field = self.fields[name]
            try:
                seen = field.to_python(self.data.get(self.add_initial_prefix(name)))
            except forms.ValidationError:
                seen = None
            now = self.initial.get(name)
            if seen != now:
                self.add_error(
                    name,
                    _(
                        "Пока вы редактировали, это значение изменили: теперь %(value)s. "
                        "Проверьте и сохраните ещё раз."
                    )
                    % {"value": "—" if now is None else field.prepare_value(now)},
                )
        return cleaned

    def values(self) -> dict:
        """The cells the person changed (the others are left as they are in the database)."""
        return {
            (year, source): self.cleaned_data.get(name)
            for year, source, name in self.cells
            if name in self.changed_data
        }
