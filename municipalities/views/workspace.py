"""Pages for people who work in a municipality: members, reviewers, administrators."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from .. import listings, selectors
from ..permissions import Need, get_municipality_for, needs_in

PAGE_SIZE = 25


@login_required
def my_municipalities(request):
    page = Paginator(selectors.municipalities_of(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    roles = selectors.roles_by_municipality(request.user)
    for municipality in page:
        municipality.my_roles = roles.get(municipality.pk, [])
    listings.attach(page.object_list, place="card", user=request.user)
    return render(
        request,
        "municipalities/my_municipalities.html",
        {"page": page, "reviewed_oblasts": selectors.reviewer_oblasts(request.user)},
    )


@login_required
def municipality_team(request, slug):
    municipality = get_municipality_for(request.user, slug, need=Need.VIEW)
    return render(
        request,
        "municipalities/municipality_team.html",
        {
            "municipality": municipality,
            "memberships": selectors.municipality_team(municipality),
            "needs": needs_in(request.user, municipality),
        },
    )
