"""The attendance sheet: a PDF of the documents engine with the participants, alphabetically,
their municipality or organisation and position, and an empty signature column for each day,
in Russian or Kyrgyz; its text gives back the names typed in the portal."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from documents.kinds import kinds
from documents.models import Document, DocumentStatus
from documents.services import document_render, document_request
from tests.conftest import client_for
from trainings.documents import KIND, sheet_rows
from trainings.models import PositionCategory, Sex

from .conftest import add

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_process(settings):
    settings.DOCUMENT_RENDER_PROCESSES = 1


def pdf_text(document: Document) -> str:
    with document.file.open("rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    # lines wrap in table cells: compare words
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def people(training, staff, bulolu):
    add(training, staff, "Үмүт Төлөгөнова", position="Председатель ГСМиО")
    add(training, staff, "Бакыт Осмонов", sex="male", municipality=bulolu)
    add(training, staff, "Айгуль Токтогулова", position_category="council_deputy")


def render(training, staff, language) -> Document:
    document = document_request(kind=kinds[KIND], obj=training, language=language, actor=staff)
    return document_render(document.pk)


def test_the_sheet_in_russian_reads_back_its_participants(training, staff, people):
    document = render(training, staff, "ru")
    assert document.status == DocumentStatus.DONE, document.error
    text = pdf_text(document)
    assert "1. Лист регистрации участников" in text
    assert "Разработка Программы социально-экономического развития муниципалитета" in text
    for name in ("Айгуль Токтогулова", "Бакыт Осмонов", "Үмүт Төлөгөнова"):
        assert name in text
    # alphabetically
    assert text.index("Айгуль") < text.index("Бакыт") < text.index("Үмүт")
    assert "Бюлелинский айылный аймак" in text
    assert "Председатель ГСМиО" in text
    assert "Подпись, 11.04.2019" in text and "Подпись, 12.04.2019" in text
    assert document.pages == 1
    assert (
        kinds[KIND].file_name(document, training) == f"attendance-{training.pk}-2019-04-11-ru.pdf"
    )


def test_the_sheet_in_kyrgyz(training, staff, people):
    document = render(training, staff, "ky")
    text = pdf_text(document)
    assert "Муниципалитеттин социалдык-экономикалык өнүгүү программасын иштеп чыгуу" in text
    assert "Бүлөлү айылдык аймагы" in text
    assert "Үмүт Төлөгөнова" in text


def test_an_unchanged_list_gives_the_same_sheet(training, staff, people):
    first = render(training, staff, "ru")
    again = document_request(kind=kinds[KIND], obj=training, language="ru", actor=staff)
    assert again.pk == first.pk and again.reused
    add(training, staff, "Жаңы Катышуучу")
    changed = document_request(kind=kinds[KIND], obj=training, language="ru", actor=staff)
    assert changed.pk != first.pk


def test_both_languages_at_once_are_not_offered(training, staff):
    with pytest.raises(ValidationError):
        document_request(kind=kinds[KIND], obj=training, language="ru+ky", actor=staff)
    page = client_for(staff).get(reverse("trainings:sheet", args=[training.pk])).content.decode()
    assert 'value="ky"' in page and 'value="ru+ky"' not in page


def test_a_long_event_is_printed_on_landscape_pages(training, staff, people):
    training.end_date = training.start_date.replace(day=15)
    training.save()
    document = render(training, staff, "ru")
    with document.file.open("rb") as handle:
        page = PdfReader(BytesIO(handle.read())).pages[0]
    assert page.mediabox.width > page.mediabox.height
    assert "Подпись, 15.04.2019" in pdf_text(document)


def test_rows_name_the_organisation_at_a_national_event(national_event, admin_user):
    add(
        national_event,
        admin_user,
        "Мира Айтбаева",
        organisation="Независимые эксперты",
        organisation_type="expert",
        position_category="other",
    )
    with translation.override("ky"):
        other, woman = str(PositionCategory.OTHER.label), str(Sex.FEMALE.label)
    assert sheet_rows(national_event, "ky") == [
        {"name": "Мира Айтбаева", "where": "Независимые эксперты", "position": other, "sex": woman}
    ]


def test_the_page_asks_for_the_sheet_and_downloads_it(training, staff, people, monkeypatch):
    from documents.tasks import render_document

    sent = []
    monkeypatch.setattr(render_document, "delay", sent.append)
    client = client_for(staff)
    url = reverse("trainings:sheet", args=[training.pk])
    response = client.post(
        reverse("trainings:sheet_request", args=[training.pk]), {"language": "ky"}
    )
    assert response.status_code == 302
    document = Document.objects.get(kind=KIND)
    assert response.url.endswith(f"?language=ky#document-{document.pk}")
    document_render(document.pk)
    page = client.get(url).content.decode()
    assert "Скачать PDF" in page
    download = client.get(reverse("trainings:sheet_download", args=[training.pk, document.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="attendance-')
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
