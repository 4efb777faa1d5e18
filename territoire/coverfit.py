"""The type size of the cover title: as designed (46 pt) for a short title, smaller for a long one."""

from __future__ import annotations

import math

SIZES = (46.0, 40.0, 34.0, 28.0, 24.0)  # pt; 24 pt is the floor, still three times the body text
BOX_WIDTH_MM = 140.0  # .couverture .bloc-titre in pdf.css.j2
BOX_HEIGHT_MM = 78.0  # from the title's top (74 mm + the institution line) to above the motto and edition
ADVANCE_EM = 0.6  # mean advance of Lato Black, a little generous: an estimate that errs towards smaller type
LINE_HEIGHT = 1.02  # .couverture h1
MM_PER_PT = 25.4 / 72


def cover_title_size(title: str) -> float:
    """The largest of SIZES at which `title` fits in the cover's title box (estimated by character count)."""
    for size in SIZES:
        per_line = max(1, int(BOX_WIDTH_MM / (ADVANCE_EM * size * MM_PER_PT)))
        lines = sum(math.ceil(max(len(word), 1) / per_line) for word in _lines(title, per_line))
        if lines * size * LINE_HEIGHT * MM_PER_PT <= BOX_HEIGHT_MM:
            return size
    return SIZES[-1]


def _lines(title: str, per_line: int) -> list[str]:
    """`title` broken into lines of at most `per_line` characters at spaces (a word longer stays whole)."""
    lines: list[str] = []
    for word in title.split():
        if lines and len(lines[-1]) + 1 + len(word) <= per_line:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines
