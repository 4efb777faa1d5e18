"""Which returned files to read, and reading each one on its own: a bad file never stops the others."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ..model import Plan
from ..wordmarks import PROPERTY_EDITION, PROPERTY_FINGERPRINT
from .docx import read_docx
from .locate import Index, remarks
from .odt import read_odt
from .remarks import Extract, Remark, ReturnError

READERS: dict[str, Callable[[Path, str], Extract]] = {".docx": read_docx, ".odt": read_odt}
_OTHER_FORMATS = {  # what partners also send, and what to ask them for
    ".doc": " (ancien format Word : ouvrez-le et enregistrez-le en .docx)",
    ".rtf": " (ouvrez-le et enregistrez-le en .docx : le format RTF perd les signets des identifiants)",
    ".pdf": " (les annotations d'un PDF ne sont pas relues : demandez la version Word annotée)",
}
_IGNORED = ("~$", ".~lock", ".")  # Word's owner files, LibreOffice's lock files, hidden files


def label_of(path: Path) -> str:
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def returned_files(arguments: list[Path]) -> tuple[list[Path], list[str]]:
    """The files named, or found in the folders named (sorted), and the French problems met on the way."""
    files, problems = [], []
    for argument in arguments:
        if argument.is_dir():
            found = sorted(p for p in argument.rglob("*") if p.is_file() and not p.name.startswith(_IGNORED))
            if not found:
                problems.append(f"{label_of(argument)} : dossier vide (déposez-y les fichiers .docx ou .odt reçus)")
            files += found
        elif argument.is_file():
            files.append(argument)
        else:
            problems.append(f"{label_of(argument)} : fichier ou dossier introuvable")
    return files, problems


def read_returns(
    plan: Plan, files: list[Path], fingerprint: str = "", notices: list[str] | None = None
) -> tuple[list[Remark], list[str], int]:
    """Remarks of every readable file (in plan order), problems of the others, count of files read.

    With the current content's `fingerprint`, a file made from another version of it adds a notice."""
    index = Index.of(plan)
    found: list[Remark] = []
    problems: list[str] = []
    read = 0
    for path in files:
        label = label_of(path)
        reader = READERS.get(path.suffix.casefold())
        if reader is None:
            hint = _OTHER_FORMATS.get(path.suffix.casefold(), "")
            problems.append(f"{label} : ni .docx ni .odt, fichier ignoré{hint}")
            continue
        try:
            extract = reader(path, label)
            own = remarks(extract, index, path, label)
            found += own
            read += 1
            if not own and notices is not None:
                notices.append(f"{label} : aucune remarque (ni commentaire ni modification suivie) ; un texte modifié "
                               "sans le suivi des modifications n'apparaît pas ici")  # fmt: skip
            sent = extract.properties.get(PROPERTY_FINGERPRINT, "")
            if fingerprint and sent and sent != fingerprint and notices is not None:
                edition = extract.properties.get(PROPERTY_EDITION, "?")
                notices.append(f"{label} : fait depuis une autre version du contenu (édition « {edition} ») ; "
                               "les textes modifiés depuis seront signalés en conflit")  # fmt: skip
        except ReturnError as exc:
            problems.append(str(exc))
        except Exception as exc:  # hostile or broken input must never end in a traceback
            problems.append(f"{label} : fichier illisible ({type(exc).__name__} : {exc})")
    found.sort(key=lambda r: (r.order, r.fichier))
    return found, problems, read
