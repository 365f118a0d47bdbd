"""Turning a book (documents.book) into a PDF with WeasyPrint: the fonts and the sandbox
(`fonts`), the parallel parts (`parts`), the frame that numbers their pages (`frame`) and the
assembly of both (`assembly`)."""

from .fonts import PDF_VARIANT, font_paths, weasyprint_html
from .parts import PartFailed, html_to_pdf, processes_available, render, share

__all__ = [
    "PDF_VARIANT",
    "PartFailed",
    "font_paths",
    "html_to_pdf",
    "processes_available",
    "render",
    "share",
    "weasyprint_html",
]
