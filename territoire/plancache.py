"""The validated, typeset plan, cached by the hash of the content and of the code that reads it."""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .project import Project, content_files, file_digest
from .theme import Theme, load_theme

if TYPE_CHECKING:
    from .model import Plan

_READERS = (
    "loader.py",
    "reader.py",
    "schema.py",
    "model.py",
    "typography.py",
    "yamlsource.py",
    "plancache.py",
    "statement.py",
)
_PACKAGE = Path(__file__).resolve().parent
T = TypeVar("T")


def _key(project: Project) -> str:
    h = hashlib.sha256(sys.version.encode())
    for path in [*(_PACKAGE / name for name in _READERS), *content_files(project.content)]:
        h.update(path.name.encode() + b"\0" + file_digest(path))
    return h.hexdigest()[:32]


def _memo(
    project: Project, kind: str, key: str, compute: Callable[[], T], usable: Callable[[T], bool], store: bool = True
) -> T:
    """Return the pickled result for `key` if usable, else compute it (and keep it unless store is False)."""
    cache = project.cache / f"{kind}-{key}.pickle"
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        value = pickle.loads(cache.read_bytes())
        if usable(value):
            return value
    value = compute()
    if store:
        from .atomic import write_cache

        write_cache(cache, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), f"{kind}-*.pickle")
    return value


def typeset_plan(project: Project, store: bool = True) -> Plan:
    """Load, validate and typeset the content; reuse the result while nothing it depends on has changed.

    Only a plan that passed validation is ever cached, so a cache hit also means « content is valid ».
    Validation errors (ContentError) are raised as usual. `store=False` never writes (for `check`).
    """

    def compute() -> Plan:
        from .loader import load_plan  # PyYAML and the validator load only when the content changed
        from .typography import typeset

        return typeset(load_plan(project.content))

    def usable(value: object) -> bool:
        from .model import Plan  # already imported by unpickling a plan

        return isinstance(value, Plan)

    return _memo(project, "plan", _key(project), compute, usable, store)


def cached_theme(project: Project) -> Theme:
    """The theme, re-read (with PyYAML) only when assets/theme.yaml changes."""
    source = project.assets / "theme.yaml"
    key = hashlib.sha256(source.read_bytes() + str(project.assets.resolve()).encode()).hexdigest()[:24]

    def usable(value: object) -> bool:
        return isinstance(value, Theme) and all(p.is_file() for p in (*value.fonts.values(), value.logo))

    return _memo(project, "theme", key, lambda: load_theme(project.assets), usable)
