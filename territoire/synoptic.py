"""The synoptic page(s) of the PDFs: one column per axis, type reduced down to a floor, then continuation pages.

Pure planning: which orientations sit on which page, at which type size. pdfrender.fit_synoptic lays the
pages out with WeasyPrint, reports the blocks that did not fit, and asks this module for the next plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from .model import Axis, Objective, Orientation, Plan


@dataclass(frozen=True, slots=True)
class Format:
    """Type sizes of the objectives on one synoptic format: the designed size and the floor it may shrink to."""

    base: float  # pt
    floor: float  # pt
    step: float = 0.25  # pt between two sizes tried


A4 = Format(base=7.5, floor=7.0)
"""The brochure page. 7 pt is the floor: the smallest size the brochure already prints (the « (suite) » labels of
the programme tables), the lower bound the issue set for A4, still read at arm's length in Lato's large x-height."""

A3 = Format(base=11.2, floor=10.0)
"""The A3 poster. 10 pt is the A4 floor times √2, the A3/A4 ratio: the poster printed on A4 stays at 7 pt."""


@dataclass(frozen=True, slots=True)
class Piece:
    """An orientation's block, or the part of it that fits: its objectives from `start` to `stop`."""

    orientation: Orientation
    index: int  # position of the orientation in its axis
    start: int
    stop: int

    @property
    def objectives(self) -> tuple[Objective, ...]:
        return tuple(self.orientation.objectifs[self.start : self.stop])

    def halves(self) -> tuple[Piece, Piece] | None:
        """The piece cut in two by objectives (None when it has a single objective)."""
        middle = (self.start + self.stop) // 2
        if middle == self.start:
            return None
        return replace(self, stop=middle), replace(self, start=middle)


@dataclass(frozen=True, slots=True)
class Column:
    number: int  # 1-based position of the axis (colour classes)
    axis: Axis
    pieces: tuple[Piece, ...]
    continued: bool  # the axis's orientations began on an earlier page


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # 0 = the first synoptic page, then its continuations
    size: float  # pt, type size of the objectives
    columns: tuple[Column, ...]

    @property
    def anchor(self) -> str:
        return "structuration" if self.number == 0 else f"structuration-{self.number + 1}"


def block_key(page: Page, column: Column, piece: Piece) -> str:
    """The `data-bloc` attribute of a block, by which the layout reports where it landed."""
    return f"{page.number}:{column.number}:{piece.index}:{piece.start}"


def block_keys(pages: Sequence[Page]) -> set[str]:
    return {block_key(page, column, piece) for page in pages for column in page.columns for piece in column.pieces}


def sizes(fmt: Format) -> Iterator[float]:
    """The type sizes to try, from the designed one down to the floor."""
    size = fmt.base
    while size > fmt.floor + 1e-6:
        yield round(size, 2)
        size -= fmt.step
    yield fmt.floor


def single_page(plan: Plan, size: float) -> list[Page]:
    columns = tuple(
        Column(n, axis, tuple(Piece(o, i, 0, len(o.objectifs)) for i, o in enumerate(axis.orientations)), False)
        for n, axis in enumerate(plan.axes, 1)
    )
    return [Page(0, size, columns)]


def split(pages: Sequence[Page], overflow: set[str]) -> list[Page]:
    """`pages` with the blocks in `overflow`, and those after them in their column, moved to a new last page.

    Only the last page can overflow (earlier ones were settled by earlier calls). A block that overflows at the
    top of a continuation page is taller than a page: it is cut in two by objectives, its second half moving on.
    """
    *settled, last = pages
    kept, moved = [], []
    for column in last.columns:
        pieces = column.pieces
        cut = next((i for i, p in enumerate(pieces) if block_key(last, column, p) in overflow), len(pieces))
        if cut == 0 and pieces and last.number > 0 and (halves := pieces[0].halves()):
            pieces, cut = (*halves, *pieces[1:]), 1
        kept.append(Column(column.number, column.axis, pieces[:cut], column.continued))
        moved.append(Column(column.number, column.axis, pieces[cut:], column.continued or cut > 0))
    if not any(c.pieces for c in moved):
        return list(pages)
    return [*settled, Page(last.number, last.size, tuple(kept)), Page(last.number + 1, last.size, tuple(moved))]


def anchor_of(key: str) -> str:
    """The id of the synoptic page a `block_key` belongs to."""
    number = int(key.split(":", 1)[0])
    return "structuration" if number == 0 else f"structuration-{number + 1}"


MAX_PAGES = 12  # a guard: each continuation page settles at least one block per column


def fit(plan: Plan, fmt: Format, overflow: Callable[[list[Page]], set[str]]) -> list[Page]:
    """The pages of the synoptic: on one page at the largest size that fits, else at the floor on several pages.

    `overflow(pages)` lays `pages` out and returns the keys of the blocks that are not on their page.
    """
    pages = single_page(plan, fmt.floor)
    missing = overflow(pages)
    if not missing:
        for size in sizes(fmt):
            candidate = single_page(plan, size)
            if size == fmt.floor or not overflow(candidate):
                return candidate
    while missing and len(pages) < MAX_PAGES:
        grown = split(pages, missing)
        if grown == pages:
            break
        pages = grown
        missing = {key for key in overflow(pages) if anchor_of(key) == pages[-1].anchor}
    return pages
