"""Pages anyone can read, logged in or not."""

from django.db import transaction
from django.shortcuts import get_object_or_404, render

from common.pagecache import PUBLIC_LISTS, cached_page, generation

from .. import listings, selectors
from ..models import Municipality
from ..permissions import needs_in


@transaction.non_atomic_requests  # it only reads: no write lock on the embedded default's SQLite
def home(request):
    """Every oblast → district → municipality, with what the apps list under each (the
    programmes); a filter that an app registers (`?approved=1`: only the municipalities with an
    approved programme in force) narrows the tree. Kept in the cache for readers without a
    session until a territory or a programme changes (common.pagecache)."""
    return cached_page(request, f"home:{generation(PUBLIC_LISTS)}", lambda: _home(request))


def _home(request):
    active = listings.active_home_filter(request.GET)
    oblasts = selectors.territory_tree(home_filter=active)
    listings.attach(
        selectors.tree_municipalities(oblasts),
        place="home",
        user=request.user,
        home_filter=active.key if active else "",
    )
    return render(
        request,
        "home.html",
        {"oblasts": oblasts, "home_filters": list(listings.home_filters), "active_filter": active},
    )


def municipality_detail(request, slug):
    municipality = get_object_or_404(
        Municipality.objects.select_related("district__oblast"), slug=slug
    )
    listings.attach([municipality], place="detail", user=request.user)
    return render(
        request,
        "municipalities/municipality_detail.html",
        {"municipality": municipality, "needs": needs_in(request.user, municipality)},
    )
