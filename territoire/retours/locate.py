"""From what a reader found to remarks placed in the plan: bookmarks first, then the visible IDs and titles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Item, Plan
from ..wording import (
    AXIS,
    ORIENTATION,
    bookmark_name,
    near_heading,
    place,
    synoptic_bookmark_name,
    synthesis_place,
)
from .remarks import Change, Extract, Note, Paragraph, Remark, ReturnError

_VISIBLE_ID = re.compile(r"\[(A\d{3,})(?:,\s*action\s+reprise)?\]")
_ORIENTATION = re.compile(rf"^{ORIENTATION}\s+(\d+\.\d+)\b")
_AXIS = re.compile(rf"^{AXIS}\s+(\d+)\s+—")
_SPACES = re.compile(r"[ \t\r\n]+")


def clean(text: str) -> str:
    """Runs of ordinary spaces and line breaks as one space; no-break spaces are kept (they are typography)."""
    return _SPACES.sub(" ", text).strip()


def partner(path: Path) -> str:
    """The partner named by the file: « Mairie_d'Anduze-retour.docx » → « Mairie d'Anduze-retour »."""
    return clean(path.stem.replace("_", " "))


@dataclass(frozen=True, slots=True)
class Spot:
    """An element of the plan, and whether the synthesis-table wording of it was seen."""

    item: Item
    synoptic: bool = False

    @property
    def place(self) -> str:
        return synthesis_place(self.item) if self.synoptic else place(self.item)


@dataclass
class Index:
    """Everything that tells where a paragraph of a returned file belongs in the (typeset) plan."""

    plan: Plan
    names: dict[str, Spot] = field(default_factory=dict)
    by_id: dict[str, Item] = field(default_factory=dict)
    order: dict[str, int] = field(default_factory=dict)
    numbers: dict[str, Item] = field(default_factory=dict)
    texts: dict[str, Spot] = field(default_factory=dict)

    @classmethod
    def of(cls, plan: Plan) -> Index:
        index = cls(plan)
        for position, item in enumerate(plan.walk()):
            if not item.id or item.kind == "reprise":
                continue
            index.by_id[item.id], index.order[item.id] = item, position
            index.names[bookmark_name(item.id)] = Spot(item)
            node = item.node
            if item.kind in ("orientation", "objective"):
                index.names[synoptic_bookmark_name(item.id)] = Spot(item, True)
                index.texts.setdefault(clean(node.titre_synoptique), Spot(item, True))  # type: ignore[union-attr]
            if item.kind == "objective":
                index.texts.setdefault(clean(node.titre_complet), Spot(item))  # type: ignore[union-attr]
            if item.kind == "orientation":
                index.numbers["o" + node.numero] = item  # type: ignore[union-attr]
            if item.kind == "axis":
                index.numbers["a" + node.numero] = item  # type: ignore[union-attr]
        return index

    def spot(self, paragraph: Paragraph) -> Spot | None:
        """Bookmarks first; then « [A042] », « Orientation 2.1 », « Axe 1 — » and exact titles."""
        for name in paragraph.bookmarks:
            if name in self.names:
                return self.names[name]
        text = clean(paragraph.sent()) or clean(paragraph.proposed())
        found = _VISIBLE_ID.search(text)
        if found and found.group(1) in self.by_id:
            return Spot(self.by_id[found.group(1)])
        for pattern, key in ((_ORIENTATION, "o"), (_AXIS, "a")):
            match = pattern.match(text)
            if match and key + match.group(1) in self.numbers:
                return Spot(self.numbers[key + match.group(1)])
        return self.texts.get(text)


@dataclass
class _Unit:
    """Consecutive paragraphs of one element (a partner may split one into several), or one stray paragraph."""

    spot: Spot | None
    heading: str
    after: int  # walk order of the nearest element before it
    paragraphs: list[Paragraph] = field(default_factory=list)

    def sent(self) -> str:
        # A paragraph mark inserted or deleted only splits or joins paragraphs: the texts are what count.
        return clean(" ".join(p.sent() for p in self.paragraphs))

    def proposed(self, author: str) -> str:
        return clean(" ".join(p.proposed(author) for p in self.paragraphs))


def _units(extract: Extract, index: Index) -> tuple[list[_Unit], list[int]]:
    units: list[_Unit] = []
    unit_of: list[int] = []
    heading, after = "", -1
    for paragraph in extract.paragraphs:
        spot = index.spot(paragraph)
        if paragraph.heading and clean(paragraph.sent()):
            heading = clean(paragraph.sent())
        if spot is not None:
            after = index.order[spot.item.id]
        previous = units[-1] if units else None
        if previous is not None and spot is not None and previous.spot == spot:
            previous.paragraphs.append(paragraph)
        else:
            units.append(_Unit(spot, heading, after, [paragraph]))
        unit_of.append(len(units) - 1)
    return units, unit_of


def _where(unit: _Unit, index: Index) -> tuple[str, str, int]:
    if unit.spot is None:
        return "", near_heading(unit.heading), 2 * unit.after + 1
    return unit.spot.item.id, unit.spot.place, 2 * index.order[unit.spot.item.id]


def _kind(sent: str, proposed: str, changes: list[Change]) -> str:
    if not sent:
        return "insertion"
    if not proposed:
        return "suppression"
    inserted = {c.inserted for c in changes}
    return "remplacement" if len(inserted) > 1 else "insertion" if True in inserted else "suppression"


def remarks(extract: Extract, index: Index, path: Path, label: str) -> list[Remark]:
    """Every tracked change (one remark per author and element) and every comment of one file."""
    units, unit_of = _units(extract, index)
    if extract.paragraphs and not any(u.spot for u in units):
        raise ReturnError(
            f"{label} : ce document ne vient pas du Projet de Territoire (aucun signet ni identifiant reconnu)"
        )
    name, who = path.name, partner(path)
    found: list[Remark] = []
    for unit in units:
        changes = [c for p in unit.paragraphs for c in p.changes()]
        identifier, where, order = _where(unit, index)
        for author in dict.fromkeys(c.author for c in changes):
            own = [c for c in changes if c.author == author]
            sent, proposed = unit.sent(), unit.proposed(author)
            if sent == proposed:
                continue  # e.g. a word deleted then typed again
            date = max((c.date for c in own if c.date), default=None)
            kind = _kind(sent, proposed, own)
            found.append(Remark(name, who, author, date, identifier, where, kind, sent, proposed, "", order))
    by_key = {n.key: n for n in extract.notes}
    for note in extract.notes:
        owner = units[unit_of[note.paragraph]] if 0 <= note.paragraph < len(unit_of) else None
        identifier, where, order = _where(owner, index) if owner else ("", near_heading(""), -1)
        found.append(Remark(name, who, note.author, note.date, identifier, where,
                            "réponse" if note.parent else "commentaire", clean(note.anchor), "",
                            _comment_text(note, by_key), order))  # fmt: skip
    return found


def _comment_text(note: Note, by_key: dict[str, Note]) -> str:
    """The comment's text, saying when it is resolved and whom a reply answers."""
    text = note.text
    parent = by_key.get(note.parent)
    if note.parent:
        text = f"↳ réponse à {parent.author if parent else 'un commentaire'} : {text}"
    if note.done:
        text = f"[résolu] {text}"
    return text
