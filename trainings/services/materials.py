"""Materials of an event: presentations, handouts, photos. A file is accepted when its first
bytes are those of the type its name says (a program renamed to .pdf is refused), and it is
stored under a random name."""

import io
import os
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Event, EventMaterial
from ..permissions import EventNeed, require_on_event
from .common import delete_recorded, require_one_language, save_checked, set_translated

MATERIAL_MAX_BYTES = 10 * 1024 * 1024

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old Word, Excel and PowerPoint files
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "docx": (ZIP,),
    "xlsx": (ZIP,),
    "pptx": (ZIP,),
    "doc": (OLE,),
    "xls": (OLE,),
    "ppt": (OLE,),
}
# an Office file is a zip archive whose main part is in this folder
OFFICE_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
}
ACCEPT = ",".join(f".{extension}" for extension in SIGNATURES)


def extension_of(name: str) -> str:
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def content_type_of(name: str) -> str:
    return CONTENT_TYPES.get(extension_of(name), "application/octet-stream")


def _is_office_archive(upload: UploadedFile, folder: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)


def check_material(upload: UploadedFile) -> None:
    """A PDF, an image (JPG, PNG) or an Office document (Word, Excel, PowerPoint) of at most
    10 MB whose content is what its name says."""
    extension = extension_of(upload.name)
    if extension not in SIGNATURES:
        raise ValidationError(
            _(
                "Загрузите PDF, JPG, PNG или документ Word, Excel, PowerPoint; файл «%(name)s» "
                "другого типа."
            )
            % {"name": upload.name},
            code="material_type",
        )
    if upload.size is not None and upload.size > MATERIAL_MAX_BYTES:
        raise ValidationError(
            _("Файл слишком большой: %(size).1f МБ. Можно не больше %(max)d МБ.")
            % {"size": upload.size / (1024 * 1024), "max": MATERIAL_MAX_BYTES // (1024 * 1024)},
            code="material_size",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    genuine = any(head.startswith(signature) for signature in SIGNATURES[extension])
    if genuine and extension in OFFICE_PARTS:
        genuine = _is_office_archive(upload, OFFICE_PARTS[extension])
    if not genuine:
        raise ValidationError(
            _(
                "Содержимое файла «%(name)s» не похоже на файл %(kind)s. Загрузите настоящий "
                "файл этого типа."
            )
            % {"name": upload.name, "kind": extension.upper()},
            code="material_content",
        )


@transaction.atomic
def material_add(
    *,
    event: Event,
    actor,
    file: UploadedFile,
    title_ru: str = "",
    title_ky: str = "",
    is_public: bool = False,
) -> EventMaterial:
    """A file of the event; without a title, the file's name is its title."""
    require_on_event(actor, event, EventNeed.EDIT)
    try:
        check_material(file)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from error
    name = os.path.basename(file.name or "")[:255]
    material = EventMaterial(
        event=event,
        original_name=name,
        size=file.size or 0,
        is_public=is_public,
        uploaded_by=actor,
    )
    if not (title_ru or "").strip() and not (title_ky or "").strip():
        title_ru = os.path.splitext(name)[0]
    set_translated(material, "title", title_ru, title_ky)
    require_one_language(material, "title")
    material.file = file
    return save_checked(material, actor=actor)


@transaction.atomic
def material_delete(*, material: EventMaterial, actor) -> None:
    """The row goes; the file stays in the storage for the history, as replaced scans do."""
    require_on_event(actor, material.event, EventNeed.EDIT)
    delete_recorded(material, actor=actor)
