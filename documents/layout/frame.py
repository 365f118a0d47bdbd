"""The frame of a document rendered in parts: what the pages of the sections look like once laid
out (size, anchors, bookmarks), their order, and the check that the frame WeasyPrint lays out
for them — the title page and contents, then one empty page for each page of the sections —
matches them page for page, so that each section page can be laid under its empty page."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

# Positions of anchors in the frame may differ from the sections' by rounding only (CSS px).
POSITION_TOLERANCE = 0.5


class FrameMismatch(Exception):
    """The frame does not match the pages of the sections (a bug, never the user's input)."""


@dataclass(frozen=True)
class PageInfo:
    """One laid-out page of sections: its size and the anchors and bookmarks on it (CSS px
    from the top left corner of the page, as WeasyPrint gives them)."""

    width: float
    height: float
    anchors: dict[str, tuple[float, float]] = field(default_factory=dict)
    bookmarks: list[tuple[int, str, tuple[float, float]]] = field(default_factory=list)

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @classmethod
    def of(cls, page) -> "PageInfo":
        return cls(
            width=page.width,
            height=page.height,
            anchors={name: (box[0], box[1]) for name, box in page.anchors.items()},
            bookmarks=[(level, label, point) for level, label, point, _state in page.bookmarks],
        )


@dataclass(frozen=True)
class FramePage:
    """An empty page of the frame, standing for one page of a section."""

    section: object  # the section the page belongs to (the caller's own object)
    page: PageInfo


def _page_order(sections: Sequence, workers: list) -> list[tuple]:
    """(section, page, (worker index, page index)) for every page of the sections, in document
    order. A section's pages run from the page with its anchor to the next section's."""
    where_section = {}
    for number, worker in enumerate(workers):
        starts = {}
        for index, page in enumerate(worker.pages):
            for section in worker.sections:
                if section.anchor in page.anchors:
                    starts.setdefault(section.anchor, index)
        if len(starts) != len(worker.sections):
            raise FrameMismatch("a section's first page was not found")
        bounds = [starts[s.anchor] for s in worker.sections] + [len(worker.pages)]
        if bounds[0] != 0 or any(a >= b for a, b in pairwise(bounds)):
            raise FrameMismatch("the sections of a part do not follow each other page by page")
        for position, section in enumerate(worker.sections):
            where_section[section.anchor] = (number, range(bounds[position], bounds[position + 1]))
    order = []
    for section in sections:
        number, pages = where_section[section.anchor]
        for index in pages:
            order.append((section, workers[number].pages[index], (number, index)))
    return order


def _check_frame(pages, frame_pages: list[FramePage], front: int) -> None:
    """The frame has `front` pages (title, contents), then pages of the size, with the anchors
    and bookmarks, of the pages of the sections, one for one."""
    if front < 1 or len(pages) != front + len(frame_pages):
        raise FrameMismatch(f"the frame has {len(pages)} pages for {front} + {len(frame_pages)}")
    for page, expected in zip(pages[front:], frame_pages, strict=True):
        expected = expected.page
        if abs(page.width - expected.width) > 0.01 or abs(page.height - expected.height) > 0.01:
            raise FrameMismatch("a page of the frame does not have the size of its section page")
        got = PageInfo.of(page)
        if got.anchors.keys() != expected.anchors.keys() or [b[:2] for b in got.bookmarks] != [
            b[:2] for b in expected.bookmarks
        ]:
            raise FrameMismatch("a page of the frame lacks anchors or bookmarks")
        points = [(got.anchors[name], expected.anchors[name]) for name in got.anchors] + [
            (a[2], b[2]) for a, b in zip(got.bookmarks, expected.bookmarks, strict=True)
        ]
        for (x1, y1), (x2, y2) in points:
            if abs(x1 - x2) > POSITION_TOLERANCE or abs(y1 - y2) > POSITION_TOLERANCE:
                raise FrameMismatch("an anchor or bookmark of the frame is out of place")
