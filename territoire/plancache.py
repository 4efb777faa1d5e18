"""The validated, typeset plan, cached by the hash of the content and of the code that reads it."""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .errors import ContentError, Problem
from .project import Project, content_files, file_digest
from .theme import Theme, load_theme

if TYPE_CHECKING:
    from .model import Plan

_THEME_CODE = ("theme.py", "assetcheck.py", "confined.py", "reader.py", "schema.py", "yamlsource.py")
_TEMPLATE_CODE = ("assetcheck.py", "references/word.py", "references/deck.py", "deck/package.py")
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


Deferred = list[Callable[[], None]]
"""Cache writes held back until the caller knows they are wanted (validated: only once everything is valid)."""


def _memo(
    project: Project,
    kind: str,
    key: str,
    compute: Callable[[], T],
    usable: Callable[[T], bool],
    store: bool | Deferred = True,
) -> T:
    """Return the pickled result for `key` if usable, else compute it and keep it (unless store is False;
    when store is a list, the write is appended to it instead of done)."""
    cache = project.cache / f"{kind}-{key}.pickle"
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        value = pickle.loads(cache.read_bytes())
        if usable(value):
            return value
    value = compute()
    if store is not False:
        from .atomic import write_cache

        def write() -> None:
            write_cache(cache, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), f"{kind}-*.pickle")

        store.append(write) if isinstance(store, list) else write()
    return value


def typeset_plan(project: Project, store: bool | Deferred = True) -> Plan:
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


def _files_key(folder: Path, *parts: Path) -> str:
    h = hashlib.sha256(sys.version.encode() + str(folder.resolve()).encode())
    for path in parts:
        h.update(str(path).encode() + b"\0" + file_digest(path))
    return h.hexdigest()[:32]


def cached_theme(project: Project, store: bool | Deferred = True) -> Theme:
    """The checked theme (fonts and logo included), re-read only when a file of assets/ or its checker changes."""
    assets = sorted(p for p in project.assets.rglob("*") if p.is_file()) if project.assets.is_dir() else []
    key = _files_key(project.assets, *(_PACKAGE / name for name in _THEME_CODE), *assets)

    def usable(value: object) -> bool:
        return isinstance(value, Theme) and all(p.is_file() for p in (*value.fonts.values(), value.logo))

    return _memo(project, "theme", key, lambda: load_theme(project.assets), usable, store)


def checked_templates(project: Project, store: bool | Deferred = True) -> None:
    """Raise ContentError unless the Word reference and the slide master hold all the builders use."""
    from .references import deck, word

    files = [project.templates / r for r in (word.REFERENCE, deck.REFERENCE)]
    files += sorted(project.templates.rglob("*.j2"))  # the Jinja templates' syntax is checked too
    key = _files_key(project.templates, *files, *(_PACKAGE / name for name in _TEMPLATE_CODE))

    def compute() -> bool:
        from .assetcheck import template_problems

        problems = template_problems(project)
        if problems:
            raise ContentError(problems)
        return True

    _memo(project, "templates", key, compute, lambda value: value is True, store)


def validated(project: Project, store: bool = True) -> tuple[Plan, Theme]:
    """The typeset plan and the theme once content, theme, fonts, logo and Office templates are all checked:
    otherwise one ContentError with every problem of all of them, and output/.cache left as it was."""
    problems: list[Problem] = []
    deferred: Deferred = []
    plan = theme = None
    try:
        plan = typeset_plan(project, deferred if store else False)
    except ContentError as exc:
        problems += exc.problems
    content = len(problems)
    try:
        theme = cached_theme(project, deferred if store else False)
    except ContentError as exc:
        problems += exc.problems
    try:
        checked_templates(project, deferred if store else False)
    except ContentError as exc:
        problems += exc.problems
    if problems or plan is None or theme is None:
        raise ContentError(problems, "dans le contenu" if len(problems) == content else "dans les fichiers du projet")
    for write in deferred:
        write()
    return plan, theme
