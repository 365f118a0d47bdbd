"""Scans people upload (the head's order, the council decision, the minutes of a hearing):
PDF, JPEG or PNG, checked by their first bytes, not only by their name."""

import os

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

SCAN_MAX_BYTES = 10 * 1024 * 1024

# What a scan of the order may be: the extension and the first bytes of the file must agree.
SCAN_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
SCAN_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}


def scan_extension(name: str) -> str:
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def scan_content_type(name: str) -> str:
    return SCAN_CONTENT_TYPES.get(scan_extension(name), "application/octet-stream")


def check_scan(upload: UploadedFile, *, max_bytes: int = SCAN_MAX_BYTES, field=None) -> None:
    """A scan is a PDF, JPEG or PNG file of at most `max_bytes`, and its content really is what its
    name says (a document renamed to .pdf is refused). With `field`, the error is attached to
    that field of the form."""

    def fail(message, code):
        error = ValidationError(message, code=code)
        raise ValidationError({field: error}) if field else error

    extension = scan_extension(upload.name)
    if extension not in SCAN_SIGNATURES:
        fail(
            _("Загрузите файл PDF, JPG или PNG; файл «%(name)s» другого типа.")
            % {"name": upload.name},
            "scan_type",
        )
    if upload.size is not None and upload.size > max_bytes:
        fail(
            _("Файл слишком большой: %(size).1f МБ. Можно не больше %(max)d МБ.")
            % {"size": upload.size / (1024 * 1024), "max": max_bytes // (1024 * 1024)},
            "scan_size",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in SCAN_SIGNATURES[extension]):
        fail(
            _(
                "Содержимое файла «%(name)s» не похоже на %(kind)s. Загрузите настоящий "
                "скан в формате PDF, JPG или PNG."
            )
            % {"name": upload.name, "kind": "PDF" if extension == "pdf" else extension.upper()},
            "scan_content",
        )
