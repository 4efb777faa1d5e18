"""The web site as files: structure of every page, links and anchors (crawled), downloads, no outside resource."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import lxml.html
import pytest
from conftest import CONTENT, run_build

from territoire.loader import load_plan
from territoire.model import Plan
from territoire.site import page_of
from territoire.typography import typeset

PAGES = (
    "index.html",
    "axe-1.html",
    "axe-2.html",
    "axe-3.html",
    "recherche.html",
    "documents.html",
    "accessibilite.html",
)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return typeset(load_plan(CONTENT))


@pytest.fixture(scope="module")
def site(built: Path) -> Path:
    return built / "site"


def _doc(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def test_site_has_its_pages(site: Path) -> None:
    assert sorted(p.name for p in site.glob("*.html")) == sorted(PAGES)
    assert {p.name for p in (site / "assets").iterdir()} >= {
        "site.css",
        "site.js",
        "Lato-Regular.woff2",
        "OFL-Lato.txt",
    }
    assert (site / "assets" / "Lato-Bold.woff2").read_bytes()[:4] == b"wOF2"


@pytest.mark.parametrize("name", PAGES)
def test_page_structure(site: Path, name: str) -> None:
    doc = _doc(site / name)
    assert doc.get("lang") == "fr"
    assert len(doc.findall(".//h1")) == 1
    levels = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    first_link = doc.find(".//a")
    assert (
        first_link is not None
        and first_link.get("href") == "#contenu"
        and doc.get_element_by_id("contenu").tag == "main"
    )
    footer = doc.find(".//footer")
    assert footer is not None
    statement = [a for a in footer.iter("a") if a.get("href") == "accessibilite.html"]
    assert statement and statement[0].text_content().strip() == "Accessibilité\u00a0: non conforme"


def test_no_outside_resource(site: Path) -> None:
    """Nothing is loaded from elsewhere: scripts, styles, fonts and images are the site's own files."""
    for page in site.glob("*.html"):
        doc = _doc(page)
        for element, attribute, link, _ in doc.iterlinks():
            if element.tag == "a" and attribute == "href":
                continue  # a link to another site is followed by the reader, not loaded by the page
            assert not urlparse(link).scheme and not link.startswith("//"), (page.name, link)
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    assert re.findall(r"url\(([^)]*)\)", css) and all("//" not in u for u in re.findall(r"url\(([^)]*)\)", css))


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    """Crawl from the home page: every page reached, every link's file and #anchor found."""
    ids: dict[str, set[str]] = {}
    todo, seen = ["index.html"], set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        doc = _doc(site / name)
        ids[name] = {e.get("id") for e in doc.iter() if e.get("id")}
        for element in doc.iter("a"):
            href = element.get("href", "")
            if urlparse(href).scheme:
                continue
            target, fragment = urldefrag(href)
            target = target or name
            assert (site / target).is_file(), (name, href)
            if target.endswith(".html"):
                todo.append(target)
                if fragment:
                    links = ids.get(target) or {e.get("id") for e in _doc(site / target).iter() if e.get("id")}
                    assert fragment in links, (name, href)
    assert seen >= set(PAGES)


def test_every_element_has_its_permanent_anchor(site: Path, plan: Plan) -> None:
    pages = {name: _doc(site / name) for name in PAGES}
    for item in plan.walk():
        if item.id and item.kind != "reprise":
            assert pages[page_of(item)].get_element_by_id(item.id) is not None, item.id
    assert pages["axe-2.html"].get_element_by_id("A042").tag == "li"


def test_downloads_give_format_and_size(site: Path, built: Path) -> None:
    doc = _doc(site / "documents.html")
    links = [a for a in doc.iter("a") if a.get("href", "").startswith("telechargements/")]
    labels = {a.text_content(): a.get("href") for a in links}
    assert len(labels) >= 6, labels
    for label, href in labels.items():
        data = (site / href).read_bytes()
        assert data == (built / Path(href).name).read_bytes(), href
        match = re.fullmatch(r"(.+) \((PDF|Word|Excel|PowerPoint|OpenDocument), ([\d,]+)\u00a0(o|Ko|Mo)\)", label)
        assert match, label
        size = float(match.group(3).replace(",", "."))
        assert abs(size * {"o": 1, "Ko": 1024, "Mo": 1024**2}[match.group(4)] - len(data)) <= 0.06 * len(data) + 512
    assert "Brochure (PDF, " in labels.keys().__str__()


def test_statement_gives_every_field(site: Path, plan: Plan) -> None:
    text = _doc(site / "accessibilite.html").text_content()
    statement = plan.accessibilite
    for part in (statement.etat, statement.referentiel, statement.contact.courriel, statement.contact.adresse):
        assert part in text
    for part in (*statement.non_conformites, *statement.derogations, *statement.recours):
        assert part in text
    assert "Défenseur des droits" in text and "Voies de recours" in text


def test_site_is_reproducible_and_incremental(tmp_path: Path, site: Path) -> None:
    first = run_build("site", output=tmp_path)
    assert first.returncode == 0, first.stderr
    again = run_build("site", output=tmp_path)
    assert "à jour" in again.stdout, again.stdout
    for name in PAGES:
        if name != "documents.html":  # it lists what is built beside it, here nothing
            assert (tmp_path / "site" / name).read_bytes() == (site / name).read_bytes(), name
    assert not list(tmp_path.glob(".site*"))


def test_site_follows_the_documents_it_offers(tmp_path: Path) -> None:
    """The site is built after the documents, and again when one of them changes; a killed build's folder goes."""
    first = run_build("xlsx", "site", output=tmp_path)
    assert first.returncode == 0, first.stderr
    register = tmp_path / "plan-d-actions.xlsx"
    offered = tmp_path / "site" / "telechargements" / register.name
    assert offered.read_bytes() == register.read_bytes()
    assert f"Registre des actions (Excel, {round(register.stat().st_size / 1024)}\u00a0Ko)" in (
        tmp_path / "site" / "documents.html"
    ).read_text(encoding="utf-8")
    register.write_bytes(register.read_bytes() + b"\0" * 4096)  # as if the register had been rebuilt, bigger
    (tmp_path / ".site.999-0.tmp").mkdir()
    again = run_build("site", output=tmp_path)
    assert "à jour" not in again.stdout and offered.read_bytes() == register.read_bytes(), again.stdout
    assert not (tmp_path / ".site.999-0.tmp").exists()
