"""Every text that exists in one language only, with a field to write the other one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from municipalities.permissions import Need, can

from ..permissions import get_programme_for
from ..selectors.translation import missing_translations
from ..services.common import StaleEdit
from ..services.translation import translation_set
from .helpers import stale_message


@login_required
def translation_view(request, pk):
    programme = get_programme_for(
        request.user, pk, need=Need.EDIT if request.method == "POST" else Need.VIEW
    )
    lang = request.GET.get("lang") if request.GET.get("lang") in ("ru", "ky") else "ky"
    error, error_key, typed = None, None, ""
    if request.method == "POST":
        lang = request.POST.get("lang") if request.POST.get("lang") in ("ru", "ky") else lang
        key = (
            request.POST.get("kind", ""),
            request.POST.get("pk", ""),
            request.POST.get("field", ""),
        )
        typed = request.POST.get("text", "")
        try:
            revision = request.POST.get("revision")
            translation_set(
                programme=programme,
                kind=key[0],
                pk=int(key[1]) if key[1].isdigit() else 0,
                field=key[2],
                lang=lang,
                text=typed,
                expected_revision=int(revision) if revision and revision.isdigit() else None,
                actor=request.user,
            )
        except StaleEdit as stale:
            error, error_key = stale_message(stale), key
        except ValidationError as invalid:
            error, error_key = " ".join(invalid.messages), key
        else:
            messages.success(request, _("Перевод сохранён."))
            return redirect(f"{reverse('planning:translation', kwargs={'pk': pk})}?lang={lang}")
    items = [item for item in missing_translations(programme) if item.missing_lang == lang]
    for item in items:
        item.key = (item.kind.key, str(item.obj.pk), item.field)
        item.error = error if item.key == error_key else None
        item.typed = typed if item.key == error_key else ""
    return render(
        request,
        "planning/translation.html",
        {
            "programme": programme,
            "municipality": programme.municipality,
            "items": items,
            "lang": lang,
            "other": "ru" if lang == "ky" else "ky",
            "can_edit": programme.is_editable
            and can(request.user, programme.municipality, Need.EDIT),
        },
        status=400 if error else 200,
    )


urlpatterns = [path("p/<int:pk>/translation/", translation_view, name="translation")]
