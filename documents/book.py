"""A document as a book: a front (title page and contents) and sections, each starting on a new
page, each rendered in its own language once — the whole document in Russian, in Kyrgyz, or
both section by section. A kind (documents.kinds) builds its book from its own templates,
which extend `documents/document.html`; the layout (documents.layout) turns a book into a PDF,
whole or in parts laid out by several processes under a frame that numbers the pages."""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .layout.fonts import font_paths
from .models import DocumentLanguage

# The draft mark is the same in every document, in both languages, like a stamp.
DRAFT_MARK = "ЧЕРНОВИК / ДОЛБООР"

# Page margins (mm: top, right, bottom, left) of the portrait pages and of the landscape pages
# of the wide tables. The style sheet uses them, and so does the frame of a document rendered in
# parts, to put its anchors and bookmarks where the sections have them.
PAGE_MARGINS = {"portrait": (22, 15, 20, 25), "landscape": (18, 15, 16, 20)}
PX_PER_MM = 96 / 25.4


@dataclass
class Section:
    key: str
    lang: str
    number: int
    title: str
    anchor: str  # the id of its first element: the contents link to it
    html: str


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_label_css(lang: str, total: int | None = None) -> str:
    """CSS `content` of the page number in the page footer, from the translated
    "стр. %(page)s из %(pages)s", e.g. `"стр. " counter(page) " из " counter(pages)`, or with
    the number of pages given (`total`), which WeasyPrint then need not count first."""
    with translation.override(lang):
        label = _("стр. %(page)s из %(pages)s")
    parts = []
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    if total is not None:
        counters["%(pages)s"] = _css_string(str(total))
    for piece in re.split(r"(%\(pages?\)s)", label):
        if piece in counters:
            parts.append(counters[piece])
        elif piece:
            parts.append(_css_string(piece))
    return " ".join(parts)


def in_languages(languages, text) -> str:
    """A lazy text in each of `languages`, once where they say the same: "Содержание / Мазмуну"."""
    said = []
    for lang in languages:
        with translation.override(lang):
            said.append(str(text))
    return " / ".join(dict.fromkeys(said))


def _margin_css(margins: tuple[int, int, int, int]) -> str:
    return " ".join(f"{value}mm" for value in margins)


def render_sections(
    specs: Sequence[tuple[str, object]],
    language: str,
    *,
    template: Callable[[str], str],
    context: Callable[[str, str], dict],
) -> list[Section]:
    """The sections `specs` ((key, lazy title) in order, numbered from 1), each rendered inside
    `translation.override` of its language: for ru+ky each section first in Russian, then in
    Kyrgyz. `template(key)` names a section's template, `context(key, lang)` gives its data;
    the template also gets `lang`, `number`, `title` and `anchor`."""
    sections = []
    for number, (key, lazy_title) in enumerate(specs, start=1):
        for lang in DocumentLanguage.languages(language):
            with translation.override(lang):
                title = str(lazy_title)
                anchor = f"{key}-{lang}"
                html = render_to_string(
                    template(key),
                    {**context(key, lang), "lang": lang, "number": number, "title": title,
                     "anchor": anchor},
                )  # fmt: skip
            sections.append(Section(key, lang, number, title, anchor, html))
    return sections


@dataclass
class Book:
    """A document ready to be turned into HTML: whole, only some of its sections (without page
    numbers), or as the frame of the sections' pages (documents.layout). `template` is the
    kind's document template; `context` what it needs besides the engine's own keys."""

    language: str
    template: str
    sections: list[Section]
    context: dict
    _whole: str | None = field(default=None, repr=False)

    def _html(self, **context) -> str:
        with translation.override(self.context["lang"]):
            return render_to_string(self.template, {**self.context, **context})

    def whole_html(self) -> str:
        if self._whole is None:
            self._whole = self._html(
                front=True,
                footers=True,
                section_html=mark_safe("".join(s.html for s in self.sections)),  # noqa: S308
            )
        return self._whole

    def sections_html(self, sections) -> str:
        """Some sections, with their running headers and the draft mark but without the page
        numbers, which the frame draws."""
        return self._html(
            front=False,
            footers=False,
            section_html=mark_safe("".join(s.html for s in sections)),  # noqa: S308
        )

    def frame_html(self, pages, first_number: int) -> str:
        """The front (title page, contents), then an empty page for each page of the sections,
        of the same page type, with the anchors the contents link to and the bookmarks where
        the section page has them. The pages of the sections are numbered from
        `first_number`: the number of pages is given, so that WeasyPrint need not count them
        (which lays every page out twice)."""
        blanks = []
        total = first_number + len(pages) - 1
        labels = [(lang, page_label_css(lang, total)) for lang in self.context["languages"]]
        for frame_page in pages:
            page = frame_page.page
            top, _right, _bottom, left = PAGE_MARGINS["landscape" if page.landscape else "portrait"]

            def place(point, top=top, left=left):
                x, y = point
                return f"top: {y - top * PX_PER_MM:.3f}px; left: {x - left * PX_PER_MM:.3f}px"

            marks = [
                format_html('<span class="anchor" id="{}" style="{}"></span>', name, place(point))
                for name, point in page.anchors.items()
            ] + [
                format_html(
                    '<span class="mark mark-{}" data-label="{}" style="{}"></span>',
                    min(level, 6),
                    label,
                    place(point),
                )
                for level, label, point in page.bookmarks
            ]
            blanks.append(
                format_html(
                    '<div class="blank lang-{}{}">{}</div>',
                    frame_page.section.lang,
                    " wide" if page.landscape else "",
                    mark_safe("".join(marks)),  # noqa: S308 — each mark is escaped above
                )
            )
        if not pages:
            # the front alone (to count its pages): the contents' links point here
            blanks = [
                format_html(
                    '<div class="front-anchors">{}</div>',
                    format_html_join(
                        "", '<span id="{}"></span>', ((s.anchor,) for s in self.sections)
                    ),
                )
            ]
        return self._html(
            front=True,
            footers=True,
            blank_pages=True,
            page_labels=labels,
            section_html=mark_safe("\n".join(blanks)),  # noqa: S308 — escaped above
        )


def make_book(
    *, language: str, template: str, sections: list[Section], context: dict, is_draft: bool
) -> Book:
    """A book with what every document's templates get from the engine: the languages, the
    sections, the fonts, the page margins and labels, and the draft mark when `is_draft`."""
    languages = DocumentLanguage.languages(language)
    fonts = font_paths()
    return Book(
        language=language,
        template=template,
        sections=sections,
        context={
            **context,
            "language": language,
            "languages": languages,
            "lang": languages[0],
            "sections": sections,
            "is_draft": is_draft,
            "draft_mark": DRAFT_MARK,
            "font_regular": fonts["regular"].as_uri(),
            "font_bold": fonts["bold"].as_uri(),
            "font_math": fonts["math"].as_uri(),
            "margins": {name: _margin_css(m) for name, m in PAGE_MARGINS.items()},
            "page_labels": [(lang, page_label_css(lang)) for lang in languages],
            "contents_title": in_languages(languages, _lazy("Содержание")),
        },
    )
