"""The history of a programme (the audit): who changed what, when, old → new, filterable by
person, section and dates."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from municipalities.permissions import Need

from ..models import Section
from ..permissions import get_programme_for
from ..selectors.history import Filters, history_page, history_people


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class HistoryFilterForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Кто"), required=False, coerce=int, empty_value=None)
    section = forms.ChoiceField(
        label=_("Раздел"),
        required=False,
        choices=[("", _("все разделы")), *Section.choices],
    )
    date_from = forms.DateField(label=_("С даты"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("По дату"), required=False, widget=DateInput())

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [
            ("", _("все")),
            *((person.pk, person.full_name or person.email) for person in people),
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Конец периода не может быть раньше начала."))
        return data

    def filters(self) -> Filters:
        """The filters that are valid (an invalid one is shown with its error and ignored)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return Filters(
            person=data.get("person"),
            section=data.get("section") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to") if "date_to" not in self.errors else None,
        )


@login_required
@require_GET
def history(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    people = history_people(programme)
    form = HistoryFilterForm(request.GET or None, people=people)
    if form.is_bound:
        form.is_valid()
    filters = form.filters()
    page = history_page(programme, filters, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "planning/history/page.html",
        {
            "programme": programme,
            "municipality": programme.municipality,
            "form": form,
            "page": page,
            "filtered": any(vars(filters).values()),
            "query": query.urlencode(),
        },
    )


urlpatterns = [
    path("p/<int:pk>/history/", history, name="history"),
]
