"""Template helpers used across the portal."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

LANGUAGE_NAMES_MISSING = {
    # shown next to a text that exists only in the other language
    "ru": lambda: _("нет текста на русском"),
    "ky": lambda: _("нет текста на кыргызском"),
}


MISSING_TRANSLATION = '<span lang="{}">{}</span> <span class="missing-translation">({})</span>'


@register.simple_tag
def tr(obj, field: str):
    """The text of a translated field in the page language; when it is missing there, the other
    language's text, marked as such (nothing is hidden because a translation is missing)."""
    lang = get_language() or "ru"
    other = "ky" if lang == "ru" else "ru"
    value = getattr(obj, f"{field}_{lang}", None)
    if value:
        return value
    fallback = getattr(obj, f"{field}_{other}", None)
    if not fallback:
        return ""
    return format_html(MISSING_TRANSLATION, other, fallback, LANGUAGE_NAMES_MISSING[lang]())


class RowText:
    """`tr` for the rows of a selector's `values()` (dictionaries with `<field>_ru` and
    `<field>_ky`), in the language of the page being built: what a long table shows in each of
    its rows, written once by the selector rather than by a tag in every row."""

    def __init__(self):
        self.lang = get_language() or "ru"
        self.other = "ky" if self.lang == "ru" else "ru"
        self._missing = None

    def __call__(self, row, field: str):
        value = row.get(f"{field}_{self.lang}")
        if value:
            return value
        fallback = row.get(f"{field}_{self.other}")
        if not fallback:
            return ""
        if self._missing is None:
            self._missing = LANGUAGE_NAMES_MISSING[self.lang]()
        return format_html(MISSING_TRANSLATION, self.other, fallback, self._missing)


@register.filter
def form_rows(form):
    """The visible fields of a form in rows: a Russian field and its Kyrgyz twin share a row."""
    fields = list(form.visible_fields())
    names = {f.name for f in fields}
    rows, skip = [], set()
    for field in fields:
        if field.name in skip:
            continue
        if field.name.endswith("_ru") and field.name[:-3] + "_ky" in names:
            twin = form[field.name[:-3] + "_ky"]
            rows.append([field, twin])
            skip.add(twin.name)
        else:
            rows.append([field])
    return rows


@register.filter
def get_item(mapping, key):
    """`mapping|get_item:key` for dictionaries built by selectors."""
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def listed_messages(messages):
    """The messages for the list at the top of the page: not those a page shows in place, next
    to what they are about (tagged "in-place")."""
    return [m for m in messages if "in-place" not in (m.extra_tags or "")]
