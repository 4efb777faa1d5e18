"""Glyph widths for the PDFs that depend on the glyph only, not on the size it is first drawn at.

WeasyPrint computes a glyph's width for the PDF at its first use in that PDF, from that use's size, rounded:
590 thousandths of an em at one size, 591 at another. The width it writes, and corrects each later use's
advance from, would depend on which use came first: drawing a page would depend on the pages drawn before
it, and a page drawn once could not be replayed in another PDF (territoire/drawn.py). Here the widths of a
static outline font come from its own advances, in font units; each use is still corrected to the layout's
advance, so nothing moves. The PDF lists the glyphs drawn (each has its text in the ToUnicode map).
Bitmap, colour and variable fonts keep WeasyPrint's widths (`canonical` false), and the parts of pages that
use them are always drawn.
"""

from __future__ import annotations

import zlib
from functools import cache
from typing import Any

_ADVANCES = """
    void hb_font_get_glyph_h_advances (hb_font_t *font, unsigned int count, const hb_codepoint_t *first_glyph,
        unsigned glyph_stride, int32_t *first_advance, unsigned advance_stride);
    hb_font_t * hb_font_create (hb_face_t *face);
    void hb_font_destroy (hb_font_t *font);
"""
_tables: dict[tuple[int, int, int], dict[int, int]] = {}


def canonical(font: Any) -> bool:
    """Whether `font` (WeasyPrint's pdf.fonts.Font) takes its widths from `advances`: a static outline font."""
    return not (font.bitmap or font.png or font.svg or font.colr or "fvar" in font.tables)


def advances(font: Any) -> dict[int, int]:
    """The width of every glyph of `font` but .notdef, in thousandths of its em, from its own advances.

    Glyph 0 is left out: WeasyPrint gives it the layout's width of a character missing from the font (the
    PDF draws such characters with it), at the first one it meets."""
    from weasyprint.text.ffi import ffi, harfbuzz

    key = (font.index, len(font.file_content), zlib.crc32(font.file_content))
    if key not in _tables:
        count = font.glyph_count
        glyphs, found = ffi.new("hb_codepoint_t[]", list(range(count))), ffi.new("int32_t[]", count)
        unscaled = ffi.gc(harfbuzz.hb_font_create(font.hb_face), harfbuzz.hb_font_destroy)  # in font units
        harfbuzz.hb_font_get_glyph_h_advances(unscaled, count, glyphs, 4, found, 4)
        _tables[key] = {glyph: round(found[glyph] * 1000 / font.upem) for glyph in range(1, count)}
    return dict(_tables[key])


@cache
def install() -> None:
    """Every static outline font of the PDFs written in this process takes its widths from `advances`."""
    import weasyprint.pdf as writer
    from weasyprint.pdf import stream as streams
    from weasyprint.text.ffi import ffi

    ffi.cdef(_ADVANCES)

    class Font(streams.Font):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            self.canonical = canonical(self)
            if self.canonical:
                self.widths = advances(self)

    build_fonts = writer.build_fonts_dictionary

    def fonts_dictionary(pdf: Any, fonts: Any, *args: Any) -> Any:
        for font in fonts.values():  # the glyphs drawn, .notdef if given a width, and those missing from the font
            if getattr(font, "canonical", False):
                drawn, count = font.to_unicode, font.glyph_count
                font.widths = {g: w for g, w in font.widths.items() if g in drawn or g == 0 or g >= count}
        return build_fonts(pdf, fonts, *args)

    streams.Font = Font
    writer.build_fonts_dictionary = fonts_dictionary
