"""The OpenDocument outputs (ODT, ODS): opened by LibreOffice, reopened by odfdo, strict ODF, same bytes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT, norm, require, run_build
from lxml import etree
from odfdo import Document

from territoire.builders._register import ALL_SHEET, HEADERS, WIDTHS, column_cm, sheet_name
from territoire.errors import UserError
from territoire.loader import load_plan
from territoire.model import Plan
from territoire.odf.package import NS
from territoire.references.odf import build_reference
from territoire.references.odp import build_master
from territoire.theme import load_theme
from territoire.typography import typeset
from territoire.wording import bookmark_name, synoptic_bookmark_name

ODT, ODS, ODP = "projet-de-territoire.odt", "plan-d-actions.ods", "conseil-communautaire-2018-06-28.odp"
XLSX = "plan-d-actions.xlsx"
WORD = re.compile(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)</word>')


@pytest.fixture(scope="module")
def plan() -> Plan:
    return typeset(load_plan(CONTENT))


@pytest.fixture(scope="module")
def pdfs(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """LibreOffice's PDF of each ODF output and of the XLSX register (copied under another stem, its PDF would
    overwrite the ODS's), all converted by one soffice call (as a partner would open them)."""
    soffice, out = require("soffice"), tmp_path_factory.mktemp("odf-pdf")
    shutil.copy(built / XLSX, out / f"xlsx-{XLSX}")
    documents = [built / ODT, built / ODS, built / ODP, out / f"xlsx-{XLSX}"]
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{out}/lo-profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), *map(str, documents)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    pdfs = {name: out / (Path(name).stem + ".pdf") for name in (ODT, ODS, ODP)}
    pdfs[XLSX] = out / f"xlsx-{Path(XLSX).stem}.pdf"
    assert result.returncode == 0 and all(p.is_file() for p in pdfs.values()), result.stdout + result.stderr
    assert "repair" not in (result.stdout + result.stderr).lower()
    return pdfs


def words_of(pdf: Path) -> list[tuple[float, float, list[tuple[float, float, float, float, str]]]]:
    require("pdftotext")
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml.stdout, re.S)
    return [
        (float(w), float(h), [(*map(float, m.groups()[:4]), m.group(5)) for m in WORD.finditer(body)])
        for w, h, body in pages
    ]


def check_layout(pages: list) -> None:
    """No word outside its page, no two words on top of each other."""
    for number, (width, height, words) in enumerate(pages, 1):
        for x0, y0, x1, y1, word in words:
            assert x0 >= -0.5 and y0 >= -0.5 and x1 <= width + 0.5 and y1 <= height + 0.5, f"page {number}: {word}"
        cores = [(x0 + 0.5, y0 + 0.2 * (y1 - y0), x1 - 0.5, y1 - 0.2 * (y1 - y0), w) for x0, y0, x1, y1, w in words]
        cores.sort()
        for i, a in enumerate(cores):
            for b in cores[i + 1 :]:
                if b[0] >= a[2]:
                    break
                overlap = min(a[3], b[3]) - max(a[1], b[1]) > 0.5
                assert not overlap, f"page {number}: « {a[4]} » overlaps « {b[4]} »"


def programme(plan: Plan) -> list[str]:
    phrases = [o.titre for _, o in plan.orientations()] + [o.titre_complet for *_, o in plan.objectives()]
    return phrases + [action.texte for *_, action in plan.actions()]


def test_libreoffice_renders_every_orientation_objective_and_action(pdfs: dict[str, Path], plan: Plan) -> None:
    pages = words_of(pdfs[ODT])
    text = norm(" ".join(w[4] for _, _, words in pages for w in words))
    missing = [phrase for phrase in programme(plan) if norm(phrase) not in text]
    assert not missing, missing[:3]
    check_layout(pages)


def test_libreoffice_renders_the_register(pdfs: dict[str, Path], plan: Plan) -> None:
    pages = words_of(pdfs[ODS])
    text = norm(" ".join(w[4] for _, _, words in pages for w in words))
    assert all(norm(action.id) in text for *_, action in plan.actions())
    check_layout(pages)


def test_the_register_prints_every_column_on_each_page(pdfs: dict[str, Path]) -> None:
    """As the XLSX does: the page fits the seven columns in its width, so each printed page carries the header
    from « ID » to « Reprise » (it used to spread over 45 pages, a couple of columns each)."""
    pages = words_of(pdfs[ODS])
    assert all({HEADERS[0], HEADERS[-1]} <= {w[4] for w in words} for _, _, words in pages)


def test_the_ods_and_the_xlsx_print_alike(pdfs: dict[str, Path]) -> None:
    """The two registers print on the same A4 landscape pages, every column across, rows as tall as their text
    (LibreOffice does not fit the XLSX's rows on opening it: unset, they overlapped, and it printed on 5 US Letter
    pages where the ODS printed on 8 A4 pages)."""
    from pypdf import PdfReader

    readers = {name: PdfReader(pdfs[name]) for name in (ODS, XLSX)}
    sizes = {name: {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in r.pages}
             for name, r in readers.items()}  # fmt: skip
    assert sizes[ODS] == sizes[XLSX] == {(842, 595)}, sizes  # A4 landscape, in points
    assert len(readers[ODS].pages) == len(readers[XLSX].pages), {n: len(r.pages) for n, r in readers.items()}
    pages = words_of(pdfs[XLSX])
    assert all({HEADERS[0], HEADERS[-1]} <= {w[4] for w in words} for _, _, words in pages)
    check_layout(pages)


def test_odt_headings_bookmarks_and_actions(built: Path, plan: Plan) -> None:
    doc = Document(built / ODT)
    assert len(doc.body.get_headers(outline_level=1)) == len(plan.axes) == 3
    assert len(doc.body.get_headers(outline_level=2)) == len(list(plan.orientations())) == 11
    assert len(doc.body.get_headers(outline_level=3)) == len(list(plan.objectives()))
    with zipfile.ZipFile(built / ODT) as package:
        raw = "".join(etree.fromstring(package.read("content.xml")).itertext())
    text = norm(raw)
    assert all(norm(action.texte) in text and f"[{action.id}" in raw for *_, action in plan.actions())
    marks = {b.name for b in doc.body.get_bookmarks()}
    ids = {item.id for item in plan.walk() if item.kind in ("axis", "orientation", "objective", "action")}
    assert {bookmark_name(i) for i in ids} <= marks
    assert doc.body.get_elements("//text:table-of-content")


def test_odt_contents_entries_are_numbered_when_libreoffice_updates_the_index(built: Path) -> None:
    """« Mettre à jour l'index » rebuilds the entries from their templates: without a page number in them the
    updated Sommaire listed titles only (checked by hand: LibreOffice then prints « Contexte.....4 »)."""
    with zipfile.ZipFile(built / ODT) as package:
        content = etree.fromstring(package.read("content.xml"))
    templates = content.findall(".//text:table-of-content-entry-template", NS)
    assert len(templates) == 2
    assert all(t.find("text:index-entry-page-number", NS) is not None for t in templates)


def test_odt_tables_repeat_their_header_and_rows_never_split(built: Path, plan: Plan) -> None:
    with zipfile.ZipFile(built / ODT) as package:
        content = etree.fromstring(package.read("content.xml"))
    ns = {k: v for k, v in NS.items() if k in ("table", "style", "fo", "text", "draw", "svg")}
    tables = content.findall(".//table:table", ns)
    headed = [t for t in tables if t.find("table:table-header-rows", ns) is not None]
    assert len(headed) >= len(list(plan.orientations()))
    kept = {s.get(f"{{{NS['style']}}}name") for s in content.iterfind(".//style:style[@style:family='table-row']", ns)
            if s.find("style:table-row-properties[@fo:keep-together='always']", ns) is not None}  # fmt: skip
    rows = content.findall(".//table:table-row", ns)
    assert rows and all(r.get(f"{{{NS['table']}}}style-name") in kept for r in rows)
    frame = content.find(".//draw:frame", ns)
    assert frame is not None and frame.findtext("svg:title", namespaces=ns)


@pytest.mark.parametrize("name", [ODT, ODS, ODP])
def test_metadata_and_language(built: Path, plan: Plan, name: str) -> None:
    doc, info = Document(built / name), plan.document
    meta = doc.meta
    assert meta.language == "fr-FR" and doc.get_language() == "fr-FR"
    assert info.titre in meta.title and info.edition in meta.subject
    assert meta.initial_creator == meta.creator == info.institution
    assert meta.get_user_defined_metadata_of_name("Édition")["value"] == info.edition
    assert meta.creation_date is not None and meta.creation_date.year == info.date.year


def test_ods_has_the_xlsx_sheets_columns_filters_and_frozen_header(built: Path, plan: Plan) -> None:
    doc = Document(built / ODS)
    tables = doc.body.get_tables()
    assert [t.name for t in tables] == [ALL_SHEET, *(sheet_name(a.numero) for a in plan.axes)]
    everything = tables[0]
    assert everything.get_values()[0] == list(HEADERS)
    assert [row[0] for row in everything.get_values()[1:]] == [a.id for *_, a in plan.actions()]
    with zipfile.ZipFile(built / ODS) as package:
        content, settings = package.read("content.xml").decode(), package.read("settings.xml").decode()
    widths = re.findall(r'style:column-width="([\d.]+)cm"', content)
    assert [float(w) for w in widths] == [column_cm(w) for w in WIDTHS]
    assert content.count('table:display-filter-buttons="true"') == len(tables)
    assert content.count("<table:table-header-rows>") == len(tables)
    assert b'fo:wrap-option="wrap"' in doc.styles.serialize()
    assert settings.count('"VerticalSplitPosition" config:type="int">1<') == len(tables)


@pytest.mark.parametrize("name", [ODT, ODS, ODP])
def test_strict_odf_package(built: Path, name: str) -> None:
    """`mimetype` first and stored; every XML part in the ODF vocabularies only (no LibreOffice extensions)."""
    with zipfile.ZipFile(built / name) as package:
        infos = package.infolist()
        assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
        for info in infos:
            if info.filename.endswith(".xml"):
                root = etree.fromstring(package.read(info))
                used = {etree.QName(e).namespace for e in root.iter() if isinstance(e.tag, str)}
                used |= {etree.QName(a).namespace for e in root.iter() for a in e.attrib if a.startswith("{")}
                assert used <= {*NS.values(), "http://www.w3.org/XML/1998/namespace"}, (info.filename, used)
                assert root.get(f"{{{NS['office']}}}version", "1.3") == "1.3"


def test_same_sources_give_the_same_bytes(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        result = run_build("odt", "ods", "odp", "--force", output=tmp_path / folder)
        assert result.returncode == 0, result.stdout + result.stderr
    for name in (ODT, ODS, ODP):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_reference_regenerates_identically_and_a_missing_style_is_a_user_error(tmp_path: Path) -> None:
    from territoire.odf.writer import TextDocument

    theme = load_theme(ROOT / "assets")
    assert build_reference(theme) == build_reference(theme) == (ROOT / "templates/odf/reference.odt").read_bytes()
    assert build_master(theme) == (ROOT / "templates/odf/master.odp").read_bytes()
    with pytest.raises(UserError, match="Sous-groupe d’or"):
        TextDocument(ROOT / "templates/odf/reference.odt").style("Sous-groupe d’or")


def slides(path: Path) -> list[tuple[str, str, str, etree._Element]]:
    """(title, text on the slide, speaker notes, element) of each draw:page of an ODP."""
    with zipfile.ZipFile(path) as package:
        content = etree.fromstring(package.read("content.xml"))
    ns = {k: NS[k] for k in ("draw", "presentation", "text", "svg", "xlink")}
    out = []
    for page in content.iterfind(".//draw:page", ns):
        title = "".join(page.find("draw:frame[@presentation:class='title']", ns).itertext())
        notes = page.find("presentation:notes", ns)
        spoken = "".join(notes.itertext()) if notes is not None else ""
        shown = " ".join("".join(e.itertext()) for e in page if etree.QName(e).localname != "notes")
        out.append((title, shown, spoken, page))
    return out


def test_odp_has_the_pptx_slides_with_unique_titles(built: Path) -> None:
    from pptx import Presentation

    deck = slides(built / ODP)
    titles = [title for title, *_ in deck]
    assert len(titles) == len(set(titles)) and all(titles)
    pptx = Presentation(str(built / ODP.replace(".odp", ".pptx")))
    assert titles == [s.shapes.title.text_frame.text for s in pptx.slides]


def test_odp_carries_every_orientation_objective_and_action(built: Path, plan: Plan) -> None:
    deck = slides(built / ODP)
    shown, spoken = norm(" ".join(s for _, s, _, _ in deck)), norm(" ".join(n for _, _, n, _ in deck))
    for _, orientation in plan.orientations():
        assert norm(orientation.titre_synoptique) in shown
    for *_, objective in plan.objectives():
        assert norm(objective.titre_synoptique) in shown and norm(objective.titre_complet) in spoken
    for *_, action in plan.actions():
        assert norm(action.texte) in shown + spoken and norm(action.id) in spoken


def test_odp_pictures_have_alt_text_and_shapes_are_native(built: Path) -> None:
    alt = load_theme(ROOT / "assets").logo_alt
    deck = slides(built / ODP)
    frames = [f for *_, page in deck for f in page.iter(f"{{{NS['draw']}}}frame")]
    images = [f for f in frames if f.find(f"{{{NS['draw']}}}image") is not None]
    assert images and all(f.findtext(f"{{{NS['svg']}}}title") == alt for f in images)
    timeline = deck[1][3]
    assert len(list(timeline.iter(f"{{{NS['draw']}}}custom-shape"))) > 10  # Gantt bars and labels, editable


def test_libreoffice_renders_the_deck_without_overflow(pdfs: dict[str, Path], built: Path, plan: Plan) -> None:
    """On its slide, never on another word, never below 16 pt (the PPTX's render check), in Lato."""
    from test_pptx import check_render
    from test_pptx import words_of as lato_words

    titles = [o.titre_synoptique for _, o in plan.orientations()] + [o.titre_synoptique for *_, o in plan.objectives()]
    pages = lato_words(pdfs[ODP])
    assert len(pages) == len(slides(built / ODP))
    check_render(pages, titles)


def test_the_returns_reader_locates_comments_in_the_odt_by_its_bookmarks(
    built: Path, plan: Plan, tmp_path: Path
) -> None:
    """A partner comments the ODT this project writes: territoire.retours reads it and places each comment."""
    from territoire.retours.collect import read_returns

    assert read_returns(plan, [built / ODT])[0] == []  # as sent: nothing to report
    with zipfile.ZipFile(built / ODT) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    note = (
        '<office:annotation xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Marie Dupont</dc:creator>'
        "<dc:date>2026-03-04T09:30:00</dc:date><text:p>{}</text:p></office:annotation>"
    )
    content = parts["content.xml"].decode()
    for name, text in (
        (bookmark_name("A042"), "Préciser le calendrier"),
        (synoptic_bookmark_name("entreprises-excellence"), "Titre court ?"),
    ):
        mark = f'<text:bookmark text:name="{name}"/>'
        assert mark in content, name
        content = content.replace(mark, mark + note.format(text), 1)
    parts["content.xml"] = content.encode()
    returned = tmp_path / "mairie-anduze.odt"
    with zipfile.ZipFile(returned, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    remarks, problems, count = read_returns(plan, [returned])
    assert not problems and count == 1
    by_id = {r.id: r for r in remarks}
    assert by_id["A042"].commentaire == "Préciser le calendrier" and by_id["A042"].auteur == "Marie Dupont"
    assert by_id["entreprises-excellence"].commentaire == "Titre court ?"


@pytest.fixture(scope="module")
def views(built: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, list[dict]], Path]:
    """What LibreOffice's controller shows of each sheet of both registers, opened in a window (hidden, through
    python3-uno: `--convert-to` opens no view, so it ignores view settings), and the ODS it saves of each."""
    soffice, work = require("soffice"), tmp_path_factory.mktemp("vues")
    script = Path(__file__).with_name("lo_view.py")
    command = ["/usr/bin/python3", str(script), soffice, str(work / "profil"), str(work), str(built / ODS),
               str(built / XLSX)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    found = [json.loads(line) for line in done.stdout.splitlines()]
    return {entry["file"]: entry["sheets"] for entry in found}, work


def test_libreoffice_shows_the_ods_header_frozen_and_tabs_coloured_like_the_xlsx(
    views: tuple[dict[str, list[dict]], Path], plan: Plan
) -> None:
    """The header row stays in view (frozen below row 1) on every sheet, each tab has its axis colour: the ODS's
    view settings used to be ignored whole (their « ooo: » prefix was undeclared), and its tabs were uncoloured."""
    theme = load_theme(ROOT / "assets")
    colours = [theme.principale, *map(theme.axis_colour, range(len(plan.axes)))]
    for name in (ODS, XLSX):
        sheets = views[0][name]
        assert [s["name"] for s in sheets] == [ALL_SHEET, *(sheet_name(a.numero) for a in plan.axes)], name
        assert all(s["frozen"] and (s["split_row"], s["split_column"]) == (1, 0) for s in sheets), (name, sheets)
        assert [s["tab_color"] for s in sheets] == [c.upper() for c in colours], (name, sheets)


def test_ods_columns_are_as_wide_as_libreoffice_shows_the_xlsx(
    views: tuple[dict[str, list[dict]], Path], built: Path
) -> None:
    """LibreOffice opens the XLSX (and saves it as ODS here): its columns have the ODS's widths."""

    def widths(path: Path) -> list[float]:
        with zipfile.ZipFile(path) as package:
            content = package.read("content.xml").decode()
        found = re.findall(r'style:column-width="([\d.]+)(in|cm)"', content)
        return [round(float(v) * (2.54 if unit == "in" else 1), 2) for v, unit in found][: len(WIDTHS)]

    assert widths(views[1] / f"{XLSX}.ods") == widths(built / ODS)
