"""Pages anyone can read, logged in or not."""

from django.shortcuts import get_object_or_404, render

from .. import selectors
from ..models import Municipality
from ..permissions import needs_in


def home(request):
    """Every oblast → district → municipality with its programmes; `?approved=1` lists only the
    municipalities with an approved programme in force."""
    approved_only = request.GET.get("approved") == "1"
    return render(
        request,
        "home.html",
        {
            "oblasts": selectors.territory_tree(approved_only=approved_only),
            "approved_only": approved_only,
        },
    )


def municipality_detail(request, slug):
    municipality = get_object_or_404(
        Municipality.objects.select_related("district__oblast"), slug=slug
    )
    return render(
        request,
        "municipalities/municipality_detail.html",
        {
            "municipality": municipality,
            "programmes": selectors.municipality_public_programmes(municipality),
            "needs": needs_in(request.user, municipality),
        },
    )
