"""Programme documents as PDF: WeasyPrint, with long documents laid out by several processes.

WeasyPrint lays a document out in one Python thread; the ru+ky plan of a large aimak (300
activities, 60 indicators: 178 pages) takes it 20 to 40 s on this project's two-core machine
(whose speed varies from day to day), nearly all of it laying out and drawing text. Every
section of a programme document starts on a new page, so sections can be laid out apart from
each other and give the same pages. Hence:

1. The sections are shared among worker processes (forked with billiard, one per CPU the
   worker may use, by the size of their HTML). Each lays out its share with WeasyPrint — the
   section pages with their running headers and the draft mark, but without page numbers,
   which it cannot know — reports its pages (size, anchors, bookmarks) and writes them as a
   PDF.
2. As soon as every share is laid out, the parent renders the *frame*: the title page, the table
   of contents, then one empty page for each page of the sections, of the same size and page
   type, which carries the page number ("стр. N из M") and placeholders at the places where
   the sections have their anchors and bookmarks. The contents' page numbers, its links, the
   bookmarks, the PDF/A metadata and the page numbers are thus WeasyPrint's own. (The number
   of title and contents pages is found meanwhile, while the parts are laid out.)
3. Each page of the sections is laid under its empty page of the frame (pikepdf, i.e. qpdf): the
   frame's page keeps its annotations and gets the section page as a form drawn first. Each
   part's font subsets are renamed so that no two subsets share a tag.

A frame that does not match the sections' pages (count, size, anchor positions) is not used: the
whole document is then rendered in one process, as with one CPU (`html_to_pdf`). The result is
the same document, page for page (tests compare the words of every page, the bookmarks and the
links of the contents).
"""

import ctypes
import gc
import hashlib
import logging
import os
import re
import signal
import threading
import time
import tracemalloc
from collections.abc import Callable, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from io import BytesIO
from itertools import pairwise
from pathlib import Path
from typing import Protocol

import billiard
from billiard.connection import wait
from django.conf import settings
from django.contrib.staticfiles import finders

logger = logging.getLogger(__name__)

# PDF/A-3b: an archival PDF (fonts embedded, colour profile, XMP metadata). WeasyPrint writes it.
PDF_VARIANT = "pdf/a-3b"

FONT_FILES = {
    "regular": "fonts/NotoSans-Regular.ttf",
    "bold": "fonts/NotoSans-Bold.ttf",
    # mathematical operators (the minus sign −), which Noto Sans does not have
    "math": "fonts/NotoSansMath-Regular.ttf",
}

# More processes than this gain little: the frame and the assembly are done by one.
MAX_PROCESSES = 4
PR_SET_PDEATHSIG = 1  # linux/prctl.h
# Seconds the parts of one document may take at most (the Celery task has its own limits, the
# solo pool of the embedded default enforces none).
PART_TIMEOUT = 600
# Positions of anchors in the frame may differ from the sections' by rounding only (CSS px).
POSITION_TOLERANCE = 0.5


def font_paths() -> dict[str, Path]:
    """The project's own font files (static/fonts), so that the PDF is the same everywhere."""
    paths = {}
    for weight, name in FONT_FILES.items():
        found = finders.find(name)
        if not found:
            raise FileNotFoundError(f"font file static/{name} is missing")
        paths[weight] = Path(found).resolve()
    return paths


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class LocalFontsOnly(URLFetcher):
        """WeasyPrint may read the project's font files and nothing else: the document never
        loads anything from the network or from elsewhere on the disk."""

        def __init__(self, allowed: set[str]):
            super().__init__(allowed_protocols={"file"})
            self.allowed = allowed

        def fetch(self, url, headers=None):
            if url not in self.allowed:
                raise ValueError(f"the document may not load {url}")
            return super().fetch(url, headers)

    return LocalFontsOnly


def weasyprint_html(html: str):
    """WeasyPrint's HTML object for a document's HTML: the project's fonts, nothing else."""
    from weasyprint import HTML

    fonts = font_paths()
    fetcher = _fetcher_class()({path.as_uri() for path in fonts.values()})
    return HTML(string=html, base_url=str(fonts["regular"].parent), url_fetcher=fetcher)


@contextmanager
def without_cyclic_gc():
    """WeasyPrint creates millions of short-lived objects: Python's cyclic garbage collector
    then runs thousands of times during a long document for little to collect. Pausing it
    while the worker renders took 15–20 % off a 180-page document here, for about 3 % more
    peak memory (364 → 373 MB)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def html_to_pdf(html: str) -> tuple[bytes, int]:
    """The PDF of a whole document's HTML and its number of pages, in this process."""
    with without_cyclic_gc():
        rendered = weasyprint_html(html).render()
        pdf = rendered.write_pdf(pdf_variant=PDF_VARIANT)
    return pdf, len(rendered.pages)


# --- what a document is made of -------------------------------------------------------------


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


class DocumentSource(Protocol):
    """What `render` needs from a document: its sections (each starts on a new page and has
    `anchor`, the id of its first element, and `html`), the HTML of the whole document, of some
    of its sections without page numbers, and of the frame for given pages."""

    sections: Sequence

    def whole_html(self) -> str: ...

    def sections_html(self, sections: Sequence) -> str: ...

    def frame_html(self, pages: Sequence[FramePage], first_number: int) -> str: ...


# --- rendering --------------------------------------------------------------------------------


class PartFailed(RuntimeError):
    """A process laying out a share of the sections failed; the message is its error."""


class FrameMismatch(Exception):
    """The frame does not match the pages of the sections (a bug, never the user's input)."""


def processes_available() -> int:
    """How many processes lay a document out: DOCUMENT_RENDER_PROCESSES, or (0) one per CPU
    this worker may use, at most MAX_PROCESSES; one where processes cannot be forked."""
    if "fork" not in billiard.get_all_start_methods():
        return 1
    if threading.current_thread() is not threading.main_thread():
        # PR_SET_PDEATHSIG follows the thread that forks: parts forked by a thread of a
        # thread pool would be killed when that thread ends
        return 1
    wanted = settings.DOCUMENT_RENDER_PROCESSES
    if wanted <= 0:
        affinity = getattr(os, "sched_getaffinity", None)
        cpus = len(affinity(0)) if affinity else (os.cpu_count() or 1)
        wanted = min(cpus, MAX_PROCESSES)
    return max(1, wanted)


def render(
    source: DocumentSource, processes: int | None = None, timeout: float = PART_TIMEOUT
) -> tuple[bytes, int]:
    """The PDF of a document and its number of pages: the sections laid out by `processes`
    processes (by default `processes_available()`), or the whole document in this process when
    there is one process or one section. Parts not laid out and written within `timeout`
    seconds fail the document (a worker without time limits would otherwise wait for ever)."""
    processes = processes_available() if processes is None else processes
    shares = share(source.sections, processes)
    if len(shares) < 2:
        return html_to_pdf(source.whole_html())
    try:
        return _render_in_parts(source, shares, time.monotonic() + timeout)
    except FrameMismatch:
        logger.exception("the frame did not match the sections: rendering in one process")
        return html_to_pdf(source.whole_html())


def share(sections: Sequence, processes: int) -> list[list]:
    """The sections shared among at most `processes` processes by the size of their HTML
    (longest first, each to the least loaded), each share in document order."""
    if processes < 2 or len(sections) < 2:
        return [list(sections)] if sections else []
    loads = [0] * min(processes, len(sections))
    members: list[list[int]] = [[] for _ in loads]
    order = sorted(range(len(sections)), key=lambda i: -len(sections[i].html))
    for index in order:
        lightest = loads.index(min(loads))
        loads[lightest] += len(sections[index].html)
        members[lightest].append(index)
    return [[sections[i] for i in sorted(group)] for group in members if group]


def _die_with_parent(parent_pid: int) -> None:
    """Ask Linux to kill this process when the process that started it dies (prctl
    PR_SET_PDEATHSIG): a Celery worker killed at the task's hard time limit leaves no process
    laying out parts behind. Where prctl is missing, the part ends by itself: its next send to
    the gone parent fails."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent_pid:  # the parent died before prctl
        os._exit(1)


def _run_part(connection, html: str, parent_pid: int) -> None:
    # the signal handlers of the Celery worker that forked this process (a SIGTERM that only
    # asks the worker to stop, the soft time limit's SIGUSR1) are not this process's business
    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGUSR1, signal.SIGUSR2):
        signal.signal(number, signal.SIG_DFL)
    # a parent traced by tracemalloc (the benchmark, a developer profiling) would make the part
    # five times slower for nothing: a part's memory is read from its resident set size
    if tracemalloc.is_tracing():
        tracemalloc.stop()
    _die_with_parent(parent_pid)
    _part(connection, html)


def _part(connection, html: str) -> None:
    """In a forked process: lay out a share of the sections, send its pages, then its PDF."""
    try:
        gc.disable()
        start = time.perf_counter()
        rendered = weasyprint_html(html).render()
        connection.send(("laid out", [PageInfo.of(page) for page in rendered.pages]))
        laid_out = time.perf_counter()
        pdf = rendered.write_pdf(pdf_variant=PDF_VARIANT)
        logger.info(
            "a part of %s pages: laid out in %.1f s, written in %.1f s",
            len(rendered.pages),
            laid_out - start,
            time.perf_counter() - laid_out,
        )
        connection.send(("pdf", pdf))
    except BaseException as exc:  # every error goes back to the parent
        text = str(exc).strip()
        connection.send(("error", f"{exc.__class__.__name__}: {text}" if text else repr(exc)))
    finally:
        connection.close()


@dataclass
class _Worker:
    process: billiard.Process
    connection: object
    sections: list
    pages: list[PageInfo] | None = None
    pdf: bytes | None = None


def _receive(
    workers: list[_Worker], kind: str, store: Callable[[_Worker, object], None], deadline: float
):
    """Wait for the message `kind` from every worker; an error, a process that stopped
    without a word or the deadline (time.monotonic()) raises PartFailed."""
    waiting = {worker.connection: worker for worker in workers}
    while waiting:
        ready = wait(list(waiting), timeout=max(0.0, deadline - time.monotonic()))
        if not ready:
            raise PartFailed("the parts of the document were not rendered in time")
        for connection in ready:
            worker = waiting.pop(connection)
            try:
                what, value = connection.recv()
            except EOFError:
                worker.process.join(5)
                raise PartFailed(
                    f"a rendering process stopped (exit code {worker.process.exitcode})"
                ) from None
            if what == "error":
                raise PartFailed(value)
            if what != kind:
                raise PartFailed(f"unexpected message {what!r} from a rendering process")
            store(worker, value)


def _render_in_parts(
    source: DocumentSource, shares: list[list], deadline: float
) -> tuple[bytes, int]:
    # billiard (Celery's fork of multiprocessing): a task in Celery's prefork pool runs in a
    # daemon process, which the standard library does not let start processes
    context = billiard.get_context("fork")
    workers: list[_Worker] = []
    clock = [time.perf_counter()]

    def lap() -> float:
        now = time.perf_counter()
        seconds, clock[0] = now - clock[0], now
        return seconds

    with without_cyclic_gc():
        try:
            for sections in shares:
                html = source.sections_html(sections)
                receiving, sending = context.Pipe(duplex=False)
                process = context.Process(
                    target=_run_part,
                    args=(sending, html, os.getpid()),
                    name="psep-pdf-part",
                    daemon=True,
                )
                process.start()
                sending.close()
                workers.append(_Worker(process, receiving, sections))
            # meanwhile: how many pages the title page and the contents take
            front = len(weasyprint_html(source.frame_html([], 1)).render().pages)
            _receive(
                workers, "laid out", lambda worker, pages: setattr(worker, "pages", pages), deadline
            )
            laid_out = lap()
            order = _page_order(source.sections, workers)
            frame_pages = [FramePage(section, page) for section, page, _where in order]
            frame = weasyprint_html(source.frame_html(frame_pages, front + 1)).render()
            if len(frame.pages) - len(frame_pages) != front:
                # the contents' page numbers took another page: number the pages again
                front = len(frame.pages) - len(frame_pages)
                frame = weasyprint_html(source.frame_html(frame_pages, front + 1)).render()
            _check_frame(frame.pages, frame_pages, front)
            frame_pdf = frame.write_pdf(pdf_variant=PDF_VARIANT)
            framed = lap()
            # meanwhile the processes have been writing their PDFs
            _receive(workers, "pdf", lambda worker, pdf: setattr(worker, "pdf", pdf), deadline)
            written = lap()
        finally:
            _stop(workers)
        pdf = _assemble(frame_pdf, front, [where for _s, _p, where in order], workers)
    logger.info(
        "%s pages in %s processes: laid out in %.1f s, frame %.1f s, waited for the parts "
        "%.1f s, assembled in %.1f s",
        len(frame.pages),
        len(workers),
        laid_out,
        framed,
        written,
        lap(),
    )
    return pdf, len(frame.pages)


def _stop(workers: list[_Worker]) -> None:
    """Stop every process laying out a part, whatever happens meanwhile (the soft time limit
    may strike here too). They hold nothing worth saving: SIGKILL."""
    for worker in workers:
        try:
            worker.connection.close()
        finally:
            if worker.process.is_alive():
                with suppress(ProcessLookupError):
                    os.kill(worker.process.pid, signal.SIGKILL)
    for worker in workers:
        worker.process.join(5)


def _page_order(sections: Sequence, workers: list[_Worker]) -> list[tuple]:
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


def _assemble(frame_pdf: bytes, front: int, where: list[tuple[int, int]], workers) -> bytes:
    """The frame with every page of the sections laid under its empty page."""
    import pikepdf

    parts = [pikepdf.open(BytesIO(worker.pdf)) for worker in workers]
    try:
        for number, part in enumerate(parts, start=1):
            _retag_font_subsets(part, number)
        with pikepdf.open(BytesIO(frame_pdf)) as document:
            for offset, (number, index) in enumerate(where):
                document.pages[front + offset].add_underlay(parts[number].pages[index])
            out = BytesIO()
            document.save(out)
    finally:
        for part in parts:
            part.close()
    return out.getvalue()


_SUBSET_TAG = re.compile(r"^/?([A-Z]{6})\+(.+)$")


def _retag_font_subsets(part, number: int) -> None:
    """Give the font subsets of a part tags of their own. WeasyPrint tags a subset after the
    font, not after its glyphs, so every part would name its own subset of Noto Sans with the
    same tag ("ABCDEF+PSEP-Sans"); different subsets must have different tags (ISO 32000-1,
    9.6.4), or a viewer that goes by the name may draw one part's text with another's glyphs."""
    import pikepdf

    renamed = {}
    for obj in part.objects:
        if not isinstance(obj, pikepdf.Dictionary):
            continue
        for key in ("/BaseFont", "/FontName"):
            name = obj.get(key)
            if not isinstance(name, pikepdf.Name):
                continue
            match = _SUBSET_TAG.match(str(name))
            if not match:
                continue
            tag, font = match.groups()
            if tag not in renamed:
                digest = hashlib.sha256(f"{tag}:{number}".encode()).digest()
                renamed[tag] = "".join(chr(ord("A") + byte % 26) for byte in digest[:6])
            obj[key] = pikepdf.Name(f"/{renamed[tag]}+{font}")
