"""The comparison for the council, as a PDF: the brochure's template machinery, theme, fonts and PDF/UA tagging."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .diff import word_diff

if TYPE_CHECKING:
    from ..builders import BuildContext
    from .diff import Comparison


def comparison_pdf(comparison: Comparison, ctx: BuildContext, old_edition: str) -> bytes:
    """`ctx` is the new edition's: its plan gives the running heads, its date the PDF's."""
    from ..pdfrender import render_html, write_pdf

    entries: list[dict[str, Any]] = [
        {
            "change": change,
            "diff": word_diff(change.before, change.after)
            if change.before and change.after and change.before != change.after
            else [],
            "synoptic_diff": word_diff(change.synoptic_before, change.synoptic_after) if change.synoptic_after else [],
        }
        for change in comparison.changes
    ]
    html = render_html(
        ctx,
        "pdf/comparaison.html.j2",
        old=comparison.old,
        new=comparison.new,
        old_edition=old_edition,
        summary=comparison.summary,
        entries=entries,
    )
    return write_pdf(html, ctx)
