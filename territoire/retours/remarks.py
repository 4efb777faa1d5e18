"""The shapes every reader produces (an Extract of one file) and every consumer reads (Remark)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..errors import UserError

TYPES = ("commentaire", "réponse", "insertion", "suppression", "remplacement")
"""The « Type » of a remark, as the register spells it."""


class ReturnError(UserError):
    """A returned file that cannot be read: French message naming the file; the other files are still read."""


@dataclass(frozen=True, slots=True)
class Change:
    """One tracked change: inserted (or moved to) text, or deleted (or moved away) text."""

    inserted: bool
    author: str
    date: dt.datetime | None


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a paragraph's text, unchanged (change None) or inserted/deleted by a reviewer."""

    text: str
    change: Change | None = None


@dataclass(slots=True)
class Paragraph:
    """One paragraph of a returned file, with the bookmarks around it and whether it is a heading."""

    segments: list[Segment] = field(default_factory=list)
    bookmarks: list[str] = field(default_factory=list)
    heading: bool = False
    mark: Change | None = None  # the paragraph itself inserted (inserted=True) or merged away (False)

    def sent(self) -> str:
        """The text as we sent it: deletions kept, insertions left out."""
        return "".join(s.text for s in self.segments if s.change is None or not s.change.inserted)

    def proposed(self, author: str | None = None) -> str:
        """The text with the changes of `author` (all changes when None) accepted."""

        def kept(segment: Segment) -> bool:
            change = segment.change
            if change is None:
                return True
            mine = author is None or change.author == author
            return change.inserted == mine

        return "".join(s.text for s in self.segments if kept(s))

    def changes(self) -> list[Change]:
        found = [s.change for s in self.segments if s.change is not None]
        return [*found, self.mark] if self.mark is not None else found


@dataclass(frozen=True, slots=True)
class Note:
    """A comment (or a reply to one) anchored in paragraph `paragraph` on the text `anchor`."""

    key: str
    author: str
    date: dt.datetime | None
    text: str
    paragraph: int
    anchor: str = ""
    parent: str = ""  # key of the comment this one answers
    done: bool = False


@dataclass(slots=True)
class Extract:
    """What one reader found in one file."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Remark:
    """One row of the register: who said what about which element of the plan."""

    fichier: str
    partenaire: str
    auteur: str
    date: dt.datetime | None
    id: str
    emplacement: str
    type: str
    envoye: str
    propose: str
    commentaire: str
    order: int = 0  # position in the plan's walk (unplaced remarks after their nearest element)
