"""Public pages, the layout and the language switch."""

import pytest
from django.urls import reverse
from django.utils import translation

from .conftest import client_for
from .factories import MunicipalityFactory, ProgrammeFactory


def url(name, lang, **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.django_db
def test_root_redirects_to_a_language(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == "/ru/"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ky")
    assert response.url == "/ky/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "heading", "place", "empty"),
    [
        ("ru", "Области и муниципалитеты", "Ноокатский район", "программы пока нет"),
        ("ky", "Облустар жана муниципалитеттер", "Ноокат району", "программа азырынча жок"),
    ],
)
def test_home_lists_oblasts_districts_municipalities(client, lang, heading, place, empty):
    response = client.get(url("home", lang))
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in body
    assert heading in body
    assert place in body
    assert empty in body


@pytest.mark.django_db
def test_home_shows_programme_status(client, kok_zhar):
    ProgrammeFactory(municipality=kok_zhar, status="public_consultation")
    body = client.get(url("home", "ru")).content.decode()
    assert "обсуждение с населением" in body
    assert "2020–2024" in body


@pytest.mark.django_db
def test_home_query_count_does_not_grow(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get(url("home", "ru"))
    for _ in range(30):
        ProgrammeFactory(municipality=MunicipalityFactory())
    with django_assert_max_num_queries(6):
        response = client.get(url("home", "ru"))
    assert response.content.decode().count('class="status status--draft"') == 30


@pytest.mark.django_db
def test_municipality_page_is_public(client, kok_zhar):
    response = client.get(url("municipality_detail", "ky", slug="kok-zhar"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Көк-Жар айылдык аймагы" in body
    assert "Ноокат району" in body
    # no member links for a visitor
    assert reverse("municipality_team", kwargs={"slug": "kok-zhar"}) not in body


@pytest.mark.django_db
def test_my_municipalities_paginates_for_reviewers(staff, django_assert_max_num_queries):
    from municipalities.models import District

    nookat = District.objects.get(slug="nookat")
    MunicipalityFactory.create_batch(40, district=nookat)
    client = client_for(staff)
    # 9, and one for the menu's count of «Мои задачи»
    with django_assert_max_num_queries(10):
        response = client.get(url("my_municipalities", "ru"))
    assert "Страница 1 из 2" in response.content.decode()
    response = client.get(url("my_municipalities", "ru") + "?page=2")
    assert response.status_code == 200


@pytest.mark.django_db
def test_language_switch_keeps_the_page(aibek, kok_zhar):
    client = client_for(aibek)
    team_ky = url("municipality_team", "ky", slug="kok-zhar")
    team_ru = url("municipality_team", "ru", slug="kok-zhar")
    page = client.get(team_ky).content.decode()
    assert client.get("/").url == "/ky/"
    # the Russian link of the Kyrgyz page is the Russian address of the same page (a plain
    # link: no form, no CSRF token)
    assert f'href="{team_ru}" hreflang="ru"' in page
    assert client.get(team_ru).status_code == 200
    # the choice is remembered for addresses without a language prefix
    assert client.get("/").url == "/ru/"


@pytest.mark.django_db
def test_every_page_has_the_language_switch_and_csp(client):
    response = client.get(url("login", "ky"))
    body = response.content.decode()
    assert 'hreflang="ru"' in body
    assert "Кирүү" in body
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


@pytest.mark.django_db
def test_output_is_escaped(client, kok_zhar):
    kok_zhar.name_ru = "<script>alert(1)</script> Кок-Жар"
    kok_zhar.save()
    body = client.get(url("municipality_detail", "ru", slug="kok-zhar")).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


@pytest.mark.django_db
def test_not_found_page_in_kyrgyz(client):
    response = client.get("/ky/no-such-page/")
    assert response.status_code == 404


@pytest.mark.django_db
def test_healthz(client):
    assert client.get("/healthz").content == b"ok"


@pytest.mark.django_db
def test_favicon_ico_points_to_the_svg(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url.endswith("favicon.svg")


@pytest.mark.django_db
def test_htmx_request_of_an_expired_session_redirects_the_whole_page(client, kok_zhar):
    response = client.get(
        reverse("municipality_team", kwargs={"slug": "kok-zhar"}), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response.headers["HX-Redirect"].startswith(reverse("login"))


@pytest.mark.django_db
def test_pages_are_compressed_for_slow_connections(client):
    response = client.get(url("home", "ru"), HTTP_ACCEPT_ENCODING="gzip")
    assert response.headers["Content-Encoding"] == "gzip"


@pytest.mark.django_db
def test_anonymous_visitor_sees_no_draft_title(client, programme):
    body = client.get(url("municipality_detail", "ru", slug="kok-zhar")).content.decode()
    assert programme.title_ru not in body
    assert "Программа в разработке" in body
    assert "2020–2024" in body


@pytest.mark.django_db
def test_member_sees_the_draft_title_with_a_link(gulnara, programme):
    body = client_for(gulnara).get(url("municipality_detail", "ru", slug="kok-zhar")).content
    assert programme.title_ru in body.decode()
    assert reverse("planning:overview", kwargs={"pk": programme.pk}) in body.decode()
