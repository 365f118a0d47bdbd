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


class AppCodeForm(forms.Form):
    """A code from the authenticator app (setting up the second factor, turning it off)."""

    code = forms.CharField(
        label=_("Код из приложения"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )


class LoginCodeForm(AppCodeForm):
    """The code asked after the password: from the app, or a recovery code."""

    code = forms.CharField(
        label=_("Код из приложения или резервный код"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )


class ProfileForm(forms.Form):
    """What a person changes of themselves on their profile."""

    full_name = forms.CharField(
        label=_("Фамилия, имя"),
        max_length=160,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Напишите фамилию и имя.")},
    )
    position = forms.CharField(
        label=_("Должность"),
        max_length=160,
        required=False,
        help_text=_("Например: специалист айыл окмоту, депутат айылного кенеша."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
