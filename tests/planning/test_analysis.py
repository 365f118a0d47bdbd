"""Passport, situation analysis by sector and SWOT: who may read and change them, what is
refused, and that texts in both languages come back exactly as typed."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from planning.models import (
    BudgetYear,
    KeyFigure,
    Passport,
    Problem,
    ProgrammeStatus,
    Sector,
    SectorAnalysis,
    SwotItem,
    Village,
)
from planning.services import analysis as services
from tests.conftest import client_for

KY_TEXT = "Көк-Жар айылында ичүүчү суу жетишсиз, түтүктөр эскирген; жаңы скважина керек"
WATER = "drinking-water"


def url(name, **kwargs):
    return reverse(f"planning:{name}", kwargs=kwargs)


@pytest.fixture
def water():
    return Sector.objects.get(code=WATER)


def _fill(programme, actor, sector):
    """One item of every kind in the programme, written through the services."""
    passport = Passport.objects.get(programme=programme)
    village = services.village_create(
        passport=passport, actor=actor, name_ru="Кок-Жар", name_ky="Көк-Жар", population=2100
    )
    budget = services.budget_year_create(
        passport=passport, actor=actor, year=2019, revenue=Decimal(5200000), expenditure=5100000
    )
    figure = services.key_figure_create(
        programme=programme,
        sector=sector,
        actor=actor,
        name_ru="Доля домохозяйств с питьевой водой",
        name_ky="Ичүүчү суусу бар үй чарбаларынын үлүшү",
        value=Decimal("62.5"),
        unit="%",
        year=2019,
    )
    problem = services.problem_create(
        programme=programme,
        sector=sector,
        actor=actor,
        text_ru="Изношенный водопровод",
        text_ky="Эскирген суу түтүгү",
        raised_by_citizens=True,
    )
    item = services.swot_item_create(
        programme=programme,
        actor=actor,
        kind="strength",
        text_ru="Активное население",
        text_ky="Жигердүү калк",
    )
    return {
        "village_pk": village.pk,
        "budget_pk": budget.pk,
        "figure_pk": figure.pk,
        "problem_pk": problem.pk,
        "item_pk": item.pk,
    }


@pytest.fixture
def filled(programme, aibek, water):
    return _fill(programme, aibek, water)


READ_PAGES = [
    ("passport", {}),
    ("analysis", {}),
    ("sector", {"code": WATER}),
    ("swot", {}),
]
EDIT_PAGES = [
    ("passport_edit", {}),
    ("village_create", {}),
    ("village_edit", {"village_pk": "village_pk"}),
    ("village_delete", {"village_pk": "village_pk"}),
    ("budget_year_create", {}),
    ("budget_year_edit", {"budget_pk": "budget_pk"}),
    ("budget_year_delete", {"budget_pk": "budget_pk"}),
    ("situation_edit", {"code": WATER}),
    ("key_figure_create", {"code": WATER}),
    ("key_figure_edit", {"code": WATER, "figure_pk": "figure_pk"}),
    ("key_figure_delete", {"code": WATER, "figure_pk": "figure_pk"}),
    ("problem_create", {"code": WATER}),
    ("problem_edit", {"code": WATER, "problem_pk": "problem_pk"}),
    ("problem_delete", {"code": WATER, "problem_pk": "problem_pk"}),
    ("swot_item_create", {"kind": "threat"}),
    ("swot_item_edit", {"item_pk": "item_pk"}),
    ("swot_item_delete", {"item_pk": "item_pk"}),
]
ITEM_PAGES = [
    (name, kwargs) for name, kwargs in EDIT_PAGES if any(k.endswith("_pk") for k in kwargs)
]
ITEM_PAGES.append(("problem_move", {"code": WATER, "problem_pk": "problem_pk"}))


def _kwargs(spec, programme, ids):
    values = {k: ids.get(v, v) for k, v in spec.items()}
    return {"pk": programme.pk, **values}


# --- permissions -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "spec"), READ_PAGES + EDIT_PAGES)
@pytest.mark.parametrize("persona", ["aibek", "gulnara"])
def test_working_group_opens_every_page(request, programme, filled, name, spec, persona):
    client = client_for(request.getfixturevalue(persona))
    response = client.get(url(name, **_kwargs(spec, programme, filled)))
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "spec"), READ_PAGES)
def test_staff_reads_without_edit_links(staff, programme, filled, name, spec):
    response = client_for(staff).get(url(name, **_kwargs(spec, programme, filled)))
    assert response.status_code == 200
    body = response.content.decode()
    assert "/delete/" not in body
    assert '<form method="post" action="/ru/p/' not in body


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "spec"), EDIT_PAGES)
def test_staff_cannot_edit(staff, programme, filled, name, spec):
    client = client_for(staff)
    target = url(name, **_kwargs(spec, programme, filled))
    assert client.get(target).status_code == 403
    assert client.post(target, {}).status_code == 403


@pytest.mark.django_db
def test_staff_cannot_move_problems(staff, programme, filled):
    target = url("problem_move", **_kwargs(ITEM_PAGES[-1][1], programme, filled))
    assert client_for(staff).post(target, {"direction": "down"}).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "spec"), READ_PAGES + EDIT_PAGES + ITEM_PAGES[-1:])
def test_member_of_another_municipality_gets_403(nurlan, programme, filled, name, spec):
    client = client_for(nurlan)
    target = url(name, **_kwargs(spec, programme, filled))
    # problem_move accepts POST only
    assert client.get(target).status_code == (405 if name == "problem_move" else 403)
    assert client.post(target, {"direction": "up"}).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "spec"), ITEM_PAGES)
def test_own_programme_with_an_item_of_another_municipality_gives_404(
    nurlan, ak_tal_programme, filled, name, spec
):
    client = client_for(nurlan)
    target = url(name, **_kwargs(spec, ak_tal_programme, filled))
    assert client.get(target).status_code in (404, 405)  # problem_move accepts POST only
    assert client.post(target, {"direction": "up", "name_ru": "Чужое"}).status_code == 404
    assert Village.objects.get(pk=filled["village_pk"]).name_ru == "Кок-Жар"
    assert SwotItem.objects.filter(pk=filled["item_pk"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "spec"), READ_PAGES + EDIT_PAGES + ITEM_PAGES[-1:])
def test_anonymous_is_sent_to_log_in(client, programme, filled, name, spec):
    response = client.get(url(name, **_kwargs(spec, programme, filled)))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "spec"), EDIT_PAGES)
def test_a_programme_in_review_refuses_edits(aibek, programme, filled, name, spec):
    programme.status = ProgrammeStatus.IN_REVIEW
    programme.save()
    client = client_for(aibek)
    target = url(name, **_kwargs(spec, programme, filled))
    assert client.get(target).status_code == 403
    assert client.post(target, {"village-name_ru": "Новое"}).status_code == 403
    assert Village.objects.count() == 1
    # and the pages still read, without edit links
    body = client.get(url("passport", pk=programme.pk)).content.decode()
    assert "/delete/" not in body


@pytest.mark.django_db
def test_services_refuse_someone_outside_the_working_group(staff, nurlan, programme):
    passport = Passport.objects.get(programme=programme)
    for actor in (staff, nurlan):
        with pytest.raises(PermissionDenied):
            services.village_create(passport=passport, actor=actor, name_ru="Село", name_ky="")
    assert not Village.objects.exists()


@pytest.mark.django_db
def test_unknown_or_inactive_sector_is_404(aibek, programme):
    client = client_for(aibek)
    assert client.get(url("sector", pk=programme.pk, code="no-such-sector")).status_code == 404
    Sector.objects.filter(code="energy").update(is_active=False)
    assert client.get(url("sector", pk=programme.pk, code="energy")).status_code == 404
    assert client.get(url("situation_edit", pk=programme.pk, code="energy")).status_code == 404
    body = client.get(url("analysis", pk=programme.pk)).content.decode()
    assert "/analysis/energy/" not in body
    assert f"/analysis/{WATER}/" in body


# --- passport --------------------------------------------------------------------------------


def _passport_data(**overrides):
    data = {
        "revision": 1,
        "geographic_position_ru": "Кок-Жарский айылный аймак расположен в Ноокатском районе.",
        "geographic_position_ky": "Көк-Жар айылдык аймагы Ноокат районунда жайгашкан.",
        "landscape_ru": "",
        "landscape_ky": "",
        "distance_to_district_centre_km": "18.5",
        "distance_to_oblast_centre_km": "60",
        "distance_to_capital_km": "640",
        "year_founded": "1936",
        "area_ha": "12500",
        "population_total": "9800",
        "population_women": "4950",
        "population_men": "4850",
        "households": "1900",
        "data_year": "2019",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_passport_is_saved_and_shown(gulnara, programme):
    client = client_for(gulnara)
    response = client.post(url("passport_edit", pk=programme.pk), _passport_data())
    assert response.status_code == 302
    passport = Passport.objects.get(programme=programme)
    assert passport.population_total == 9800
    assert passport.geographic_position_ky == "Көк-Жар айылдык аймагы Ноокат районунда жайгашкан."
    assert passport.revision == 2
    assert passport.history.first().history_user == gulnara
    body = client.get(url("passport", pk=programme.pk)).content.decode()
    assert "Кок-Жарский айылный аймак расположен в Ноокатском районе." in body
    assert "1936" in body
    assert "18,5" in body


@pytest.mark.django_db
def test_passport_texts_may_both_stay_empty(aibek, programme):
    data = _passport_data(geographic_position_ru="", geographic_position_ky="")
    response = client_for(aibek).post(url("passport_edit", pk=programme.pk), data)
    assert response.status_code == 302
    assert Passport.objects.get(programme=programme).area_ha == 12500


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        {"population_women": "5000", "population_men": "5000"},  # 10 000 > 9 800
        {"population_women": "9900", "population_men": ""},  # women alone above the total
    ],
)
def test_women_and_men_above_the_total_are_refused(aibek, programme, overrides):
    response = client_for(aibek).post(
        url("passport_edit", pk=programme.pk), _passport_data(**overrides)
    )
    assert response.status_code == 400
    assert "больше, чем всего жителей" in response.content.decode()
    passport = Passport.objects.get(programme=programme)
    assert passport.population_total is None
    assert passport.revision == 1


@pytest.mark.django_db
def test_passport_service_refuses_women_and_men_above_the_total(aibek, programme):
    passport = Passport.objects.get(programme=programme)
    with pytest.raises(ValidationError) as error:
        services.passport_update(
            passport=passport,
            actor=aibek,
            expected_revision=1,
            population_total=100,
            population_women=60,
            population_men=50,
        )
    assert "population_total" in error.value.message_dict
    assert Passport.objects.get(programme=programme).population_total is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field", ["distance_to_capital_km", "area_ha", "households", "population_total"]
)
def test_passport_numbers_below_zero_are_refused(aibek, programme, field):
    response = client_for(aibek).post(
        url("passport_edit", pk=programme.pk), _passport_data(**{field: "-1"})
    )
    assert response.status_code == 400
    assert Passport.objects.get(programme=programme).revision == 1


@pytest.mark.django_db
def test_village_with_kyrgyz_name_is_saved_and_shown_exactly(aibek, programme):
    client = client_for(aibek)
    response = client.post(
        url("village_create", pk=programme.pk),
        {"village-name_ru": "", "village-name_ky": "Жаңы-Өмүр-Үңкүр", "village-population": "840"},
    )
    assert response.status_code == 302
    village = Village.objects.get()
    assert village.name_ky == "Жаңы-Өмүр-Үңкүр"
    assert not village.name_ru
    with translation.override("ky"):
        body = client.get(url("passport", pk=programme.pk)).content.decode()
    assert "Жаңы-Өмүр-Үңкүр" in body
    assert "missing-translation" not in body.split('id="villages"')[1].split('id="budget"')[0]


@pytest.mark.django_db
def test_village_needs_a_name_in_one_language(aibek, programme):
    response = client_for(aibek).post(
        url("village_create", pk=programme.pk),
        {"village-name_ru": "", "village-name_ky": "", "village-population": "10"},
    )
    assert response.status_code == 400
    assert "хотя бы на одном языке" in response.content.decode()
    assert not Village.objects.exists()


@pytest.mark.django_db
def test_only_russian_text_is_shown_marked_on_the_kyrgyz_page(aibek, programme):
    passport = Passport.objects.get(programme=programme)
    services.village_create(passport=passport, actor=aibek, name_ru="Кызыл-Булак", name_ky="")
    with translation.override("ky"):
        target = url("passport", pk=programme.pk)
        assert target.startswith("/ky/")
        body = client_for(aibek).get(target).content.decode()
    assert '<span lang="ru">Кызыл-Булак</span>' in body
    assert 'class="missing-translation"' in body


@pytest.mark.django_db
def test_village_edit_and_delete(aibek, programme, filled):
    client = client_for(aibek)
    village_pk = filled["village_pk"]
    response = client.post(
        url("village_edit", pk=programme.pk, village_pk=village_pk),
        {"name_ru": "Кок-Жар", "name_ky": "Көк-Жар", "population": "2150"},
    )
    assert response.status_code == 302
    assert Village.objects.get(pk=village_pk).population == 2150
    target = url("village_delete", pk=programme.pk, village_pk=village_pk)
    page = client.get(target)
    assert "Удалить село «Кок-Жар»" in page.content.decode()
    assert Village.objects.filter(pk=village_pk).exists()  # nothing deleted by a GET
    assert client.post(target).status_code == 302
    assert not Village.objects.filter(pk=village_pk).exists()


@pytest.mark.django_db
def test_second_save_of_the_same_village_is_refused(aibek, gulnara, programme, filled):
    village = Village.objects.get(pk=filled["village_pk"])
    target = url("village_edit", pk=programme.pk, village_pk=village.pk)
    seen = village.revision
    first = client_for(aibek).post(
        target, {"revision": seen, "name_ru": "Кок-Жар", "name_ky": "", "population": "2150"}
    )
    assert first.status_code == 302
    second = client_for(gulnara).post(
        target, {"revision": seen, "name_ru": "Кок-Жар", "name_ky": "", "population": "2300"}
    )
    assert second.status_code == 400
    assert "Пока вы редактировали" in second.content.decode()
    assert 'value="2300"' in second.content.decode()
    assert Village.objects.get(pk=village.pk).population == 2150


@pytest.mark.django_db
def test_duplicate_budget_year_is_refused(aibek, programme, filled):
    response = client_for(aibek).post(
        url("budget_year_create", pk=programme.pk),
        {"budget-year": "2019", "budget-revenue": "1", "budget-expenditure": "1"},
    )
    assert response.status_code == 400
    assert "Бюджет за 2019 год уже введён" in response.content.decode()
    assert BudgetYear.objects.count() == 1
    assert BudgetYear.objects.get().revenue == 5200000


@pytest.mark.django_db
def test_budget_year_edit_to_a_taken_year_is_refused(aibek, programme, filled):
    passport = Passport.objects.get(programme=programme)
    other = services.budget_year_create(
        passport=passport, actor=aibek, year=2018, revenue=1, expenditure=1
    )
    response = client_for(aibek).post(
        url("budget_year_edit", pk=programme.pk, budget_pk=other.pk),
        {"year": "2019", "revenue": "1", "expenditure": "1"},
    )
    assert response.status_code == 400
    assert BudgetYear.objects.get(pk=other.pk).year == 2018


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"budget-year": "1999", "budget-revenue": "1", "budget-expenditure": "1"},
        {"budget-year": "2101", "budget-revenue": "1", "budget-expenditure": "1"},
        {"budget-year": "2020", "budget-revenue": "-5", "budget-expenditure": "1"},
        {"budget-year": "2020", "budget-revenue": "1", "budget-expenditure": "-1"},
    ],
)
def test_budget_year_out_of_range_or_negative_is_refused(aibek, programme, data):
    response = client_for(aibek).post(url("budget_year_create", pk=programme.pk), data)
    assert response.status_code == 400
    assert not BudgetYear.objects.exists()


@pytest.mark.django_db
def test_budget_year_is_added_and_shown(gulnara, programme):
    client = client_for(gulnara)
    response = client.post(
        url("budget_year_create", pk=programme.pk),
        {"budget-year": "2020", "budget-revenue": "6100000", "budget-expenditure": "6000000"},
    )
    assert response.status_code == 302
    body = client.get(url("passport", pk=programme.pk)).content.decode()
    assert "6\xa0100\xa0000" in body or "6 100 000" in body


# --- situation analysis ----------------------------------------------------------------------


@pytest.mark.django_db
def test_situation_is_created_on_first_save_in_both_languages(gulnara, programme, water):
    client = client_for(gulnara)
    target = url("situation_edit", pk=programme.pk, code=WATER)
    form = client.get(target).content.decode()
    assert 'name="revision" value="0"' in form
    response = client.post(
        target,
        {
            "revision": "0",
            "situation_ru": "Водопровод построен в 1975 году.",
            "situation_ky": KY_TEXT,
        },
    )
    assert response.status_code == 302
    analysis = SectorAnalysis.objects.get(programme=programme, sector=water)
    assert analysis.situation_ky == KY_TEXT
    assert analysis.history.first().history_user == gulnara
    body = client.get(url("sector", pk=programme.pk, code=WATER)).content.decode()
    assert KY_TEXT in body
    assert "Водопровод построен в 1975 году." in body


@pytest.mark.django_db
def test_hundred_thousand_characters_are_refused(aibek, programme, water):
    response = client_for(aibek).post(
        url("situation_edit", pk=programme.pk, code=WATER),
        {"revision": "0", "situation_ru": "ы" * 100_000, "situation_ky": ""},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "10000" in body and "100000" in body  # the limit and what was typed
    assert not SectorAnalysis.objects.exists()


@pytest.mark.django_db
def test_service_refuses_a_text_above_the_limit(aibek, programme, water):
    with pytest.raises(ValidationError) as error:
        services.sector_analysis_update(
            programme=programme,
            sector=water,
            actor=aibek,
            expected_revision=None,
            situation_ru="ы" * 10_001,
            situation_ky="",
        )
    assert "situation_ru" in error.value.message_dict
    assert not SectorAnalysis.objects.exists()


@pytest.mark.django_db
def test_stale_edit_of_the_situation_is_refused_and_the_text_kept(aibek, gulnara, programme, water):
    services.sector_analysis_update(
        programme=programme,
        sector=water,
        actor=aibek,
        expected_revision=None,
        situation_ru="Первый вариант.",
        situation_ky="",
    )
    gulnara_client = client_for(gulnara)
    target = url("situation_edit", pk=programme.pk, code=WATER)
    assert 'name="revision" value="1"' in gulnara_client.get(target).content.decode()
    # Айбек saves while Гульнара is still typing
    services.sector_analysis_update(
        programme=programme,
        sector=water,
        actor=aibek,
        expected_revision=1,
        situation_ru="Вариант Айбека.",
        situation_ky="",
    )
    response = gulnara_client.post(
        target, {"revision": "1", "situation_ru": "Вариант Гульнары.", "situation_ky": KY_TEXT}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Вариант Гульнары." in body
    assert KY_TEXT in body
    assert "Айбек Осмонов" in body  # who changed it meanwhile
    analysis = SectorAnalysis.objects.get()
    assert analysis.situation_ru == "Вариант Айбека."
    assert analysis.revision == 2


@pytest.mark.django_db
def test_two_people_starting_a_new_analysis_second_is_stale(aibek, gulnara, programme, water):
    target = url("situation_edit", pk=programme.pk, code=WATER)
    client_for(aibek).post(target, {"revision": "0", "situation_ru": "Айбек", "situation_ky": ""})
    response = client_for(gulnara).post(
        target, {"revision": "0", "situation_ru": "Гульнара", "situation_ky": ""}
    )
    assert response.status_code == 400
    assert SectorAnalysis.objects.get().situation_ru == "Айбек"


@pytest.mark.django_db
def test_key_figure_add_edit_delete(aibek, programme, water):
    client = client_for(aibek)
    response = client.post(
        url("key_figure_create", pk=programme.pk, code=WATER),
        {
            "figure-name_ru": "Протяжённость водопровода",
            "figure-name_ky": "Суу түтүгүнүн узундугу",
            "figure-value": "14.2",
            "figure-unit": "км",
            "figure-year": "2019",
        },
    )
    assert response.status_code == 302
    figure = KeyFigure.objects.get()
    assert figure.analysis.sector == water  # the analysis was created for it
    assert figure.name_ky == "Суу түтүгүнүн узундугу"
    response = client.post(
        url("key_figure_edit", pk=programme.pk, code=WATER, figure_pk=figure.pk),
        {
            "name_ru": "Протяжённость водопровода",
            "name_ky": "",
            "value": "15",
            "unit": "км",
            "year": "2020",
        },
    )
    assert response.status_code == 302
    figure.refresh_from_db()
    assert (figure.value, figure.year) == (Decimal("15"), 2020)
    target = url("key_figure_delete", pk=programme.pk, code=WATER, figure_pk=figure.pk)
    client.get(target)
    assert KeyFigure.objects.exists()
    client.post(target)
    assert not KeyFigure.objects.exists()


@pytest.mark.django_db
def test_key_figure_refuses_bad_year_and_missing_name(aibek, programme):
    response = client_for(aibek).post(
        url("key_figure_create", pk=programme.pk, code=WATER),
        {
            "figure-name_ru": "",
            "figure-name_ky": "",
            "figure-value": "1",
            "figure-unit": "км",
            "figure-year": "1800",
        },
    )
    assert response.status_code == 400
    assert not KeyFigure.objects.exists()
    assert not SectorAnalysis.objects.exists()


def _ranks(analysis_id):
    return list(
        Problem.objects.filter(analysis_id=analysis_id)
        .order_by("priority")
        .values_list("text_ru", "priority")
    )


@pytest.mark.django_db
def test_problems_are_ranked_and_re_ranked(aibek, programme, water):
    client = client_for(aibek)
    create = url("problem_create", pk=programme.pk, code=WATER)
    for text in ("А", "Б", "В"):
        client.post(create, {"problem-text_ru": text, "problem-text_ky": ""})
    analysis_id = SectorAnalysis.objects.get().pk
    assert _ranks(analysis_id) == [("А", 1), ("Б", 2), ("В", 3)]
    # a new problem at rank 1: the others move down
    client.post(
        create,
        {
            "problem-text_ru": "Г",
            "problem-text_ky": "Ң",
            "problem-priority": "1",
            "problem-raised_by_citizens": "on",
        },
    )
    assert _ranks(analysis_id) == [("Г", 1), ("А", 2), ("Б", 3), ("В", 4)]
    assert Problem.objects.get(text_ru="Г").raised_by_citizens
    # move "В" up, then "Г" down
    v = Problem.objects.get(text_ru="В")
    client.post(
        url("problem_move", pk=programme.pk, code=WATER, problem_pk=v.pk), {"direction": "up"}
    )
    assert _ranks(analysis_id) == [("Г", 1), ("А", 2), ("В", 3), ("Б", 4)]
    g = Problem.objects.get(text_ru="Г")
    client.post(
        url("problem_move", pk=programme.pk, code=WATER, problem_pk=g.pk), {"direction": "down"}
    )
    assert _ranks(analysis_id) == [("А", 1), ("Г", 2), ("В", 3), ("Б", 4)]
    # the first one cannot go higher
    a = Problem.objects.get(text_ru="А")
    client.post(
        url("problem_move", pk=programme.pk, code=WATER, problem_pk=a.pk), {"direction": "up"}
    )
    assert _ranks(analysis_id) == [("А", 1), ("Г", 2), ("В", 3), ("Б", 4)]
    # editing the priority moves it
    b = Problem.objects.get(text_ru="Б")
    response = client.post(
        url("problem_edit", pk=programme.pk, code=WATER, problem_pk=b.pk),
        {"revision": b.revision, "text_ru": "Б", "text_ky": "", "priority": "1"},
    )
    assert response.status_code == 302
    assert _ranks(analysis_id) == [("Б", 1), ("А", 2), ("Г", 3), ("В", 4)]
    # deleting closes the gap
    client.post(url("problem_delete", pk=programme.pk, code=WATER, problem_pk=a.pk))
    assert _ranks(analysis_id) == [("Б", 1), ("Г", 2), ("В", 3)]
    # the page lists them by priority
    body = client.get(url("sector", pk=programme.pk, code=WATER)).content.decode()
    assert body.index(">Б<") < body.index(">Г<") < body.index(">В<")


@pytest.mark.django_db
def test_problem_move_needs_post(aibek, programme, filled):
    target = url("problem_move", pk=programme.pk, code=WATER, problem_pk=filled["problem_pk"])
    assert client_for(aibek).get(target).status_code == 405


@pytest.mark.django_db
def test_problem_with_kyrgyz_text_is_shown_exactly(aibek, programme):
    client = client_for(aibek)
    client.post(
        url("problem_create", pk=programme.pk, code=WATER),
        {"problem-text_ru": "", "problem-text_ky": KY_TEXT},
    )
    assert Problem.objects.get().text_ky == KY_TEXT
    with translation.override("ky"):
        body = client.get(url("sector", pk=programme.pk, code=WATER)).content.decode()
    assert KY_TEXT in body


def _fill_sector(programme, actor, sector):
    services.sector_analysis_update(
        programme=programme,
        sector=sector,
        actor=actor,
        expected_revision=None,
        situation_ru="Текст",
        situation_ky="Текст ң",
    )
    for i in range(3):
        services.key_figure_create(
            programme=programme,
            sector=sector,
            actor=actor,
            name_ru=f"П{i}",
            name_ky="",
            value=i,
            unit="ед.",
            year=2019,
        )
        services.problem_create(
            programme=programme, sector=sector, actor=actor, text_ru=f"Проблема {i}", text_ky=""
        )


@pytest.mark.django_db
def test_analysis_list_query_count_does_not_grow(aibek, programme, django_assert_max_num_queries):
    client = client_for(aibek)
    target = url("analysis", pk=programme.pk)
    client.get(target)  # warm the session and the user's memberships
    sectors = list(Sector.objects.filter(is_active=True))
    for sector in sectors[:2]:
        _fill_sector(programme, aibek, sector)
    # 9, and one for the menu's count of «Мои задачи»
    with django_assert_max_num_queries(10) as few:
        client.get(target)
    for sector in sectors[2:]:
        _fill_sector(programme, aibek, sector)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(target)
    assert response.content.decode().count('badge badge--ok">готов') == len(sectors)


@pytest.mark.django_db
def test_analysis_list_states(aibek, programme, water):
    roads = Sector.objects.get(code="roads")
    _fill_sector(programme, aibek, water)
    services.sector_analysis_update(
        programme=programme,
        sector=roads,
        actor=aibek,
        expected_revision=None,
        situation_ru="Только по-русски",
        situation_ky="",
    )
    body = client_for(aibek).get(url("analysis", pk=programme.pk)).content.decode()
    rows = {row.split("</a>")[0].rsplit(">", 1)[-1]: row for row in body.split("<tr>")[2:]}
    assert "готов" in rows["Питьевое водоснабжение"]
    assert "в работе" in rows["Дороги и транспорт"]
    assert rows["Дороги и транспорт"].count('badge--warn">нет') == 1  # no Kyrgyz text
    assert "не начат" in rows["Образование"]


# --- SWOT ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_swot_shows_four_lists(staff, programme, filled):
    body = client_for(staff).get(url("swot", pk=programme.pk)).content.decode()
    for heading in ("Сильные стороны", "Слабые стороны", "Возможности", "Угрозы"):
        assert f">{heading}</h2>" in body
    assert "Активное население" in body


@pytest.mark.django_db
def test_swot_item_add_edit_delete(gulnara, programme):
    client = client_for(gulnara)
    response = client.post(
        url("swot_item_create", pk=programme.pk, kind="threat"),
        {"threat-text_ru": "Сели и оползни", "threat-text_ky": "Сел жана көчкү"},
    )
    assert response.status_code == 302
    item = SwotItem.objects.get()
    assert (item.kind, item.text_ky) == ("threat", "Сел жана көчкү")
    response = client.post(
        url("swot_item_edit", pk=programme.pk, item_pk=item.pk),
        {"kind": "weakness", "text_ru": "Сели и оползни", "text_ky": "Сел жана көчкү"},
    )
    assert response.status_code == 302
    assert SwotItem.objects.get().kind == "weakness"
    target = url("swot_item_delete", pk=programme.pk, item_pk=item.pk)
    page = client.get(target).content.decode()
    assert "Удалить пункт SWOT «Сели и оползни»" in page
    assert SwotItem.objects.exists()
    client.post(target)
    assert not SwotItem.objects.exists()


@pytest.mark.django_db
def test_swot_item_moved_to_another_list_goes_to_its_end(gulnara, programme):
    threats = [
        SwotItem.objects.create(programme=programme, kind="threat", text_ru=t, sort_order=i)
        for i, t in enumerate(["Сели", "Засуха"])
    ]
    strength = SwotItem.objects.create(
        programme=programme, kind="strength", text_ru="Дружное население", sort_order=0
    )
    response = client_for(gulnara).post(
        url("swot_item_edit", pk=programme.pk, item_pk=strength.pk),
        {"kind": "threat", "text_ru": "Дружное население", "text_ky": ""},
    )
    assert response.status_code == 302
    strength.refresh_from_db()
    assert strength.kind == "threat"
    assert strength.sort_order > max(t.sort_order for t in threats)


@pytest.mark.django_db
def test_swot_item_needs_text_and_a_known_list(aibek, programme):
    client = client_for(aibek)
    response = client.post(
        url("swot_item_create", pk=programme.pk, kind="strength"),
        {"strength-text_ru": "", "strength-text_ky": ""},
    )
    assert response.status_code == 400
    assert "хотя бы на одном языке" in response.content.decode()
    response = client.post(
        url("swot_item_create", pk=programme.pk, kind="hope"), {"hope-text_ru": "x"}
    )
    assert response.status_code == 404
    assert not SwotItem.objects.exists()


@pytest.mark.django_db
def test_swot_page_query_count_does_not_grow(aibek, programme, django_assert_max_num_queries):
    client = client_for(aibek)
    target = url("swot", pk=programme.pk)
    client.get(target)
    with django_assert_max_num_queries(9) as few:
        client.get(target)
    for kind in SwotItem.Kind.values:
        for i in range(5):
            services.swot_item_create(
                programme=programme, actor=aibek, kind=kind, text_ru=f"{kind} {i}", text_ky=""
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(target)


@pytest.mark.django_db
def test_passport_and_sector_pages_query_count_does_not_grow(
    aibek, programme, water, django_assert_max_num_queries
):
    client = client_for(aibek)
    passport_url = url("passport", pk=programme.pk)
    sector_url = url("sector", pk=programme.pk, code=WATER)
    client.get(passport_url)
    _fill(programme, aibek, water)
    # 11, and one for the menu's count of «Мои задачи»
    with django_assert_max_num_queries(12) as passport_few:
        client.get(passport_url)
    with django_assert_max_num_queries(12) as sector_few:
        client.get(sector_url)
    passport = Passport.objects.get(programme=programme)
    for i in range(10):
        services.village_create(passport=passport, actor=aibek, name_ru=f"Село {i}", name_ky="")
        services.budget_year_create(
            passport=passport, actor=aibek, year=2000 + i, revenue=1, expenditure=1
        )
    _fill_sector(programme, aibek, water)
    with django_assert_max_num_queries(len(passport_few.captured_queries)):
        client.get(passport_url)
    with django_assert_max_num_queries(len(sector_few.captured_queries)):
        client.get(sector_url)


@pytest.mark.django_db
def test_an_open_problem_edit_is_refused_after_someone_re_ranked_it(aibek, gulnara, programme):
    first = services.problem_create(
        programme=programme,
        sector=Sector.objects.get(code=WATER),
        actor=aibek,
        text_ru="Первая",
        text_ky="",
    )
    second = services.problem_create(
        programme=programme,
        sector=Sector.objects.get(code=WATER),
        actor=aibek,
        text_ru="Вторая",
        text_ky="",
    )
    opened_revision = first.revision
    services.problem_move(problem=second, actor=aibek, direction="up")
    response = client_for(gulnara).post(
        url("problem_edit", pk=programme.pk, code=WATER, problem_pk=first.pk),
        {
            "revision": opened_revision,
            "text_ru": "Первая, исправленная",
            "text_ky": "",
            "priority": "1",
        },
    )
    assert response.status_code == 400
    assert "Первая, исправленная" in response.content.decode()
    first.refresh_from_db()
    assert (first.text_ru, first.priority) == ("Первая", 2)
    assert first.history.first().history_user == aibek
