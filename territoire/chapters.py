"""The brochure and the synoptic tables, laid out chapter by chapter and combined into one PDF each.

A chapter is laid out alone (a WeasyPrint render of its own HTML) and kept in this process, keyed by a hash of
that HTML, which holds its slice of the model, the templates and the theme, and of the fonts and logo it draws:
an edit to one action lays out one axis again, and the synoptic tables reuse the brochure's programme pages.

What a chapter cannot know alone is put right when the chapters are combined:
- page numbers: each chapter counts from 1 (WeasyPrint's issue #1180), so the margin boxes that count pages
  come from one render of empty pages standing for the whole document (pdfrender.renumber);
- the contents page points to the other chapters' pages: it is laid out last, from their real page numbers,
  and its page count is fixed by design (one page), so it never shifts the others.
"""

from __future__ import annotations

import hashlib
from collections import Counter, OrderedDict
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from . import handover, pdfrender
from .builders import BuildContext
from .svgtimeline import timeline_html
from .synoptic import A3, A4, single_page
from .synoptic import Page as SynopticPage

BROCHURE = "pdf/brochure.html.j2"
SYNOPTIC_TABLES = "pdf/tableaux-synoptiques.html.j2"
PAGINATION = "pdf/pagination.html.j2"
CONTENTS_PAGES = 1
"""Pages of the contents, by design: it is laid out after the others, which must not depend on it."""
KEPT = 2
"""Editions of each chapter kept in a process: the current one and the one before (an edit undone costs
nothing). More would only grow a watch worker by a chapter's layout at each edit (12 MB at 10 × the actions)."""

_kept: OrderedDict[str, tuple[str, Any]] = OrderedDict()  # key -> (chapter name, laid-out chapter), oldest first
laid_out: Counter[str] = Counter()
"""How many times each chapter was laid out in this process (tests and benchmarks read it)."""
handed_in: Counter[str] = Counter()
"""How many times each chapter came laid out from another process of the build (territoire/handover.py)."""
_coming: list[Callable[[], bytes]] = []
"""Readers of the programme's chapters another process lays out for this one (a one-shot build)."""
pdfrender.RELEASED.extend((_kept.clear, _coming.clear))


def kept() -> Counter[str]:
    """How many editions of each chapter this process keeps laid out."""
    return Counter(name for name, _ in _kept.values())


def brochure_html(
    ctx: BuildContext, palette: Any = None, synoptic: Any = None, chapitre: str | None = None, **extra: Any
) -> str:
    """The brochure's HTML, whole or one `chapitre` of it, for screens or, with a print `palette`, for the
    printer; `synoptic`: its synoptic pages (territoire/synoptic.py), else fitted here."""
    colour = palette.css if palette else (lambda value: value)

    def timeline(width_mm: float, max_height_mm: float) -> Markup:  # its text is escaped by timeline_html
        calendar = ctx.plan.demarche.calendrier
        return Markup(timeline_html(calendar, ctx.theme, width_mm, colour, max_height_mm, ctx.project.cache))

    pages = synoptic if synoptic is not None else pdfrender.fitted_synoptic(ctx, A4, palette)
    return pdfrender.render_html(
        ctx, BROCHURE, palette, timeline=timeline, synoptic=pages, poster=False, chapitre=chapitre, **extra
    )


class Chapters:
    """The chapters of the documents of one build, laid out (or found laid out) in this process."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx
        self.engine, self.layout = pdfrender.kept_layout(ctx)

    def _key(self, html: str) -> str:
        return hashlib.sha256(f"{self.engine}\0{html}".encode()).hexdigest()

    def _kept(self, name: str, html: str, make: Callable[[], tuple[Any, str]]) -> tuple[Any, str]:
        """The document and HTML `make` lays out for chapter `name`, kept under the hash of `html`."""
        key = self._key(html)
        if key in _kept:
            _kept.move_to_end(key)
        else:
            laid_out[name] += 1
            _kept[key] = name, make()
            editions = [k for k, (kept_name, _) in _kept.items() if kept_name == name]
            for old in editions[:-KEPT]:
                del _kept[old]
        return _kept[key][1]

    def _plain(self, name: str, html: str) -> tuple[Any, str]:
        def make() -> tuple[Any, str]:
            document = self.layout(html)
            pdfrender.keep_first_continuations(document)
            return document, html

        return self._kept(name, html, make)

    def _fitted(self, name: str, make_html: Callable[[list[SynopticPage]], str], poster: bool) -> tuple[Any, str]:
        """A chapter holding the synoptic, fitted to its page (kept under the HTML it starts from)."""
        fmt = A3 if poster else A4
        start = make_html(single_page(self.ctx.plan, fmt.base))
        return self._kept(name, start, lambda: pdfrender.lay_out_fitted(self.layout, self.ctx, make_html, fmt, poster))

    def expect(self, coming: list[Callable[[], bytes]]) -> None:
        """The programme's chapters will come from the processes `coming` reads from (each blocks until its
        process hands them over, or gives empty bytes if it could not): this one lays out the others meanwhile."""
        _coming.extend(coming)

    def hand_over(self) -> bytes:
        """The programme's chapters, laid out here for the process that expects them (empty bytes if they cannot go)."""
        keys = [self._key(html) for _, html in self.axes()]
        try:
            return handover.dumps([(key, *_kept[key]) for key in keys])
        except Exception:  # that process lays them out itself (see territoire/handover.py)
            return b""

    def _take_coming(self) -> None:
        while _coming:
            data = _coming.pop(0)()
            try:
                entries = handover.loads(data, self.layout.fonts, self.layout.fetcher) if data else []
            except Exception:  # laid out here instead
                entries = []
            for key, name, chapter in entries:
                if key not in _kept:
                    _kept[key] = name, chapter
                    handed_in[name] += 1

    def axes(self) -> list[tuple[Any, str]]:
        """The programme of each axis: the same pages in both documents."""
        self._take_coming()
        return [
            self._plain(f"axe-{n}", brochure_html(self.ctx, synoptic=[], chapitre=f"axe-{n}", metadata=False))
            for n in range(1, len(self.ctx.plan.axes) + 1)
        ]

    def cover(self) -> tuple[Any, str]:
        """The brochure's cover: the first chapter laid out in a process, which parses the stylesheet and loads
        the fonts, for the processes forked after it too (territoire/workers.py)."""
        return self._plain("couverture", brochure_html(self.ctx, synoptic=[], chapitre="couverture"))

    def brochure(self) -> list[tuple[Any, str]]:
        """The brochure's chapters in order, the contents laid out last from the others' page numbers."""
        ctx = self.ctx
        cover = self.cover()
        opening = self._fitted(
            "ouverture", lambda p: brochure_html(ctx, synoptic=p, chapitre="ouverture", metadata=False), False
        )
        back = self._plain("dos", brochure_html(ctx, synoptic=[], chapitre="dos", metadata=False))
        after = [opening, *self.axes(), back]  # the programme last: it may be coming from another process
        contents_pages = CONTENTS_PAGES
        for _attempt in range(3):  # a contents grown past its design's page count shifts the others once
            html = brochure_html(
                ctx, synoptic=[], chapitre="sommaire", metadata=False, page_numbers=self._numbers(after, contents_pages)
            )
            contents = self._plain("sommaire", html)
            if len(contents[0].pages) == contents_pages:
                break
            contents_pages = len(contents[0].pages)
        return [cover, contents, *after]

    @staticmethod
    def _numbers(after: list[tuple[Any, str]], contents_pages: int) -> dict[str, int]:
        """The page number of every anchor of the chapters `after` the cover and the contents."""
        numbers: dict[str, int] = {}
        number = 1 + contents_pages
        for document, _ in after:
            for page in document.pages:
                number += 1
                for anchor in page.anchors:
                    numbers.setdefault(anchor, number)
        return numbers

    def synoptic_tables(self) -> list[tuple[Any, str]]:
        """The A3 poster, then the brochure's programme pages."""
        ctx = self.ctx

        def poster(pages: list[SynopticPage]) -> str:
            return pdfrender.render_html(ctx, SYNOPTIC_TABLES, synoptic=pages, poster=True, chapitre="affiche")

        return [self._fitted("affiche", poster, True), *self.axes()]

    def of(self, document: str) -> list[tuple[Any, str]]:
        """The chapters of `document`: « brochure » or « tableaux » (the synoptic tables)."""
        return self.brochure() if document == "brochure" else self.synoptic_tables()

    def write(self, chapters: list[tuple[Any, str]], document: str) -> bytes:
        """One tagged PDF of `chapters`, numbered as one document (`document`: « brochure » or « tableaux »,
        whose page numbers are kept apart)."""
        documents = [document for document, _ in chapters]
        names = [pdfrender.page_name(page) for document in documents for page in document.pages]
        html = pdfrender.render_html(self.ctx, PAGINATION, page_names=names, metadata=False)
        numbered, _ = self._plain(f"pagination-{document}", html)
        combined = pdfrender.combine(documents)
        pdfrender.renumber(combined.pages, numbered)
        return pdfrender.finish(combined, "".join(html for _, html in chapters), self.ctx)
