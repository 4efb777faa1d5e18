"""Make tests/cases/grown/content: next year's plan, grown in every direction the layouts must survive.

Every title three times as long, one orientation with twice its objectives, every action three times, a fourth
axis, and a fourth phase in the calendar with a one-week step. Rerun after changing content/:
`.venv/bin/python tests/grow.py`.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "tests" / "cases" / "grown" / "content"
DATE = re.compile(r"'(\d{4}-\d{2}(?:-\d{2})?)'")


def _longer(node: dict[str, Any]) -> None:
    for key in ("titre", "titre_synoptique"):
        if isinstance(node.get(key), str):
            node[key] = " ".join([node[key]] * 3)


def _grow_axis(axis: dict[str, Any], first: bool, counter: list[int]) -> None:
    _longer(axis)
    for number, orientation in enumerate(axis["orientations"]):
        _longer(orientation)
        if first and number == 0:  # orientation 1.1: twice its objectives
            copies = yaml.safe_load(yaml.safe_dump(orientation["objectifs"]))
            for objective in copies:
                objective["id"] += "-bis"
                for holder in [objective, *objective.get("groupes", [])]:
                    for action in holder.get("actions") or []:
                        if "id" in action:
                            counter[0] += 1
                            action["id"] = f"A{counter[0]}"
            orientation["objectifs"] += copies
        for objective in orientation["objectifs"]:
            _longer(objective)
            for holder in [objective, *objective.get("groupes", [])]:
                if holder is not objective:
                    _longer(holder)
                actions = []
                for action in holder.get("actions") or []:
                    actions.append(action)
                    if "id" in action:
                        for copy in (2, 3):
                            counter[0] += 1
                            actions.append({"id": f"A{counter[0]}", "texte": f"{action['texte']} (variante {copy})"})
                if "actions" in holder:
                    holder["actions"] = actions


def _renumber(axis: dict[str, Any], suffix: str, counter: list[int]) -> None:
    """A copy of an axis with identifiers of its own."""
    axis["id"] += suffix
    for orientation in axis["orientations"]:
        orientation["id"] += suffix
        for objective in orientation["objectifs"]:
            objective["id"] += suffix
            for holder in [objective, *objective.get("groupes", [])]:
                for action in holder.get("actions") or []:
                    if "id" in action:
                        counter[0] += 1
                        action["id"] = f"A{counter[0]}"


def _dump(data: Any, path: Path) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(DATE.sub(r"\1", text), encoding="utf-8")


def grow(source: Path, target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    counter = [5000]
    axes = sorted((target / "axes").glob("*.yaml"))
    last = yaml.safe_load(axes[-1].read_text(encoding="utf-8"))
    _renumber(last, "-4", counter)
    last["titre"] = "Quatrième axe : " + last["titre"]
    _dump(last, target / "axes" / "4-quatrieme-axe.yaml")
    for path in sorted((target / "axes").glob("*.yaml")):
        axis = yaml.safe_load(path.read_text(encoding="utf-8"))
        _grow_axis(axis, path.name.startswith("1-"), counter)
        _dump(axis, path)
    project = yaml.safe_load((target / "projet.yaml").read_text(encoding="utf-8"))
    _longer(project)
    _dump(project, target / "projet.yaml")
    demarche = yaml.safe_load((target / "demarche.yaml").read_text(encoding="utf-8"))
    for phase in demarche["calendrier"]["phases"]:
        _longer(phase)
    demarche["calendrier"]["phases"].append(
        {
            "id": "mise-en-oeuvre",
            "titre": "Mise en œuvre et suivi du plan d’actions avec les partenaires",
            "debut": "2018-07",
            "fin": "2018-09",
            "etapes": [{"titre": "lancement des premières actions", "debut": "2018-07-02", "fin": "2018-07-08"}],
        }
    )
    _dump(demarche, target / "demarche.yaml")


if __name__ == "__main__":
    grow(ROOT / "content", TARGET)
    print(f"{TARGET.relative_to(ROOT)} écrit.")
