"""Filling in the missing language of one text of a programme, from the translation view."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from municipalities.permissions import can

from ..content import content_kind, objects_of
from ..models.base import Revisioned
from .common import plain_save, revisioned_save

MAX_TRANSLATION_LENGTH = 10_000


def translation_set(
    *,
    programme,
    kind: str,
    pk: int,
    field: str,
    lang: str,
    text: str,
    expected_revision: int | None,
    actor,
):
    """Write `text` as the `lang` version of `field` of one item of the programme."""
    content = content_kind(kind)
    if content is None or field not in content.fields or lang not in ("ru", "ky"):
        raise Http404("unknown text")
    if not can(actor, programme.municipality, content.part.need):
        raise PermissionDenied(_("У вас нет права изменять этот текст."))
    obj = objects_of(content, programme).filter(pk=pk).first()
    if obj is None:
        raise Http404("not an item of this programme")
    if (getattr(obj, f"{field}_{lang}") or "").strip():
        # someone translated it meanwhile: this page only fills what is missing
        raise ValidationError(_("Этот текст уже переведён. Обновите страницу."))
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Введите перевод."))
    if len(text) > MAX_TRANSLATION_LENGTH:
        raise ValidationError(_("Текст слишком длинный."))
    setattr(obj, f"{field}_{lang}", text)
    if isinstance(obj, Revisioned):
        return revisioned_save(
            obj,
            programme=programme,
            actor=actor,
            expected_revision=expected_revision,
        )
    return plain_save(obj, programme=programme, actor=actor)
