"""The validated, typeset plan, cached by the hash of the content and of the code that reads it."""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import sys
from pathlib import Path

from .model import Plan
from .project import Project, content_files
from .theme import Theme, load_theme
from .typography import typeset

_READERS = ("loader.py", "reader.py", "schema.py", "model.py", "typography.py", "yamlsource.py", "plancache.py")
_PACKAGE = Path(__file__).resolve().parent


def _key(project: Project) -> str:
    h = hashlib.sha256(sys.version.encode())
    for path in [*(_PACKAGE / name for name in _READERS), *content_files(project.content)]:
        h.update(path.name.encode() + b"\0")
        h.update(path.read_bytes() if path.is_file() else b"<absent>")
    return h.hexdigest()[:32]


def typeset_plan(project: Project, store: bool = True) -> Plan:
    """Load, validate and typeset the content; reuse the result while nothing it depends on has changed.

    Only a plan that passed validation is ever cached, so a cache hit also means « content is valid ».
    Validation errors (ContentError) are raised as usual. `store=False` never writes (for `check`).
    """
    cache = project.output / ".cache" / f"plan-{_key(project)}.pickle"
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        plan = pickle.loads(cache.read_bytes())
        if isinstance(plan, Plan):
            return plan
    from .loader import load_plan  # PyYAML and the validator load only when the content changed

    plan = typeset(load_plan(project.content))
    if not store:
        return plan
    with contextlib.suppress(OSError):
        from .engine import write_atomic

        for old in cache.parent.glob("plan-*.pickle"):
            old.unlink()
        write_atomic(cache, pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL))
    return plan


def cached_theme(project: Project) -> Theme:
    """The theme, re-read (with PyYAML) only when assets/theme.yaml changes."""
    source = project.assets / "theme.yaml"
    key = hashlib.sha256(source.read_bytes() + str(project.assets.resolve()).encode()).hexdigest()[:24]
    cache = project.output / ".cache" / f"theme-{key}.pickle"
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        theme = pickle.loads(cache.read_bytes())
        if isinstance(theme, Theme) and all(p.is_file() for p in (*theme.fonts.values(), theme.logo)):
            return theme
    theme = load_theme(project.assets)
    with contextlib.suppress(OSError):
        from .engine import write_atomic

        for old in cache.parent.glob("theme-*.pickle"):
            old.unlink()
        write_atomic(cache, pickle.dumps(theme, protocol=pickle.HIGHEST_PROTOCOL))
    return theme
