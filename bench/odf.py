"""The OpenDocument targets of issue 15, measured alone: ODT + ODS against the DOCX ×2 + XLSX step, the ODP against
the PPTX, and the cold full build, as whole processes interleaved in the same run (medians).

Usage: python3 bench/odf.py [--runs 7] [--write]   (--write updates its table in bench/README.md)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import BUILD, WORK, measure_all, write_section

from territoire.bootstrap import ensure_environment

TARGETS = {"ODT + ODS": ("DOCX ×2 + XLSX", 1.0), "présentation ODP": ("présentation PPTX", 1.2)}


def main() -> int:
    parser = argparse.ArgumentParser(description="Mesures des documents OpenDocument (médianes de processus complets).")
    parser.add_argument("--runs", type=int, default=7, help="nombre de mesures après l'échauffement")
    parser.add_argument("--write", action="store_true", help="met à jour le tableau de bench/README.md")
    args = parser.parse_args()
    ensure_environment()
    out = str(WORK / "output-odf")
    commands = {
        "DOCX ×2 + XLSX": [*BUILD, "docx", "synoptique-docx", "xlsx", "--force", "-q", "--sortie", out],
        "ODT + ODS": [*BUILD, "odt", "ods", "--force", "-q", "--sortie", out],
        "présentation PPTX": [*BUILD, "pptx", "--force", "-q", "--sortie", out],
        "présentation ODP": [*BUILD, "odp", "--force", "-q", "--sortie", out],
        "build complet à froid (avec ODF)": [*BUILD, "--force", "-q", "--sortie", out],
        "build complet à froid sans ODF": [
            *BUILD, "pdf", "synoptique-pdf", "docx", "synoptique-docx", "xlsx", "pptx", "html", "--force", "-q",
            "--sortie", out,
        ],
    }  # fmt: skip
    rows = measure_all(commands, args.runs)
    lines = [
        "| mesure | médiane | mémoire max | objectif | rapport | tenu |",
        "| --- | ---: | ---: | --- | ---: | --- |",
    ]
    for name, (seconds, peak) in rows.items():
        peer, factor = TARGETS.get(name, ("", 0.0))
        if peer:
            ratio = seconds / rows[peer][0]
            verdict = "oui" if ratio <= factor else "non"
            lines.append(
                f"| {name} | {seconds:.3f} s | {peak:.0f} Mo | ≤ {factor:g} × {peer} | {ratio:.2f} × | {verdict} |"
            )
        elif name.startswith("build complet à froid ("):
            ratio = seconds / rows["build complet à froid sans ODF"][0]
            lines.append(f"| {name} | {seconds:.3f} s | {peak:.0f} Mo | même barre que sans ODF | {ratio:.2f} × | |")
        else:
            lines.append(f"| {name} | {seconds:.3f} s | {peak:.0f} Mo | référence | | |")
    table = "\n".join(lines).replace(".", ",")
    table += f"\n\n{args.runs} mesures par ligne, après un tour d'échauffement."
    print(table)
    if args.write:
        write_section("odf", "fin odf", table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
