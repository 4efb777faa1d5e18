"""The synoptic planner, the cover title size and the theme's contrast rule, without rendering."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT, pdf_text

from territoire.errors import ContentError
from territoire.loader import load_plan
from territoire.synoptic import A3, A4, block_keys, single_page, sizes, split
from territoire.theme import MIN_CONTRAST, contrast, load_theme


def test_floors_are_at_least_7_pt_on_a4_and_the_a4_floor_scaled_on_a3() -> None:
    assert A4.floor >= 7 and A3.floor >= A4.floor * 2**0.5 - 0.01
    tried = list(sizes(A4))
    assert tried[0] == A4.base and tried[-1] == A4.floor


def test_split_moves_the_overflowing_blocks_and_those_after_them_to_a_continuation() -> None:
    plan = load_plan(CONTENT)
    pages = single_page(plan, A4.floor)
    column = pages[0].columns[0]
    overflow = {key for key in block_keys(pages) if key.startswith("0:1:2:")}
    first, second = split(pages, overflow)
    assert [p.index for p in first.columns[0].pieces] == [0, 1]
    assert [p.index for p in second.columns[0].pieces] == list(range(2, len(column.pieces)))
    assert second.columns[0].continued and not second.columns[1].pieces
    assert second.anchor == "structuration-2"


def test_a_block_taller_than_a_page_is_cut_between_objectives() -> None:
    plan = load_plan(CONTENT)
    pages = split(single_page(plan, A4.floor), {"0:1:0:0"})  # column 1 starts on the continuation
    tall = {"1:1:0:0"}
    *_, before, after = split(pages, tall)
    piece = before.columns[0].pieces[0]
    assert piece.start == 0 and 0 < piece.stop < len(piece.orientation.objectifs)
    assert after.columns[0].pieces[0].start == piece.stop


def test_bundled_synoptic_is_one_page_at_the_designed_size(built: Path) -> None:
    text = pdf_text(built / "projet-de-territoire.pdf")
    assert "Structuration du projet de territoire (suite)" not in text


def test_theme_colours_reach_4_5_to_1_and_a_light_one_is_refused(tmp_path: Path) -> None:
    theme = load_theme(ROOT / "assets")
    for colour in (theme.principale, theme.accent, theme.texte, theme.discret, *theme.axes):
        assert contrast(colour, "#FFFFFF") >= MIN_CONTRAST and contrast(colour, theme.fond_clair) >= MIN_CONTRAST
    assets = tmp_path / "assets"
    shutil.copytree(ROOT / "assets", assets)
    path = assets / "theme.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(theme.discret, "#8A94A6"), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_theme(assets)
    message = str(error.value)
    assert "couleurs › discret" in message and "couleur trop claire (#8A94A6) : contraste 2," in message


def test_cover_title_keeps_its_size_when_short_and_shrinks_to_a_floor_when_long() -> None:
    from territoire.coverfit import SIZES, cover_title_size

    assert cover_title_size("Projet de Territoire") == SIZES[0]
    sizes = [cover_title_size("Projet de Territoire " * n) for n in (1, 3, 5, 10, 40)]
    assert sizes == sorted(sizes, reverse=True) and sizes[-1] == SIZES[-1] and len(set(sizes)) > 2
