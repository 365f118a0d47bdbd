"""Numbers typed by people, read the way they write them.

No form field of the portal is an `<input type="number">`: a browser reads such a field in the
language of its own system, not of the page, and drops what it does not understand before the
server sees it (in a browser set to English, «150,5» arrives as 1505). Amounts (costs, forecasts,
targets, actual values, budgets) are typed as text with `inputmode="decimal"` (`AmountField`),
counts and years as text with `inputmode="numeric"` (`CountField`), and the server reads them.

How an amount is read, in either language of the portal:

- spaces (also non-breaking and narrow ones) separate thousands and are left out: «1 250 000»;
- one comma or one point is the decimal mark: «150,5» and «150.5» are both 150.5;
- one to three digits, a mark, then exactly three digits («1,500», «2.250») may be a thousands
  separator or the decimal mark: the value is refused, and the message gives both readings, so
  that nothing is changed without a word;
- more than one mark («1,500,000», «1.500,5») is refused: thousands are separated by spaces;
- a minus (also «−») is read, so that the field's minimum refuses it with its own message.

A count or a year is a whole number: spaces are left out, a comma or a point is refused. A value is
shown with the decimal mark of the page's language, without grouping.

`ModelForm` gives a model's decimal and integer fields these form fields, so that a form made
from a model gets them without listing them."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import ModelFormMetaclass
from django.utils import formats
from django.utils.translation import gettext_lazy as _

SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]")
MINUS = "\u2212"
AMOUNT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
WHOLE = re.compile(r"[+-]?\d+")


def decimal_mark() -> str:
    """The decimal mark of the page's language (Russian: a comma)."""
    return formats.get_format("DECIMAL_SEPARATOR")


def trimmed(value: Decimal) -> Decimal:
    """150.50 → 150.5, 1500.0 → 1500 (never an exponent): what the person meant, whatever
    zeros they typed after the mark."""
    if not value.is_finite():
        return value
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def shown(value) -> str:
    """A number as the page shows it in a field: «150,5» on a Russian page, «1500»."""
    if isinstance(value, float):
        value = Decimal(str(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        return format(trimmed(value), "f").replace(".", decimal_mark())
    return str(value)


def example(text: str) -> str:
    """An example written with the page's decimal mark (the code writes it with a point):
    «1 250.5» is «1 250,5» on a Russian page."""
    return text.replace(".", decimal_mark())


def _clean_text(value: str) -> str:
    return SPACES.sub("", value).replace(MINUS, "-")


def read_amount(value: str, error_messages: dict) -> Decimal:
    """The number a person typed (see the module's docstring), or a ValidationError."""
    text = _clean_text(value)
    marks = [c for c in text if c in ",."]
    if len(marks) > 1:
        raise ValidationError(
            error_messages["grouping"], code="grouping", params={"example": example("1 250.5")}
        )
    if marks:
        whole, _mark, fraction = text.replace(",", ".").partition(".")
        digits = whole.lstrip("+-")
        if (
            len(fraction) == 3
            and fraction.isdigit()
            and digits.isdigit()
            and 1 <= len(digits) <= 3
            and not digits.startswith("0")
        ):
            as_thousands = f"{digits} {fraction}"
            as_decimal = shown(Decimal(f"{digits}.{fraction}"))
            raise ValidationError(
                error_messages["ambiguous"],
                code="ambiguous",
                params={"value": value.strip(), "thousands": as_thousands, "decimal": as_decimal},
            )
        text = f"{whole}.{fraction}"
    if not AMOUNT.fullmatch(text):
        raise ValidationError(
            error_messages["invalid"], code="invalid", params={"example": example("150.5")}
        )
    try:
        return trimmed(Decimal(text))
    except InvalidOperation:
        raise ValidationError(
            error_messages["invalid"], code="invalid", params={"example": example("150.5")}
        ) from None


class AmountInput(forms.TextInput):
    """A text field for an amount: a phone shows its keyboard of digits with a mark."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class CountInput(forms.TextInput):
    """A text field for a count or a year: a phone shows its keyboard of digits."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})


class AmountField(forms.DecimalField):
    """An amount, read as the module's docstring says; `max_digits`, `decimal_places`,
    `min_value` and `max_value` are checked as by Django's DecimalField."""

    widget = AmountInput
    default_error_messages = {
        "invalid": _("Введите число, например %(example)s."),
        "ambiguous": _(
            "«%(value)s» можно прочитать и как %(thousands)s, и как %(decimal)s: "
            "напишите %(thousands)s или %(decimal)s."
        ),
        "grouping": _(
            "Тысячи отделяйте пробелом, а дробную часть — запятой или точкой, например %(example)s."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.pop("localize", None)  # read and shown by the page's language anyway
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        if isinstance(value, int | float):
            return Decimal(str(value))
        return read_amount(str(value), self.error_messages)

    def prepare_value(self, value):
        return shown(value) if isinstance(value, Decimal | float) else value

    def widget_attrs(self, widget):
        # no `step`, `min` or `max`: they belong to number inputs, which this is not
        return forms.Field.widget_attrs(self, widget)


class CountField(forms.IntegerField):
    """A whole number: a count of people, households, a year."""

    widget = CountInput
    default_error_messages = {
        "invalid": _("Введите целое число, например %(example)s."),
        "fraction": _("Введите целое число, без запятой и точки: например %(example)s."),
    }

    def __init__(self, *, example: int = 25, **kwargs):
        self.example = example
        kwargs.pop("localize", None)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        text = _clean_text(str(value))
        params = {"example": self.example}
        if "," in text or "." in text:
            raise ValidationError(self.error_messages["fraction"], code="fraction", params=params)
        if not WHOLE.fullmatch(text):
            raise ValidationError(self.error_messages["invalid"], code="invalid", params=params)
        return int(text)

    def widget_attrs(self, widget):
        return forms.Field.widget_attrs(self, widget)


class YearField(CountField):
    def __init__(self, **kwargs):
        kwargs.setdefault("example", 2024)
        super().__init__(**kwargs)


def number_formfield(model_field, **kwargs):
    """The form field of a model field, with numbers typed as text (a `formfield_callback`)."""
    if isinstance(model_field, models.DecimalField):
        kwargs.setdefault("form_class", AmountField)
    elif isinstance(model_field, models.IntegerField) and not model_field.choices:
        kwargs.setdefault("form_class", YearField if "year" in model_field.name else CountField)
    return model_field.formfield(**kwargs)


class NumbersAsTextMetaclass(ModelFormMetaclass):
    """Gives every `Meta` of a model form `number_formfield`, unless it names its own."""

    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(number_formfield)
        return super().__new__(mcs, name, bases, attrs)


class ModelForm(forms.ModelForm, metaclass=NumbersAsTextMetaclass):
    """A model form whose numbers are typed as text and read as people write them."""
