"""The public page of a programme as an anonymous reader gets it when the page is built (no
page kept in the cache): the demo's Кок-Жар in implementation (with its monitoring), the
demo's Бүлөлү in public consultation (with the proposal form), and an approved programme of
300 activities and 60 indicators (the document benchmark's), against the home page read the
same way in the same run. Each row's name gives the size of the page, as sent and compressed
with gzip (level 6, what a compressing proxy would send).

Each part builds its data in a transaction rolled back at its end, so that the demo and the
300 activities (both of Кок-Жар) do not meet, and the other benchmarks find the database as
they left it."""

import gzip

from django.db import transaction


class _RolledBack(Exception):
    pass


def _no_page_cache():
    """Settings under which no page is kept: every request builds the page."""
    from django.conf import settings
    from django.test import override_settings

    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    return override_settings(CACHES=dict.fromkeys(settings.CACHES, dummy))


def _size(content: bytes) -> str:
    return f"{len(content) / 1024:.0f} KB, {len(gzip.compress(content, 6)) / 1024:.0f} KB gzip"


def _measure(timed, client, pages):
    from django.urls import reverse

    rows = []
    for name, programme in pages:
        url = reverse("planning:public", kwargs={"pk": programme.pk})
        seconds, peak = timed(lambda url=url: _ok(client.get(url)), 10)
        rows.append((f"{name} ({_size(_ok(client.get(url)).content)})", seconds, peak))
    return rows


def _demo(timed, client):
    """The home page (the baseline) and the demo's public pages."""
    from django.urls import reverse

    from demo.loader import demo_programmes_create
    from demo.users import demo_users_create
    from planning.models import Programme, ProgrammeStatus

    demo_users_create()
    demo_programmes_create()
    home = reverse("home")
    base, base_peak = timed(lambda: _ok(client.get(home)), 20)
    public = Programme.objects.exclude(status=ProgrammeStatus.SUPERSEDED)
    kok_zhar = public.get(municipality__slug="kok-zhar")
    bulolu = public.get(municipality__slug="bulolu")
    if kok_zhar.status != ProgrammeStatus.IN_IMPLEMENTATION:
        raise RuntimeError("the demo's Кок-Жар is not in implementation")
    if bulolu.status != ProgrammeStatus.PUBLIC_CONSULTATION:
        raise RuntimeError("the demo's Бүлөлү is not in public consultation")
    return (base, base_peak), _measure(
        timed,
        client,
        [
            ("public page, demo Кок-Жар in implementation", kok_zhar),
            ("public page, demo Бүлөлү in public consultation", bulolu),
        ],
    )


def _large(timed, client):
    from datetime import date

    from benchmarks.documents import ACTIVITIES, INDICATORS, build_programme
    from planning.models import CouncilDecision, Programme, ProgrammeStatus

    programme, chair = build_programme()
    # approved by the council (how it got there is not what is measured)
    CouncilDecision.objects.create(
        programme=programme, number="300", date=date(2024, 12, 20), session="XXX", recorded_by=chair
    )
    Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.APPROVED)
    return _measure(
        timed,
        client,
        [(f"public page, {ACTIVITIES} activities, {INDICATORS} indicators", programme)],
    )


def _rolled_back(build):
    """`build()`'s result, with everything it wrote undone."""
    result = None
    try:
        with transaction.atomic():
            result = build()
            raise _RolledBack
    except _RolledBack:
        pass
    return result


def run(timed):
    from django.test import Client

    client = Client()  # anonymous
    with _no_page_cache():
        (base, base_peak), demo = _rolled_back(lambda: _demo(timed, client))
        large = _rolled_back(lambda: _large(timed, client))
    rows = [("home page, anonymous (baseline)", base, 1.0, base_peak)]
    rows += [(name, seconds, seconds / base, peak) for name, seconds, peak in demo + large]
    return rows


def _ok(response):
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}")
    return response
