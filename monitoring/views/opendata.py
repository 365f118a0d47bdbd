"""The open data of approved programmes, for anyone without logging in: the page that lists the
files and explains their columns, the `datapackage.json` of all municipalities and of each one,
and the files themselves in CSV and JSON (streamed a row at a time).

The files are the same for everyone and change only when a programme is approved or a period is
handed in: shared caches may keep them a while. A response to a person with a session is kept
by their own browser only, never by a shared cache (the session middleware may add its cookie
to it)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_safe

from ..opendata import (
    LICENCE,
    MEDIA_TYPES,
    Scope,
    Text,
    csv_lines,
    datapackage,
    explained_tables,
    json_chunks,
)
from ..selectors.opendata import file_rows, programmes_in_force, scope_files

MAX_AGE = 15 * 60
PER_PAGE = 20


def _cache(request, response):
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        patch_cache_control(response, private=True, max_age=MAX_AGE)
    else:
        patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def _programmes(slug: str | None):
    """The programmes of the scope; a municipality without an approved programme (or unknown)
    is a 404, whatever it has in the works."""
    programmes = programmes_in_force(slug)
    if slug is not None and not programmes:
        raise Http404(_("У этого муниципалитета нет программы, утверждённой кенешем."))
    return programmes


def _public_url(request):
    def url_of(programme) -> str:
        return request.build_absolute_uri(reverse("planning:public", kwargs={"pk": programme.pk}))

    return url_of


@require_GET
def open_data_page(request):
    programmes = sorted(
        programmes_in_force(),
        key=lambda p: (p.municipality.district.oblast.name, p.municipality.name),
    )
    page = Paginator(programmes, PER_PAGE).get_page(request.GET.get("page"))
    for programme in page.object_list:
        programme.open_files = scope_files(Scope(programme.municipality.slug))
    lang = "ky" if (get_language() or "ru").startswith("ky") else "ru"
    return render(
        request,
        "monitoring/opendata/page.html",
        {
            "page": page,
            "programmes": page.object_list,
            "total": len(programmes),
            "all_files": scope_files(Scope()),
            "tables": explained_tables(lang),
            "licence": LICENCE,
        },
    )


@require_safe
def package(request, slug=None):
    programmes = _programmes(slug)
    scope = Scope(slug)
    names = None
    if slug is not None:
        municipality = programmes[0].municipality
        names = Text(municipality.name_ru, municipality.name_ky)
    descriptor = datapackage(
        scope, names=names, homepage=request.build_absolute_uri(reverse("monitoring:opendata"))
    )
    response = JsonResponse(descriptor, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = "application/json; charset=utf-8"
    response["Content-Disposition"] = content_disposition_header(False, "datapackage.json")
    return _cache(request, response)


@require_safe
def open_file(request, file_name, slug=None):
    scope = Scope(slug)
    found = scope.parse(file_name)
    if found is None:
        raise Http404(_("Такого файла открытых данных нет."))
    table, fmt = found
    programmes = _programmes(slug)
    rows = file_rows(table, programmes, url_of=_public_url(request))
    chunks = csv_lines(table, rows) if fmt == "csv" else json_chunks(table, rows)
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in chunks),
        content_type=f"{MEDIA_TYPES[fmt]}; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    return _cache(request, response)
