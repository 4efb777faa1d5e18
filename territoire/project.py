"""Where things are: the folders of one project (content, templates, assets, output)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .model import Plan


ROOT = Path(__file__).resolve().parent.parent
"""The checkout this package runs from (build.py's folder), when it is not installed as a wheel."""
TOP_FILES = ("projet.yaml", "demarche.yaml", "ambition.yaml", "accessibilite.yaml")


def content_files(content_dir: Path) -> list[Path]:
    """Every YAML file that makes up the plan, in a stable order."""
    files = [content_dir / name for name in TOP_FILES]
    return files + sorted((content_dir / "axes").glob("*.yaml"))


def file_digest(path: Path) -> bytes:
    """SHA-256 of a file (or a marker when it is absent), read once per process while it is unchanged: the
    output hashes and the plan cache's key share it."""
    try:
        stat = path.stat()
    except OSError:
        return b"<absent>"
    return _cached_digest(str(path), stat.st_mtime_ns, stat.st_size)


def files_digest(paths: Iterable[Path]) -> str:
    """Hash of the contents of `paths`, in order."""
    return hashlib.sha256(b"".join(file_digest(path) for path in paths)).hexdigest()


@functools.lru_cache(maxsize=4096)
def _cached_digest(path: str, mtime_ns: int, size: int) -> bytes:
    return hashlib.sha256(Path(path).read_bytes()).digest()


def packaged(folder: str) -> Path:
    """The default templates/ or assets/: shipped inside the installed package (pyproject.toml maps the
    repository's folders there), or the checkout's own folder when running from it (build.py, editable install)."""
    from importlib import resources  # a checkout, which has its own folders, never needs it

    shipped = resources.files(__package__) / folder
    if isinstance(shipped, Path) and shipped.is_dir():
        return shipped
    return ROOT / folder


@dataclass(frozen=True, slots=True)
class Project:
    """The real folders one build reads (content, templates, assets) and writes (output)."""

    content: Path
    templates: Path
    assets: Path
    output: Path

    @classmethod
    def at(cls, root: Path | None = None, content: Path | None = None, output: Path | None = None) -> Project:
        """The project in folder `root` (the current folder by default): its content/ and output/, and its own
        templates/ and assets/ where it has them, else the packaged defaults."""
        root = Path.cwd() if root is None else root
        templates, assets = (
            root / name if (root / name).is_dir() else packaged(name) for name in ("templates", "assets")
        )
        return cls(content or root / "content", templates, assets, output or root / "output")

    @property
    def cache(self) -> Path:
        """output/.cache: what builds keep to go faster next time (never an output, safe to delete)."""
        return self.output / ".cache"


def build_time(plan: Plan) -> dt.datetime:
    """The date stamped in outputs: SOURCE_DATE_EPOCH when set, else the edition date of the content."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    day = plan.document.date.first_day
    return dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=dt.UTC)
