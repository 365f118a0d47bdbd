"""The editing loop the form views of events share."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _


def apply_validation_error(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names (others on the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields and field != NON_FIELD_ERRORS else None
            for e in errors:
                form.add_error(target, e)
    else:
        for e in error.error_list:
            form.add_error(None, e)


def edit(
    request,
    *,
    form,
    save: Callable,
    template: str,
    context: dict,
    success_url: str | Callable,
    success_message: str | None = None,
):
    """GET: show the form. POST: validate, call `save(form)` (a service), redirect; on a
    validation error show the form again with what the person typed and the reason.
    `success_url` may be a function of what `save` returned (e.g. the new item)."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, success_message or _("Сохранено."))
            return redirect(success_url(saved) if callable(success_url) else success_url)
    status = 400 if request.method == "POST" else 200
    return render(request, template, {**context, "form": form}, status=status)
