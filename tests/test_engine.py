"""The build engine: same bytes, incremental, crash-safe, concurrent-safe, resilient, watchable."""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, copy_content, require, run_build


def _outputs(folder: Path) -> dict[str, Path]:
    """Every output file, those of folder outputs (the site) by their path inside the output folder."""
    files = {str(p.relative_to(folder)): p for p in sorted(folder.rglob("*")) if p.is_file()}
    return {name: p for name, p in files.items() if not any(part.startswith(".") for part in Path(name).parts)}


def _hashes(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256(p.read_bytes()).hexdigest() for name, p in _outputs(folder).items()}


def _assert_valid(path: Path) -> None:
    """Each output is a complete file of its kind, as the real tools read it."""
    if path.suffix == ".pdf":
        result = subprocess.run([require("qpdf"), "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, f"{path.name}: {result.stdout}{result.stderr}"
    elif path.suffix in {".docx", ".pptx", ".xlsx"}:
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None, path.name
    elif path.suffix == ".html":
        assert path.read_text(encoding="utf-8").rstrip().endswith("</html>"), path.name


def test_two_builds_give_identical_bytes(built: Path, tmp_path: Path) -> None:
    again = run_build("--force", output=tmp_path)
    assert again.returncode == 0, again.stderr
    assert _hashes(tmp_path) == _hashes(built)
    assert len(_hashes(built)) >= 1


def test_build_leaves_nothing_in_the_temporary_folder(tmp_path: Path) -> None:
    """WeasyPrint copies the fonts into a scratch folder per render: a build removes all it made, in /tmp too."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    result = run_build("--force", output=tmp_path / "out", env={"TMPDIR": str(scratch)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in scratch.iterdir()) == []
    assert not list((tmp_path / "out" / ".cache").glob("polices-*"))


EPOCHS = {"1530000000": "2018-06-26T08:00:00Z", "1700000000": "2023-11-14T22:13:20Z"}
"""SOURCE_DATE_EPOCH values and the date each must stamp in the outputs."""


def _stamps(path: Path) -> set[str]:
    """Every date an output carries (document properties, PDF info, zip entry times), as ISO 8601 UTC."""
    if path.suffix == ".pdf":
        import pikepdf

        with pikepdf.open(path) as pdf:
            raw = {str(pdf.docinfo[key]) for key in ("/CreationDate", "/ModDate")}
        return {f"{d[2:6]}-{d[6:8]}-{d[8:10]}T{d[10:12]}:{d[12:14]}:{d[14:16]}Z" for d in raw}
    if path.suffix in {".docx", ".pptx", ".xlsx"}:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml").decode("utf-8")
            entries = {"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z".format(*i.date_time) for i in archive.infolist()}
        return set(re.findall(r"<dcterms:(?:created|modified)\b[^>]*>([^<]+)<", core)) | entries
    if path.suffix in {".odt", ".ods", ".odp"}:  # meta.xml dates are UTC without a zone, as LibreOffice writes them
        with zipfile.ZipFile(path) as archive:
            meta = archive.read("meta.xml").decode("utf-8")
            entries = {"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z".format(*i.date_time) for i in archive.infolist()}
        return {f"{d}Z" for d in re.findall(r"<(?:meta:creation-date|dc:date)>([^<]+)<", meta)} | entries
    if path.suffix in {".html", ".css", ".js", ".woff2", ".txt"}:
        return set()  # web pages and the site's assets (style, script, fonts and their licence) carry no date
    raise AssertionError(f"{path.name}: tell this test where this kind of output carries its date")


def test_every_output_is_identical_for_one_date_and_dated_by_source_date_epoch(tmp_path: Path) -> None:
    """Same SOURCE_DATE_EPOCH, same bytes for every file; another one changes exactly the dated outputs."""
    first, second = EPOCHS
    builds: dict[str, dict[str, Path]] = {}
    for folder, epoch in (("a", first), ("a-encore", first), ("b", second)):
        result = run_build("--force", output=tmp_path / folder, env={"SOURCE_DATE_EPOCH": epoch})
        assert result.returncode == 0, result.stdout + result.stderr
        builds[folder] = _outputs(tmp_path / folder)
    assert len({Path(name).parts[0] for name in builds["a"]}) == len(_registered()), sorted(builds["a"])
    assert _hashes(tmp_path / "a") == _hashes(tmp_path / "a-encore")
    assert builds["a"].keys() == builds["b"].keys()
    dated = [name for name, path in builds["a"].items() if _stamps(path)]
    web = [name for name in builds["a"] if name.endswith(".html") or name.startswith("site/assets/")]
    assert sorted(dated + web) == sorted(builds["a"]), dated  # all but the web pages (the site offers copies)
    for name, path in builds["a"].items():
        other = builds["b"][name]
        if name in dated:
            assert (_stamps(path), _stamps(other)) == ({EPOCHS[first]}, {EPOCHS[second]}), name
            assert path.read_bytes() != other.read_bytes(), name
        else:
            assert path.read_bytes() == other.read_bytes(), name


def test_noop_build_writes_nothing(built: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    shutil.copytree(built, output)
    before = {p.name: p.stat().st_mtime_ns for p in output.iterdir()}
    time.sleep(0.05)
    result = run_build(output=output)
    assert result.returncode == 0, result.stderr
    assert "Rien à faire : tous les documents sont à jour." in result.stdout
    assert "à jour" in result.stdout
    after = {p.name: p.stat().st_mtime_ns for p in output.iterdir()}
    assert {k: v for k, v in after.items() if k != ".lock"} == {k: v for k, v in before.items() if k != ".lock"}


def test_noop_build_loads_neither_plan_nor_renderers(built: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    shutil.copytree(built, output)
    code = (
        "import sys; from territoire.cli import main; "
        f"assert main(['-q', '--sortie', {str(output)!r}]) == 0; "
        "loaded = {'territoire.model', 'territoire.loader', 'yaml', 'weasyprint', 'docx', 'pptx'} & set(sys.modules); "
        "print(sorted(loaded))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_missing_output_or_old_buildinfo_is_rebuilt(built: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    shutil.copytree(built, output)
    (output / "projet-de-territoire.html").unlink()
    result = run_build(output=output)
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stdout.splitlines() if "à jour" not in line and "✓" in line] == [
        line for line in result.stdout.splitlines() if "projet-de-territoire.html" in line
    ]
    (output / ".buildinfo").write_text('{"html": "a hash in the format of earlier versions"}', encoding="utf-8")
    again = run_build("html", output=output)
    assert again.returncode == 0 and "1 document(s) écrit(s)" in again.stdout and "à jour" not in again.stdout


def test_content_change_rebuilds_and_force_rebuilds_all(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    output = tmp_path / "out"
    assert run_build("html", content=content, output=output).returncode == 0
    page = output / "projet-de-territoire.html"
    mtime = page.stat().st_mtime_ns
    assert "à jour" in run_build("html", content=content, output=output).stdout
    axis = content / "axes" / "2-qualite-de-vie.yaml"
    axis.write_text(
        axis.read_text(encoding="utf-8").replace("Protéger les grands", "Protéger vraiment les grands"),
        encoding="utf-8",
    )
    result = run_build("html", content=content, output=output)
    assert "écrit" in result.stdout and "Protéger vraiment" in page.read_text(encoding="utf-8")
    forced = run_build("html", "--force", content=content, output=output)
    assert forced.returncode == 0 and "à jour" not in forced.stdout
    assert page.stat().st_mtime_ns > mtime
    # The cache of the typeset plan keeps the latest version only: it must not grow with every edit.
    assert len(list((output / ".cache").glob("plan-*.pickle"))) == 1


def test_caches_keep_one_version_of_each_thing(tmp_path: Path) -> None:
    from territoire.atomic import write_cache

    cache = tmp_path / ".cache"
    write_cache(cache / "logo-aaa.png", b"old", "logo-*.png")
    write_cache(cache / "advances-Lato-Regular-1-1.json", b"{}", "advances-Lato-Regular-*.json")
    write_cache(cache / "logo-bbb.png", b"new", "logo-*.png")
    assert sorted(p.name for p in cache.iterdir()) == ["advances-Lato-Regular-1-1.json", "logo-bbb.png"]
    assert (cache / "logo-bbb.png").read_bytes() == b"new"


def test_a_build_removes_the_font_folders_of_ended_processes_only(tmp_path: Path) -> None:
    """A watcher's warm worker uses its fonts' folder (« polices-<pid>-… ») between edits: a build run meanwhile
    keeps it, and removes those of processes that ended, reaped or not (a zombie)."""
    from territoire.atomic import FONT_SCRATCH_PREFIX, clean_leftovers

    ended = subprocess.Popen(["true"])
    ended.wait()
    zombie = subprocess.Popen(["true"])
    stat = Path(f"/proc/{zombie.pid}/stat")
    deadline = time.monotonic() + 10
    while stat.read_text().rpartition(")")[2].split()[0] != "Z" and time.monotonic() < deadline:
        time.sleep(0.01)
    pids = (os.getpid(), ended.pid, zombie.pid)
    folders = {pid: tmp_path / ".cache" / f"{FONT_SCRATCH_PREFIX}{pid}-x1y2" for pid in pids}
    for folder in folders.values():
        folder.mkdir(parents=True)
    clean_leftovers(tmp_path)
    zombie.wait()
    assert [pid for pid, folder in folders.items() if folder.exists()] == [os.getpid()]


def _start_build(output: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--force", "--sortie", str(output), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("delay", [0.15, 0.5, 0.9, 1.4])
def test_killed_build_leaves_only_complete_files(built: Path, tmp_path: Path, delay: float) -> None:
    output = tmp_path / "out"
    shutil.copytree(built, output)
    previous = _hashes(output)
    process = _start_build(output)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    for worker in _orphans(output):
        os.kill(worker, signal.SIGKILL)
    for name, path in _outputs(output).items():
        _assert_valid(path)
        assert name in previous
    # A later build never trusts a leftover temporary file: it cleans up and completes.
    (output / ".cache" / "polices-killed").mkdir(parents=True, exist_ok=True)  # as a killed PDF render leaves it
    result = run_build(output=output)
    assert result.returncode == 0, result.stderr
    assert not list(output.glob(".*.tmp"))
    assert not list(output.glob(".cache/polices-*")) and not list(output.glob(".cache/.*.tmp"))
    assert _hashes(output) == previous


def test_ctrl_c_stops_the_build_and_its_renders(built: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    shutil.copytree(built, output)
    process = _start_build(output)
    assert process.stdout is not None
    light = [name for name, builder in _registry().items() if not builder.heavy and not builder.late]
    for _ in light:  # the light outputs are written: the PDFs, forked, are still being laid out
        assert "✓" in process.stdout.readline()
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130 and "Interrompu." in err and "Traceback" not in err
    time.sleep(0.2)
    assert _orphans(output) == []  # no render left running
    for path in _outputs(output).values():
        _assert_valid(path)


def _orphans(output: Path) -> list[int]:
    """Worker processes of a killed build still holding the output folder (they are killed too)."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            if str(output).encode() in cmdline:
                found.append(int(proc.name))
    return found


def test_concurrent_builds_stay_safe(tmp_path: Path) -> None:
    output = tmp_path / "out"
    first, second = _start_build(output), _start_build(output)
    results = [p.communicate(timeout=300) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, results
    for path in _outputs(output).values():
        _assert_valid(path)
    assert not list(output.glob(".*.tmp"))


def test_second_build_waits_for_the_first(tmp_path: Path) -> None:
    """While another build holds the output folder, a new one says so and waits, then completes."""
    import fcntl

    output = tmp_path / "out"
    output.mkdir()
    with open(output / ".lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        waiting = subprocess.Popen(
            [sys.executable, "-u", str(ROOT / "build.py"), "html", "--sortie", str(output)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert waiting.stdout is not None
        assert "Une autre construction est en cours" in waiting.stdout.readline()
        time.sleep(0.3)
        assert waiting.poll() is None and not (output / "projet-de-territoire.html").exists()
        fcntl.flock(lock, fcntl.LOCK_UN)
    _, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert (output / "projet-de-territoire.html").is_file()


def _project_copy(tmp_path: Path) -> Path:
    """A whole project (code, templates, assets, content) the test may break or edit."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("build.py", "pyproject.toml"):
        shutil.copy(ROOT / name, project / name)
    for folder in ("territoire", "templates", "assets", "content"):
        shutil.copytree(ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return project


def _build_project(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(project / "build.py"), *args], cwd=project, capture_output=True, text=True, timeout=300
    )


def test_failing_builder_does_not_stop_the_others(tmp_path: Path) -> None:
    """Templates that fail to render (a team member's edit: valid syntax, so `check` lets them through, but a
    field that does not exist) fail their own outputs only, rendered here or in a child."""
    project = _project_copy(tmp_path)
    for name, old in (("html/plan.html.j2", "{{"), ("pdf/_dos.html.j2", "{{ doc.titre }}")):  # the PDF: in a child
        template = project / "templates" / name
        text = template.read_text(encoding="utf-8")
        assert old in text
        template.write_text(text.replace(old, "{{ plan.champ_inexistant }}" + old, 1), encoding="utf-8")
    result = _build_project(project)
    assert result.returncode == 1
    assert "projet-de-territoire.html" in result.stderr and "échec" in result.stderr
    assert "projet-de-territoire.pdf" in result.stderr and "champ_inexistant" in result.stderr
    assert "2 document(s) en échec" in result.stderr
    written = _outputs(project / "output")
    assert "projet-de-territoire.html" not in written and "projet-de-territoire.pdf" not in written
    assert len({Path(name).parts[0] for name in written}) == len(_registered()) - 2
    for path in written.values():
        _assert_valid(path)


def _registry() -> dict[str, type]:
    from territoire.builders import registry

    return registry()


def _registered() -> list[str]:
    return [name for name, builder in _registry().items() if not builder.on_request]  # what a plain build makes


def test_changing_the_slide_master_rebuilds_only_the_deck(tmp_path: Path) -> None:
    project = _project_copy(tmp_path)
    assert _build_project(project).returncode == 0
    master = project / "templates" / "deck" / "master.pptx"
    with zipfile.ZipFile(master) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    before = master.read_bytes()
    with zipfile.ZipFile(master, "w") as target:  # same parts, other compression: as if re-saved
        for info, data in entries:
            stored = info.compress_type == zipfile.ZIP_STORED
            info.compress_type = zipfile.ZIP_DEFLATED if stored else zipfile.ZIP_STORED
            target.writestr(info, data)
    assert master.read_bytes() != before
    result = _build_project(project)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if "✓" in line]
    rebuilt = [line for line in lines if "à jour" not in line]
    assert len(rebuilt) == 1 and ".pptx" in rebuilt[0], result.stdout
    assert len(lines) == len(_registered())


def test_watch_rebuilds_on_save_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    output = tmp_path / "out"
    process = subprocess.Popen(
        [
            sys.executable,
            "-u",
            str(ROOT / "build.py"),
            "--watch",
            "html",
            "--contenu",
            str(content),
            "--sortie",
            str(output),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    page = output / "projet-de-territoire.html"
    axis = content / "axes" / "1-emploi.yaml"
    lines = _Lines(process)
    try:
        _wait_for(lines, "En attente de modifications", lambda: page.is_file())
        assert "Aider les entreprises du territoire" in page.read_text(encoding="utf-8")
        axis.write_text(
            axis.read_text(encoding="utf-8").replace(
                "Aider les entreprises du territoire", "Aider les entreprises de l'Agglo"
            ),
            encoding="utf-8",
        )
        _wait_for(
            lines,
            "En attente de modifications",
            lambda: "Aider les entreprises de l’Agglo" in page.read_text(encoding="utf-8"),
        )
        axis.write_text("titre: [\n", encoding="utf-8")
        _wait_for(lines, "la surveillance continue")
        assert "Aider les entreprises de l’Agglo" in page.read_text(encoding="utf-8")
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        lines.reader.join(timeout=5)
    while not lines.queue.empty():
        lines.seen.append(lines.queue.get())
    out = "".join(lines.seen)
    assert process.returncode == 0, out
    assert "Surveillance arrêtée." in out and "Traceback" not in out


def test_watch_draws_a_replaced_font_file_as_a_cold_build_does_and_leaves_no_font_folder(tmp_path: Path) -> None:
    """A process that laid text out keeps drawing the first version of a font file it read, even from a new
    WeasyPrint FontConfiguration: a font replaced during a watch session must get the PDFs a new warm worker.
    Ctrl-C then ends the workers without leaving their fonts' scratch folders in output/.cache."""
    project = tmp_path / "projet"
    for folder in ("content", "assets"):
        shutil.copytree(ROOT / folder, project / folder)
    output = tmp_path / "out"
    command = [sys.executable, "-u", str(ROOT / "build.py"), "--watch", "pdf", "--projet", str(project)]
    process = subprocess.Popen(
        [*command, "--sortie", str(output)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    brochure = output / "projet-de-territoire.pdf"
    fonts = project / "assets" / "fonts"
    lines = _Lines(process)
    try:
        _wait_for(lines, "En attente de modifications", brochure.is_file)
        before = brochure.read_bytes()
        (fonts / "Lato-Bold.ttf").write_bytes((fonts / "Lato-Black.ttf").read_bytes())
        _wait_for(lines, "En attente de modifications", lambda: "Modifié : Lato-Bold.ttf" in "".join(lines.seen))
        warm = brochure.read_bytes()
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        lines.reader.join(timeout=5)
    assert process.returncode == 0 and "Traceback" not in "".join(lines.seen)
    cold = run_build("--force", "pdf", "--projet", str(project), output=tmp_path / "froid")
    assert cold.returncode == 0, cold.stderr
    assert warm != before
    assert warm == (tmp_path / "froid" / "projet-de-territoire.pdf").read_bytes()
    assert not list((output / ".cache").glob("polices-*"))


class _Lines:
    """Lines printed by a running process, read by a thread so waiting can time out."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.queue: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert process.stdout is not None
        self.reader = threading.Thread(target=lambda: [self.queue.put(line) for line in process.stdout], daemon=True)
        self.reader.start()


def _wait_for(lines: _Lines, marker: str, done: Callable[[], bool] = lambda: True, timeout: float = 60) -> None:
    """Wait until the watcher prints `marker` with `done()` true (other rebuilds may come first)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.queue.get(timeout=0.2)
        except queue.Empty:
            continue
        lines.seen.append(line)
        if marker in line and done():
            return
    raise AssertionError(f"never saw {marker!r}: {''.join(lines.seen)}")


def test_outputs_do_not_depend_on_the_checkout_folder(built: Path, tmp_path: Path) -> None:
    """Two colleagues with the project in different folders produce the same bytes."""
    project = _project_copy(tmp_path)
    result = _build_project(project)
    assert result.returncode == 0, result.stderr
    assert _hashes(project / "output") == _hashes(built)


def test_a_terminated_watcher_leaves_no_worker_running(tmp_path: Path) -> None:
    """SIGTERM (a benchmark, a service manager) ends the warm render workers too, not only the watcher."""
    content = copy_content(tmp_path)
    command = [sys.executable, "-u", str(ROOT / "build.py"), "--watch", "xlsx", "html"]
    process = subprocess.Popen(
        [*command, "--contenu", str(content), "--sortie", str(tmp_path / "out")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines = _Lines(process)
    try:
        _wait_for(lines, "En attente de modifications")
        group = [p for p in Path("/proc").iterdir() if p.name.isdigit() and _group_of(p) == process.pid]
        assert len(group) > 1, "the watcher should have started warm workers"
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_group_of(p) == process.pid for p in group):
            time.sleep(0.1)
        left = [p.name for p in group if _group_of(p) == process.pid]
        assert not left, f"processes still running after the watcher ended: {left}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        lines.reader.join(timeout=5)


def _group_of(proc: Path) -> int:
    """Process group of a /proc entry (0 once it has exited)."""
    try:
        stat = (proc / "stat").read_text()
    except OSError:
        return 0
    fields = stat.rsplit(")", 1)[1].split()
    return 0 if fields[0] == "Z" else int(fields[2])
