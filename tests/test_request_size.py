"""A request larger than the largest upload is refused (413) before its body is read, with a
page in Russian and Kyrgyz; a form cannot carry more files than the portal's forms send."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import encode_multipart
from django.urls import reverse
from django.utils import translation

from planning.models import CitizenProposal, Programme, ProgrammeStatus
from tests.conftest import client_for
from tests.factories import fill

MB = 1024 * 1024
BOUNDARY = "psep-boundary"


class WatchedBody(io.BytesIO):
    """The request's body, telling whether anything read it."""

    read_bytes = 0

    def read(self, size=-1):
        data = super().read(size)
        WatchedBody.read_bytes += len(data)
        return data

    def readline(self, size=-1):
        data = super().readline(size)
        WatchedBody.read_bytes += len(data)
        return data


@pytest.fixture
def consulting(programme):
    """Кок-Жар's complete programme in public consultation: its page takes proposals from
    anyone."""
    fill(programme)
    Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.PUBLIC_CONSULTATION)
    return programme


def public_url(programme, lang="ru"):
    with translation.override(lang):
        return reverse("planning:public", kwargs={"pk": programme.pk})


def text(message, lang):
    with translation.override(lang):
        return translation.gettext(message)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_an_anonymous_upload_over_the_limit_is_refused_before_it_is_read(client, consulting, lang):
    body = encode_multipart(
        BOUNDARY,
        {
            "text": "Отремонтировать дорогу к школе",
            "section": "general",
            "psep_trap": "",
            "attachment": SimpleUploadedFile("big.bin", b"\0" * (13 * MB)),
        },
    )
    WatchedBody.read_bytes = 0
    response = client.generic(
        "POST",
        public_url(consulting, lang),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        **{"wsgi.input": WatchedBody(body), "CONTENT_LENGTH": str(len(body))},
    )
    assert response.status_code == 413
    assert WatchedBody.read_bytes == 0
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page
    assert text("Слишком большой файл", lang) in page
    assert "12" in page  # the limit, in megabytes
    assert not CitizenProposal.objects.exists()


@pytest.mark.django_db
def test_a_scan_of_the_largest_allowed_size_still_goes_through(aibek, consulting):
    """A 10 MB scan (the largest the forms accept) and its form are under the limit: the page
    answers as it did (here: the form's own refusal of a file that is not a PDF or image)."""
    client = client_for(aibek)
    with translation.override("ru"):
        url = reverse("planning:hearing_add", kwargs={"pk": consulting.pk})
    response = client.post(
        url,
        {
            "date": "2019-05-14",
            "place_ru": "Дом культуры",
            "women": "41",
            "men": "37",
            "minutes_file": SimpleUploadedFile("scan.pdf", b"x" * (10 * MB - 1)),
        },
    )
    assert response.status_code != 413


@pytest.mark.django_db
def test_a_form_with_more_files_than_any_form_sends_is_refused(client, consulting):
    files = {f"file{n}": SimpleUploadedFile(f"{n}.txt", b"x") for n in range(3)}
    response = client.post(
        public_url(consulting),
        {"text": "Отремонтировать дорогу к школе", "section": "general", **files},
    )
    assert response.status_code == 400
    assert not CitizenProposal.objects.exists()
