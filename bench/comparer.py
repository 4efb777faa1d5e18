"""Benchmark of `build.py comparer`: the three files of a comparison against a full build's PDF step, and at 10×.

Usage: python3 bench/comparer.py [--runs 5] [--write]   (--write updates its table in bench/README.md)
Targets: the comparison of two editions of the full plan ≤ 1.5 × `build.py pdf --force`; with 10 × the
actions (bench/synth.py) ≤ 10 × the 1 × comparison. Whole processes, medians, measured in the same run.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from edits import apply_edits  # noqa: E402
from run import BUILD, measure_all  # noqa: E402
from synth import scaled_content  # noqa: E402

WORK = ROOT / "bench" / "work" / "comparer"
START, END = "<!-- comparer -->", "<!-- /comparer -->"


def _scaled_edits(content: Path) -> None:
    """Edits that survive synth.py's re-dumped YAML: each touches the action and its nine variants."""
    axis = content / "axes" / "1-emploi.yaml"
    text = axis.read_text(encoding="utf-8")
    text = text.replace("pour mieux utiliser les savoir-faire locaux", "pour valoriser les savoir-faire du territoire")
    text = text.replace("Ancrer la transition", "Réussir la transition")
    text = re.sub(r"^ *- id: A005\n *texte: .*\n", "", text, flags=re.MULTILINE)
    axis.write_text(text, encoding="utf-8")


def prepare() -> dict[str, list[str]]:
    shutil.rmtree(WORK, ignore_errors=True)
    old1, new1 = WORK / "x1" / "ancienne", WORK / "x1" / "nouvelle"
    shutil.copytree(ROOT / "content", old1 / "content")
    shutil.copytree(ROOT / "content", new1 / "content")
    apply_edits(new1 / "content")
    old10, new10 = WORK / "x10" / "ancienne", WORK / "x10" / "nouvelle"
    scaled_content(ROOT / "content", old10 / "content", 10)
    shutil.copytree(old10 / "content", new10 / "content")
    _scaled_edits(new10 / "content")

    def compare(old: Path, new: Path, out: str) -> list[str]:
        return [*BUILD, "comparer", str(old), "--contenu", str(new / "content"), "--sortie", str(WORK / out), "-q"]

    return {
        "pdf": [*BUILD, "pdf", "--force", "-q", "--contenu", str(new1 / "content"), "--sortie", str(WORK / "pdf")],
        "comparer": compare(old1, new1, "sortie-x1"),
        "comparer-x10": compare(old10, new10, "sortie-x10"),
    }


def table(results: dict[str, tuple[float, float]]) -> str:
    pdf, one, ten = (results[k][0] for k in ("pdf", "comparer", "comparer-x10"))

    def s(value: float) -> str:
        return f"{value:.2f} s".replace(".", ",")

    def x(value: float) -> str:
        return f"{value:.2f}×".replace(".", ",")

    lines = [
        "| mesure | médiane | mémoire max | objectif | rapport |",
        "| --- | --- | --- | --- | --- |",
        f"| `build.py pdf --force` (étape PDF d'un build complet) | {s(pdf)} | {results['pdf'][1]:.0f} Mo | — | — |",
        f"| `comparer` : PDF + DOCX + XLSX, plan complet | {s(one)} | {results['comparer'][1]:.0f} Mo "
        f"| ≤ 1,5 × l'étape PDF | {x(one / pdf)} |",
        f"| `comparer`, 10 × les actions | {s(ten)} | {results['comparer-x10'][1]:.0f} Mo "
        f"| ≤ 10 × la comparaison 1 × | {x(ten / one)} |",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark de « build.py comparer ».")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="met à jour bench/README.md")
    args = parser.parse_args()
    results = measure_all(prepare(), args.runs)
    text = table(results)
    print(text)
    if args.write:
        readme = ROOT / "bench" / "README.md"
        current = readme.read_text(encoding="utf-8")
        block = f"{START}\n{text}\n{END}"
        if START in current:
            current = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, current, flags=re.DOTALL)
        else:
            current += f"\n## Comparer deux éditions (`bench/comparer.py`)\n\n{block}\n"
        readme.write_text(current, encoding="utf-8")
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
