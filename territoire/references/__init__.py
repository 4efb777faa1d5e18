"""Generators of the reference documents committed in templates/ (Word styles, slide master)."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from pathlib import Path

from ..theme import Theme


def regenerate(relative: str, build: Callable[[Theme], bytes], argv: list[str]) -> int:
    """Write the project's templates/`relative` (or the path given on the command line) from its theme.

    The project is the current folder's, as for the `territoire` command: its own templates/ and assets/, else
    the packaged defaults (the checkout's own folders when running from it).
    """
    from ..atomic import write_atomic
    from ..errors import ContentError
    from ..project import Project
    from ..theme import load_theme

    project = Project.at()
    if not argv and project.templates != Path.cwd() / "templates":
        print(f"Erreur : ce dossier n'a pas de templates/ : les modèles sont ceux livrés avec le paquet "
              f"({project.templates}), partagés par tous les projets, et ne sont pas réécrits d'ici. Copiez-les "
              f"dans ce projet (cp -r {shlex.quote(str(project.templates))} templates) puis relancez, ou donnez "
              "le fichier à écrire.", file=sys.stderr)  # fmt: skip
        return 1
    target = Path(argv[0]) if argv else project.templates / relative
    try:
        theme = load_theme(project.assets)
    except ContentError as exc:  # the theme is checked like the content: the same report, no traceback
        print(exc.report(), file=sys.stderr)
        return 1
    data = build(theme)
    write_atomic(target, data)
    print(f"{target} régénéré ({len(data) // 1024} Ko).")
    return 0
