"""Benchmark of the printer's files: `build.py imprimeur` against the screen PDFs it mirrors, whole processes.

Usage: python3 bench/imprimeur.py [--runs 7] [--write]   (--write updates the « imprimeur » table of bench/README.md)
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import BUILD, WORK, measure_all, write_section

from territoire.bootstrap import ensure_environment

TARGET = 1.3
"""`imprimeur` may take at most this many times the screen build of the same two PDFs (issue 16)."""


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
    results = measure_all(commands, args.runs)
    (screen, _), (printed, _) = results.values()
    lines = ["| processus complet | médiane | mémoire max | rapport | objectif |", "| --- | ---: | ---: | ---: | --- |"]
    for (label, (median, memory)), ratio in zip(results.items(), (1.0, printed / screen), strict=True):
        target = "référence" if ratio == 1.0 else f"≤ {_fr(TARGET, 1)} ×"
        lines.append(f"| {label} | {_fr(median, 3)} s | {memory:.0f} Mo | {_fr(ratio, 2)} × | {target} |")
    table = "\n".join(lines)
    print(table)
    if args.write:
        write_section("imprimeur", "fin de imprimeur", table)
    return 0 if printed <= TARGET * screen else 1


if __name__ == "__main__":
    raise SystemExit(main())
