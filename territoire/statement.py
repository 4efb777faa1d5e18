"""content/accessibilite.yaml -> Statement: the accessibility statement, validated like the rest of the content."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .model import CONFORMITY, Contact, Moment, Statement
from .reader import MapView

if TYPE_CHECKING:
    from .loader import _Loader

FILE = "accessibilite.yaml"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_URL = re.compile(r"^https://\S+$")


def read_statement(loader: _Loader) -> Statement | None:
    """Read and check the statement; every problem goes to the loader's list, located."""
    ctx, node = loader.open(loader.content_dir / FILE)
    if node is None:
        return None
    view = MapView(ctx, node, "déclaration d'accessibilité", "accessibilite")
    if not view.ok:
        return None
    etat = view.text("etat")
    if etat and etat not in CONFORMITY:
        expected = ", ".join(f"« {s} »" for s in CONFORMITY)
        ctx.error(view.values["etat"], view.place, f"état « {etat} » inconnu : attendu {expected}")
    contact = view.sub("contact", "contact", "déclaration d'accessibilité, contact")
    courriel = adresse = formulaire = ""
    if contact and contact.ok:
        courriel, adresse = contact.text("courriel"), contact.text("adresse")
        formulaire = contact.text("formulaire") if contact.has("formulaire") else ""
        if courriel and not _EMAIL.match(courriel):
            ctx.error(contact.values["courriel"], contact.place, f"adresse électronique « {courriel} » invalide")
        if formulaire and not _URL.match(formulaire):
            ctx.error(
                contact.values["formulaire"], contact.place, f"adresse « {formulaire} » invalide : attendu https://…"
            )
    return Statement(
        etat=etat,
        date=view.moment("date") or Moment(1970, 1, 1),
        referentiel=view.text("referentiel"),
        resultats=view.text("resultats"),
        non_conformites=view.texts("non_conformites"),
        derogations=view.texts("derogations"),
        hors_champ=view.texts("hors_champ"),
        contact=Contact(courriel, adresse, formulaire),
        recours=view.texts("recours"),
    )
