"""Pages drawn once: a warm worker does not draw again what it drew in an earlier build, it replays it.

Writing a PDF, WeasyPrint draws every page, half of the brochure's write. After an edit to one action, most
pages are the very objects laid out before (territoire/chapters.py keeps them), and the synoptic tables show
the brochure's programme pages. What is drawn again is cut at the page's own parts: its body (the box of the
root element) and each margin box (a page number is one), each drawn in a stacking context of its own.

A part's drawing is the same as before if it meets the same state, which the parts drawn before it in the
same PDF leave:
- the stream's current colour, transparency and font (WeasyPrint does not repeat them), and its transform;
- the count of marked contents on the page (the tags' numbers);
- the fonts' glyph widths, computed at a glyph's first use in the PDF (from that use's size, rounded: they
  can differ by size) and read by its later uses;
- the glyphs' texts (ToUnicode) and the transparency states, set by their first use;
- the names of patterns, shadings, groups and images, numbered in drawing order.

So a part is recorded with that state and with every first look it takes at what is shared (through `_Seen`),
and replayed only where it meets the same: its content, what it added to the shared state, its marked
content (the tags). Elsewhere it is drawn again, and recorded. A page whose content stream comes out the
same as in the PDF written before keeps that stream's serialised, compressed bytes. A PDF written with
replays is byte for byte the PDF drawn in full. Parts that number resources (patterns, groups…) or draw
glyphs missing from their font are always drawn.

Only warm workers record drawings (`keep`), for the pages of the last `KEPT_WRITES` PDFs written.
"""

from __future__ import annotations

import copy
import zlib
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

_NUMBERED = ("XObject", "Pattern", "Shading")
"""Resources named in drawing order (x0, p1…): a part that adds one is always drawn."""
KEPT_WRITES = 4
"""PDFs whose drawings are kept: the brochure and the synoptic tables of the last two builds (an edit undone
is replayed too)."""

_kept = False
_active = False
_parts: dict[int, Any] = {}
"""During a write: the stacking contexts of the pages' parts (by id) -> the box each draws."""
_records: dict[int, _Drawing] = {}
"""id of a part's box -> its drawing."""
_streams: dict[int, tuple[Any, deque[Any]]] = {}
"""id of a page box -> (the box, its content streams in the last PDFs written: the synoptic tables show the
brochure's programme pages, numbered otherwise)."""
_recent: deque[set[int]] = deque(maxlen=KEPT_WRITES)
replayed = 0
"""Parts replayed in this process, not drawn (tests read it)."""


class _Seen:
    """A mapping of the shared state as one part's drawing sees it: its first look at each key (was it there,
    with which value) and what it set.

    `fills`: a mapping the drawing only fills, a value set at a key's first use in the PDF and kept after (the
    glyphs' texts, the transparency states), which the drawn bytes do not depend on. The first look at each
    key is then answered « absent »: the drawing sets what it would set at its first use, and what was there
    stays. A replay can then fill in whatever the parts before it left."""

    def __init__(self, real: Any, fills: bool = False) -> None:
        self.real, self.fills = real, fills
        self.seen: dict[Any, bool] = {}
        self.set: dict[Any, Any] = {}

    def __contains__(self, key: Any) -> bool:
        if key not in self.seen:
            self.seen[key] = key in self.real
            if self.fills:
                return False
        return key in self.real

    def __getitem__(self, key: Any) -> Any:
        self.seen.setdefault(key, key in self.real)
        return self.real[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        self.seen.setdefault(key, key in self.real)
        self.set[key] = value
        if not self.fills or key not in self.real:
            self.real[key] = value

    def __len__(self) -> int:
        return len(self.real)

    def meets(self, now: Any) -> bool:
        """Whether replaying on `now` does what drawing would: every key it found (unless it `fills`) is there."""
        return self.fills or all(key in now for key, present in self.seen.items() if present)

    def replay(self, now: Any) -> None:
        for key, value in self.set.items():
            if key not in now:
                now[key] = copy.copy(value)


class _FontSeen:
    """A font (WeasyPrint's pdf.fonts.Font) as one part's drawing sees it: its widths and texts through `_Seen`,
    its other attributes copied (read for every glyph drawn)."""

    def __init__(self, font: Any) -> None:
        self.__dict__.update(font.__dict__)
        self.__dict__.update(font=font, missing_before=len(font.missing))
        self.__dict__.update(to_unicode=_Seen(font.to_unicode, fills=True))

    def __getattr__(self, name: str) -> Any:  # methods, properties
        return getattr(self.__dict__["font"], name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self.__dict__["font"], name, value)
        self.__dict__[name] = value


class _FontsSeen(_Seen):
    """The PDF's fonts by key, as one page's drawing sees them: each font seen through `_FontSeen`, and a
    pristine copy of each font it creates (replayed where that font is not created yet)."""

    def __init__(self, real: Any) -> None:
        super().__init__(real)
        self.views: dict[Any, _FontSeen] = {}

    def __getitem__(self, key: Any) -> Any:
        self.seen.setdefault(key, key in self.real)
        if key not in self.views:
            self.views[key] = _FontSeen(self.real[key])
        return self.views[key]

    def __setitem__(self, key: Any, font: Any) -> None:
        super().__setitem__(key, font)
        self.set[key] = _pristine(font)


def _pristine(font: Any) -> Any:
    """A copy of a font just created, before any glyph is drawn: its own glyph tables, its shared file."""
    fresh = copy.copy(font)
    fresh.widths, fresh.to_unicode, fresh.missing = widths(font), {}, {}
    fresh.variations, fresh.tables = dict(font.variations), list(font.tables)
    return fresh


def _state(stream: Any) -> tuple[Any, ...]:
    """What a part's drawing depends on in the stream it is drawn in (see the module's docstring)."""
    return (
        stream.stream[-1] if stream.stream else None,
        stream._current_color,
        stream._current_color_stroke,
        stream._current_alpha,
        stream._current_alpha_stroke,
        stream._current_font,
        tuple(stream.ctm.values),
        None if stream._tags is None else len(stream._tags),
        stream._output_intent,
        tuple(stream._color_profiles),
    )


@dataclass
class _Drawing:
    """One part of a page drawn: what a replay needs."""

    box: Any
    state: tuple[Any, ...]
    items: list[Any]
    after: tuple[Any, ...]
    fonts: _FontsSeen
    states: _Seen
    tags: list[tuple[Any, str, int]]

    def meets(self, stream: Any) -> bool:
        """Whether drawing this part on `stream` now would draw what it drew (its widths are the same at every
        size, `widths`; its texts and transparency states fill in what is missing, `_Seen`)."""
        return _state(stream) == self.state and self.fonts.meets(stream._fonts)

    def replay(self, stream: Any) -> None:
        fonts = stream._fonts
        for key in self.fonts.seen:
            if key not in fonts:
                fonts[key] = _pristine(self.fonts.set[key])
        for key, view in self.fonts.views.items():
            view.to_unicode.replay(fonts[key].to_unicode)
        self.states.replay(stream._resources["ExtGState"])
        stream.stream.extend(self.items)
        stream._old_font = self.after[0]
        if stream._tags is not None:
            stream._tags.update({box: {"tag": tag, "mcid": mcid} for box, tag, mcid in self.tags})


def _record(draw: Any, stream: Any, context: Any, box: Any) -> _Drawing | None:
    """Draw the part `box` (its stacking `context`) on `stream`, recording it if it can be replayed."""
    resources, fonts, tags = stream._resources, stream._fonts, stream._tags
    numbered = [len(resources[name]) for name in _NUMBERED]
    state, start = _state(stream), len(stream.stream)
    marked = 0 if tags is None else len(tags)
    seen_fonts, seen_states = _FontsSeen(fonts), _Seen(resources["ExtGState"], fills=True)
    stream._fonts, resources["ExtGState"] = seen_fonts, seen_states
    try:
        draw(stream, context)
    finally:
        stream._fonts, resources["ExtGState"] = fonts, seen_states.real
    if numbered != [len(resources[name]) for name in _NUMBERED] or len(stream.stream) < start:
        return None
    if any(not str(key).lower().startswith("a") for key in seen_states.set):  # s0…: numbered states
        return None
    if any(len(view.font.missing) != view.missing_before for view in seen_fonts.views.values()):
        return None
    added = [] if tags is None else [(b, t["tag"], t["mcid"]) for b, t in list(tags.items())[marked:]]
    after = (stream._old_font,)
    return _Drawing(box, state, stream.stream[start:], after, seen_fonts, seen_states, added)


def _draw(draw: Any, stream: Any, context: Any) -> None:
    """weasyprint.draw.draw_stacking_context: a page's parts replayed where they can be, else drawn."""
    global replayed
    box = _parts.pop(id(context), None) if _active else None
    if box is None:
        if _active and type(context.box).__name__ == "PageBox":
            _page(stream, context)
        draw(stream, context)
        return
    _recent[-1].add(id(box))
    drawing = _records.get(id(box))
    if drawing is not None and drawing.box is box and drawing.meets(stream):
        drawing.replay(stream)
        replayed += 1
        return
    _records.pop(id(box), None)
    recorded = _record(draw, stream, context, box)
    if recorded is not None:
        _records[id(box)] = recorded


def _page(stream: Any, context: Any) -> None:
    """The parts of the page drawn in `context`, if each is one stacking context of its own (no z-index)."""
    parts = context.zero_z_contexts
    if not parts or context.negative_z_contexts or context.positive_z_contexts:
        return
    page = parts[0].page  # the page box as laid out: its children are the parts' boxes
    if len(parts) != len(page.children):
        return
    _parts.clear()
    _parts.update({id(part): box for part, box in zip(parts, page.children, strict=True)})
    stream._page_box = page
    _recent[-1].add(id(page))


def finishing(pdf: Any) -> None:
    """Before `pdf` is serialised: the content stream of a page that comes out as in a PDF written before takes
    the bytes that one was serialised to (pdfrender.freeze_objects keeps them)."""
    if not _active:
        return
    for obj in pdf.objects:
        page = getattr(obj, "_page_box", None)
        if page is None:
            continue
        if id(page) not in _streams or _streams[id(page)][0] is not page:
            _streams[id(page)] = page, deque(maxlen=KEPT_WRITES)
        written = _streams[id(page)]
        same = [stream for stream in written[1] if stream.stream == obj.stream]
        data = same[0].__dict__.get("_frozen_data") if same else None
        if data is not None:
            obj.__dict__["_frozen_data"] = data
        else:
            written[1].append(obj)


@contextmanager
def writing() -> Iterator[None]:
    """Around one PDF's write: its pages' parts replayed where they can be (when `keep` was called)."""
    global _active
    install()
    if not _kept:
        yield
        return
    _recent.append(set())
    _active = True
    try:
        yield
    finally:
        _active = False
        _parts.clear()
        alive = set().union(*_recent)
        for key in [key for key in _records if key not in alive]:
            del _records[key]
        for key in [key for key in _streams if key not in alive]:
            del _streams[key]


_ADVANCES = """
    void hb_font_get_glyph_h_advances (hb_font_t *font, unsigned int count, const hb_codepoint_t *first_glyph,
        unsigned glyph_stride, int32_t *first_advance, unsigned advance_stride);
    hb_font_t * hb_font_create (hb_face_t *face);
    void hb_font_destroy (hb_font_t *font);
"""
_advance_tables: dict[tuple[Any, ...], dict[int, int]] = {}


def widths(font: Any) -> dict[int, int]:
    """The width of every glyph of `font` (WeasyPrint's pdf.fonts.Font) for the PDF, in thousandths of its em,
    from its own advances: the same at every size.

    WeasyPrint computes a glyph's width at its first use in the PDF, from that use's size, rounded: 590 at one
    size, 591 at another. The width it then writes (and corrects each use's advance from) would depend on which
    use came first: a part's drawing, on the parts drawn before it in that PDF. These depend on the glyph only;
    each use is still corrected to the layout's advance. The PDF lists the glyphs drawn (`install`)."""
    from weasyprint.text.ffi import ffi, harfbuzz

    key = (font.index, len(font.file_content), zlib.crc32(font.file_content))
    if key not in _advance_tables:
        count = font.glyph_count
        glyphs, advances = ffi.new("hb_codepoint_t[]", list(range(count))), ffi.new("int32_t[]", count)
        unscaled = ffi.gc(harfbuzz.hb_font_create(font.hb_face), harfbuzz.hb_font_destroy)  # in font units
        harfbuzz.hb_font_get_glyph_h_advances(unscaled, count, glyphs, 4, advances, 4)
        _advance_tables[key] = {glyph: round(advances[glyph] * 1000 / font.upem) for glyph in range(count)}
    return dict(_advance_tables[key])


@cache
def install() -> None:
    """Every font of the PDFs written in this process takes its glyphs' widths from `widths`."""
    import weasyprint.pdf as writer
    from weasyprint.pdf import stream as streams
    from weasyprint.text.ffi import ffi

    ffi.cdef(_ADVANCES)

    class Font(streams.Font):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            self.widths = widths(self)

    build_fonts = writer.build_fonts_dictionary

    def fonts_dictionary(pdf: Any, fonts: Any, *args: Any) -> Any:
        for font in fonts.values():  # the glyphs drawn (each has its text), and those missing from the font
            drawn = font.to_unicode
            font.widths = {g: w for g, w in font.widths.items() if g in drawn or g >= font.glyph_count}
        return build_fonts(pdf, fonts, *args)

    streams.Font = Font
    writer.build_fonts_dictionary = fonts_dictionary


def keep() -> None:
    """This process records what it draws, for the next build (a warm worker)."""
    global _kept
    _kept = True
    _replaying()


@cache
def _replaying() -> None:
    from weasyprint import draw as module

    original = module.draw_stacking_context
    module.draw_stacking_context = lambda stream, context: _draw(original, stream, context)


def forget() -> None:
    """Let go of what was drawn, and record nothing more until `keep` (when the kept layouts go)."""
    global _kept
    _kept = False
    _records.clear()
    _streams.clear()
    _recent.clear()
