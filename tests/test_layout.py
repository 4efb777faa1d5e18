"""Layouts that survive: on every PDF, and on LibreOffice's renders of the DOCX and PPTX, for the bundled content
and for the grown fixture (tests/cases/grown: titles ×3, twice the objectives in orientation 1.1, actions ×3, a
fourth axis, a fourth phase with a one-week step), no text line crosses another, no word is painted over by a
box drawn after it, nothing is off the page, and every text colour stands out from its background (WCAG 1.4.3)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT, norm, pdf_text, require, run_build
from pagecheck import area, contrast, glyphs, overlap, renders, text_lines
from test_html import _chromium

from territoire.loader import load_plan
from territoire.typography import typeset

GROWN = ROOT / "tests" / "cases" / "grown" / "content"
OFFICE = ("projet-de-territoire.docx", "tableaux-synoptiques.docx", "conseil-communautaire-2018-06-28.pptx")
PDFS = ("projet-de-territoire.pdf", "tableaux-synoptiques.pdf")
CASES = ("bundled", "grown")
HTML = "projet-de-territoire.html"


@pytest.fixture(scope="session")
def grown_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("grown")
    targets = ("pdf", "synoptique-pdf", "docx", "synoptique-docx", "pptx", "html")
    result = run_build(*targets, "--force", content=GROWN, output=output)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture(scope="session")
def converted(built: Path, grown_built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Every PDF of both cases, with LibreOffice's PDFs of the Office files (one soffice call per case)."""
    soffice = require("soffice")
    found: dict[tuple[str, str], Path] = {}
    for case, folder in (("bundled", built), ("grown", grown_built)):
        outdir = tmp_path_factory.mktemp(f"lo-{case}")
        command = [soffice, f"-env:UserInstallation=file://{outdir / 'profile'}", "--headless", "--convert-to", "pdf"]
        subprocess.run(
            [*command, "--outdir", str(outdir), *(str(folder / n) for n in OFFICE)],
            capture_output=True, timeout=600, check=True,
        )  # fmt: skip
        for name in OFFICE:
            found[(case, name)] = outdir / (Path(name).stem + ".pdf")
            assert found[(case, name)].is_file(), f"LibreOffice did not convert {name} ({case})"
        for name in PDFS:
            found[(case, name)] = folder / name
        page = outdir / "page-web.pdf"  # the web page as Chromium prints it
        _chromium(f"--print-to-pdf={page}", "--no-pdf-header-footer", (folder / HTML).as_uri(), cwd=outdir)
        assert page.is_file(), f"Chromium did not print {HTML} ({case})"
        found[(case, HTML)] = page
    return found


DOCUMENTS = [(case, name) for case in CASES for name in (*PDFS, *OFFICE, HTML)]


@pytest.mark.parametrize(("case", "name"), DOCUMENTS, ids=[f"{c}-{n}" for c, n in DOCUMENTS])
def test_no_line_crosses_another_and_no_word_is_covered(
    converted: dict[tuple[str, str], Path], case: str, name: str
) -> None:
    pdf = converted[(case, name)]
    lines = text_lines(pdf)
    crossing = []
    for i, line in enumerate(lines):
        for other in lines[i + 1 :]:
            if other.page != line.page:
                break
            shared = overlap(line.box, other.box)
            if shared > 0.15 * min(area(line.box), area(other.box)):
                crossing.append(f"page {line.page} : « {line.text[:40]} » × « {other.text[:40]} »")
    assert not crossing, "\n".join(crossing[:20])
    seen = renders(pdf)
    covered = [
        f"page {line.page} : « {word} »"
        for line in lines
        for box, word in line.words
        if any(c.isalnum() for c in word) and not seen.visible(line.page, box)
    ]
    assert not covered, "painted over or clipped:\n" + "\n".join(covered[:20])
    off = [f"page {g.page} : « {g.text} »" for g in glyphs(pdf) if not g.inside]
    assert not off, "off the page:\n" + "\n".join(off[:20])


@pytest.mark.parametrize(("case", "name"), DOCUMENTS, ids=[f"{c}-{n}" for c, n in DOCUMENTS])
def test_every_text_colour_contrasts_with_its_background(
    converted: dict[tuple[str, str], Path], case: str, name: str
) -> None:
    """WCAG 1.4.3 on what is printed: 4.5:1, or 3:1 for large text (18 pt, or 14 pt bold)."""
    pdf = converted[(case, name)]
    seen = renders(pdf)
    weak: dict[tuple[int, str, str], float] = {}
    for glyph in glyphs(pdf):
        ground = seen.background(glyph)
        ratio = contrast(glyph.colour, ground)
        if ratio < (3.0 if glyph.large else 4.5):
            key = (glyph.page, _hex(glyph.colour), _hex(ground))
            weak[key] = min(ratio, weak.get(key, 99))
    assert not weak, "\n".join(f"page {p} : {fg} sur {bg} = {r:.2f}:1" for (p, fg, bg), r in sorted(weak.items()))


def _hex(colour: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c * 255):02X}" for c in colour)


@pytest.fixture(scope="session")
def tall_cell(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The brochure of a plan whose first orientation has a title taller than a page (its table cell)."""
    content = tmp_path_factory.mktemp("tall") / "content"
    shutil.copytree(CONTENT, content)
    axis = content / "axes" / "1-emploi.yaml"
    title = "Soutenir le développement des entreprises dans les domaines d’excellence"
    axis.write_text(axis.read_text(encoding="utf-8").replace(title, " ".join([title] * 25), 1), encoding="utf-8")
    output = content.parent / "output"
    result = run_build("pdf", content=content, output=output)
    assert result.returncode == 0, result.stdout + result.stderr
    return output / PDFS[0]


def test_an_orientation_cell_taller_than_a_page_breaks_under_its_header(tall_cell: Path) -> None:
    lines = text_lines(tall_cell)
    seen = renders(tall_cell)
    hidden = [
        w for line in lines for box, w in line.words if any(c.isalnum() for c in w) and not seen.visible(line.page, box)
    ]
    assert not hidden
    pages = pdf_text(tall_cell).split("\f")
    heading, cell = norm("Programme d’actions détaillé"), norm("Orientation 1.1")
    opening = next((norm(p) for p in pages if heading in norm(p) and cell in norm(p)), "")
    assert norm("Aider les entreprises du territoire") in opening  # the header is not left alone on its page


@pytest.mark.parametrize("name", PDFS)
def test_grown_synoptic_holds_every_orientation_and_objective(grown_built: Path, name: str) -> None:
    """The first synoptic page and its « (suite) » pages hold every orientation and objective of the grown plan."""
    plan = typeset(load_plan(GROWN))
    pages = pdf_text(grown_built / name).split("\f")
    synoptic = [
        p
        for p in pages
        if "Structuration du projet de territoire" in p and "Sommaire" not in p and "ORIENTATIONS" not in p
    ]
    assert len(synoptic) >= 2 and "(suite)" in synoptic[1]
    shown = norm(" ".join(synoptic))
    for axis in plan.axes:
        for orientation in axis.orientations:
            assert norm(orientation.titre_synoptique)[:60] in shown, orientation.numero
            for objective in orientation.objectifs:
                assert norm(objective.titre_synoptique)[:60] in shown, f"{orientation.numero} : {objective.titre}"
