"""Numbers written exactly as the `floatformat` filter writes them in the page's language
(`"1g"`: one decimal, `"-2g"`: two decimals unless the number is whole, `"0g"`: none; with the
thousands grouped), for the pages that show hundreds of them: the plan of a programme with its
costs, the targets of its indicators. The language's separators are read once per page instead
of once per number, and the template gets the text."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.template.defaultfilters import floatformat
from django.utils.formats import get_format

_STEPS = {places: Decimal(1).scaleb(-places) for places in range(0, 7)}


class Numbers:
    """Made in the language the page is rendered in (the active one), used for that page."""

    def __init__(self):
        decimal = get_format("DECIMAL_SEPARATOR")
        thousand = get_format("THOUSAND_SEPARATOR")
        # Python groups by three: a language that groups otherwise is left to `floatformat`
        self._fast = get_format("NUMBER_GROUPING") == 3
        self._separators = str.maketrans({",": thousand, ".": decimal})
        # Each number written once per page: a plan repeats its amounts (the same cost in
        # several years, round sums) and the totals of its directions and objectives.
        self._written: dict[tuple, str] = {}

    def fixed(self, value, places: int = 1) -> str:
        """`value|floatformat:"<places>g"`; "" for None."""
        try:  # the memo read here: a plan asks for a thousand numbers, most of them written
            return self._written[value, places, False]
        except (KeyError, TypeError):
            return self._memo(value, places, False)

    def trimmed(self, value, places: int = 2) -> str:
        """`value|floatformat:"-<places>g"`: a whole number without decimals; "" for None."""
        try:
            return self._written[value, places, True]
        except (KeyError, TypeError):
            return self._memo(value, places, True)

    def _memo(self, value, places: int, trim: bool) -> str:
        # equal numbers are written alike (100 and 100.00 both «100,0»), so a key of equal
        # numbers finds the right text
        key = (value, places, trim)
        try:
            return self._written[key]
        except KeyError:
            written = self._written[key] = self._format(value, places, trim=trim)
            return written
        except TypeError:  # not hashable (a signalling NaN): written every time
            return self._format(value, places, trim=trim)

    def _format(self, value, places: int, *, trim: bool) -> str:
        if value is None:
            return ""
        try:
            number = value if isinstance(value, Decimal) else Decimal(str(value))
        except (InvalidOperation, ValueError):
            number = None
        if not self._fast or places not in _STEPS or number is None or not number.is_finite():
            return floatformat(value, f"-{places}g" if trim else f"{places}g")
        try:
            if places == 0 or (trim and number == number.to_integral_value()):
                whole = number.quantize(_STEPS[0], ROUND_HALF_UP) if places == 0 else number
                return f"{int(whole):,}".translate(self._separators)
            rounded = number.quantize(_STEPS[places], ROUND_HALF_UP)
        except InvalidOperation:  # more digits than the decimal context holds
            return floatformat(value, f"-{places}g" if trim else f"{places}g")
        if not rounded:
            rounded = abs(rounded)  # never «-0,0»
        return f"{rounded:,.{places}f}".translate(self._separators)
