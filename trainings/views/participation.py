"""A municipality's participation in events, for its members and the reviewers of its oblast:
who of its people took part in which event, and on how many of its days."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from municipalities.permissions import Need, get_municipality_for

from ..selectors.participation import municipality_participation


@login_required
@require_GET
def participation(request, slug):
    municipality = get_municipality_for(request.user, slug, Need.VIEW)
    return render(
        request,
        "trainings/participation.html",
        {
            "municipality": municipality,
            **municipality_participation(municipality, request.GET.get("page")),
        },
    )
