"""Laid-out WeasyPrint documents handed from one process of a build to another, pickled through a pipe.

In a one-shot build, the synoptic tables' process lays out the programme's chapters, which both PDFs show,
while the brochure's process lays out its own; it then hands them over (territoire/chapters.py). A laid-out
page is plain Python objects but for a few WeasyPrint internals:
- the font configuration and the URL fetcher, which hold native handles: they go by reference, and the
  receiver puts its own in their place (the sender was forked from it once they were made, so they are the
  same fonts and the same folders);
- the layout context a few boxes keep, which nothing reads once the pages are laid out;
- closures and a proxy class, rebuilt from what they hold.
Anything else that cannot be pickled fails the hand-over, and the receiver lays the chapters out itself: a
hand-over is only ever a shortcut (tests compare its bytes with a render in one process).
"""

from __future__ import annotations

import functools
import io
import pickle
import types
from typing import Any

from . import nativelibs


def _column_cells(table: Any, column: Any) -> list[Any]:
    """What WeasyPrint's `table_layout.<locals>.get_column_cells` closures return (weasyprint/layout/table.py)."""
    return [
        cell
        for row_group in table.children
        for row in row_group.children
        for cell in row.children
        if cell.grid_x == column.grid_x
    ]


def _placeholder(box: Any, done: bool) -> Any:
    """An AbsolutePlaceholder again: it forwards attribute access to its box, which plain unpickling loops on."""
    from weasyprint.layout.absolute import AbsolutePlaceholder

    placeholder = AbsolutePlaceholder(box)
    object.__setattr__(placeholder, "_layout_done", done)
    return placeholder


_received: dict[str, Any] = {}
"""While `loads` runs: this process's own font configuration and URL fetcher, put in place of the sender's."""


def _reference(name: str) -> Any:
    return _received.get(name)


class _Pickler(pickle.Pickler):
    """Pickles laid-out pages, WeasyPrint's native handles by reference (in `reducer_override`, which the pickler
    calls for objects of other classes than the built-in ones: a `persistent_id` would be called for every
    string and number of the pages, and doubled the hand-over's time)."""

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        from weasyprint.layout import LayoutContext
        from weasyprint.layout.absolute import AbsolutePlaceholder
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher

        self._by_reference = ((FontConfiguration, "fonts"), (URLFetcher, "fetcher"), (LayoutContext, "context"))
        self._placeholder = AbsolutePlaceholder

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is self._placeholder:
            return _placeholder, (object.__getattribute__(obj, "_box"), object.__getattribute__(obj, "_layout_done"))
        if isinstance(obj, types.FunctionType) and obj.__qualname__.endswith("get_column_cells.<locals>.<lambda>"):
            closure = [cell.cell_contents for cell in obj.__closure__ or ()]
            held = dict(zip(obj.__code__.co_freevars, closure, strict=True))  # by name: freevars are sorted
            return functools.partial, (_column_cells, held["table"], held["column"])
        for kind, name in self._by_reference:
            if isinstance(obj, kind):
                return _reference, (name,)
        return NotImplemented


def dumps(value: Any) -> bytes:
    """`value` (laid-out documents, in any container) as bytes; raises if some part cannot be handed over."""
    nativelibs.load("weasyprint")
    buffer = io.BytesIO()
    _Pickler(buffer).dump(value)
    return buffer.getvalue()


def loads(data: bytes, fonts: Any, fetcher: Any) -> Any:
    """What `dumps` wrote, drawing with this process's `fonts` and `fetcher`."""
    nativelibs.load("weasyprint")
    _received.update(fonts=fonts, fetcher=fetcher, context=None)
    try:
        return pickle.loads(data)
    finally:
        _received.clear()
