"""The council presentation (PPTX) on templates/deck/master.pptx, every text measured so that nothing overflows."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from . import BuildContext, Builder, register

if TYPE_CHECKING:
    from ..model import Plan


def slug(text: str) -> str:
    """« Conseil communautaire » -> « conseil-communautaire »."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def deck_name(plan: Plan, suffix: str) -> str:
    """« conseil-communautaire-2018-06-28.pptx »: the deck is named after its meeting, in every format."""
    meeting = plan.document.conseil
    return f"{slug(meeting.instance)}-{meeting.date.first_day.isoformat()}{suffix}"


@register
class PptxBuilder(Builder):
    name = "pptx"
    warm_imports = ("pptx", "territoire.deck.slides")
    description = "présentation du conseil communautaire (PowerPoint 16:9, notes de l’orateur)"
    templates = ("deck/*",)
    assets = ("theme.yaml", "logo.svg", "fonts/*.ttf")

    def output_name(self, plan: Plan) -> str:
        return deck_name(plan, ".pptx")

    def render(self, ctx: BuildContext) -> bytes:
        from ..deck.canvas import Deck  # territoire.deck stays out of the registry's start-up imports
        from ..deck.slides import compose

        deck = Deck(ctx)
        compose(deck, ctx)
        return deck.save(ctx.when)
