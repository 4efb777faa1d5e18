"""The brochure laid out per chapter (territoire/chapters.py) against the same brochure laid out in one render.

Both are read back with poppler and pikepdf: page count, the text of every page (page numbers and running
headers included), the outline, the links and the tag tree must be the same. Then, in one process as a watch
worker runs it: an edit lays out only its chapter, a longer axis renumbers the pages after it without laying
them out again, and the synoptic tables take the brochure's programme pages as they are.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from conftest import ROOT, copy_content, require

from territoire import chapters, pdfrender, workers
from territoire.builders import BuildContext
from territoire.builders.pdf import PdfBuilder
from territoire.builders.synoptique_pdf import SynoptiquePdfBuilder
from territoire.engine import Engine
from territoire.pdftags import struct_elements
from territoire.project import Project
from territoire.synoptic import A3, A4

GROWN = ROOT / "tests" / "cases" / "grown"


def context(content: Path, output: Path | None = None) -> BuildContext:
    """The build context of `content`, its output (and caches) beside it or in `output`: never in the repository."""
    output = output or content.parent / "sortie"
    return Engine(Project.at(ROOT, content=content, output=output)).context()


def one_render(ctx: BuildContext, synoptic_tables: bool = False) -> bytes:
    """The document laid out in one render, as before chapters."""
    if synoptic_tables:

        def html(pages: Any) -> str:
            return pdfrender.render_html(ctx, chapters.SYNOPTIC_TABLES, synoptic=pages, poster=True)

        return pdfrender.write_fitted_pdf(ctx, html, A3, poster=True)
    return pdfrender.write_fitted_pdf(ctx, lambda pages: chapters.brochure_html(ctx, synoptic=pages), A4)


def page_texts(data: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "lu.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        [require("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


def structure(data: bytes) -> dict[str, Any]:
    """What a reader navigates by: outline, links (page, place, target page), tags, metadata."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        index = {page.objgen: number for number, page in enumerate(pdf.pages)}
        names = pikepdf.NameTree(pdf.Root.Names.Dests) if "/Names" in pdf.Root else {}

        def target(destination: Any) -> int:
            if isinstance(destination, (pikepdf.String, str)):
                destination = names[str(destination)]
            return index[destination[0].objgen]

        def entries(items: Any, depth: int = 0) -> list[tuple[int, str, int]]:
            found = []
            for item in items:
                found.append((depth, item.title, target(item.destination)))
                found += entries(item.children, depth + 1)
            return found

        with pdf.open_outline() as outline:
            bookmarks = entries(outline.root)
        links = []
        for number, page in enumerate(pdf.pages):
            for annotation in page.get("/Annots", []):
                if annotation.get("/Subtype") == "/Link":
                    action = annotation.get("/A")
                    destination = annotation.get("/Dest") if action is None else action.get("/D")
                    rect = tuple(round(float(v), 1) for v in annotation.Rect)
                    links.append((number, rect, target(destination), str(annotation.get("/Contents", ""))))
        tags = [
            (str(node.S), len(path), str(node.get("/Alt", "")), str(node.get("/ActualText", "")))
            for node, path in struct_elements(pdf)
        ]
        info = {key: str(pdf.docinfo.get(key, "")) for key in ("/Title", "/Author", "/Subject", "/Keywords")}
        return {"outline": bookmarks, "links": links, "tags": tags, "info": info, "lang": str(pdf.Root.Lang)}


def assert_same_document(chaptered: bytes, whole: bytes, tmp_path: Path) -> None:
    texts, expected = page_texts(chaptered, tmp_path), page_texts(whole, tmp_path)
    assert len(texts) == len(expected)
    for number, (text, wanted) in enumerate(zip(texts, expected, strict=True), start=1):
        assert text == wanted, f"page {number} differs"
    assert structure(chaptered) == structure(whole)


@pytest.fixture
def fresh() -> Any:
    """A process state with nothing laid out, as a watch worker starts, and left so."""
    pdfrender.release_layouts()
    chapters.laid_out.clear()
    chapters.handed_in.clear()
    yield
    pdfrender.release_layouts()


def test_chapters_make_the_same_brochure_as_one_render(fresh: None, tmp_path: Path) -> None:
    ctx = context(copy_content(tmp_path))
    chaptered = PdfBuilder().render(ctx)
    assert set(chapters.laid_out) == {"couverture", "sommaire", "ouverture", "axe-1", "axe-2", "axe-3", "dos"} | {
        "pagination-brochure"
    }
    whole = one_render(ctx)
    assert_same_document(chaptered, whole, tmp_path)
    outline = structure(chaptered)["outline"]
    assert len(outline) == 19 and sum(depth == 1 for depth, *_ in outline) == 11  # 3 axes > 11 orientations
    assert len(page_texts(chaptered, tmp_path)) == 16


def test_an_edit_lays_out_its_axis_only_and_gives_the_bytes_of_a_cold_build(fresh: None, tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    ctx = context(content)
    PdfBuilder().render(ctx)
    SynoptiquePdfBuilder().render(ctx)
    axis = content / "axes" / "2-qualite-de-vie.yaml"
    text = axis.read_text(encoding="utf-8")
    axis.write_text(text.replace("Mobiliser de ressources", "Mobiliser davantage de ressources"), encoding="utf-8")
    edited = context(content)
    chapters.laid_out.clear()
    warm = PdfBuilder().render(edited), SynoptiquePdfBuilder().render(edited)
    assert dict(chapters.laid_out) == {"axe-2": 1}  # contents, pagination and poster: unchanged, kept
    assert "Mobiliser davantage de ressources" in "".join(page_texts(warm[0], tmp_path))
    pdfrender.release_layouts()  # what a one-shot build of the edited content starts from
    assert (PdfBuilder().render(edited), SynoptiquePdfBuilder().render(edited)) == warm


def test_a_watch_worker_keeps_two_editions_of_a_chapter_whatever_the_number_of_edits(
    fresh: None, tmp_path: Path
) -> None:
    content = copy_content(tmp_path)
    axis = content / "axes" / "2-qualite-de-vie.yaml"
    text = axis.read_text(encoding="utf-8")
    for number in range(4):
        axis.write_text(
            text.replace("Mobiliser de ressources", f"Mobiliser ({number}) de ressources"), encoding="utf-8"
        )
        PdfBuilder().render(context(content))
    assert chapters.laid_out["axe-2"] == 4
    assert max(chapters.kept().values()) == 2 and chapters.kept()["axe-2"] == 2


def test_a_longer_axis_renumbers_the_pages_after_it_without_laying_them_out(fresh: None, tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    PdfBuilder().render(context(content))
    axis = content / "axes" / "1-emploi.yaml"
    text = axis.read_text(encoding="utf-8")
    long = " ".join(["Accompagner les entreprises du territoire dans leurs projets de croissance."] * 40)
    axis.write_text(text.replace("pour mieux utiliser les savoir-faire locaux", long, 1), encoding="utf-8")
    ctx = context(content)
    chapters.laid_out.clear()
    chaptered = PdfBuilder().render(ctx)
    assert dict(chapters.laid_out) == {"axe-1": 1, "sommaire": 1, "pagination-brochure": 1}
    texts = page_texts(chaptered, tmp_path)
    assert len(texts) > 16
    footers = [f"{n} / {len(texts)}" for n in range(2, len(texts))]  # not on the cover and back cover
    assert all(footer in text for footer, text in zip(footers, texts[1:-1], strict=True))
    assert_same_document(chaptered, one_render(ctx), tmp_path)


def test_synoptic_tables_take_the_brochure_programme_pages(fresh: None, tmp_path: Path) -> None:
    ctx = context(copy_content(tmp_path))
    PdfBuilder().render(ctx)
    chapters.laid_out.clear()
    tables = SynoptiquePdfBuilder().render(ctx)
    assert dict(chapters.laid_out) == {"affiche": 1, "pagination-tableaux": 1}
    assert_same_document(tables, one_render(ctx, synoptic_tables=True), tmp_path)


def test_a_grown_plan_in_chapters_is_the_same_as_in_one_render(fresh: None, tmp_path: Path) -> None:
    """More axes, a synoptic on continuation pages and a contents page full: still the same document."""
    ctx = context(GROWN / "content", tmp_path / "sortie")
    assert len(ctx.plan.axes) == 4
    assert_same_document(PdfBuilder().render(ctx), one_render(ctx), tmp_path)
    assert not (GROWN / "sortie").exists()  # its caches went to tmp_path, not into the repository


def test_the_synoptic_tables_process_lays_out_the_programme_for_the_brochure_process(
    fresh: None, tmp_path: Path
) -> None:
    """A one-shot build: the synoptic tables' process, forked once the cover is laid out, lays out the programme
    and hands it over through a pipe while the brochure's lays out its own chapters: the same bytes."""
    ctx = context(copy_content(tmp_path))
    alone = PdfBuilder().render(ctx), SynoptiquePdfBuilder().render(ctx)
    pdfrender.release_layouts()
    chapters.laid_out.clear()
    PdfBuilder().warm_up(ctx)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the forked process
        os.close(read)
        workers._hand_over(SynoptiquePdfBuilder, ctx, write)
        os._exit(0)
    os.close(write)
    PdfBuilder().take_over(ctx, [workers._Handed(read).read])
    brochure = PdfBuilder().render(ctx)
    os.waitpid(pid, 0)
    assert set(chapters.laid_out) == {"couverture", "ouverture", "dos", "sommaire", "pagination-brochure"}
    assert dict(chapters.handed_in) == {"axe-1": 1, "axe-2": 1, "axe-3": 1}
    assert brochure == alone[0]
    assert SynoptiquePdfBuilder().render(ctx) == alone[1]  # drawn from the chapters handed over, too


def test_a_hand_over_that_fails_lays_the_programme_out_here(fresh: None, tmp_path: Path) -> None:
    ctx = context(copy_content(tmp_path))
    alone = PdfBuilder().render(ctx)
    pdfrender.release_layouts()
    chapters.laid_out.clear()
    PdfBuilder().take_over(ctx, [lambda: b"", lambda: b"pas un document mis en page"])
    assert PdfBuilder().render(ctx) == alone
    assert {"axe-1", "axe-2", "axe-3"} <= set(chapters.laid_out) and not chapters.handed_in


def test_a_table_handed_over_keeps_the_cells_of_its_columns() -> None:
    """WeasyPrint's table columns find their cells through closures, rebuilt on the receiving side."""
    from weasyprint import HTML
    from weasyprint.formatting_structure.boxes import TableBox
    from weasyprint.text.fonts import FontConfiguration

    from territoire import handover

    html = "<table><col><col><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>"
    fonts = FontConfiguration()
    document = HTML(string=html).render(font_config=fonts)

    def cells(document: Any) -> list[list[str]]:
        tables = [box for box in document.pages[0]._page_box.descendants() if isinstance(box, TableBox)]
        columns = [column for group in tables[0].column_groups for column in group.children]
        return [[cell.element.text for cell in column.get_cells()] for column in columns]

    assert cells(document) == [["a", "c"], ["b", "d"]]
    assert cells(handover.loads(handover.dumps(document), fonts, None)) == [["a", "c"], ["b", "d"]]


def test_a_one_shot_build_hands_the_programme_over_whatever_the_order_of_its_targets(
    fresh: None, tmp_path: Path
) -> None:
    """The two PDFs forked as a one-shot build forks them (territoire/workers.py): the brochure's process
    receives the three axes from the synoptic tables' process, and writes the bytes of a brochure made alone."""
    ctx = context(copy_content(tmp_path))
    alone = PdfBuilder().render(ctx)

    class Probe(PdfBuilder):
        def render(self, ctx: BuildContext) -> bytes:
            same = super().render(ctx) == alone
            return json.dumps({"handed_in": dict(chapters.handed_in), "same": same}).encode()

    for order in ([Probe, SynoptiquePdfBuilder], [SynoptiquePdfBuilder, Probe]):
        pdfrender.release_layouts()  # the state a one-shot build forks from
        chapters.handed_in.clear()
        jobs = workers.fork(order, ctx)
        report = json.loads(jobs["pdf"].result()[0])
        assert jobs["synoptique-pdf"].result()[0].startswith(b"%PDF")
        assert report == {"handed_in": {"axe-1": 1, "axe-2": 1, "axe-3": 1}, "same": True}
