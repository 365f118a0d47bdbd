"""Numbers typed as people write them (common/forms.py): an amount is read with a comma or a
point, with spaces between thousands, in Russian and Kyrgyz; a value that could mean two things is
refused with both readings, never changed; counts and years are whole numbers; and no form of the
portal is a number input, which a browser would read in its own language."""

import importlib
import inspect
import pkgutil
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from common.forms import AmountField, CountField, shown

POSSIBLE = [
    ("150,5", Decimal("150.5")),
    ("150.5", Decimal("150.5")),
    ("1 250,5", Decimal("1250.5")),
    ("1\u00a0250\u00a0000", Decimal("1250000")),
    ("1\u202f250.75", Decimal("1250.75")),
    ("  95,50 ", Decimal("95.5")),
    ("0,125", Decimal("0.125")),
    ("1234,567", Decimal("1234.567")),
    ("1 500,250", Decimal("1500.25")),
    ("1,5000", Decimal("1.5")),
    (",5", Decimal("0.5")),
    ("60", Decimal("60")),
    ("60,00", Decimal("60")),
    ("−5", Decimal("-5")),
]


@pytest.mark.parametrize("lang", ["ru", "ky"])
@pytest.mark.parametrize(("typed", "value"), POSSIBLE)
def test_an_amount_is_read_with_a_comma_or_a_point(lang, typed, value):
    with translation.override(lang):
        assert AmountField(required=False).clean(typed) == value


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1,500", "«1,500» можно прочитать и как 1 500, и как 1,5: напишите 1 500 или 1,5."),
        ("2.250", "«2.250» можно прочитать и как 2 250, и как 2,25: напишите 2 250 или 2,25."),
        (
            "1,500,000",
            "Тысячи отделяйте пробелом, а дробную часть — запятой или точкой, например 1 250,5.",
        ),
        (
            "1.500,5",
            "Тысячи отделяйте пробелом, а дробную часть — запятой или точкой, например 1 250,5.",
        ),
        ("сто", "Введите число, например 150,5."),
        ("12a", "Введите число, например 150,5."),
    ],
)
def test_an_amount_that_means_two_things_or_nothing_is_refused(typed, message):
    with pytest.raises(forms.ValidationError) as refused:
        AmountField(required=False).clean(typed)
    assert refused.value.messages == [message]


def test_on_a_kyrgyz_page_the_readings_are_written_with_its_mark():
    with translation.override("ky"), pytest.raises(forms.ValidationError) as refused:
        AmountField(required=False).clean("1,500")
    assert refused.value.error_list[0].params == {
        "value": "1,500",
        "thousands": "1 500",
        "decimal": "1,5",  # Kyrgyzstan writes a decimal comma (CLDR ky), as Russian does
    }


def test_an_amount_keeps_the_limits_of_its_field():
    field = AmountField(min_value=0, max_digits=14, decimal_places=1)
    with pytest.raises(forms.ValidationError):
        field.clean("-1")
    with pytest.raises(forms.ValidationError):
        field.clean("10,25")
    assert field.clean("10,20") == Decimal("10.2")


@pytest.mark.parametrize(("lang", "text"), [("ru", "1250,5"), ("ky", "1250,5")])
def test_an_amount_is_shown_with_the_mark_of_the_page(lang, text):
    with translation.override(lang):
        assert shown(Decimal("1250.50")) == text
        assert shown(Decimal("60.00")) == "60"
        html = str(
            AmountField(required=False).widget.render(
                "x", AmountField().prepare_value(Decimal("1250.5"))
            )
        )
    assert f'value="{text}"' in html
    assert 'type="text"' in html and 'inputmode="decimal"' in html


@pytest.mark.parametrize(("typed", "value"), [("2024", 2024), ("1 250", 1250), (" 45 ", 45)])
def test_a_count_is_a_whole_number(typed, value):
    assert CountField().clean(typed) == value


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1,500", "Введите целое число, без запятой и точки: например 25."),
        ("12.5", "Введите целое число, без запятой и точки: например 25."),
        ("двадцать", "Введите целое число, например 25."),
    ],
)
def test_a_count_with_a_mark_or_letters_is_refused(typed, message):
    with pytest.raises(forms.ValidationError) as refused:
        CountField().clean(typed)
    assert refused.value.messages == [message]
    assert 'inputmode="numeric"' in str(CountField().widget.render("n", 5))


# --------------------------------------------------------------------------------------------
# No form of the portal asks the browser for a number


def _form_classes():
    import municipalities.forms
    import planning.forms

    classes = set()
    for package in (planning.forms,):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            classes |= {
                c
                for _n, c in inspect.getmembers(module, inspect.isclass)
                if issubclass(c, forms.BaseForm) and c.__module__ == module.__name__
            }
    classes |= {
        c
        for _n, c in inspect.getmembers(municipalities.forms, inspect.isclass)
        if issubclass(c, forms.BaseForm) and c.__module__ == municipalities.forms.__name__
    }
    return classes


def test_no_form_field_is_a_number_input():
    classes = _form_classes()
    assert len(classes) > 20
    found = [
        f"{c.__module__}.{c.__name__}.{name}"
        for c in classes
        for name, field in c.base_fields.items()
        if isinstance(field.widget, forms.NumberInput)
    ]
    assert found == []


def test_model_forms_get_amounts_and_counts():
    from planning.forms.analysis import BudgetYearForm, PassportForm
    from planning.forms.consultation import HearingForm

    passport = PassportForm.base_fields
    assert isinstance(passport["area_ha"], AmountField)
    assert isinstance(passport["population_total"], CountField)
    assert isinstance(passport["year_founded"], CountField)
    assert isinstance(BudgetYearForm.base_fields["revenue"], AmountField)
    assert isinstance(HearingForm.base_fields["women"], CountField)
