"""Watch mode: rebuild what changed whenever a content, template or asset file is saved."""

from __future__ import annotations

import signal
import sys
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from . import nativelibs
from .builders import select
from .errors import ContentError
from .preview import Preview
from .project import Project

_KEEP_WATCHING = "Les documents précédents sont conservés. Corrigez puis enregistrez : la surveillance continue."

if TYPE_CHECKING:
    from .cli import Report


def _warm(targets: list[str]) -> None:
    """Import every renderer once, before worker processes fork, so an edit never pays an import again."""
    for builder in select(targets):
        for module in builder.warm_imports:
            nativelibs.load(module)


def _quiet_site(report: Report, preview: Preview | None):  # type: ignore[no-untyped-def]
    """The report, minus the site's « à jour » line when the preview has just built it."""
    if preview is None:
        return report
    return lambda outcome: None if outcome.name == "site" and outcome.status == "à jour" else report(outcome)


def _rebuild(engine, targets: list[str], report: Report, preview: Preview | None = None) -> None:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    report.failures = 0
    try:
        outcomes = []
        if preview is not None:  # the site first, in a fraction of a second; the documents follow
            outcomes = engine.build(["site"], on_outcome=report)
            preview.published()
        if targets != ["site"] or preview is None:
            outcomes += engine.build(targets, on_outcome=_quiet_site(report, preview))
            if preview is not None:  # the download page, when a document's size changed
                preview.published()
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        print(_KEEP_WATCHING, file=sys.stderr)
        if preview is not None:
            preview.failed(exc.report())
        return
    except Exception as exc:  # a bug, or a template saved half-edited: show it and keep watching
        traceback.print_exc()
        print(_KEEP_WATCHING, file=sys.stderr)
        if preview is not None:
            preview.failed(f"Erreur pendant la construction : {type(exc).__name__}: {exc}")
        return
    written = sum(1 for o in outcomes if o.status == "écrit")
    elapsed = f"{time.perf_counter() - start:.2f}".replace(".", ",")
    done = f"{written} document(s) écrit(s) en {elapsed} s." if written else "Tout est à jour."
    report.say(f"{done} En attente de modifications…")


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def watch(project: Project, targets: list[str], report: Report, apercu: bool = False) -> int:
    import watchfiles

    # A terminated watcher (a benchmark, a service manager) stops its warm workers as Ctrl-C does, instead of
    # leaving them orphaned.
    signal.signal(signal.SIGTERM, _interrupt)

    from .engine import Engine

    if apercu and targets and "site" not in targets:
        targets = [*targets, "site"]
    _warm(targets)
    engine = Engine(project, notify=report.say, warm_workers=True)
    preview = Preview(project.output / "site") if apercu else None
    folders = [str(p) for p in (project.content, project.templates, project.assets) if p.exists()]
    report.say("Surveillance de " + ", ".join(folders) + " (Ctrl-C pour arrêter).")
    if preview is not None:
        port = preview.start()
        # Printed even with -q: the person (or a test) needs the address.
        print(f"Aperçu du site : http://127.0.0.1:{port}/ (rechargé à chaque enregistrement)", flush=True)
    # An editor's save (a write, or a new file renamed over the old one) arrives within a millisecond or two:
    # 5 ms without a further event ends it (a rebuild starts 10 ms after the save; with 20 ms, 42 ms). The
    # price: watchfiles wakes up every 5 ms while idle, about 1 % of one core.
    changes_seen = watchfiles.watch(
        *folders, debounce=50, step=5, rust_timeout=200, yield_on_timeout=True, raise_interrupt=True
    )
    try:
        next(changes_seen)  # the watcher runs from here on: an edit saved during the first build is not missed
        _rebuild(engine, targets, report, preview)
        for changes in changes_seen:
            if not changes:
                continue
            names = sorted({Path(p).name for _, p in changes if Path(p).exists()}) or ["fichier supprimé"]
            report.say("Modifié : " + ", ".join(names))
            _rebuild(engine, targets, report, preview)
    except KeyboardInterrupt:
        report.say("Surveillance arrêtée.")
    finally:
        engine.close()
        if preview is not None:
            preview.close()
    return 0
