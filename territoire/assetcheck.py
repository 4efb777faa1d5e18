"""Checks of the files the team may replace besides the content: fonts, logo, Word/ODF references, slide masters.

Each check answers French messages (empty when the file is fine). File checks are remembered per process by
the file's digest, so repeated checks (watch mode, the fuzz test) never parse the same font twice.
"""

from __future__ import annotations

import functools
import posixpath
import re
import shlex
import sys
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .confined import label_for, outside
from .errors import Location, Problem
from .project import file_digest

if TYPE_CHECKING:
    from collections.abc import Container, Mapping

    from .project import Project

FRENCH_CHARACTERS = "éèêëàâçîïôûùüÿœæÉÈÊÀÂÇÎÔÛŒ«»’…–—\u202f\u00a0"
"""What French typography needs from every face: accents, ligatures, guillemets, apostrophe, no-break spaces."""
_NAMES = {"\u202f": "espace fine insécable U+202F", "\u00a0": "espace insécable U+00A0"}
_SFNT = (b"\x00\x01\x00\x00", b"OTTO", b"true")
MAX_LOGO = 2_000_000
MAX_PART = 20_000_000
SVG = "{http://www.w3.org/2000/svg}"
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)


def font_problems(path: Path) -> list[str]:
    """Why `path` cannot serve as a face of the theme: not TrueType/OpenType, or missing French characters."""
    return list(_font_verdict(str(path.resolve()), file_digest(path)))


@functools.lru_cache(maxsize=64)
def _font_verdict(path: str, _digest: bytes) -> tuple[str, ...]:
    with open(path, "rb") as handle:
        signature = handle.read(4)
    if signature not in _SFNT:
        return ("ce n'est pas une police TrueType ou OpenType (.ttf, .otf)",)
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, lazy=True) as font:
            cmap = font.getBestCmap() or {}
    except Exception as exc:  # any parse failure means the same thing to the team: an unusable file
        return (f"police illisible ({type(exc).__name__}) : remplacez le fichier",)
    missing = [_NAMES.get(c, f"« {c} »") for c in FRENCH_CHARACTERS if ord(c) not in cmap]
    if missing:
        return (f"la police n'a pas les caractères nécessaires au français : {', '.join(missing)}",)
    return ()


def logo_problems(path: Path) -> list[str]:
    """Why `path` cannot be the logo: not an SVG, or holding a script, event handlers or external references."""
    return list(_logo_verdict(str(path.resolve()), file_digest(path)))


@functools.lru_cache(maxsize=16)
def _logo_verdict(path: str, _digest: bytes) -> tuple[str, ...]:
    from lxml import etree

    data = Path(path).read_bytes()
    if len(data) > MAX_LOGO:
        return (f"logo trop volumineux ({len(data)} octets, maximum {MAX_LOGO})",)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return (f"le logo n'est pas un SVG lisible (XML mal formé, ligne {exc.lineno})",)
    if root.getroottree().docinfo.internalDTD is not None:
        return ("le logo déclare un DOCTYPE ou des entités : retirez-les",)
    if root.tag != f"{SVG}svg":
        return ("le logo n'est pas un SVG (élément racine <svg> de l'espace de noms SVG attendu)",)
    found: dict[str, None] = {}  # ordered and without repeats
    for element in root.iter():
        if not isinstance(element.tag, str):
            if isinstance(element, etree._Entity):
                found["entité XML interdite"] = None
            continue
        name = etree.QName(element).localname.lower()
        if name in ("script", "foreignobject"):
            found[f"élément <{etree.QName(element).localname}> interdit dans le logo"] = None
        if name == "style":
            found.update(dict.fromkeys(_css_problems(element.text or "")))
        for attribute, value in element.attrib.items():
            local = etree.QName(attribute).localname.lower()
            if local.startswith("on"):
                found[f"gestionnaire d'événement « {etree.QName(attribute).localname} » interdit dans le logo"] = None
            elif local == "href" and not value.strip().startswith("#"):
                found[f"référence externe « {value[:60]} » interdite dans le logo (seules les « #… » internes)"] = None
            else:
                found.update(dict.fromkeys(_css_problems(value)))
    return tuple(found)


def _css_problems(css: str) -> list[str]:
    problems = [f"référence externe « url({target[:60]}) » interdite dans le logo"
                for target in _CSS_URL.findall(css) if not target.startswith("#")]  # fmt: skip
    if "@import" in css.lower():
        problems.append("« @import » interdit dans le logo")
    return problems


_JINJA_MESSAGES = (
    (re.compile(r"expected an expression, got '(.+)'", re.I), "une expression est attendue à la place de {0}"),
    (re.compile(r"unexpected end of template.*?looking for the following tags: (.+?)\.", re.I | re.S),
     "le modèle s'arrête avant la balise de fin attendue, « {0} »"),
    (re.compile(r"unexpected end of template", re.I), "le modèle s'arrête au milieu d'une balise ou d'un bloc"),
    (re.compile(r"encountered unknown tag '(.+?)'", re.I), "balise inconnue « {0} »"),
    (re.compile(r"unexpected '(.+?)'", re.I), "« {0} » inattendu à cet endroit"),
    (re.compile(r"expected token '(.+?)', got '(.+?)'", re.I), "« {0} » attendu à la place de {1}"),
)  # fmt: skip


def jinja_problems(project: Project) -> list[Problem]:
    """Every Jinja template of templates/ parses: a syntax error is a located French error before any build,
    instead of a failed render."""
    import jinja2

    from .rendering import environment

    env, problems = environment(project.templates), []
    for path in sorted(project.templates.rglob("*.j2")):
        label = label_for(path)
        try:
            env.parse(path.read_text(encoding="utf-8"), path.name, str(path))
        except UnicodeDecodeError:
            problems.append(Problem(Location(label), "modèle illisible : ce n'est pas du texte UTF-8"))
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(Location(label, exc.lineno or 1, 1), f"modèle invalide : {_jinja_message(exc)}"))
    return problems


_JINJA_TOKENS = {
    "end of statement block": "la fin de balise « %} »",
    "end of print statement": "la fin d'expression « }} »",
    "end of template": "la fin du modèle",
}


def _jinja_message(exc: Exception) -> str:
    message = str(getattr(exc, "message", "") or exc)
    for pattern, french in _JINJA_MESSAGES:
        found = pattern.search(message)
        if found:
            groups = (_JINJA_TOKENS.get(g, g.replace("'", "").replace(" or ", " ou ")) for g in found.groups())
            return french.format(*groups)
    return f"erreur de syntaxe Jinja ({message})"


def template_problems(project: Project) -> list[Problem]:
    """The Word and ODF references and the slide masters: readable, holding every style, layout and placeholder
    used; and every Jinja template parses."""
    from .odf.master import MASTER
    from .odf.writer import REFERENCE
    from .references import deck, word

    problems = []
    for relative, module, check in ((word.REFERENCE, "word", _word), (deck.REFERENCE, "deck", _deck),
                                    (REFERENCE, "odf", _odt), (MASTER, "odp", _odp)):  # fmt: skip
        path = project.templates / relative
        label, fix = label_for(path), f"régénérez-le : {shlex.quote(sys.executable)} -m territoire.references.{module}"
        if outside(path, project.templates):
            problems.append(Problem(Location(label), f"fichier refusé, hors du dossier templates/ ; {fix}"))
        elif not path.is_file():
            problems.append(Problem(Location(label), f"fichier manquant ; {fix}"))
        else:
            problems += [Problem(Location(label), f"{m} ; {fix}") for m in check(str(path), file_digest(path))]
    return problems + jinja_problems(project)


@functools.lru_cache(maxsize=8)
def _word(path: str, _digest: bytes) -> tuple[str, ...]:
    from .references.word import STYLES

    try:
        with zipfile.ZipFile(path) as archive:
            document = _related(archive, "", "/officeDocument")[0]
            styles = _xml(archive, _related(archive, document, "/styles")[0])
    except (zipfile.BadZipFile, KeyError, IndexError, ValueError, OSError):
        return ("ce n'est pas un document Word (.docx) lisible",)
    names = {name.casefold() for name in styles.xpath("//*[local-name()='style']/*[local-name()='name']/@*")}
    missing = [f"« {name} »" for name in STYLES if name.casefold() not in names]
    return (f"style(s) manquant(s) : {', '.join(missing)} (gardez leurs noms dans Word)",) if missing else ()


@functools.lru_cache(maxsize=8)
def _odt(path: str, _digest: bytes) -> tuple[str, ...]:
    from .odf.check import reference_problems

    return reference_problems(path, _xml)


@functools.lru_cache(maxsize=8)
def _odp(path: str, _digest: bytes) -> tuple[str, ...]:
    from .odf.check import master_problems

    return master_problems(path)


@functools.lru_cache(maxsize=8)
def _deck(path: str, _digest: bytes) -> tuple[str, ...]:
    from .deck.package import MASTER_KIND as _MASTER_KIND
    from .references.deck import PLACEHOLDERS

    layouts: dict[str, dict[int, bool]] = {}  # layout -> placeholder index -> has a position and size
    try:
        with zipfile.ZipFile(path) as archive:
            presentation = _related(archive, "", "/officeDocument")[0]
            for master in _related(archive, presentation, "/slideMaster"):
                placed = {kind for kind, sized in _placeholders(_xml(archive, master)) if sized}
                for part in _related(archive, master, "/slideLayout"):
                    layout = _xml(archive, part)
                    name = "".join(layout.xpath("/*/*[local-name()='cSld']/@name"))
                    layouts[name] = {
                        int(ph.get("idx", "0")): sized or _MASTER_KIND.get(kind, kind) in placed
                        for ph, kind, sized in _placeholder_elements(layout)
                    }
    except (zipfile.BadZipFile, KeyError, IndexError, ValueError, OSError):
        return ("ce n'est pas une présentation PowerPoint (.pptx) lisible",)
    problems = missing_placeholders(layouts, "disposition", "dispositions")
    for layout, wanted in PLACEHOLDERS.items():
        unsized = [f"« {name} »" for i, name in wanted.items() if layouts.get(layout, {}).get(i) is False]
        if unsized:
            problems.append(f"disposition « {layout} » : emplacement(s) {', '.join(unsized)} sans position ni taille")
    return tuple(problems)


def _placeholder_elements(part: Any, default: str = "obj") -> list[tuple[Any, str, bool]]:
    """(p:ph, its type, whether its shape has a position and size) for each placeholder shape of a part
    (an untyped placeholder is « obj » on a layout, « body » on the master, as deck.package reads them)."""
    found = []
    for shape in part.xpath("//*[local-name()='sp']"):
        for ph in shape.xpath("./*[local-name()='nvSpPr']/*[local-name()='nvPr']/*[local-name()='ph']"):
            sized = bool(shape.xpath("./*[local-name()='spPr']/*[local-name()='xfrm']"))
            found.append((ph, ph.get("type", default), sized))
    return found


def _placeholders(part: Any) -> list[tuple[str, bool]]:
    return [(kind, sized) for _ph, kind, sized in _placeholder_elements(part, "body")]


def _xml(archive: zipfile.ZipFile, member: str) -> Any:
    """One part of an Office package, parsed without entities, DTDs or network, and of bounded size."""
    from lxml import etree

    if archive.getinfo(member).file_size > MAX_PART:
        raise ValueError(member)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        return etree.fromstring(archive.read(member), parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(member) from exc


def _related(archive: zipfile.ZipFile, source: str, kind: str) -> list[str]:
    """The parts `source` (« » for the package) relates to with a relationship type ending in `kind`."""
    folder, name = posixpath.split(source)
    rels = _xml(archive, posixpath.join(folder, "_rels", f"{name}.rels"))
    targets = [r.get("Target", "") for r in rels if r.get("Type", "").endswith(kind)]
    return [t.lstrip("/") if t.startswith("/") else posixpath.normpath(posixpath.join(folder, t)) for t in targets]


def missing_placeholders(found: Mapping[str, Container[int]], noun: str, nouns: str) -> list[str]:
    """The deck's layouts (`noun`: « disposition », « page maîtresse ») or placeholders missing from a master:
    one check for the PPTX and the ODP masters, against the one list the deck declares (PLACEHOLDERS)."""
    from .references.deck import PLACEHOLDERS

    problems = []
    for layout, wanted in PLACEHOLDERS.items():
        if layout not in found:
            problems.append(f"{noun} « {layout} » manquante (gardez les noms des {nouns})")
            continue
        absent = [f"« {name} »" for i, name in wanted.items() if i not in found[layout]]
        if absent:
            problems.append(f"{noun} « {layout} » : emplacement(s) {', '.join(absent)} manquant(s)")
    return problems
