"""Benchmark of the printer's files: `build.py imprimeur` against the screen PDFs it mirrors, whole processes.

Usage: python3 bench/imprimeur.py [--runs 7] [--write]   (--write updates the « imprimeur » table of bench/README.md)
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import BUILD, ROOT, WORK, write_section

from territoire.bootstrap import ensure_environment

TARGET = 1.3
"""`imprimeur` may take at most this many times the screen build of the same two PDFs (issue 16)."""


def run_once(command: list[str]) -> tuple[float, float, float]:
    """Wall time (s), CPU time (s: user + system, the process and the renders it forked and waited for) and
    peak RSS (MB) of one whole process. CPU time barely depends on what else the shared machine runs."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"échec de {' '.join(command)} : {process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float, float]]:
    """Medians of wall and CPU time, and peak memory; the commands take turns, after one warm-up round."""
    samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
    for round_number in range(runs + 1):
        for name, command in commands.items():
            sample = run_once(command)
            if round_number:
                samples[name].append(sample)
    return {
        name: (
            statistics.median(s[0] for s in values),
            statistics.median(s[1] for s in values),
            max(s[2] for s in values),
        )
        for name, values in samples.items()
    }


def _fr(value: float, digits: int) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def main() -> int:
    parser = argparse.ArgumentParser(description="Fichiers pour l'imprimeur comparés aux PDF d'écran.")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--write", action="store_true", help="met à jour le tableau « imprimeur » de bench/README.md")
    args = parser.parse_args()
    ensure_environment()
    screen_out, print_out = WORK / "ecran", WORK / "imprimeur"
    for folder in (screen_out, print_out):
        shutil.rmtree(folder, ignore_errors=True)
    commands = {  # both rebuild their two PDFs in two forked children, with the same plan cache state
        "PDF d'écran (pdf + synoptique-pdf)": [
            *BUILD, "pdf", "synoptique-pdf", "--force", "-q", "--sortie", str(screen_out)
        ],
        "imprimeur (PDF/X-4, avec le résumé)": [*BUILD, "imprimeur", "--force", "-q", "--sortie", str(print_out)],
    }  # fmt: skip
    results = measure(commands, args.runs)
    (screen, screen_cpu, _), (printed, printed_cpu, _) = results.values()
    lines = [
        "| processus complet | médiane | rapport | temps CPU (médiane) | rapport CPU | mémoire max | objectif |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    ratios = ((1.0, 1.0), (printed / screen, printed_cpu / screen_cpu))
    for (label, (median, cpu, memory)), (ratio, cpu_ratio) in zip(results.items(), ratios, strict=True):
        target = "référence" if label.startswith("PDF") else f"≤ {_fr(TARGET, 1)} × (durée)"
        lines.append(
            f"| {label} | {_fr(median, 3)} s | {_fr(ratio, 2)} × | {_fr(cpu, 3)} s | {_fr(cpu_ratio, 2)} × "
            f"| {memory:.0f} Mo | {target} |"
        )
    table = "\n".join(lines)
    print(table)
    if args.write:
        write_section("imprimeur", "fin de imprimeur", table)
    return 0 if printed <= TARGET * screen else 1


if __name__ == "__main__":
    raise SystemExit(main())
