"""Pages drawn once (territoire/drawn.py): a watch worker replays what an edit left alone, byte for byte.

The warm worker's own path is taken (workers.render_group: the chapters laid out, then the brochure and the
synoptic tables written in turn), after an edit to one action and after an edit that adds a page to an axis;
the bytes must be those of a cold build of the edited content. The fonts' widths, which make a part's drawing
independent of the parts drawn before it, are checked against the font files themselves.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from conftest import ROOT, copy_content
from fontTools.ttLib import TTFont

from territoire import chapters, drawn, pdfrender, workers
from territoire.builders import BuildContext
from territoire.builders.pdf import PdfBuilder
from territoire.builders.synoptique_pdf import SynoptiquePdfBuilder
from territoire.engine import Engine
from territoire.project import Project

EDITED = "Mobiliser de ressources"
LONGER = " ".join(["Accompagner les entreprises du territoire dans leurs projets de croissance."] * 12)


def context(content: Path) -> BuildContext:
    return Engine(Project.at(ROOT, content=content, output=content.parent / "sortie")).context()


@pytest.fixture
def fresh() -> Iterator[None]:
    pdfrender.release_layouts()
    yield
    pdfrender.release_layouts()


class Tables(SynoptiquePdfBuilder):
    """The synoptic tables, written after the brochure: they report how many parts they replayed."""

    def render(self, ctx: BuildContext) -> bytes:
        before = drawn.replayed
        data = super().render(ctx)
        return json.dumps({"replayed": drawn.replayed - before, "pdf": data.hex()}).encode()


def warm_build(ctx: BuildContext) -> tuple[bytes, bytes, int, int]:
    """Both PDFs as a watch worker builds them, and how many parts each replayed."""
    before = drawn.replayed
    outcomes = workers.render_group([PdfBuilder, Tables], ctx)
    assert {kind for kind, _ in outcomes.values()} == {"ok"}, outcomes
    brochure: Any = outcomes["pdf"][1]
    forked: Any = outcomes["synoptique-pdf"][1]
    tables = json.loads(forked[0])
    by_tables = tables["replayed"]
    return brochure[0], bytes.fromhex(tables["pdf"]), drawn.replayed - before - by_tables, by_tables


@pytest.mark.parametrize(
    "edit",
    [
        lambda text: text.replace(EDITED, f"{EDITED} (modifié)", 1),
        lambda text: text.replace(EDITED, f"{LONGER} {EDITED}", 1),
    ],
    ids=["une action", "une page de plus"],
)
def test_a_watch_worker_replays_what_an_edit_left_alone_and_writes_the_bytes_of_a_cold_build(
    fresh: None, tmp_path: Path, edit: Any
) -> None:
    content = copy_content(tmp_path)
    first = warm_build(context(content))
    assert first[2] == 0 and first[3] >= 9  # the tables replay the brochure's programme bodies at once
    axis = content / "axes" / "2-qualite-de-vie.yaml"
    axis.write_text(edit(axis.read_text(encoding="utf-8")), encoding="utf-8")
    ctx = context(content)
    chapters.laid_out.clear()
    brochure, tables, replayed, replayed_by_tables = warm_build(ctx)
    assert chapters.laid_out["axe-2"] == 1
    # The brochure's 16 pages have 59 parts (a body each, margin boxes): those of axis 2 are drawn again, and
    # the page numbers after it when it grows. The tables replay the bodies of axes 1 and 3 from the brochure.
    assert replayed >= 30 and replayed_by_tables >= 6
    pdfrender.release_layouts()  # what a one-shot build of the edited content starts from
    assert (PdfBuilder().render(ctx), SynoptiquePdfBuilder().render(ctx)) == (brochure, tables)


def test_a_second_write_of_the_same_pages_replays_every_part(fresh: None, tmp_path: Path) -> None:
    ctx = context(copy_content(tmp_path))
    PdfBuilder().prepare(ctx)  # as a warm worker: it keeps what it draws
    first = PdfBuilder().render(ctx)
    before = drawn.replayed
    assert PdfBuilder().render(ctx) == first
    assert drawn.replayed - before >= 59


def test_glyph_widths_are_those_of_the_font_files_whatever_the_size(fresh: None, tmp_path: Path) -> None:
    """WeasyPrint would write the width a glyph rounds to at its first size: 590 or 591 thousandths of an em
    for the same glyph, and a page's drawing would depend on the pages before it."""
    ctx = context(copy_content(tmp_path))
    files = {"Lato": "Regular", "Lato-Bold": "Bold", "Lato-Italic": "Italic", "Lato-Heavy": "Black"}
    checked = 0
    with pikepdf.open(io.BytesIO(PdfBuilder().render(ctx))) as pdf:
        fonts = {str(f.BaseFont).split("+")[1]: f for page in pdf.pages for f in page.Resources.Font.values()}
        for name, font in fonts.items():
            lato = TTFont(ROOT / "assets" / "fonts" / f"Lato-{files[name]}.ttf")
            order, metrics, upem = lato.getGlyphOrder(), lato["hmtx"].metrics, lato["head"].unitsPerEm
            widths = list(font.DescendantFonts[0].W)
            for first, run in zip(widths[::2], widths[1::2], strict=True):
                for glyph, width in enumerate(run, start=int(first)):
                    assert int(width) == round(metrics[order[glyph]][0] * 1000 / upem), (name, glyph)
                    checked += 1
    assert checked > 200


def test_a_part_replays_only_on_the_state_it_was_drawn_on() -> None:
    """A mapping the drawing only fills (a glyph's text, set at its first use) is answered « absent » at each
    first look, so a replay fills in what the parts before it left; a font it found is required."""
    texts = drawn._Seen({7: "a"}, fills=True)
    assert 7 not in texts  # first look: the drawing says what it would set…
    texts[7] = "b"
    assert 7 in texts and texts.real == {7: "a"}  # …and what was there stays
    texts[8] = "c"
    later: dict[int, str] = {}
    texts.replay(later)
    assert later == {7: "b", 8: "c"} and texts.meets({})
    fonts = drawn._Seen({"lato": object()})
    assert "lato" in fonts
    assert fonts.meets({"lato": 1}) and not fonts.meets({})
