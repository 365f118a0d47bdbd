"""A kind of document that only the test suite has, registered the way an app above the
documents engine registers its own (monitoring reports, attendance sheets): a one-section sheet
of a village's pledge, in Russian, Kyrgyz or both, through the real pipeline.

`PLEDGE_SHEET_SECONDS` in the environment makes building the sheet take that long, so that a
test can stop the worker that renders it halfway."""

import os
import time

from django.db.models import Q

from documents import kinds
from documents.book import make_book, render_sections
from documents.kinds import DocumentKind

from .models import CommunityPledge

KIND = "pledge-sheet"
SECTIONS = [("pledge", "Обязательство села / Айылдын милдеттенмеси")]


def pledge_book(pledge: CommunityPledge, language: str):
    seconds = float(os.environ.get("PLEDGE_SHEET_SECONDS", "0"))
    if seconds:
        time.sleep(seconds)
    sections = render_sections(
        SECTIONS,
        language,
        template=lambda key: "extension_app/document/section_pledge.html",
        context=lambda key, lang: {"pledge": pledge, "running": pledge.village},
    )
    return make_book(
        language=language,
        template="extension_app/document/document.html",
        sections=sections,
        context={"pledge": pledge, "running": pledge.village},
        is_draft=False,
    )


def register() -> None:
    # an isolated app registry of a test (django.test.utils.isolate_apps) runs ready() again
    if KIND in kinds.kinds:
        return
    kinds.register(
        DocumentKind(
            key=KIND,
            model=CommunityPledge,
            label="pledge sheet",
            book=pledge_book,
            can_view=lambda user, pledge: user.is_authenticated,
            file_name=lambda document, pledge: (
                f"pledge-{pledge.pk}-{document.language.replace('+', '-')}.pdf"
            ),
            # every finished sheet is public: what villages promised is no secret
            public=lambda pledge: Q(),
        )
    )
