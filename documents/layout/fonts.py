"""The fonts of every document and the sandbox WeasyPrint renders in: the project's own font
files (static/fonts, with every Kyrgyz letter: Ң ң Ө ө Ү ү), so that a PDF is the same
everywhere, and nothing else may be loaded — no network, no other file."""

from pathlib import Path

from django.contrib.staticfiles import finders

# PDF/A-3b: an archival PDF (fonts embedded, colour profile, XMP metadata). WeasyPrint writes it.
PDF_VARIANT = "pdf/a-3b"

FONT_FILES = {
    "regular": "fonts/NotoSans-Regular.ttf",
    "bold": "fonts/NotoSans-Bold.ttf",
    # mathematical operators (the minus sign −), which Noto Sans does not have
    "math": "fonts/NotoSansMath-Regular.ttf",
}


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
