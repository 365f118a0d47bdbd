"""The numbers the public page writes in its long tables (common.numbers) read exactly as the
`floatformat` filter writes them everywhere else in the portal, in Russian and in Kyrgyz:
the same rounding (half up), the same grouping of thousands, no «-0,0»."""

from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation

from common.numbers import Numbers

VALUES = [
    0,
    1,
    -1,
    7,
    1000,
    10**12,
    Decimal("0.05"),
    Decimal("0.15"),
    Decimal("0.25"),
    Decimal("-0.04"),
    Decimal("-0.05"),
    Decimal("0.005"),
    Decimal("-0.005"),
    Decimal("12.5"),
    Decimal("12.001"),
    Decimal("40.00"),
    Decimal("999.95"),
    Decimal("999.949"),
    Decimal("1234.5"),
    Decimal("-1234.45"),
    Decimal("1234567.85"),
    Decimal("99999999999999.9"),
    Decimal("1E+3"),
    Decimal("2.5E+2"),
    0.1,
    12.345,
    1e6,
]


@pytest.mark.parametrize("lang", ["ru", "ky"])
@pytest.mark.parametrize("places", [0, 1, 2])
def test_numbers_are_written_as_floatformat_writes_them(lang, places):
    with translation.override(lang):
        numbers = Numbers()
        for value in VALUES:
            assert numbers.fixed(value, places) == floatformat(value, f"{places}g"), value
            assert numbers.trimmed(value, places) == floatformat(value, f"-{places}g"), value


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_thousands_are_grouped_with_a_no_break_space_and_decimals_follow_a_comma(lang):
    with translation.override(lang):
        numbers = Numbers()
        assert numbers.fixed(Decimal("1234567.25")) == "1\xa0234\xa0567,3"
        assert numbers.trimmed(Decimal("1500")) == "1\xa0500"
        assert numbers.trimmed(Decimal("2.5")) == "2,50"
        assert numbers.fixed(Decimal("-0.04")) == "0,0"
        assert numbers.fixed(None) == numbers.trimmed(None) == ""


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_a_number_written_again_on_the_page_reads_as_floatformat_writes_it(lang):
    """A page writes each number once and reuses the text: equal numbers of another form
    (100 and 100.00), and the same number rounded otherwise or trimmed, are never mixed up."""
    with translation.override(lang):
        numbers = Numbers()
        for _ in range(2):
            for value in [*VALUES, Decimal("100"), Decimal("100.00"), 100.0, *reversed(VALUES)]:
                for places in (0, 1, 2):
                    assert numbers.fixed(value, places) == floatformat(value, f"{places}g")
                    assert numbers.trimmed(value, places) == floatformat(value, f"-{places}g")
