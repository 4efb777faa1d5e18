"""The files besides the content: Office templates hold what the builders use; every file stays in its folder."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT

from territoire import confined
from territoire.assetcheck import FRENCH_CHARACTERS, font_problems, logo_problems, template_problems
from territoire.builders._word import WordDocument
from territoire.errors import UserError
from territoire.project import Project
from territoire.references import deck, word
from territoire.theme import read_theme


def _project(tmp_path: Path) -> Project:
    for folder in ("assets", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return Project(CONTENT, tmp_path / "templates", tmp_path / "assets", tmp_path / "output")


def _edit(path: Path, member_has: bytes, old: bytes, new: bytes) -> None:
    """Rewrite the one part of an Office package holding `member_has`, replacing `old` with `new`."""
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for info, data in items:
            if member_has in data and info.filename.endswith(".xml"):
                data = data.replace(old, new, 1)
            target.writestr(info, data)


def test_the_committed_templates_hold_everything_the_builders_use() -> None:
    assert template_problems(Project.at(ROOT)) == []


def test_a_renamed_style_is_named_with_the_way_to_regenerate(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _edit(project.templates / word.REFERENCE, b'w:val="Sous-groupe"', b'w:val="Sous-groupe"', b'w:val="Sous groupe"')
    [problem] = template_problems(project)
    assert "« Sous-groupe »" in problem.message
    assert "python -m territoire.references.word" in problem.message


def test_a_renamed_layout_and_a_missing_placeholder_are_named(tmp_path: Path) -> None:
    project = _project(tmp_path)
    master = project.templates / deck.REFERENCE
    _edit(master, b'name="Deux colonnes"', b'name="Deux colonnes"', b'name="Deux colonnes bis"')
    _edit(master, b'name="Section"', b'type="body" idx="1"', b'type="body" idx="7"')
    messages = [p.message for p in template_problems(project)]
    assert any("disposition « Deux colonnes » manquante" in m for m in messages), messages
    assert any("disposition « Section » : emplacement(s) « texte » manquant" in m for m in messages), messages
    assert all("python -m territoire.references.deck" in m for m in messages)


def test_builders_use_only_declared_styles(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="not declared"):
        WordDocument(Project.at(ROOT)).style("Heading 4")


def test_the_generators_produce_every_declared_name() -> None:
    from docx import Document

    document = Document(str(ROOT / "templates" / word.REFERENCE))
    names = {s.name.casefold() for s in document.styles if s.name}
    assert [s for s in word.STYLES if s.casefold() not in names] == []
    assert set(deck.PLACEHOLDERS) == set(deck.LAYOUTS.values())


def test_a_logo_symlinked_out_of_assets_is_refused_at_check_time(tmp_path: Path) -> None:
    project = _project(tmp_path)
    logo = project.assets / "logo.svg"
    outside = tmp_path / "ailleurs.svg"
    shutil.move(logo, outside)
    logo.symlink_to(outside)
    theme, problems = read_theme(project.assets)
    assert theme is None
    assert [p.message for p in problems] == ["fichier refusé : « logo.svg » est hors du dossier assets/"]
    with pytest.raises(UserError, match="hors du dossier assets/"):
        confined.inside(logo, project.assets)


def test_the_fonts_hold_the_french_characters() -> None:
    for font in sorted((ROOT / "assets" / "fonts").glob("*.ttf")):
        assert font_problems(font) == [], font
    assert "\u202f" in FRENCH_CHARACTERS and "œ" in FRENCH_CHARACTERS


def test_a_font_without_french_characters_is_named(tmp_path: Path) -> None:
    from fontTools import subset

    target = tmp_path / "Sans-accents.ttf"
    options = subset.Options()
    font = subset.load_font(str(ROOT / "assets" / "fonts" / "Lato-Regular.ttf"), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="abcdefghijklmnopqrstuvwxyz")
    subsetter.subset(font)
    subset.save_font(font, str(target), options)
    [message] = font_problems(target)
    assert "« é »" in message and "espace fine insécable U+202F" in message


@pytest.mark.parametrize(
    ("svg", "expected"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://x.fr/a.css);</style></svg>', "@import"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(https://x.fr/#a)"/></svg>', "url(https://x.fr/#a)"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>', "<foreignObject>"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"/></svg>', "javascript:alert(1)"),
        ("<html/>", "élément racine <svg>"),
    ],
)
def test_unsafe_logos_are_refused(tmp_path: Path, svg: str, expected: str) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_text(svg, encoding="utf-8")
    problems = logo_problems(logo)
    assert any(expected in p for p in problems), problems


def test_a_safe_logo_with_internal_references_passes(tmp_path: Path) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><defs><linearGradient '
        'id="g"/></defs><rect fill="url(#g)" style="fill: url(\'#g\')"/><use xlink:href="#g"/></svg>',
        encoding="utf-8",
    )
    assert logo_problems(logo) == []
    assert logo_problems(ROOT / "assets" / "logo.svg") == []


def test_the_html_page_embeds_the_logo_as_an_image(tmp_path: Path) -> None:
    from conftest import run_build

    assert run_build("html", output=tmp_path).returncode == 0
    page = (tmp_path / "projet-de-territoire.html").read_text(encoding="utf-8")
    assert re.search(r'<img class="logo" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="[^"]+">', page)
    assert "<svg" not in page.split("<main", 1)[0]


def test_a_value_over_several_lines_is_quoted_on_one_line(tmp_path: Path) -> None:
    project = _project(tmp_path)
    theme = project.assets / "theme.yaml"
    text = theme.read_text(encoding="utf-8").replace(
        'principale: "#1D3557"', "principale: |\n    bleu\n    nuit\n  x: 1"
    )
    theme.write_text(text, encoding="utf-8")
    _theme, problems = read_theme(project.assets)
    assert "couleurs › principale : couleur attendue au format #RRGGBB, reçu « bleu nuit »" in [
        f"{p.place} : {p.message}" for p in problems
    ]


def test_a_placeholder_without_a_size_is_found_by_the_check_and_the_build_says_so(tmp_path: Path) -> None:
    from conftest import run_build

    project = _project(tmp_path)
    master = project.templates / deck.REFERENCE
    with zipfile.ZipFile(master) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(master, "w") as target:
        for info, data in items:
            if info.filename == "ppt/slideMasters/slideMaster1.xml":
                data = re.sub(rb"<a:xfrm>.*?</a:xfrm>", b"", data)
            target.writestr(info, data)
    messages = [p.message for p in template_problems(project)]
    assert any("« Titre seul » : emplacement(s) « titre » sans position ni taille" in m for m in messages), messages
    shutil.copytree(CONTENT, tmp_path / "content")
    result = run_build("check", "--projet", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 1 and "templates/deck/master.pptx — disposition" in result.stderr
