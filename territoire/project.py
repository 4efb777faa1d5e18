"""Where things are: the folders of one project (content, templates, assets, output)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Plan


ROOT = Path(__file__).resolve().parent.parent
TOP_FILES = ("projet.yaml", "demarche.yaml", "ambition.yaml")


def content_files(content_dir: Path) -> list[Path]:
    """Every YAML file that makes up the plan, in a stable order."""
    files = [content_dir / name for name in TOP_FILES]
    return files + sorted((content_dir / "axes").glob("*.yaml"))


@dataclass(frozen=True, slots=True)
class Project:
    content: Path
    templates: Path
    assets: Path
    output: Path

    @classmethod
    def at(cls, root: Path = ROOT, content: Path | None = None, output: Path | None = None) -> Project:
        return cls(content or root / "content", root / "templates", root / "assets", output or root / "output")


def build_time(plan: Plan) -> dt.datetime:
    """The date stamped in outputs: SOURCE_DATE_EPOCH when set, else the edition date of the content."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    day = plan.document.date.first_day
    return dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=dt.UTC)
