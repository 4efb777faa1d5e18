"""Benchmarks: whole-process medians of our build against pandoc and Typst, measured in the same run.

Usage: python3 bench/run.py [--runs 7] [--write]   (--write updates the table in bench/README.md)
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from preview import preview_save_to_reload  # noqa: E402

from territoire.bootstrap import VENV_PYTHON, ensure_environment  # noqa: E402

WORK = ROOT / "bench" / "work"
PY = str(VENV_PYTHON)
BUILD = [PY, str(ROOT / "build.py")]
PEERS = ("pypandoc-binary", "typst")


def run_once(command: list[str]) -> tuple[float, float, float]:
    """Wall time (s) of one whole process, the peak RSS (MB) of the largest process it waited for, and the CPU
    time (user + sys, s) of the process and of every child it waited for, as /usr/bin/time reports it."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"échec de {' '.join(command)} : {error}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def measure_all(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float, float]]:
    """Median time and peak memory of each command, run in turn once per round after a warm-up round.

    Interleaving makes a slow spell of the (shared, noisy) machine weigh on every measure alike, so the
    ratios between them, which the targets are about, stay fair. Commands run in the given order.
    """
    samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
    for round_number in range(runs + 1):
        for name, command in commands.items():
            sample = run_once(command)
            if round_number:
                samples[name].append(sample)
    return {
        name: (
            statistics.median(t for t, _, _ in values),
            max(p for _, p, _ in values),
            statistics.median(c for _, _, c in values),
        )
        for name, values in samples.items()
    }


def install_peers() -> tuple[str, str]:
    subprocess.run([PY, "-m", "pip", "install", "-q", "--disable-pip-version-check", *PEERS], check=True)
    pandoc = subprocess.run(
        [PY, "-c", "import pypandoc; print(pypandoc.get_pandoc_path())"], capture_output=True, text=True, check=True
    ).stdout.strip()
    return pandoc, PY


def export_for_peers() -> tuple[Path, Path]:
    from export import markdown, typst

    from territoire.loader import load_plan
    from territoire.typography import typeset

    plan = typeset(load_plan(ROOT / "content"))
    WORK.mkdir(parents=True, exist_ok=True)
    md, typ = WORK / "plan.md", WORK / "plan.typ"
    md.write_text(markdown(plan), encoding="utf-8")
    typ.write_text(typst(plan), encoding="utf-8")
    return md, typ


EDITED = "Mobiliser de ressources"
"""An action of axis 2 (in the bundled content and in its scaled copies), edited by the watch measures."""
LONGER = " ".join(["Accompagner les porteurs de projets du territoire dans chacune de leurs démarches."] * 40)
"""Enough text to give axis 2 one page more: every other save of the page-count measure adds it."""


def an_action(original: str, index: int) -> str:
    return original.replace(EDITED, f"{EDITED} ({index})", 1)


def a_page_more_or_less(original: str, index: int) -> str:
    return original.replace(EDITED, f"{LONGER if index % 2 else ''} ({index}) {EDITED}", 1)


def watch_edit_to_documents(
    runs: int, source: Path = ROOT / "content", edit: Callable[[str, int], str] = an_action
) -> float:
    """Median time from saving an edited action (`edit` makes each save new) to every output rewritten, in
    watch mode, on a copy of the content folder `source`."""
    content, output = WORK / "watch-content", WORK / "watch-output"
    shutil.rmtree(content, ignore_errors=True)
    shutil.rmtree(output, ignore_errors=True)
    shutil.copytree(source, content)
    watcher = subprocess.Popen(
        [*BUILD, "--watch", "--contenu", str(content), "--sortie", str(output)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, so the finally below can end its workers too
    )
    assert watcher.stdout is not None

    def wait_ready() -> None:
        for line in watcher.stdout:
            if "En attente de modifications" in line:
                return
        raise SystemExit("le mode surveillance s'est arrêté")

    axis = content / "axes" / "2-qualite-de-vie.yaml"
    original = axis.read_text(encoding="utf-8")
    times = []
    try:
        wait_ready()
        for index in range(runs + 1):
            start = time.perf_counter()
            axis.write_text(edit(original, index), encoding="utf-8")
            wait_ready()
            if index:
                times.append(time.perf_counter() - start)
    finally:
        stop_group(watcher)
    return statistics.median(times)


def stop_group(process: subprocess.Popen) -> None:  # type: ignore[type-arg]
    """End a process started with start_new_session=True and everything it started: nothing is left running."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def warm_brochure(runs: int) -> float:
    """Median time to render the brochure again in a process that already did it once (as watch workers do)."""
    code = (
        "import statistics, time\n"
        "from territoire.builders import registry\n"
        "from territoire.engine import Engine\n"
        "from territoire.workers import render as _render\n"
        "from territoire.project import Project\n"
        "ctx = Engine(Project.at()).context(); pdf = registry()['pdf']\n"
        "_render(pdf, ctx)\n"
        f"times = [_render(pdf, ctx)[1] for _ in range({runs})]\n"
        "print(statistics.median(times))\n"
    )
    result = subprocess.run([PY, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(result.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description="Mesures de performance (médianes de processus complets).")
    parser.add_argument("--runs", type=int, default=7, help="nombre de mesures après l'échauffement (au moins 5)")
    parser.add_argument("--write", action="store_true", help="met à jour le tableau de bench/README.md")
    args = parser.parse_args()
    ensure_environment()
    runs = args.runs
    pandoc, _ = install_peers()
    md, typ = export_for_peers()
    out = WORK / "output"
    typst_code = f"import typst; typst.compile({str(typ)!r}, output={str(WORK / 'peer.pdf')!r})"
    naive = [PY, str(ROOT / "bench" / "naive.py")]
    commands = {
        "pandoc DOCX": [pandoc, str(md), "-o", str(WORK / "peer.docx")],
        "pandoc PPTX": [pandoc, str(md), "-o", str(WORK / "peer.pptx")],
        "Typst PDF": [PY, "-c", typst_code],
        "build complet à froid": [*BUILD, "--force", "-q", "--sortie", str(out)],
        "reconstruction sans changement": [*BUILD, "-q", "--sortie", str(out)],  # right after a full build
        "build.py check": [*BUILD, "check", "-q"],
        "brochure PDF seule": [*BUILD, "pdf", "--force", "-q", "--sortie", str(out)],
        "DOCX ×2 + XLSX": [*BUILD, "docx", "synoptique-docx", "xlsx", "--force", "-q", "--sortie", str(out)],
        "présentation PPTX": [*BUILD, "pptx", "--force", "-q", "--sortie", str(out)],
        "ODT + ODS": [*BUILD, "odt", "ods", "--force", "-q", "--sortie", str(out)],
        "présentation ODP": [*BUILD, "odp", "--force", "-q", "--sortie", str(out)],
        "site web seul": [*BUILD, "site", "--force", "-q", "--sortie", str(out)],  # beside the documents
        **{f"naive {kind}": [*naive, kind, str(md), str(WORK / f"naive.{kind}")] for kind in ("docx", "pptx", "pdf")},
    }
    rows = measure_all(commands, runs)
    references = {kind: rows.pop(f"naive {kind}")[0] for kind in ("docx", "pptx", "pdf")}
    peers = sum(rows[k][0] for k in ("pandoc DOCX", "pandoc PPTX", "Typst PDF"))
    warm = warm_brochure(runs)
    watch = watch_edit_to_documents(runs)
    watch_pages = watch_edit_to_documents(runs, edit=a_page_more_or_less)
    preview = preview_save_to_reload(BUILD, ROOT, WORK, runs)

    from synth import scaled_content

    contents = {factor: scaled_content(ROOT / "content", WORK / f"content-x{factor}", factor) for factor in (1, 3, 10)}
    scaled = {
        str(factor): [*BUILD, "--force", "-q", "--contenu", str(content), "--sortie", str(WORK / f"output-x{factor}")]
        for factor, content in contents.items()
    }
    scale = {int(factor): value for factor, value in measure_all(scaled, runs).items()}
    scale_watch = {factor: watch_edit_to_documents(runs, content) for factor, content in contents.items()}

    results = {
        "rows": rows,
        "peers": peers,
        "references": references,
        "warm_brochure": warm,
        "watch": watch,
        "watch_pages": watch_pages,
        "preview": preview,
        "scale": scale,
        "scale_watch": scale_watch,
        "python": f"{sys.version.split()[0]} ({os.path.realpath(PY)})",
    }
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    table = render_table(results)
    print(table)
    if args.write:
        write_section("résultats", "fin des résultats", table)
    return 0


def write_section(start: str, end: str, table: str) -> None:
    """Replace what lies between the comments <!-- start --> and <!-- end --> of bench/README.md."""
    readme = ROOT / "bench" / "README.md"
    head, _, rest = readme.read_text(encoding="utf-8").partition(f"<!-- {start} -->")
    _, _, tail = rest.partition(f"<!-- {end} -->")
    readme.write_text(f"{head}<!-- {start} -->\n{table}\n<!-- {end} -->{tail}", encoding="utf-8")


def render_table(results: dict) -> str:  # type: ignore[type-arg]
    rows, peers = results["rows"], results["peers"]
    lines = [
        "| mesure | médiane | CPU (user + sys) | mémoire max | objectif | rapport aux pairs |",
        "| --- | ---: | ---: | ---: | --- | ---: |",
    ]
    targets = {
        "build complet à froid": "≤ 3,5 × pairs, CPU ≤ 2,0 s",
        "reconstruction sans changement": "≤ 0,06 s",
        "build.py check": "≤ 0,12 s",
        "brochure PDF seule": "≤ 1,2 s",
        "DOCX ×2 + XLSX": "≤ 0,4 s",
        "présentation PPTX": "≤ 0,35 s",
        "ODT + ODS": "≤ DOCX ×2 + XLSX",
        "présentation ODP": "≤ 1,2 × PPTX",
        "site web seul": "≤ 0,3 s",
    }
    for name, (seconds, peak, cpu) in rows.items():
        target = targets.get(name, "pair")
        lines.append(f"| {name} | {seconds:.3f} s | {cpu:.2f} s | {peak:.0f} Mo | {target} | {seconds / peers:.2f} × |")
    lines.append(f"| chaîne des pairs (pandoc DOCX + PPTX + Typst) | {peers:.3f} s | | | référence | 1,00 × |")
    lines.append(f"| brochure re-rendue, processus chaud | {results['warm_brochure']:.3f} s | | | ≤ 0,5 s | |")
    for key, label, bar in (
        ("watch", "mode surveillance : action enregistrée → tous les documents", 1.5),
        ("watch_pages", "mode surveillance : un axe gagne ou perd une page → tous les documents", 2),
    ):
        if key in results:
            seconds = results[key]
            lines.append(f"| {label} | {seconds:.3f} s | | | ≤ {bar} × pairs | {seconds / peers:.2f} × |")
    if "preview" in results:
        lines.append(
            f"| aperçu du site : enregistrement → page rechargée | {results['preview']:.3f} s | | | ≤ 0,3 s | |"
        )
    lines += ["", *scale_table(results)]
    lines += ["", *machine_table(results)]
    table = "\n".join(lines).replace(".", ",").replace(",py", ".py")  # French decimal commas
    return table + (f"\n\nPython : {results['python']}" if "python" in results else "")


# What the issues measured on their machine for the same naive scripts (bench/naive.py), in seconds.
ISSUE_REFERENCES = {"docx": 0.21, "pptx": 0.13, "pdf": 0.925}
REFERENCE_NAMES = {
    "docx": "script python-docx naïf",
    "pptx": "script python-pptx naïf",
    "pdf": "WeasyPrint sur HTML simple (12 pages)",
}
# Our measure -> (the reference it is compared with, the bar in seconds).
ESTIMATED = {"brochure PDF seule": ("pdf", 1.2), "DOCX ×2 + XLSX": ("docx", 0.4), "présentation PPTX": ("pptx", 0.35)}


def scale_table(results: dict) -> list[str]:  # type: ignore[type-arg]
    """The curve 1×, 3×, 10× of the cold build and of a watch edit."""
    lines = [
        "| échelle (actions × k) | build à froid | mémoire max | rapport (×1) | surveillance : action → documents |"
        " rapport (×1) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    cold, watch = results["scale"], results.get("scale_watch", {})
    for factor, (seconds, peak, *_) in cold.items():
        edit = watch.get(factor) or watch.get(str(factor))
        base = watch.get(1) or watch.get("1")
        after = f"{edit:.3f} s | {edit / base:.2f} ×" if edit and base else " | "
        lines.append(f"| ×{factor} | {seconds:.3f} s | {peak:.0f} Mo | {seconds / cold[1][0]:.2f} × | {after} |")
    lines.append("| objectif ×10 | | ≤ 400 Mo | ≤ 10 × | | ≤ 10 × |")
    return lines


def machine_table(results: dict) -> list[str]:  # type: ignore[type-arg]
    """The naive references timed here against the issues' figures, and our times scaled by that speed ratio."""
    references = results.get("references")
    if not references:
        return []
    lines = [
        "| référence (même exécution) | ici | dans l'issue | machine ici / issue |",
        "| --- | ---: | ---: | ---: |",
    ]
    for kind, seconds in references.items():
        issue = ISSUE_REFERENCES[kind]
        lines.append(f"| {REFERENCE_NAMES[kind]} | {seconds:.3f} s | {issue:.3f} s | {seconds / issue:.2f} × |")
    lines += [
        "",
        "| mesure | ici | estimation à la vitesse de la machine de l'issue | objectif |",
        "| --- | ---: | ---: | --- |",
    ]
    for name, (kind, bar) in ESTIMATED.items():
        seconds = results["rows"][name][0]
        estimate = seconds * ISSUE_REFERENCES[kind] / references[kind]
        lines.append(f"| {name} | {seconds:.3f} s | {estimate:.3f} s | ≤ {bar} s |")
    return lines


if __name__ == "__main__":
    sys.exit(main())
