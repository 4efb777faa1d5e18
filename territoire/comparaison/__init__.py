"""`build.py comparer`: what changed between two editions of the plan, for the council and the partners."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from ..errors import ContentError, UserError

if TYPE_CHECKING:
    from ..builders import BuildContext
    from ..cli import Report
    from ..model import Plan
    from ..project import Project
    from .diff import Comparison

FORMATS = ("pdf", "docx", "xlsx")


def output_stem(old: str, new: str) -> str:
    """« modifications-edition-2018-actuel »."""
    return f"modifications-{old}-{new}"


def run(project: Project, references: list[str], report: Report) -> int:
    """Compare `references[0]` with `references[1]` (or with today's content/) and write the three files."""
    from ..atomic import write_atomic
    from ..builders import BuildContext
    from ..cli import human_size, seconds
    from ..plancache import cached_theme
    from ..project import build_time
    from .diff import compare
    from .editions import load_edition

    if not 1 <= len(references) <= 2:
        raise UserError(
            "comparer attend une ou deux éditions : python3 build.py comparer RÉVISION [RÉVISION2] "
            "(une étiquette git comme edition-2018, un commit, ou un dossier qui contient content/)"
        )
    start = time.perf_counter()
    editions, problems = [], []
    for reference in (references[0], references[1] if len(references) == 2 else None):
        try:
            editions.append(load_edition(project, reference))
        except ContentError as exc:  # both editions' mistakes are reported together
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    old, new = editions
    comparison = compare(old.plan, new.plan, old.name, new.name)
    if not comparison.changes:
        report.say(f"Aucune modification entre « {old.name} » et « {new.name} » : aucun fichier écrit.")
        return 0
    ctx = BuildContext(new.plan, cached_theme(project), project, build_time(new.plan))
    outputs = _render(comparison, ctx, old.plan.document.edition, old.plan)
    stem = output_stem(old.label, new.label)
    try:
        for suffix, data in outputs.items():
            path = project.output / f"{stem}.{suffix}"
            write_atomic(path, data)
            report.say(f"  ✓ {path.name:<44} {human_size(len(data)):>8}")
    except OSError as exc:
        from ..errors import os_reason

        raise UserError(f"impossible d'écrire dans {project.output} : {os_reason(exc)}") from None
    report.say(
        f"{comparison.summary}.\n3 document(s) écrit(s) dans {project.output}/ en "
        f"{seconds(time.perf_counter() - start)}."
    )
    return 0


def _render(comparison: Comparison, ctx: BuildContext, old_edition: str, old_plan: Plan) -> dict[str, bytes]:
    """The three files' bytes; nothing is written before all three are ready."""
    from .docx import comparison_docx
    from .pdf import comparison_pdf
    from .xlsx import comparison_xlsx

    return {
        "pdf": comparison_pdf(comparison, ctx, old_edition),
        "docx": comparison_docx(comparison, ctx, old_plan),
        "xlsx": comparison_xlsx(comparison, ctx),
    }
