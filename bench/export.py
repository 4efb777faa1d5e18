"""Exports of the model for the peer tools: Markdown (pandoc → DOCX, PPTX) and Typst (→ PDF)."""

from __future__ import annotations

from territoire.model import Plan
from territoire.typography import format_span


def markdown(plan: Plan) -> str:
    doc = plan.document
    lines = [f"% {doc.titre}", f"% {doc.institution}", "", f"# {doc.libelles.avancement}", ""]
    for phase in plan.demarche.calendrier.phases:
        lines.append(f"- {format_span(phase.debut, phase.fin)} : {phase.titre}")
        lines += [f"    - {s.titre} {s.detail} ({format_span(s.debut, s.fin)})" for s in (*phase.etapes, *phase.jalons)]
    lines += ["", f"# {doc.libelles.objectif_processus}", ""]
    lines += [f"- {c}" for c in plan.demarche.contexte]
    lines += [f"- {p.titre}" for p in plan.demarche.objectifs]
    lines += ["", "# Ambition", "", *plan.ambition.introduction, ""]
    lines += [f"- {d.titre}" for d in plan.ambition.defis]
    for axis in plan.axes:
        lines += ["", f"# Axe {axis.numero} : {axis.titre}", ""]
        for orientation in axis.orientations:
            lines += [f"## Orientation {orientation.numero} : {orientation.titre}", ""]
            for objective in orientation.objectifs:
                lines += [f"### {objective.titre_complet}", ""]
                for group, action in objective.all_actions():
                    prefix = f"{group.titre} — " if group else ""
                    lines.append(f"- {prefix}{action.texte} [{action.id}]")
                lines.append("")
    return "\n".join(lines) + "\n"


def _typst_text(text: str) -> str:
    return "".join(f"\\{c}" if c in "\\#$*_[]<>@`=-+/~" else c for c in text)


def typst(plan: Plan) -> str:
    doc = plan.document
    out = [
        '#set page(paper: "a4", flipped: true, numbering: "1")',
        '#set text(lang: "fr", size: 10pt)',
        f"#align(center)[#text(size: 28pt)[{_typst_text(doc.titre)}] \\ {_typst_text(doc.institution)}]",
        "#pagebreak()",
        "#outline()",
    ]
    for axis in plan.axes:
        out.append(f"= Axe {axis.numero} : {_typst_text(axis.titre)}")
        for orientation in axis.orientations:
            out.append(f"== Orientation {orientation.numero} : {_typst_text(orientation.titre)}")
            rows = []
            for objective in orientation.objectifs:
                items = " ".join(f"[{_typst_text(a.texte)}]," for _, a in objective.all_actions())
                rows.append(f"[{_typst_text(objective.titre_complet)}], list({items}),")
            out.append("#table(columns: (1fr, 2fr), table.header[*Objectif*][*Actions*], " + " ".join(rows) + ")")
    return "\n".join(out) + "\n"
