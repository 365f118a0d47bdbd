"""The editing loop every planning form view shares."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ..services.common import StaleEdit


def stale_message(error: StaleEdit) -> str:
    return render_to_string("planning/_stale_edit.html", {"error": error})


def apply_validation_error(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names (others on the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            if field == NON_FIELD_ERRORS:
                target = None
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
    validation error or a newer revision saved by someone else, show the form again with
    everything the person typed and the reason. `success_url` may be a function of what
    `save` returned (e.g. the new item)."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form)
        except StaleEdit as error:
            form.add_error(None, stale_message(error))
            # Saving again now is a conscious choice over the other person's change.
            data = form.data.copy()
            data["revision"] = error.current.revision
            form.data = data
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, success_message or _("Сохранено."))
            return redirect(success_url(saved) if callable(success_url) else success_url)
    status = 400 if request.method == "POST" else 200
    return render(request, template, {**context, "form": form}, status=status)
