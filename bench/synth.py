"""A synthetic plan with k times the actions of the bundled content, for the scale benchmark."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml


def scaled_content(source: Path, target: Path, factor: int) -> Path:
    """Copy `source` to `target`, repeating every action `factor` times under new identifiers."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    counter = 10_000
    for path in sorted((target / "axes").glob("*.yaml")):
        axis = yaml.safe_load(path.read_text(encoding="utf-8"))
        for orientation in axis["orientations"]:
            for objective in orientation["objectifs"]:
                holders = [objective, *objective.get("groupes", [])]
                for holder in holders:
                    originals = [a for a in holder.get("actions") or [] if "id" in a]
                    extra = []
                    for copy in range(1, factor):
                        for action in originals:
                            counter += 1
                            extra.append({"id": f"A{counter}", "texte": f"{action['texte']} (variante {copy})"})
                    if "actions" in holder:
                        holder["actions"] = (holder["actions"] or []) + extra
        text = yaml.safe_dump(axis, allow_unicode=True, sort_keys=False, width=1000)
        path.write_text(re.sub(r"'(\d{4}-\d{2}(?:-\d{2})?)'", r"\1", text), encoding="utf-8")
    return target
