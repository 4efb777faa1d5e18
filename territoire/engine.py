"""Runs builders: decides what is outdated, renders (in parallel where it pays), writes atomically."""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import functools
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import __version__, workers
from .atomic import clean_leftovers, write_atomic, write_folder_atomic
from .builders import BuildContext, Builder, registry, select
from .errors import UserError, os_reason
from .plancache import validated
from .project import Project, build_time, content_files, file_digest

BUILDINFO = ".buildinfo"
PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one output."""

    name: str
    path: Path
    status: str  # "écrit", "à jour" or "échec"
    seconds: float = 0.0
    size: int = 0
    error: str = ""
    digest: str = ""
    """SHA-256 of the bytes written, recorded so that a later build removes only a file it wrote itself."""


def _files(base: Path, patterns: tuple[str, ...]) -> list[Path]:
    found = {p for pattern in patterns for p in base.glob(pattern) if p.is_file()}
    return sorted(found)


def digest(project: Project, builder: type[Builder], others: dict[str, Path] | None = None) -> str:
    """Hash of everything an output depends on: content, its templates and assets, the code that makes it,
    and for a `late` output the `others` it presents.

    The output's file name is not hashed: it comes from the content, which is.
    """
    parts = [
        *content_files(project.content),
        *_files(project.templates, builder.templates),
        *_files(project.assets, builder.assets),
    ]
    h = hashlib.sha256(f"{__version__}\0{builder.name}\0".encode())
    h.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    for part in parts:
        h.update(str(part.name).encode() + b"\0" + file_digest(part))
    h.update(_code_digest(builder.__module__))
    for name, path in (others or {}).items():
        h.update(f"{name}\0{path.name}\0".encode() + file_digest(path))
    return h.hexdigest()


@functools.cache
def _code_digest(module: str) -> bytes:
    """Hash of the package's code except the other builders' modules (when in doubt, rebuild)."""
    own = Path(sys.modules[module].__file__ or "").resolve()
    return hashlib.sha256(_shared_code() + str(own.name).encode() + b"\0" + file_digest(own)).digest()


@functools.cache
def _shared_code() -> bytes:
    """Hash of the code every output depends on: all but the builders' own modules, by name, size and time of
    change (a checkout or an upgrade changes them: then everything is rebuilt, which is the safe side).
    Once per process: the code a process runs is the code it loaded."""
    builders = PACKAGE / "builders"
    h = hashlib.sha256()
    for path in _package_code():
        if path.parent != builders or path.name.startswith("_"):
            stat = path.stat()
            h.update(f"{path.relative_to(PACKAGE)}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return h.digest()


def _size(path: Path) -> int:
    """Bytes of an output: a file, or every file of a folder output."""
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


@functools.cache
def _package_code() -> tuple[Path, ...]:
    return tuple(sorted(PACKAGE.rglob("*.py")))  # PACKAGE is resolved, and so are the paths under it


@contextlib.contextmanager
def output_lock(output: Path, notify: Callable[[str], None]) -> Iterator[int]:
    """Only one build writes into an output folder at a time; a second one waits for the first.

    Yields the lock's file descriptor, which forked renders close so the lock never outlives this process."""
    try:
        output.mkdir(parents=True, exist_ok=True)
        handle = open(output / ".lock", "a+b")  # noqa: SIM115 (closed by the with-block below)
    except OSError as exc:
        raise UserError(f"le dossier de sortie {output} est inutilisable : {os_reason(exc)}") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            notify("Une autre construction est en cours dans ce dossier : attente de sa fin…")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield handle.fileno()
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


FORK_ALL_CORES = 2
"""Above this many cores, a one-shot build forks every heavy render, not only the critical ones."""


class Engine:
    """Builds outputs for one project. Heavy outputs render in forked children, or in a pool of workers kept
    warm between builds when `warm_workers` is set (watch mode)."""

    def __init__(self, project: Project, notify: Callable[[str], None] = print, warm_workers: bool = False) -> None:
        self.project = project
        self.notify = notify
        self.warm_workers = warm_workers
        self._warm: workers.WarmGroups | None = None
        self._running: list[workers.Running] = []

    def close(self) -> None:
        """Stop renders still running (Ctrl-C, an error) and the warm workers."""
        for job in self._running:
            job.cancel()
        self._running = []
        if self._warm is not None:
            self._warm.shutdown()
            self._warm = None

    def context(self) -> BuildContext:
        plan, theme = validated(self.project)  # everything checked before anything is written
        return BuildContext(plan, theme, self.project, build_time(plan))

    def build(
        self, targets: list[str], force: bool = False, on_outcome: Callable[[Outcome], None] = lambda o: None
    ) -> list[Outcome]:
        """Build the named targets (all when empty). Raises ContentError before touching any output.

        Outputs that present the others (`late`, the site) come after them, hashed with them."""
        builders = select(targets)
        outcomes: list[Outcome] = []
        with output_lock(self.project.output, self.notify) as lock:
            clean_leftovers(self.project.output)
            info = self._read_info()
            ctx: BuildContext | None = None
            for phase in ([b for b in builders if not b.late], [b for b in builders if b.late]):
                ctx = self._phase(phase, info, force, lock, ctx, outcomes, on_outcome)
            for name in [n for n in info if n not in registry()]:  # a builder that no longer exists
                self._remove_stale(info, info.pop(name))
                self._write_info(info)
        return outcomes

    def _phase(
        self,
        builders: list[type[Builder]],
        info: dict[str, tuple[str, str, str]],
        force: bool,
        lock: int,
        ctx: BuildContext | None,
        outcomes: list[Outcome],
        on_outcome: Callable[[Outcome], None],
    ) -> BuildContext | None:
        stale: list[tuple[type[Builder], str]] = []
        for builder in builders:
            key = digest(self.project, builder, self._others(builder, info) if builder.late else None)
            key_then, name, _ = info.get(builder.name, ("", "", ""))
            path = self.project.output / name
            if not force and key_then == key and name and path.exists():
                outcome = Outcome(builder.name, path, "à jour", size=_size(path))
                outcomes.append(outcome)
                on_outcome(outcome)
            else:
                stale.append((builder, key))
        if not stale:  # only now is the plan needed (a build with nothing to do never loads it)
            return ctx
        ctx = ctx or self.context()
        jobs = []
        for builder, key in stale:
            job_ctx = dataclasses.replace(ctx, outputs=self._others(builder, info)) if builder.late else ctx
            jobs.append((builder, self.project.output / builder().output_name(ctx.plan), key, job_ctx))
        for outcome, key in self._run(jobs, lock):
            if outcome.status == "écrit":
                previous = info.get(outcome.name)
                name = str(outcome.path.relative_to(self.project.output))  # imprimeur/ for the print files
                info[outcome.name] = (key, name, outcome.digest)
                self._write_info(info)
                if previous and previous[1] != name:  # renamed (the council date changed)
                    self._remove_stale(info, previous)
            outcomes.append(outcome)
            on_outcome(outcome)
        return ctx

    def _others(self, builder: type[Builder], info: dict[str, tuple[str, str, str]]) -> dict[str, Path]:
        """The outputs of the other targets, as the last builds left them in the output folder."""
        found = {name: self.project.output / v[1] for name, v in info.items() if v[1] and name != builder.name}
        return {name: path for name, path in sorted(found.items()) if path.is_file()}

    def _run(
        self, stale: list[tuple[type[Builder], Path, str, BuildContext]], lock: int
    ) -> Iterator[tuple[Outcome, str]]:
        cores = os.cpu_count() or 1
        # Watch mode renders heavy outputs in their warm workers even alone: that is where their work is kept.
        parallel = cores > 1 and any(b.heavy for b, *_ in stale) and (len(stale) > 1 or self.warm_workers)
        ctx = stale[0][3]
        # Heavy outputs render beside this process, those sharing an import in one child (the PDFs and
        # WeasyPrint, the ODF outputs and odfdo): the PDFs are the long pole, the others fit in their shadow.
        # On two cores a one-shot build forks the critical ones only: the others would share this process's
        # core anyway, and each child pays its own imports and start (0.35 s of CPU in all here).
        beside = [b for b, *_ in stale if b.heavy and (b.critical or self.warm_workers or cores > FORK_ALL_CORES)]
        running = self._start(beside, ctx, lock) if parallel and beside else {}
        self._running = list(running.values())
        # Those rendered here first, light ones before heavy ones; then those rendered beside, as they end.
        for builder, path, key, ctx in sorted(stale, key=lambda item: (item[0].name in running, item[0].heavy)):
            try:
                yield self._finish(builder, path, running.get(builder.name), ctx), key
            except KeyboardInterrupt:
                self.close()
                raise
        self._running = []
        if not self.warm_workers:  # what renders in this process kept (the PDFs' fonts) goes with the build
            workers.release_kept()

    @staticmethod
    def _finish(builder: type[Builder], path: Path, job: workers.Running | None, ctx: BuildContext) -> Outcome:
        """Render (or collect the render of) one output and write it; a failure is an outcome, not an exception,
        so that a failing builder never stops the others."""
        try:
            data, seconds = job.result() if job else workers.render(builder, ctx)
        except workers.RenderFailed as exc:
            return Outcome(builder.name, path, "échec", error=str(exc))
        except Exception as exc:
            return Outcome(builder.name, path, "échec", error=workers.describe(exc))
        try:
            if isinstance(data, dict):
                write_folder_atomic(path, data)
            else:
                write_atomic(path, data)
        except OSError as exc:  # the previous file, if any, is left as it was
            return Outcome(builder.name, path, "échec", error=f"écriture impossible ({os_reason(exc)}) : {path}")
        if isinstance(data, dict):  # a folder: its files' names and bytes
            written = hashlib.sha256()
            for name, content in sorted(data.items()):
                written.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
            return Outcome(
                builder.name, path, "écrit", seconds, sum(map(len, data.values())), digest=written.hexdigest()
            )
        return Outcome(builder.name, path, "écrit", seconds, len(data), digest=hashlib.sha256(data).hexdigest())

    def _start(self, builders: list[type[Builder]], ctx: BuildContext, lock: int) -> dict[str, workers.Running]:
        """Heavy renders beside this process; forked children close their copy of the output `lock`."""
        if self.warm_workers:
            if self._warm is None:
                self._warm = workers.WarmGroups()
            return self._warm.start(builders, ctx)
        return workers.fork(builders, ctx, close=(lock,))

    def _read_info(self) -> dict[str, tuple[str, str, str]]:
        """Output name -> (hash of its sources, file name, hash of the bytes written) as of its last build."""
        try:
            data = json.loads((self.project.output / BUILDINFO).read_text(encoding="utf-8"))
            return {
                str(k): (str(v[0]), str(v[1]), str(v[2]) if len(v) == 3 else "")
                for k, v in data.items()
                if isinstance(v, list) and len(v) in (2, 3)
            }
        except (OSError, ValueError, AttributeError):
            return {}

    def _remove_stale(self, info: dict[str, tuple[str, str, str]], entry: tuple[str, str, str]) -> None:
        """Remove the file an earlier build wrote under a name no builder writes now, if it is still the very file
        written then: a file put there by someone else, or changed since, is left alone."""
        name, written = entry[1], entry[2]
        path = self.project.output / name
        if not written or Path(name).name != name or name.startswith(".") or any(v[1] == name for v in info.values()):
            return
        try:
            if path.is_file() and not path.is_symlink() and hashlib.sha256(path.read_bytes()).hexdigest() == written:
                path.unlink()
                self.notify(f"  − {name} retiré : aucun document ne porte plus ce nom")
        except OSError:
            pass  # left in place: removing a stale output is a courtesy, never a reason to fail the build

    def _write_info(self, info: dict[str, tuple[str, str, str]]) -> None:
        payload = json.dumps(info, indent=1, sort_keys=True).encode()
        write_atomic(self.project.output / BUILDINFO, payload)


def check(project: Project) -> int:
    """Validate content, theme, fonts, logo and Office templates (no builder is imported); write nothing.
    Returns the number of actions, for the report."""
    plan, _theme = validated(project, store=False)
    return sum(1 for _ in plan.actions())
