"""The brochure PDF: every word of the content, outline, fonts, tagging, layout, determinism and confinement."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import fields
from pathlib import Path

import pikepdf
import pypdf
import pytest
from conftest import CONTENT, ROOT, copy_content, norm, pdf_text, require, run_build

from territoire.loader import load_plan
from territoire.model import Plan
from territoire.pdfrender import local_fetcher, programme_rows
from territoire.project import build_time
from territoire.theme import load_theme
from territoire.typography import typeset

BROCHURE = "projet-de-territoire.pdf"
ACTION_ID = re.compile(r"\bA\d{3,}\b")
A4_LANDSCAPE = (841.89, 595.28)
PAGES = range(14, 21)  # 16 pages today: 6 front pages, 9 programme pages, the back cover


# Readers shared with test_synoptique_pdf.py -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def plan() -> Plan:
    """The model as builders receive it (typeset), to compare with what the PDF shows."""
    return typeset(load_plan(CONTENT))


def pages(path: Path) -> list[str]:
    """Text of each page, as poppler reads it (pages are separated by form feeds)."""
    return pdf_text(path).split("\f")[:-1]


def outline(path: Path) -> list[tuple[str, list[str]]]:
    """Top-level bookmarks with the titles of their children (the outline must not go deeper)."""
    entries: list[tuple[str, list[str]]] = []
    for item in pypdf.PdfReader(path).outline:
        if isinstance(item, list):
            assert not any(isinstance(child, list) for child in item), "the outline has more than two levels"
            entries[-1][1].extend(child.title for child in item)
        else:
            entries.append((item.title, []))
    return entries


def check_outline(path: Path, plan: Plan, others: set[str]) -> None:
    """Exactly one top-level entry per axis, holding its orientations; the other top-level entries are `others`."""
    entries = outline(path)
    axes = [(title, children) for title, children in entries if title.startswith("Axe ")]
    assert [norm(title) for title, _ in axes] == [norm(f"Axe {a.numero} — {a.titre}") for a in plan.axes]
    for (_, children), axis in zip(axes, plan.axes, strict=True):
        expected = [norm(f"Orientation {o.numero} {o.titre}") for o in axis.orientations]
        assert [norm(child) for child in children] == expected
    assert sum(len(children) for _, children in axes) == 11
    rest = [(title, children) for title, children in entries if not title.startswith("Axe ")]
    assert {norm(title) for title, _ in rest} == {norm(label) for label in others}
    assert all(not children for _, children in rest), "only axes hold sub-entries"


def check_fonts(path: Path) -> None:
    """pdffonts: every font embedded (subset) and every one of them a Lato face."""
    require("pdffonts")
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert rows, listing
    for row in rows:
        name, embedded = row[0], row[-5]  # columns: name type… encoding emb sub uni object ID
        assert embedded == "yes", listing
        assert re.fullmatch(r"[A-Z]{6}\+Lato(-(Bold|Italic|Heavy))?", name), listing


def words_outside(path: Path) -> list[str]:
    """Words whose box (pdftotext -bbox-layout) is not entirely inside the MediaBox of their page."""
    require("pdftotext")
    command = ["pdftotext", "-bbox-layout", str(path), "-"]
    root = ET.fromstring(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    xhtml = {"x": "http://www.w3.org/1999/xhtml"}
    outside = []
    for number, page in enumerate(root.iterfind(".//x:page", xhtml), start=1):
        width, height = float(page.get("width", "0")), float(page.get("height", "0"))
        words = page.findall(".//x:word", xhtml)
        assert words or number > 1, "no word found: the PDF text cannot be read"
        for word in words:
            x0, y0, x1, y1 = (float(word.get(key, "0")) for key in ("xMin", "yMin", "xMax", "yMax"))
            if x0 < 0 or y0 < 0 or x1 > width or y1 > height:
                outside.append(f"page {number}: {word.text!r} at ({x0:.0f}, {y0:.0f}, {x1:.0f}, {y1:.0f})")
    return outside


def check_programme(texts: list[str], plan: Plan) -> None:
    """Every action once, in reading order; a page that opens inside an orientation says « (suite) »."""
    for *_, action in plan.actions():  # rows never split: each action is read whole on one page
        assert any(norm(action.texte) in norm(text) for text in texts), action.id
    expected = [(action.id, orientation.numero) for _, orientation, _, _, action in plan.actions()]
    seen = [(index, found) for index, text in enumerate(texts) for found in ACTION_ID.findall(text)]
    assert [found for _, found in seen] == [action_id for action_id, _ in expected]
    orientation_at = [numero for _, numero in expected]
    first_and_last: dict[int, tuple[str, str]] = {}
    for position, (page, _) in enumerate(seen):
        first = first_and_last.get(page, (orientation_at[position],))[0]
        first_and_last[page] = (first, orientation_at[position])
    previous_last, continued = None, 0
    for page in sorted(first_and_last):
        first, last = first_and_last[page]
        labels = re.findall(r"orientation(\d+\.\d+)\(suite\)", norm(texts[page]))
        assert labels == ([first] if first == previous_last else []), f"page {page + 1}"
        continued += first == previous_last
        previous_last = last
    assert continued, "the content always has an orientation running over two pages"


def catalog_checks(path: Path) -> dict[str, str]:
    """Tagged PDF/UA basics every PDF of the project must have (and no raster image); returns the document info."""
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        assert str(root.Lang) == "fr-FR"
        assert "/StructTreeRoot" in root and root.MarkInfo.Marked
        assert bool(root.ViewerPreferences.DisplayDocTitle)
        assert len(pdf.trailer.ID) == 2
        assert not [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
        return {str(key)[1:]: str(value) for key, value in pdf.docinfo.items()}


# The brochure -----------------------------------------------------------------------------------------------------


def test_every_word_of_the_plan_is_in_the_brochure(built: Path, plan: Plan) -> None:
    text = norm(pdf_text(built / BROCHURE))
    doc = plan.document
    expected = [doc.titre, doc.institution, doc.edition, *doc.devise, *plan.demarche.contexte]
    expected += [f.titre for f in (*plan.demarche.objectifs, *plan.ambition.defis)]
    expected += [p for f in (*plan.demarche.objectifs, *plan.ambition.defis) for p in f.points]
    expected += [*plan.ambition.introduction, plan.ambition.conclusion]
    expected += [getattr(doc.libelles, f.name) for f in fields(doc.libelles) if f.name != "colonne_orientations"]
    for axis, orientation in plan.orientations():
        expected += [axis.titre, orientation.titre, orientation.titre_synoptique]
    for *_, objective in plan.objectives():
        expected += [objective.titre_complet, objective.titre_synoptique, *(g.titre for g in objective.groupes)]
    expected += [action.texte for *_, action in plan.actions()]
    missing = [item for item in expected if norm(item) not in text]
    assert not missing


def test_french_hyphenation(built: Path) -> None:
    """Words are broken at line ends where the French dictionary allows it (lang="fr-FR", hyphens: auto)."""
    import pyphen

    dictionary = pyphen.Pyphen(lang="fr")
    breaks = re.findall(r"(\w+)\u2010\n(\w+)", pdf_text(built / BROCHURE))
    assert len(breaks) >= 10
    for head, tail in breaks:
        assert len(head) in dictionary.positions(head + tail), f"{head}-{tail}"


def test_page_count_size_and_no_word_outside_the_page(built: Path) -> None:
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in pypdf.PdfReader(built / BROCHURE).pages]
    assert len(sizes) in PAGES
    assert all(abs(w - A4_LANDSCAPE[0]) < 0.5 and abs(h - A4_LANDSCAPE[1]) < 0.5 for w, h in sizes)
    assert not words_outside(built / BROCHURE)


def test_outline_is_axes_then_orientations(built: Path, plan: Plan) -> None:
    labels = plan.document.libelles
    others = {
        "Sommaire",
        labels.avancement,
        labels.objectif_processus,
        labels.ambition_synoptique,
        labels.structuration,
    }
    check_outline(built / BROCHURE, plan, others)


def test_fonts_are_the_embedded_lato_files(built: Path) -> None:
    check_fonts(built / BROCHURE)


def test_tagged_metadata_and_dates(built: Path, plan: Plan) -> None:
    info = catalog_checks(built / BROCHURE)
    assert info["Author"] == plan.document.institution
    assert plan.document.titre in info["Title"] and plan.document.institution in info["Title"]
    meta = pypdf.PdfReader(built / BROCHURE).metadata
    assert meta is not None and meta.subject and plan.axes[0].titre in (meta.get("/Keywords") or "")
    stamp = build_time(plan).strftime("D:%Y%m%d%H%M%S")
    assert meta.get("/CreationDate", "").startswith(stamp) and meta.get("/ModDate", "").startswith(stamp)


def test_alternative_texts_of_logo_and_timeline(built: Path) -> None:
    theme = load_theme(ROOT / "assets")
    with pikepdf.open(built / BROCHURE) as pdf:
        figures = [
            str(o.get("/Alt", ""))
            for o in pdf.objects
            if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Figure"
        ]
    assert figures.count(theme.logo_alt) == 2  # cover and back cover
    assert any(alt.startswith("Calendrier de la démarche") and "23 mai 2018" in alt for alt in figures)
    assert all(figures), "every figure has an alternative text"


def test_timeline_page_shows_phases_steps_milestones_and_progress(built: Path, plan: Plan) -> None:
    texts = pages(built / BROCHURE)
    labels = plan.document.libelles
    page = next(norm(t) for t in texts[1:] if norm(labels.avancement) in norm(t) and "étape" in t.casefold())
    timeline = plan.demarche.calendrier
    expected = [phase.titre for phase in timeline.phases]
    expected += [f"{s.titre}" for p in timeline.phases for s in (*p.etapes, *p.jalons)]
    expected += [s.detail for p in timeline.phases for s in p.etapes if s.detail]
    expected += ["Avancement : 23 mai 2018", "Étape 5"]
    assert [item for item in expected if norm(item) not in page] == []


def test_synoptic_fits_on_one_page(built: Path, plan: Plan) -> None:
    labels = plan.document.libelles
    page = next(norm(t) for t in pages(built / BROCHURE) if norm(labels.synthese) in norm(t))
    expected = [axis.titre for axis in plan.axes]
    expected += [o.titre_synoptique for _, o in plan.orientations()]
    expected += [objective.titre_synoptique for *_, objective in plan.objectives()]
    assert [item for item in expected if norm(item) not in page] == []


def test_programme_tables_repeat_headers_and_continue_orientations(built: Path, plan: Plan) -> None:
    texts = pages(built / BROCHURE)
    check_programme(texts, plan)
    labels = plan.document.libelles
    table_pages = [t for t in texts if ACTION_ID.search(t)]
    for text in table_pages:  # the header row repeats on every page of a table
        assert norm(labels.colonne_orientations) in norm(text) and norm(labels.colonne_actions) in norm(text)
    axis_of = [axis.numero for axis, *_ in plan.actions()]
    positions = [
        (page, position)
        for position, page in enumerate(page for page, t in enumerate(texts) for _ in ACTION_ID.findall(t))
    ]
    axes_on_page: dict[int, set[str]] = {}
    for page, position in positions:
        axes_on_page.setdefault(page, set()).add(axis_of[position])
    titles = {axis.numero: norm(f"Axe {axis.numero} — {axis.titre}") for axis in plan.axes}
    for page, axes in axes_on_page.items():  # each axis starts a page; the running header names it
        assert len(axes) == 1, f"page {page + 1} mixes axes"
        assert titles[axes.pop()] in norm(texts[page].splitlines()[0])


def test_contents_page_numbers_match_the_outline(built: Path) -> None:
    reader = pypdf.PdfReader(built / BROCHURE)
    lines = [norm(line) for line in pdf_text(built / BROCHURE, "-layout", "-f", "2", "-l", "2").splitlines()]
    links = [a.get_object() for a in reader.pages[1].get("/Annots", [])]
    assert len(links) >= 4 + 3 + 11, "every entry of the contents is a link"
    assert all(str(link["/Dest"]) in reader.named_destinations for link in links), "links lead inside the document"
    for item in reader.outline:
        if not isinstance(item, list) and item.title != "Sommaire":
            number = reader.get_destination_page_number(item) + 1
            assert any(f"{number}{norm(item.title)}" in line for line in lines), item.title


def test_same_sources_same_bytes_and_no_system_font(built: Path, tmp_path: Path) -> None:
    """A second build, with fontconfig knowing no font at all, gives the very same bytes."""
    config = tmp_path / "fonts.conf"
    config.write_text(f"<?xml version='1.0'?><fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>")
    result = run_build(
        "pdf", "synoptique-pdf", "--force", output=tmp_path / "out", env={"FONTCONFIG_FILE": str(config)}
    )
    assert result.returncode == 0, result.stderr
    for name in (BROCHURE, "tableaux-synoptiques.pdf"):
        assert (tmp_path / "out" / name).read_bytes() == (built / name).read_bytes(), name


def test_content_is_printed_as_text_never_run(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    hostile = "<b>gras</b> {{ 7*7 }} <img src=file:///etc/hostname>"
    axis = content / "axes" / "1-emploi.yaml"
    source = axis.read_text(encoding="utf-8")
    line = 'texte: "Créer des espaces alternatifs de type co-working (Tiers Lieux)"'
    assert line in source
    axis.write_text(source.replace(line, f"texte: '{hostile}'"), encoding="utf-8")
    result = run_build("pdf", content=content, output=tmp_path / "out")
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "out" / BROCHURE
    assert norm(hostile) in norm(pdf_text(pdf))
    catalog_checks(pdf)  # among others: not a single image in the file


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/style.css",
        "https://example.org/font.ttf",
        "ftp://example.org/logo.svg",
        "file:///etc/hostname",
        (ROOT / "templates" / ".." / "content" / "projet.yaml").as_uri(),
        (ROOT / "templates").as_uri() + "/%2e%2e/content/projet.yaml",
        "file://example.org" + str(ROOT / "assets" / "logo.svg"),
    ],
)
def test_fetcher_refuses_anything_outside_templates_and_assets(url: str) -> None:
    from weasyprint.urls import FatalURLFetchingError

    fetcher = local_fetcher(ROOT / "templates", ROOT / "assets")
    with pytest.raises(FatalURLFetchingError, match=r"refusée?"):
        fetcher.fetch(url)


def test_fetcher_resolves_symlinks_and_serves_assets(tmp_path: Path) -> None:
    from weasyprint.urls import FatalURLFetchingError

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "lien.css").symlink_to("/etc/hostname")
    fetcher = local_fetcher(tmp_path / "templates", ROOT / "assets")
    with pytest.raises(FatalURLFetchingError, match=r"refusée?"):
        fetcher.fetch((tmp_path / "templates" / "lien.css").as_uri())
    response = fetcher.fetch((ROOT / "assets" / "fonts" / "Lato-Regular.ttf").as_uri())
    assert response.content_type == "font/ttf" and response.read()[:4] == b"\x00\x01\x00\x00"


def test_a_group_without_action_is_shown_and_headings_share_a_row(plan: Plan) -> None:
    orientation = next(
        o for _, o in plan.orientations() if any(not g.actions for ob in o.objectifs for g in ob.groupes)
    )
    rows = programme_rows(orientation)
    empty = [row for row in rows if row.group and not row.action]
    assert len(empty) == 1 and empty[0].objective is not None  # the objective title opens the same row
    assert sum(1 for row in rows if row.action) == sum(
        len(ob.actions) + sum(len(g.actions) for g in ob.groupes) for ob in orientation.objectifs
    )
    assert [row.index for row in rows] == list(range(len(rows)))


def test_frozen_objects_write_the_same_bytes() -> None:
    """The finisher that serialises each PDF object once must not change a byte (pydyf hashes them for /ID)."""
    from territoire import nativelibs
    from territoire.pdfrender import freeze_objects

    nativelibs.load("weasyprint")
    from weasyprint import HTML

    html = "<html lang=fr><title>Essai</title><h1>Titre</h1><p>Un paragraphe assez long pour une ligne."
    document = HTML(string=html).render(pdf_variant="pdf/ua-1")
    options = {"pdf_variant": "pdf/ua-1", "pdf_identifier": b"0" * 32}
    plain = document.write_pdf(**options)
    frozen = document.write_pdf(**options, finisher=freeze_objects)
    assert frozen == plain
    assert b"/ID" in frozen
