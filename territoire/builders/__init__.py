"""Builders: one module per output, registered by name (like Sphinx's builder registry)."""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from ..errors import UserError
from ..project import Project
from ..theme import Theme

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..model import Plan


Rendered = bytes | dict[str, bytes]
"""What a builder renders: one file's bytes, or a folder's files by relative path."""


@dataclass(frozen=True, slots=True)
class BuildContext:
    """Everything a builder may use: the finished model, the theme, the folders, the stamped date."""

    plan: Plan
    theme: Theme
    project: Project
    when: dt.datetime
    outputs: dict[str, Path] = field(default_factory=dict)
    """For a `late` builder: the other outputs already in the output folder, by target name."""


class Builder:
    """Base class. A builder turns the model into the bytes of one file; the engine writes it atomically."""

    name: ClassVar[str]
    """Target name on the command line."""
    description: ClassVar[str]
    """One French line shown by `build.py --help`."""
    filename: ClassVar[str] = ""
    """Output file name, unless output_name() computes it from the content."""
    templates: ClassVar[tuple[str, ...]] = ()
    """Glob patterns under templates/ this output depends on."""
    assets: ClassVar[tuple[str, ...]] = ("theme.yaml",)
    """Glob patterns under assets/ this output depends on."""
    heavy: ClassVar[bool] = False
    """True when rendering is slow enough to deserve its own process."""
    critical: ClassVar[bool] = False
    """True for the longest renders of a build (the PDFs): the other renders' processes yield the CPU to
    theirs, which sets how long a build takes (territoire/workers.py)."""
    on_request: ClassVar[bool] = False
    """True when only a command that names it builds it (the printer's files), never a plain `build.py`."""

    folder: ClassVar[bool] = False
    """True when render() returns a folder's files ({relative path: bytes}), written and swapped in whole."""
    late: ClassVar[bool] = False
    """True when the output presents the others (a site linking to the documents): it is built after them, and
    rebuilt whenever one of them changes."""

    warm_imports: ClassVar[tuple[str, ...]] = ()
    """Heavy modules the builder imports lazily; watch mode imports them once, up front."""

    def output_name(self, plan: Plan) -> str:
        return self.filename

    def prepare(self, ctx: BuildContext) -> None:
        """In watch mode, the work of this render that others of its group may share (the PDFs lay out their
        chapters, the programme pages among them), done and kept in the group's warm worker before its renders
        (territoire/workers.py); the render itself then finds it done and only writes."""

    def warm_up(self, ctx: BuildContext) -> None:
        """In a one-shot build, before the process of this render's group forks the others: the start of its
        work that they can use too (the PDFs lay out a first chapter, which loads the stylesheet and fonts)."""

    def hand_over(self, ctx: BuildContext) -> bytes:
        """In a one-shot build, in the process forked for this render, before it renders: work it does for the
        first render of its group, as bytes (b"": none; the PDFs: the programme's chapters, laid out)."""
        return b""

    def take_over(self, ctx: BuildContext, handed: list[Callable[[], bytes]]) -> None:
        """In a one-shot build, for the first render of a group, before it renders: each of `handed` reads what
        one of the others hands over (waiting until it does), when this render needs it."""

    def warm_key(self, ctx: BuildContext) -> str:
        """What a process cannot take in again once this render has used it: when it changes, watch mode
        replaces the warm worker of this render's group (territoire/workers.py)."""
        return ""

    def render(self, ctx: BuildContext) -> Rendered:
        raise NotImplementedError


_REGISTRY: dict[str, type[Builder]] = {}


def register(cls: type[Builder]) -> type[Builder]:
    """Class decorator adding a builder to the registry; two builders may not share a name."""
    if cls.name in _REGISTRY and _REGISTRY[cls.name] is not cls:
        raise RuntimeError(f"builder name {cls.name!r} registered twice")
    _REGISTRY[cls.name] = cls
    return cls


@functools.cache
def _discover() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


def registry() -> dict[str, type[Builder]]:
    """Every builder, discovered from this package's modules (a new output is one new module)."""
    _discover()
    return dict(sorted(_REGISTRY.items()))


def select(names: list[str]) -> list[type[Builder]]:
    known = registry()
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UserError(
            f"cible inconnue : {', '.join(unknown)}. Cibles possibles : {', '.join(known)} "
            "(python3 build.py --help décrit chacune)."
        )
    return [known[n] for n in names] if names else [b for b in known.values() if not b.on_request]
