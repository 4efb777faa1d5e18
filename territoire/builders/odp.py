"""The council presentation as native ODP on templates/odf/master.odp: the PPTX's slides, measured the same way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import BuildContext, Builder, register
from .pptx import deck_name

if TYPE_CHECKING:
    from ..model import Plan


@register
class OdpBuilder(Builder):
    name = "odp"
    warm_imports = ("odfdo", "territoire.odf.deck")
    description = "présentation du conseil communautaire au format OpenDocument (ODP 16:9, notes de l’orateur)"
    templates = ("odf/master.odp",)
    assets = ("theme.yaml", "logo.svg", "fonts/*.ttf")
    heavy = True

    def output_name(self, plan: Plan) -> str:
        return deck_name(plan, ".odp")

    def render(self, ctx: BuildContext) -> bytes:
        from ..deck.slides import compose
        from ..odf.deck import OdpDeck

        deck = OdpDeck(ctx)
        compose(deck, ctx)
        return deck.save(ctx.when)
