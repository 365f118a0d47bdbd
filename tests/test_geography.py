"""The data migration loads the country: oblasts, districts and the seed municipalities."""

import pytest
from django.core.management import call_command

from municipalities.models import District, Municipality, Oblast


@pytest.mark.django_db
def test_all_oblasts_and_the_two_cities():
    assert Oblast.objects.filter(kind=Oblast.Kind.OBLAST).count() == 7
    cities = set(Oblast.objects.filter(kind=Oblast.Kind.CITY).values_list("name_ky", flat=True))
    assert cities == {"Бишкек шаары", "Ош шаары"}


@pytest.mark.django_db
@pytest.mark.parametrize(("oblast", "count"), [("chui", 8), ("osh", 7), ("naryn", 5)])
def test_every_district_of_the_project_oblasts(oblast, count):
    assert District.objects.filter(oblast__slug=oblast).count() == count


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "district_ru", "oblast_slug", "name_ky"),
    [
        ("kok-zhar", "Ноокатский район", "osh", "Көк-Жар айылдык аймагы"),
        ("ak-tal", "Ак-Талинский район", "naryn", "Ак-Тал айылдык аймагы"),
        ("chon-alai", "Чон-Алайский район", "osh", "Чоң-Алай айылдык аймагы"),
        ("isanov", "Ноокатский район", "osh", "Исанов айылдык аймагы"),
    ],
)
def test_seed_municipalities_in_their_districts(slug, district_ru, oblast_slug, name_ky):
    municipality = Municipality.objects.select_related("district__oblast").get(slug=slug)
    assert municipality.district.name_ru == district_ru
    assert municipality.district.oblast.slug == oblast_slug
    assert municipality.name_ky == name_ky


@pytest.mark.django_db
def test_target_and_guest_municipalities():
    targets = set(Municipality.objects.filter(is_target=True).values_list("slug", flat=True))
    assert {"kok-zhar", "ak-tal"} <= targets
    assert Municipality.objects.filter(is_target=False).exists()


@pytest.mark.django_db
def test_every_name_exists_in_both_languages():
    for model in (Oblast, District, Municipality):
        assert not model.objects.filter(name_ky="").exists()
        assert not model.objects.filter(name_ru="").exists()


@pytest.mark.django_db
def test_seed_demo_is_idempotent(capsys):
    # forced: on PostgreSQL the test database is not the embedded default
    call_command("seed_demo", force=True)
    counts = (Oblast.objects.count(), District.objects.count(), Municipality.objects.count())
    call_command("seed_demo", force=True)
    assert counts == (
        Oblast.objects.count(),
        District.objects.count(),
        Municipality.objects.count(),
    )
    out = capsys.readouterr().out
    assert "aibek@psep.example" in out
    assert "staff@psep.example" in out
