"""The synoptic tables PDF: an A3 landscape poster of the synoptic, then the A4 detailed-programme tables."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from conftest import CONTENT, norm, pdf_text
from test_pdf import (
    A4_LANDSCAPE,
    ACTION_ID,
    BROCHURE,
    catalog_checks,
    check_fonts,
    check_outline,
    check_programme,
    pages,
    words_outside,
)

from territoire.loader import load_plan
from territoire.model import Plan
from territoire.typography import typeset

SYNOPTIC = "tableaux-synoptiques.pdf"
A3_LANDSCAPE = (1190.55, 841.89)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return typeset(load_plan(CONTENT))


def close(size: tuple[float, float], expected: tuple[float, float]) -> bool:
    return abs(size[0] - expected[0]) < 0.5 and abs(size[1] - expected[1]) < 0.5


def test_a3_poster_then_a4_tables(built: Path) -> None:
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in pypdf.PdfReader(built / SYNOPTIC).pages]
    assert close(sizes[0], A3_LANDSCAPE)
    assert 8 <= len(sizes) - 1 <= 12  # 9 A4 pages of tables today, as in the brochure
    assert all(close(size, A4_LANDSCAPE) for size in sizes[1:])
    assert not words_outside(built / SYNOPTIC)


def test_poster_holds_the_whole_synoptic(built: Path, plan: Plan) -> None:
    poster = norm(pdf_text(built / SYNOPTIC, "-f", "1", "-l", "1"))
    labels = plan.document.libelles
    expected = [labels.structuration, labels.synthese, labels.ambition_synoptique]
    expected += [axis.titre for axis in plan.axes]
    expected += [orientation.titre_synoptique for _, orientation in plan.orientations()]
    expected += [objective.titre_synoptique for *_, objective in plan.objectives()]
    assert [item for item in expected if norm(item) not in poster] == []


def test_tables_hold_every_action_with_the_brochure_wording(built: Path, plan: Plan) -> None:
    texts = pages(built / SYNOPTIC)
    check_programme(texts, plan)
    tables = norm("".join(texts[1:]))
    expected = [o.titre for _, o in plan.orientations()] + [ob.titre_complet for *_, ob in plan.objectives()]
    expected += [action.texte for *_, action in plan.actions()]
    assert [item for item in expected if norm(item) not in tables] == []


def test_tables_are_the_brochure_tables(built: Path) -> None:
    """Same partial templates, same widths: the very same table pages, apart from the page numbers."""

    def tables(name: str) -> list[str]:
        return [norm(re.sub(r"\d+ / \d+", "", text)) for text in pages(built / name) if ACTION_ID.search(text)]

    assert tables(SYNOPTIC) == tables(BROCHURE)


def test_outline_fonts_and_tagging(built: Path, plan: Plan) -> None:
    check_outline(built / SYNOPTIC, plan, {plan.document.libelles.structuration})
    check_fonts(built / SYNOPTIC)
    info = catalog_checks(built / SYNOPTIC)
    assert info["Author"] == plan.document.institution and "synoptiques" in info["Title"]
