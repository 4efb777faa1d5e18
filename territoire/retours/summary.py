"""The readable summary output/relecture.docx: one heading per element, in plan order, its current text
above every partner's remarks side by side (one column per partner)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..builders._word import Span, WordDocument
from .locate import Index
from .remarks import Remark

if TYPE_CHECKING:
    from ..builders import BuildContext

KIND = "relecture des partenaires"


def _current(index: Index, remark: Remark) -> str:
    from .writeback import current, key_of

    item = index.by_id[remark.id]
    return current(item, key_of(item, remark.emplacement))


def _cell_lines(remark: Remark) -> Iterable[str | Span]:
    when = remark.date.strftime("%d/%m/%Y %H:%M") if remark.date else ""
    yield Span(f"{remark.type} — {remark.auteur} {when}".strip(), bold=True)
    if remark.propose:
        yield remark.propose
    if remark.commentaire:
        yield Span(remark.commentaire, italic=True)
    if remark.envoye and not remark.propose and remark.type in ("commentaire", "réponse"):
        yield Span(f"sur « {remark.envoye} »", italic=True)


def summary_bytes(remarks: list[Remark], index: Index, ctx: BuildContext) -> bytes:
    doc = WordDocument(ctx.project)
    plan = ctx.plan
    doc.paragraph("Title", [f"Relecture — {plan.document.titre}"])
    partners = list(dict.fromkeys(r.partenaire for r in remarks))
    doc.paragraph("Normal", [f"{len(remarks)} remarque(s) de {len(partners)} partenaire(s) : {', '.join(partners)}."])
    groups: dict[tuple[str, str], list[Remark]] = {}
    for remark in remarks:  # already in plan order
        groups.setdefault((remark.id, remark.emplacement), []).append(remark)
    width = doc.text_width()
    for (identifier, where), rows in groups.items():
        title = f"{identifier} — {where}" if identifier else f"Hors du plan — {where}"
        doc.heading("Heading 2", [title])
        if identifier in index.by_id:
            doc.paragraph("Mise en avant", ["Texte actuel"])
            doc.paragraph("Normal", [_current(index, rows[0])])
        columns = list(dict.fromkeys(r.partenaire for r in rows))
        share = width // len(columns)
        table = doc.table([share] * len(columns), columns)
        row = doc.row(table, split=True)
        for partner in columns:
            cell = doc.cell(row, share)
            for remark in (r for r in rows if r.partenaire == partner):
                for line in _cell_lines(remark):
                    doc.paragraph("Cellule", [line], cell)
    return doc.finish(ctx, KIND)
