"""User mistakes (ContentError, with located French messages) as opposed to bugs (tracebacks)."""

from __future__ import annotations

import errno
from dataclasses import dataclass

_OS_REASONS = {
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EISDIR: "un dossier porte déjà ce nom",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EDQUOT: "quota de disque dépassé",
}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in French when the cause is a common one."""
    return _OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a source file, 1-based like editors show it."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


@dataclass(frozen=True, slots=True)
class Problem:
    """One mistake: where it is in the file, where it is in the plan, and what is wrong."""

    location: Location
    message: str
    place: str = ""

    def __str__(self) -> str:
        where = f"{self.place} : " if self.place else ""
        return f"{self.location} — {where}{self.message}"

    def sort_key(self) -> tuple[str, int, int]:
        return (self.location.file, self.location.line, self.location.column)


class ContentError(Exception):
    """Raised with every problem found in the content; shown without traceback."""

    def __init__(self, problems: list[Problem], where: str = "dans le contenu") -> None:
        self.problems = sorted(problems, key=Problem.sort_key)
        self.where = where
        super().__init__("\n".join(str(p) for p in self.problems))

    def report(self) -> str:
        count = len(self.problems)
        plural = "s" if count > 1 else ""
        lines = [f"{count} erreur{plural} {self.where} :"]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)


class UserError(Exception):
    """A mistake in how the command was used (unknown target, locked output...): French message, no traceback."""
