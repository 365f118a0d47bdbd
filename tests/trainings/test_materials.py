"""Materials of an event: a file is what its first bytes say, a public one is offered on the
event's public page, a private one only to those who keep or follow the event."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.conftest import client_for
from trainings.models import EventMaterial
from trainings.services.materials import material_add

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def office(folder: str) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<document/>")
    return output.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("Презентация.pdf", PDF),
        ("Раздаточный материал.docx", office("word/")),
        ("Слайды.pptx", office("ppt/")),
        ("Фото.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20),
    ],
)
def test_files_that_are_what_they_say(training, staff, name, content):
    material = material_add(
        event=training, actor=staff, file=SimpleUploadedFile(name, content), is_public=True
    )
    assert material.original_name == name
    assert material.title_ru == name.rsplit(".", 1)[0]
    assert material.file.name.startswith("trainings/materials/")
    assert name not in material.file.name  # stored under a random name


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("program.exe", b"MZ\x90\x00", "material_type"),
        ("Презентация.pdf", b"MZ\x90\x00 not a pdf", "material_content"),
        ("Слайды.pptx", office("word/"), "material_content"),
        ("Слайды.pptx", b"PK\x03\x04 broken", "material_content"),
    ],
)
def test_files_that_are_not_refused(training, staff, name, content, code):
    with pytest.raises(ValidationError) as refused:
        material_add(event=training, actor=staff, file=SimpleUploadedFile(name, content))
    assert refused.value.error_dict["file"][0].code == code
    assert not EventMaterial.objects.exists()


def test_a_file_over_10_mb_is_refused(training, staff):
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError, match="Файл слишком большой"):
        material_add(event=training, actor=staff, file=big)


def test_public_and_private_materials(training, staff, naryn_staff):
    public = material_add(
        event=training,
        actor=staff,
        file=SimpleUploadedFile("Слайды.pdf", PDF),
        title_ru="Слайды тренинга",
        title_ky="Тренингдин слайддары",
        is_public=True,
    )
    private = material_add(event=training, actor=staff, file=SimpleUploadedFile("Список.pdf", PDF))
    anonymous = Client()
    page = anonymous.get(reverse("trainings:public_event", args=[training.pk])).content.decode()
    assert "Слайды тренинга" in page and "Список" not in page
    response = anonymous.get(reverse("trainings:public_material", args=[training.pk, public.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    assert (
        anonymous.get(
            reverse("trainings:public_material", args=[training.pk, private.pk])
        ).status_code
        == 404
    )
    internal = reverse("trainings:material", args=[training.pk, private.pk])
    assert client_for(staff).get(internal).status_code == 200
    assert client_for(naryn_staff).get(internal).status_code == 403


def test_the_page_uploads_and_deletes(training, staff):
    client = client_for(staff)
    url = reverse("trainings:materials", args=[training.pk])
    response = client.post(
        url, {"title_ru": "", "title_ky": "", "file": SimpleUploadedFile("x.pdf", b"GIF89a")}
    )
    assert response.status_code == 400
    assert "не похоже на файл PDF" in response.content.decode()
    response = client.post(url, {"file": SimpleUploadedFile("План.pdf", PDF), "is_public": "on"})
    assert response.status_code == 302
    material = EventMaterial.objects.get()
    assert material.is_public and material.uploaded_by == staff
    response = client.post(reverse("trainings:material_delete", args=[training.pk, material.pk]))
    assert response.status_code == 302
    assert not EventMaterial.objects.exists()
