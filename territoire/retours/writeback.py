"""--appliquer: the accepted wording of the register written into content/, conflicts never applied.

A row's « Texte envoyé » is the paragraph as the partner received it, « Texte proposé » as they left it
(or, for a comment, the text it is anchored to and what the team wrote in). Both are typeset; the
current text is typeset the same way, compared as authors type it (typography.untypeset), and the new
wording goes into the YAML as authors type it, keeping the author's own spelling of unchanged parts.
"""

from __future__ import annotations

import difflib
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import write_atomic
from ..builders._word import action_id
from ..errors import ContentError
from ..loader import label_for
from ..model import Item
from ..typography import NBSP, fr, untypeset
from ..wording import AXIS, SYNTHESIS, orientation_label
from .locate import Index, clean
from .register import Decision
from .yamledit import Source, scalar_text, sources


def plain(text: str) -> str:
    """Typeset text as an author types it, spaces tidied: the form in which texts are compared."""
    return clean(untypeset(text))


def frames(item: Item, key: str) -> list[tuple[str, str]]:
    """The (before, after) wording our documents put around the text `key` of `item`."""
    node = item.node
    if item.kind == "action":
        return [("", action_id(item.id, False).text)]
    if item.kind == "axis":
        return [(f"{AXIS} {node.numero} — ", ""), ("", "")]  # type: ignore[union-attr]
    if item.kind == "orientation":
        label = f"{orientation_label(node)}{NBSP}: "  # type: ignore[arg-type]
        return [(label, ""), ("", "")] if key == "titre" else [("", ""), (label, "")]
    if item.kind == "objective" and key == "titre":
        return [("", node.titre_complet[len(node.titre) :]), ("", "")]  # type: ignore[union-attr]
    return [("", "")]


def key_of(item: Item, emplacement: str) -> str:
    if item.kind == "action":
        return "texte"
    return "titre_synoptique" if emplacement.endswith(SYNTHESIS) else "titre"


def current(item: Item, key: str) -> str:
    node = item.node
    return str(getattr(node, key))


def merge(source: str, target: str) -> str:
    """`target` (as authors type it) written over `source`, keeping the source's characters where the two
    agree once typeset (an author's own « ’ » stays); `target` itself whenever that would change the result."""
    base = untypeset(fr(source))
    align = difflib.SequenceMatcher(None, base, source, autojunk=False).get_opcodes()

    def at(index: int) -> int:  # position in `source` of position `index` of `base`
        for tag, b1, b2, s1, _s2 in align:
            if b1 <= index < b2 or (index == b2 and tag == "equal" and index == len(base)):
                return s1 + (index - b1 if tag == "equal" else 0)
        return len(source)

    pieces = []
    for tag, b1, b2, t1, t2 in difflib.SequenceMatcher(None, base, target, autojunk=False).get_opcodes():
        pieces.append(source[at(b1) : at(b2)] if tag == "equal" else target[t1:t2])
    merged = "".join(pieces)
    return merged if fr(merged) == fr(target) else target


@dataclass
class Outcome:
    """What --appliquer found: writes per file, conflicts and the counts of the final summary."""

    writes: dict[str, tuple[Source, str]] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    manual: list[str] = field(default_factory=list)
    accepted: int = 0
    applied: int = 0
    already: int = 0
    comments: int = 0
    refused: int = 0
    discuss: int = 0
    undecided: int = 0


def _who(decision: Decision) -> str:
    r = decision.remark
    return f"ligne {decision.row} ({r.fichier}, {r.partenaire})"


def proposals(
    decisions: list[Decision], index: Index, outcome: Outcome
) -> dict[tuple[str, str], list[tuple[str, Decision]]]:
    """(ID, key) -> the new texts (as authors type them) of the accepted rows; the others counted or listed."""
    found: dict[tuple[str, str], list[tuple[str, Decision]]] = {}
    for decision in decisions:
        r = decision.remark
        if decision.decision != "accepter":
            if decision.decision == "refuser":
                outcome.refused += 1
            elif decision.decision == "à discuter":
                outcome.discuss += 1
            else:
                outcome.undecided += 1
            continue
        outcome.accepted += 1
        if r.type in ("commentaire", "réponse") and not r.propose:
            outcome.comments += 1  # an accepted comment asks for nothing to be written
            continue
        item = index.by_id.get(r.id)
        if item is None:
            where = f"l'ID « {r.id} » n'existe plus dans le plan" if r.id else f"hors du plan ({r.emplacement})"
            outcome.manual.append(f"{_who(decision)} : {where}, à reporter à la main")
            continue
        key = key_of(item, r.emplacement)
        new = _new_text(item, key, decision, outcome)
        if new is not None:
            found.setdefault((r.id, key), []).append((new, decision))
    return found


def _rewrites_whole(proposed: str, whole: str, anchor: str) -> bool:
    """Whether the wording the team wrote in for a comment is the element's whole new text rather than a
    replacement of the few words the comment is anchored to: it is closer to the whole."""
    closeness = difflib.SequenceMatcher(None, proposed, whole, autojunk=False).ratio()
    return closeness > difflib.SequenceMatcher(None, proposed, anchor, autojunk=False).ratio()


def _reframed(new: str, head: str, tail: str) -> str:
    """`new` with the chain's wording around it (« Axe 2 — », « [A042] ») put back where the team, retyping
    « Texte proposé », left it out entirely; a part they changed stays changed (and is reported)."""
    if head and not new.startswith(head) and not new.startswith(head.split()[0]):
        new = f"{head} {new}"
    if tail and not new.endswith(tail) and tail.split()[-1] not in new:
        new = f"{new} {tail}"
    return new


def _new_text(item: Item, key: str, decision: Decision, outcome: Outcome) -> str | None:
    r = decision.remark
    value = current(item, key)
    sent, proposed = plain(r.envoye), plain(r.propose)
    comment = r.type in ("commentaire", "réponse")
    for before, after in frames(item, key):
        whole = plain(before + value + after)
        if not (sent in whole if comment and sent else sent == whole):
            continue
        if comment and sent and _rewrites_whole(proposed, whole, sent):
            new = proposed
        else:
            new = whole.replace(sent, proposed, 1) if sent else proposed
        head, tail = plain(before), plain(after)
        new = _reframed(new, head, tail)
        if not (new.startswith(head) and new.endswith(tail)):
            outcome.manual.append(f"{_who(decision)} : la modification touche « {clean(before + after)} », "
                                  "écrit par la chaîne : à reporter à la main")  # fmt: skip
            return None
        text = new[len(head) : len(new) - len(tail)].strip()
        if not text:
            outcome.manual.append(f"{_who(decision)} : suppression de tout le texte de {r.id}, à faire à la main")
            return None
        return text
    if not comment and any(proposed == plain(before + value + after) for before, after in frames(item, key)):
        outcome.already += 1  # applied by an earlier --appliquer of this register: nothing to do, no conflict
        return None
    outcome.conflicts.append(
        f"{_who(decision)}, {r.id} ({r.emplacement}) : le texte a changé depuis l'envoi au partenaire "
        f"(actuel : « {clean(value)} »)"
    )
    return None


def plan_edits(decisions: list[Decision], index: Index, content: Path) -> Outcome:
    """Every accepted, conflict-free change queued on its content file (nothing written yet)."""
    outcome = Outcome()
    files = sources(content)
    for (identifier, key), texts in proposals(decisions, index, outcome).items():
        if len({fr(text) for text, _ in texts}) > 1:
            rows = "; ".join(f"{_who(d)} : « {text} »" for text, d in texts)
            outcome.conflicts.append(f"{identifier} : propositions acceptées différentes — {rows}")
            continue
        source = files.get(identifier)
        if source is None:
            outcome.manual.append(f"{identifier} : introuvable dans content/, à reporter à la main")
            continue
        new = texts[0][0]
        key_node, node = source.value(identifier, key)
        if node is None:  # no titre_synoptique yet: the synthesis gets its own wording, after « titre »
            key_node, title = source.value(identifier, "titre")
            if title is None:
                outcome.manual.append(f"{identifier} : champ « titre » introuvable, à reporter à la main")
                continue
            if fr(new) != fr(scalar_text(title)):
                source.add_after(key_node, title, key, merge(scalar_text(title), new))
        elif fr(new) != fr(scalar_text(node)):
            source.replace(node, merge(scalar_text(node), new))
        outcome.applied += len(texts)
        if source.edits:
            outcome.writes[source.label] = (source, source.edited())
    return outcome


def validate(outcome: Outcome, content: Path) -> list[str]:
    """Load the plan as it would be after the writes, in a scratch copy of content/: its problems, if any."""
    from ..loader import load_plan

    with tempfile.TemporaryDirectory(prefix="relecture-") as scratch:
        copy = Path(scratch) / "content"
        shutil.copytree(content, copy)
        for source, text in outcome.writes.values():
            (copy / source.path.relative_to(content)).write_text(text, encoding="utf-8")
        try:
            load_plan(copy)
        except ContentError as exc:
            return [str(p).replace(str(copy), label_for(content)) for p in exc.problems]
    return []


def diff(outcome: Outcome) -> str:
    """What --essai shows: a unified diff per file, headed in French."""
    parts: list[str] = []
    for label, (source, text) in outcome.writes.items():
        parts += difflib.unified_diff(source.text.splitlines(keepends=True), text.splitlines(keepends=True),
                                      f"{label} (actuel)", f"{label} (après application)")  # fmt: skip
    return "".join(parts)


def write(outcome: Outcome) -> None:
    """Each file written atomically (all of them validated together beforehand)."""
    for source, text in outcome.writes.values():
        write_atomic(source.path, text.encode("utf-8"))
