from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class EmailAuthenticationForm(AuthenticationForm):
    """Log-in by e-mail: the field keeps Django's name `username` (django-axes reads it)."""

    username = forms.EmailField(
        label=_("Электронная почта"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
