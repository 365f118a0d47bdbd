# ruff: noqa: F811 (the fixtures of the public page tests are imported by name)
"""Public pages kept in the cache (common.pagecache): an approved version's page is served
without a query; whatever the page shows moves the programme's public revision, so the next
reader sees it; nothing personal, no CSRF token and no message is ever kept; a browser that
holds the page gets a 304; a reader with a session is never served nor stored."""

import gzip
import hashlib
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from common.pagecache import cached_page
from documents import services as document_services
from documents.models import Document, DocumentStatus
from municipalities.models import Municipality
from planning.models import CitizenProposal, ProgrammeStatus, ProposalDecision
from planning.services.consultation import hearing_create, proposal_answer, proposal_publish
from tests.conftest import client_for
from tests.planning.test_public import add_proposal, approve, consulting, set_status  # noqa: F401

S = ProgrammeStatus
CONTACT = "citizen-contact@example.org"
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def public_url(programme, lang="ru"):
    with translation.override(lang):
        return reverse("planning:public", kwargs={"pk": programme.pk})


def kept_pages(cache) -> list[bytes]:
    """Every page in the memory cache, as stored."""
    pages = []
    for key in list(cache._cache):
        value = cache.get(key.split(":", 2)[-1])
        if isinstance(value, tuple):
            pages.append(gzip.decompress(value[1]))
    return pages


@pytest.fixture
def approved(consulting, kenesh):
    return approve(consulting, kenesh)


@pytest.fixture
def at_council(consulting):
    """Handed to the council: public, no form on the page, still written to."""
    return set_status(consulting, S.SUBMITTED_TO_COUNCIL)


@pytest.mark.django_db(transaction=True)
def test_an_approved_version_is_served_from_the_cache_without_a_query(
    page_cache, approved, django_assert_num_queries
):
    reader = Client()
    first = reader.get(public_url(approved))
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = Client().get(public_url(approved))
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert "no-cache" in second["Cache-Control"] and "Cookie" in second["Vary"]
    # each language is a page of its own
    kyrgyz = Client().get(public_url(approved, "ky"))
    assert kyrgyz.status_code == 200 and kyrgyz["ETag"] != first["ETag"]
    assert 'lang="ky"' in kyrgyz.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_browser_holding_the_page_gets_a_304(page_cache, approved, django_assert_num_queries):
    etag = Client().get(public_url(approved))["ETag"]
    with django_assert_num_queries(0):
        response = Client().get(public_url(approved), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    stale = Client().get(public_url(approved), HTTP_IF_NONE_MATCH='W/"an-older-page"')
    assert stale.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_published_proposal_and_its_answer_show_on_the_next_request(
    page_cache, consulting, aibek, django_assert_num_queries
):
    url = public_url(consulting)
    proposal = add_proposal(
        consulting, text="Отремонтировать мост через арык", status="new", contact=CONTACT
    )
    etag = Client().get(url)["ETag"]
    with django_assert_num_queries(0):  # the page in consultation is kept too
        assert "Отремонтировать мост" not in Client().get(url).content.decode()
    proposal_publish(proposal=proposal, actor=aibek)
    page = Client().get(url, HTTP_IF_NONE_MATCH=etag)
    assert page.status_code == 200
    assert "Отремонтировать мост" in page.content.decode()
    proposal_answer(
        proposal=CitizenProposal.objects.get(pk=proposal.pk),
        actor=aibek,
        decision=ProposalDecision.ACCEPTED,
        answer_ru="Мост включён в план на 2021 год.",
    )
    assert "Мост включён в план на 2021 год." in Client().get(url).content.decode()
    # the citizen's contact is never on the page, nor in what is kept
    assert all(CONTACT.encode() not in page for page in kept_pages(page_cache))


@pytest.mark.django_db(transaction=True)
def test_a_hearing_shows_on_the_next_request(page_cache, consulting, aibek):
    url = public_url(consulting)
    Client().get(url)
    hearing_create(
        programme=consulting,
        actor=aibek,
        date=date(2019, 6, 2),
        place_ru="Школа села Жийде",
        women=30,
        men=25,
    )
    assert "Школа села Жийде" in Client().get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_council_decision_shows_on_the_next_request(page_cache, at_council, kenesh):
    url = public_url(at_council)
    Client().get(url)
    approve(at_council, kenesh)
    assert "XII сессия айылного кенеша VI созыва" in Client().get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_finished_document_shows_on_the_next_request(page_cache, approved, monkeypatch):
    monkeypatch.setattr(document_services, "render_pdf", lambda book: (PDF, 1))
    url = public_url(approved)
    Client().get(url)
    document = Document.objects.create(
        kind="programme", object_id=approved.pk, language="ru", status=DocumentStatus.QUEUED
    )
    download = reverse(
        "planning:public_document", kwargs={"pk": approved.pk, "document_pk": document.pk}
    )
    assert download not in Client().get(url).content.decode()
    assert document_services.document_render(document.pk).status == DocumentStatus.DONE
    assert download in Client().get(url).content.decode()
    # the file itself: its SHA-256 is its ETag
    pdf = Client().get(download)
    assert pdf.status_code == 200 and pdf["ETag"] == f'"{hashlib.sha256(PDF).hexdigest()}"'
    assert Client().get(download, HTTP_IF_NONE_MATCH=pdf["ETag"]).status_code == 304


@pytest.mark.django_db(transaction=True)
def test_a_renamed_municipality_shows_on_its_programme_and_the_home_page(page_cache, approved):
    url = public_url(approved)
    Client().get(url)
    Client().get(reverse("home"))
    municipality = Municipality.objects.get(pk=approved.municipality_id)
    municipality.name_ru = "Көк-Жар айылдык аймагы (новое название)"
    municipality.save()
    assert "(новое название)" in Client().get(url).content.decode()
    assert "(новое название)" in Client().get(reverse("home")).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_home_page_lists_a_programme_once_it_is_approved(
    page_cache,
    consulting,
    kenesh,
    django_assert_num_queries,
):
    home = reverse("home") + "?approved=1"
    assert public_url(consulting) not in Client().get(home).content.decode()
    with django_assert_num_queries(0):
        Client().get(home)
    approve(consulting, kenesh)
    assert f'href="{public_url(consulting)}"' in Client().get(home).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_thanks_for_a_proposal_never_reaches_the_next_reader(page_cache, consulting):
    url = public_url(consulting)
    Client().get(url)
    citizen = Client()
    sent = citizen.post(
        url, {"text": "Построить детскую площадку у школы", "section": "general"}, follow=True
    )
    assert "Спасибо! Ваше предложение получено." in sent.content.decode()
    assert "ETag" not in sent  # built for the citizen, not kept
    assert "Спасибо!" not in Client().get(url).content.decode()
    assert all("Спасибо!".encode() not in page for page in kept_pages(page_cache))


@pytest.mark.django_db(transaction=True)
def test_a_proposal_sent_from_another_site_is_refused(client, consulting):
    data = {"text": "Провести уличное освещение на улице Ленина", "section": "general"}
    url = public_url(consulting)
    assert client.post(url, data, HTTP_ORIGIN="https://evil.example").status_code == 403
    assert client.post(url, data, HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert not CitizenProposal.objects.exists()
    own = client.post(url, data, HTTP_ORIGIN="http://testserver", HTTP_SEC_FETCH_SITE="same-origin")
    assert own.status_code == 302
    assert CitizenProposal.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_message_waiting_for_the_reader_is_not_served_from_the_cache(page_cache, approved):
    url = public_url(approved)
    anonymous = Client().get(url)
    reader = Client()
    reader.cookies["messages"] = "something"
    response = reader.get(url)
    assert "ETag" not in response
    assert anonymous["ETag"]


@pytest.mark.django_db(transaction=True)
def test_a_member_logged_in_is_neither_served_nor_stored(
    page_cache, approved, aibek, django_assert_max_num_queries
):
    url = public_url(approved)
    member = client_for(aibek)
    page = member.get(url)
    assert page.status_code == 200 and "ETag" not in page
    assert "Айбек Осмонов" in page.content.decode()  # their own name in the menu
    assert kept_pages(page_cache) == []
    Client().get(url)
    again = member.get(url)
    assert "ETag" not in again and "Выйти" in again.content.decode()


@pytest.mark.django_db(transaction=True)
def test_no_kept_page_holds_a_token_a_contact_or_a_hidden_name(
    page_cache, consulting, kenesh, aibek, gulnara
):
    add_proposal(consulting, text="Скрытое предложение", status="hidden", contact=CONTACT)
    add_proposal(consulting, text="Открытое предложение", contact=CONTACT, author_name="Асель")
    Client().get(public_url(consulting))
    approved = approve(consulting, kenesh)
    for lang in ("ru", "ky"):
        Client().get(public_url(approved, lang))
        Client().get(reverse("home"))
    pages = kept_pages(page_cache)
    assert len(pages) >= 3
    anonymous = Client().get(public_url(approved)).content
    for page in pages:
        assert b"csrfmiddlewaretoken" not in page
        assert CONTACT.encode() not in page
        assert b"\xd0\xa1\xd0\xba\xd1\x80\xd1\x8b\xd1\x82\xd0\xbe\xd0\xb5" not in page  # "Скрытое"
        assert aibek.email.encode() not in page and gulnara.email.encode() not in page
        # names show only where the anonymous page shows them (the working group's list)
        if "Гульнара Абдыкадырова".encode() in page:
            assert "Гульнара Абдыкадырова".encode() in anonymous


@pytest.mark.django_db(transaction=True)
def test_a_page_that_sets_a_cookie_or_fails_is_not_kept(page_cache, rf):
    from django.http import HttpResponse

    request = rf.get("/ru/x/")
    with_cookie = HttpResponse("x")
    with_cookie.set_cookie("a", "b")
    cached_page(request, "v1", lambda: with_cookie)
    cached_page(request, "v2", lambda: HttpResponse("gone", status=404))
    cached_page(request, "v3", lambda: HttpResponse('<input name="csrfmiddlewaretoken">'))
    assert kept_pages(page_cache) == []
    assert cached_page(request, "v4", lambda: HttpResponse("ok")).status_code == 200
    assert kept_pages(page_cache) == [b"ok"]


@pytest.mark.django_db(transaction=True)
def test_a_new_version_moves_the_revision_of_the_one_it_copies(page_cache, approved, aibek):
    from planning.models import Programme
    from planning.services.versions import programme_amend

    before = Programme.objects.get(pk=approved.pk).public_revision
    Client().get(public_url(approved))
    programme_amend(programme=Programme.objects.get(pk=approved.pk), actor=aibek)
    assert Programme.objects.get(pk=approved.pk).public_revision > before


@pytest.mark.django_db(transaction=True)
def test_a_kept_page_is_sent_compressed_to_a_browser_that_takes_gzip(page_cache, approved):
    first = Client().get(public_url(approved))
    kept = Client().get(public_url(approved), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert kept["Content-Encoding"] == "gzip"
    assert gzip.decompress(kept.content) == first.content
    assert "Accept-Encoding" in kept["Vary"] and "Cookie" in kept["Vary"]
