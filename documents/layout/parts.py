"""Documents as PDF: WeasyPrint, with long documents laid out by several processes.

WeasyPrint lays a document out in one Python thread; the ru+ky plan of a large aimak (300
activities, 60 indicators: 178 pages) takes it 20 to 40 s on this project's two-core machine
(whose speed varies from day to day), nearly all of it laying out and drawing text. Every
section of a document (documents.book) starts on a new page, so sections can be laid out apart from
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
import logging
import os
import signal
import threading
import time
import tracemalloc
from collections.abc import Callable, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Protocol

import billiard
from billiard.connection import wait
from django.conf import settings

from .assembly import _assemble
from .fonts import PDF_VARIANT, weasyprint_html
from .frame import FrameMismatch, FramePage, PageInfo, _check_frame, _page_order

logger = logging.getLogger(__name__)

# More processes than this gain little: the frame and the assembly are done by one.
MAX_PROCESSES = 4
PR_SET_PDEATHSIG = 1  # linux/prctl.h
# Seconds the parts of one document may take at most (the Celery task has its own limits, the
# solo pool of the embedded default enforces none).
PART_TIMEOUT = 600


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
