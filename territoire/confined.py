"""The one way to open a file of templates/ or assets/: a path that leaves its folder (« .. », symlinks) is refused.

Jinja2's FileSystemLoader already holds template names to the same rule; every other file (the PDF's resources,
the logo, the fonts, the Office templates) goes through `inside`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UserError

if TYPE_CHECKING:
    from .project import Project


class Refused(UserError):
    """A file asked for outside the folders it must come from."""


def label_for(path: Path) -> str:
    """The path as the user should see it in messages (relative to the current folder when possible)."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def outside(path: Path, *roots: Path) -> bool:
    """True when `path`, once « .. » and symlinks are resolved, lies in none of `roots`."""
    resolved = path.resolve()
    return not any(resolved.is_relative_to(root.resolve()) for root in roots)


def inside(path: Path, *roots: Path) -> Path:
    """`path` resolved, if it lies in one of `roots`; otherwise a French error naming the folders."""
    if outside(path, *roots):
        folders = " ou ".join(f"{root.name}/" for root in roots)
        raise Refused(f"fichier refusé, hors du dossier {folders} : {label_for(path)} (→ {path.resolve()})")
    return path.resolve()


def read_bytes(path: Path, *roots: Path) -> bytes:
    """The bytes of `path`, which must lie in one of `roots`."""
    return inside(path, *roots).read_bytes()


def template(project: Project, relative: str | Path) -> Path:
    """A file of templates/ (the Word reference, the slide master…), confined to templates/."""
    return inside(project.templates / relative, project.templates)
