"""`build.py check` for the ODF references the team may restyle in LibreOffice: templates/odf/reference.odt
(the styles, sample table and page furniture the ODT builder asks for) and templates/odf/master.odp (the
layouts and placeholders the ODP builder fills). Messages are French, as in territoire/assetcheck.py."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

STYLES = (
    "Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Partie", "Sous-partie", "Couverture",
    "Mise en avant", "List Bullet", "List Bullet 2", "Liste cellule", "Sous-groupe", "Cellule", "Cellule titre",
    "En-tête de tableau", "TOC Heading", "Contents 1", "Contents 2", "Identifiant action", "Fort",
    "Puces", "Puces 2",
)  # fmt: skip
"""Styles (and list styles) the ODT builder looks up by their LibreOffice names (builders/odt.py, odf/writer.py)."""


def reference_problems(path: str, read: Any) -> tuple[str, ...]:
    """Why `path` cannot be the ODT reference; `read(archive, member)` parses one bounded XML part."""
    from .writer import SAMPLE_TABLE

    try:
        with zipfile.ZipFile(path) as archive:
            styles, content = read(archive, "styles.xml"), read(archive, "content.xml")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return ("ce n'est pas un document texte OpenDocument (.odt) lisible",)
    names = {
        n.casefold()
        for n in styles.xpath(
            "//*[local-name()='style' or local-name()='list-style']"
            "/@*[local-name()='name' or local-name()='display-name']"
        )
    }
    problems = []
    missing = [f"« {name} »" for name in STYLES if name.casefold() not in names]
    if missing:
        problems.append(f"style(s) manquant(s) : {', '.join(missing)} (gardez leurs noms dans LibreOffice)")
    if not content.xpath(f"//*[local-name()='table'][@*[local-name()='name']='{SAMPLE_TABLE}']"):
        problems.append(f"tableau d'exemple « {SAMPLE_TABLE} » manquant")
    standard = styles.xpath("//*[local-name()='master-page'][@*[local-name()='name']='Standard']")
    for kind, label in (("header", "d'en-tête"), ("footer", "de pied de page")):
        if not standard or not standard[0].xpath(f"*[local-name()='{kind}']/*[local-name()='p']"):
            problems.append(f"la page type « Standard » n'a pas {label}")
    return tuple(problems)


def master_problems(path: str) -> tuple[str, ...]:
    """Why `path` cannot be the ODP master: every layout of the PPTX master, with its placeholders."""
    from lxml import etree

    from ..assetcheck import missing_placeholders
    from ..errors import UserError
    from .master import read_master

    try:
        slots = read_master(Path(path))[0]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, etree.XMLSyntaxError, UserError):
        return ("ce n'est pas une présentation OpenDocument (.odp) lisible",)
    return tuple(missing_placeholders(slots, "page maîtresse", "pages maîtresses"))
