"""Pages drawn once: a warm worker does not draw again what it drew in an earlier build, it replays it.

Writing a PDF, WeasyPrint draws every page, half of the brochure's write. After an edit to one action, most
pages are the very objects laid out before (territoire/chapters.py keeps them), and the synoptic tables show
the brochure's programme pages. What is drawn again is cut at the page's own parts: its body (the box of the
root element) and each margin box (a page number is one), each drawn in a stacking context of its own.

A part's drawing is the same as before if it meets the same state, which the parts drawn before it in the
same PDF leave:
- the stream's current colour, transparency and font (WeasyPrint does not repeat them), and its transform;
- the count of marked contents on the page (the tags' numbers);
- the fonts created (glyph widths come from the font files, territoire/widths.py, so none depends on the
  sizes the parts before it drew);
- the glyphs' texts (ToUnicode) and the transparency states, set by their first use;
- the images, and the names of patterns, shadings and groups, numbered in drawing order.

So a part is recorded with that state and with every first look it takes at what is shared (through `_Seen`),
and replayed only where it meets the same: its content, what it added to the shared state, its marked
content (the tags). Elsewhere it is drawn again, and recorded. A page whose content stream comes out the
same as in a PDF written before keeps that stream's serialised, compressed bytes. A PDF written with
replays is byte for byte the PDF drawn in full. Parts that draw images, number resources (patterns,
groups…), draw characters missing from their font or use a font whose widths depend on its sizes
(territoire/widths.py) are always drawn.

Only warm workers record drawings (`keep`), for the pages of the last `KEPT_WRITES` PDFs written.
"""

from __future__ import annotations

import copy
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import widths

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
_streams: dict[int, tuple[Any, deque[tuple[bool, list[Any], bytes]]]] = {}
"""id of a page box -> (the box, its content streams in the last PDFs written: the synoptic tables show the
brochure's programme pages, numbered otherwise), each as (compressed?, items, serialised bytes)."""
_written: list[Any] = []
"""During a write: the content streams of its pages, kept in `_streams` once serialised."""
_recent: deque[set[int]] = deque(maxlen=KEPT_WRITES)
replayed = 0
"""Parts replayed in this process, not drawn (tests read it)."""


class _Seen:
    """A mapping of the shared state as one part's drawing sees it: its first look at each key (was it there)
    and what it set.

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


class _FontSeen:
    """A font (WeasyPrint's pdf.fonts.Font) as one part's drawing sees it: its texts through `_Seen`, its other
    attributes copied (read for every glyph drawn), and whether it drew a character missing from the font."""

    def __init__(self, font: Any) -> None:
        self.__dict__.update(font.__dict__)
        self.__dict__.update(font=font, to_unicode=_Seen(font.to_unicode, fills=True), missed=False)

    def get_unused_glyph_id(self, codepoint: int) -> int:
        self.__dict__["missed"] = True  # its glyph number depends on the characters missed before it in the PDF
        return int(self.__dict__["font"].get_unused_glyph_id(codepoint))

    def __getattr__(self, name: str) -> Any:  # methods, properties
        return getattr(self.__dict__["font"], name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self.__dict__["font"], name, value)
        self.__dict__[name] = value


class _FontsSeen(_Seen):
    """The PDF's fonts by key, as one part's drawing sees them: each font through `_FontSeen`, and a pristine
    copy of each font it creates."""

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
    fresh.widths, fresh.to_unicode, fresh.missing = widths.advances(font), {}, {}
    fresh.variations, fresh.tables = dict(font.variations), list(font.tables)
    return fresh


_STATE = ("_current_color", "_current_color_stroke", "_current_alpha", "_current_alpha_stroke", "_current_font")


def _state(stream: Any) -> tuple[Any, ...]:
    """What a part's drawing depends on in the stream it is drawn in (see the module's docstring)."""
    return (
        stream.stream[-1] if stream.stream else None,
        *(getattr(stream, name) for name in _STATE),
        tuple(stream.ctm.values),
        None if stream._tags is None else len(stream._tags),
        stream._output_intent,
        tuple(stream._color_profiles),
        stream.compress,
    )


@dataclass
class _Drawing:
    """One part of a page drawn: the state it met, and what a replay adds (nothing of the PDF it was drawn in)."""

    box: Any
    state: tuple[Any, ...]
    items: list[Any]
    after: tuple[Any, ...]
    """The stream's current colours, transparencies and font once drawn, and its last font (`_old_font`)."""
    fonts: dict[Any, bool]
    """Each font key it looked at, in order: was that font in the PDF already."""
    created: dict[Any, Any]
    """A pristine copy of each font it created."""
    texts: dict[Any, dict[int, str]]
    """By font key: the text of each glyph it drew, at its first use in the part."""
    states: dict[str, Any]
    """The transparency states it used."""
    tags: list[tuple[Any, str, int]]

    def meets(self, stream: Any) -> bool:
        """Whether drawing this part on `stream` now would draw what it drew: the same state, the fonts it found
        (its texts and transparency states only fill in what is missing)."""
        fonts = stream._fonts
        return _state(stream) == self.state and all(key in fonts for key, found in self.fonts.items() if found)

    def replay(self, stream: Any) -> None:
        fonts, states = stream._fonts, stream._resources["ExtGState"]
        for key in self.fonts:
            if key not in fonts:
                fonts[key] = _pristine(self.created[key])
        for key, texts in self.texts.items():
            to_unicode = fonts[key].to_unicode
            for glyph, text in texts.items():
                to_unicode.setdefault(glyph, text)
        for name, state in self.states.items():
            if name not in states:
                states[name] = copy.copy(state)
        stream.stream.extend(self.items)
        for name, value in zip((*_STATE, "_old_font"), self.after, strict=True):
            setattr(stream, name, value)
        if stream._tags is not None:
            stream._tags.update({box: {"tag": tag, "mcid": mcid} for box, tag, mcid in self.tags})


def _record(draw: Any, stream: Any, context: Any, box: Any) -> _Drawing | None:
    """Draw the part `box` (its stacking `context`) on `stream`, recording it if it can be replayed."""
    resources, fonts, tags = stream._resources, stream._fonts, stream._tags
    numbered = [len(resources[name]) for name in _NUMBERED]
    state, start = _state(stream), len(stream.stream)
    marked = 0 if tags is None else len(tags)
    seen_fonts = _FontsSeen(fonts)
    seen_states, seen_objects = _Seen(resources["ExtGState"], fills=True), _Seen(resources["XObject"])
    stream._fonts, resources["ExtGState"], resources["XObject"] = seen_fonts, seen_states, seen_objects
    try:
        draw(stream, context)
    finally:
        stream._fonts, resources["ExtGState"], resources["XObject"] = fonts, seen_states.real, seen_objects.real
    views = seen_fonts.views.values()
    if seen_objects.seen or numbered != [len(resources[name]) for name in _NUMBERED] or len(stream.stream) < start:
        return None  # an image, a group, a pattern…
    if any(not str(key).lower().startswith("a") for key in seen_states.set):  # s0…: numbered states
        return None
    if any(view.missed or not getattr(view.font, "canonical", False) for view in views):
        return None
    return _Drawing(
        box,
        state,
        stream.stream[start:],
        tuple(getattr(stream, name) for name in (*_STATE, "_old_font")),
        dict(seen_fonts.seen),
        {key: seen_fonts.set[key] for key, found in seen_fonts.seen.items() if not found},
        {key: dict(view.to_unicode.set) for key, view in seen_fonts.views.items()},
        dict(seen_states.set),
        [] if tags is None else [(b, t["tag"], t["mcid"]) for b, t in list(tags.items())[marked:]],
    )


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
        same = [
            data
            for compressed, items, data in _streams[id(page)][1]
            if (compressed, items) == (obj.compress, obj.stream)
        ]
        if same:
            obj.__dict__["_frozen_data"] = same[0]
        else:
            _written.append(obj)


@contextmanager
def writing() -> Iterator[None]:
    """Around one PDF's write: its pages' parts replayed where they can be (when `keep` was called)."""
    global _active
    widths.install()
    if not _kept:
        yield
        return
    _recent.append(set())
    _active = True
    try:
        yield
        for obj in _written:  # serialised now: its items and bytes, for the next PDFs
            data = obj.__dict__.get("_frozen_data")
            if data is not None:
                _streams[id(obj._page_box)][1].append((obj.compress, obj.stream, data))
    finally:
        _active = False
        _parts.clear()
        _written.clear()
        alive = set().union(*_recent)
        for key in [key for key in _records if key not in alive]:
            del _records[key]
        for key in [key for key in _streams if key not in alive]:
            del _streams[key]


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
