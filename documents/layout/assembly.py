"""Putting a document rendered in parts together: every page of the sections laid under its
empty page of the frame (pikepdf, i.e. qpdf), each part's font subsets renamed so that no two
subsets share a tag."""

import hashlib
import re
from io import BytesIO


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
