"""Pages drawn once (territoire/drawn.py): a watch worker replays what an edit left alone, byte for byte.

The warm worker's own path is taken (workers.render_group: the chapters laid out, then the brochure and the
synoptic tables written in turn), after an edit to one action and after an edit that adds a page to an axis;
the bytes must be those of a cold build of the edited content. The fonts' widths, which make a part's drawing
independent of the parts drawn before it, are checked against the font files themselves.
"""

from __future__ import annotations

import base64
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


LATO = (ROOT / "assets" / "fonts" / "Lato-Regular.ttf").as_uri()


def png() -> str:
    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(data, "PNG")
    return "data:image/png;base64," + base64.b64encode(data.getvalue()).decode()


PNG = png()


def small_document(*pages: str) -> Any:
    """A document of A6 `pages` (their HTML), in the theme's Lato: laid out by WeasyPrint alone."""
    from weasyprint import HTML

    style = f"@font-face {{ font-family: T; src: url({LATO}) }} @page {{ size: A6 }} body {{ font-family: T }}"
    body = "".join(f'<section style="break-before: page">{page}</section>' for page in pages)
    return HTML(
        string=f"<html lang=fr><head><title>t</title><style>{style}</style></head><body>{body}</body></html>"
    ).render()


def write(document: Any, pages: list[int]) -> bytes:
    with drawn.writing():
        chosen = document.copy([document.pages[i] for i in pages])
        return chosen.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=b"t", finisher=pdfrender.freeze_objects)


@pytest.mark.parametrize(
    "pages",
    [
        ("Zéro", f'Un <img src="{PNG}" alt="a">', f'Deux <img src="{PNG}" alt="b">'),
        ("Zéro", "Un \ue000 a", "Deux \ue000 b"),  # a character missing from the font
    ],
    ids=["une image", "un caractère absent de la police"],
)
def test_a_part_that_depends_on_the_parts_before_it_is_drawn_again(fresh: None, pages: tuple[str, ...]) -> None:
    """Pages 1 and 2 drawn after page 0, then page 2 alone after page 0: the image was registered, the missing
    character numbered, by page 1 the first time. The bytes must be those of a cold write."""
    drawn.keep()
    document = small_document(*pages)
    write(document, [0, 1, 2])
    warm = write(document, [0, 2])
    drawn.forget()
    assert warm == write(small_document(*pages), [0, 2])


def test_a_margin_box_after_another_body_is_drawn_again(fresh: None) -> None:
    """The brochure's page numbers are margin boxes moved from page to page (pdfrender.renumber): one drawn
    after a body with one marked content, then after a body with three, numbers its content otherwise."""

    def pages() -> tuple[Any, Any]:
        document = small_document("<p>Un</p>", "<p>Un</p><p>deux</p><p>trois</p>")
        first, second = (page._page_box for page in document.pages)
        margin = small_document("x").pages[0]._page_box.children[0].copy()  # stands for a counter's margin box
        first.children, second.children = (*first.children, margin), (*second.children, margin)
        return document, margin

    drawn.keep()
    document, _ = pages()
    write(document, [0])
    warm = write(document, [1])
    drawn.forget()
    assert warm == write(pages()[0], [1])


def test_a_character_missing_from_the_font_keeps_the_width_the_layout_gave_it(fresh: None) -> None:
    """The PDF draws it as glyph 0 (.notdef), with the layout's width of the missing character: the text after
    it stays where the layout put it."""
    with pikepdf.open(io.BytesIO(write(small_document("Un \ue000 a"), [0]))) as pdf:
        (font,) = pdf.pages[0].Resources.Font.values()
        widths = list(font.DescendantFonts[0].W)
        assert 0 in [int(first) for first in widths[::2]]
