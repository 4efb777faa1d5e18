"""Read one YAML file into PyYAML nodes (with line/column marks), refusing what a person should not write."""

from __future__ import annotations

import functools
import re

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent
from yaml.reader import Reader

from .errors import Location, Problem

MAX_BYTES = 1_000_000
MAX_DEPTH = 24
MAX_NODES = 100_000
NON_PRINTABLE = Reader.NON_PRINTABLE

# PyYAML's English problem texts, translated for the communications team.
_TRANSLATIONS: tuple[tuple[str, str], ...] = (
    ("found character '\\t' that cannot start any token", "tabulation interdite : indentez avec des espaces"),
    ("found a tab character", "tabulation interdite : indentez avec des espaces"),
    ("found unexpected end of stream", "guillemet ouvert jamais fermé"),
    ("found unexpected end of stream while scanning a quoted scalar", "guillemet ouvert jamais fermé"),
    ("expected ',' or ']'", "crochet « [ » ouvert jamais fermé (ou virgule manquante)"),
    ("expected ',' or '}'", "accolade « { » ouverte jamais fermée (ou virgule manquante)"),
    (
        "mapping values are not allowed here",
        "deux-points inattendu : texte contenant « : » à mettre entre guillemets, ou indentation incohérente",
    ),
    ("could not find expected ':'", "deux-points « : » attendu après la clé (ou guillemet mal fermé)"),
    ("did not find expected key", "indentation incohérente : une clé est mal alignée"),
    ("did not find expected '-' indicator", "indentation incohérente dans une liste"),
    ("did not find expected node content", "valeur attendue"),
    ("found undefined alias", "alias YAML (*…) interdit"),
    ("found unknown escape character", "séquence d'échappement inconnue après « \\ » entre guillemets"),
    ("expected <block end>, but found", "indentation incohérente : un élément est mal aligné"),
    (
        "found character '@' that cannot start any token",
        "« @ » ne peut pas commencer une valeur : mettez-la entre guillemets",
    ),
    (
        "found character '`' that cannot start any token",
        "« ` » ne peut pas commencer une valeur : mettez-la entre guillemets",
    ),
    ("but found another document", "un seul document par fichier (retirez « --- »)"),
    (
        "expected alphabetic or numeric character",
        "« & », « * » ou « ! » en début de valeur : mettez-la entre guillemets",
    ),
    ("expected a comment or a line break", "texte inattendu après la valeur : mettez toute la valeur entre guillemets"),
    ("expected indentation indicator", "« | » ou « > » mal employé : mettez la valeur entre guillemets"),
    ("expected chomping or indentation", "« | » ou « > » mal employé : mettez la valeur entre guillemets"),
    (
        "sequence entries are not allowed here",
        "« - » inattendu : indentation incohérente, ou texte commençant par « - » à mettre entre guillemets",
    ),
    ("mapping keys are not allowed here", "« ? » inattendu : mettez la valeur entre guillemets"),
    ("found unexpected document separator", "« --- » ou « ... » inattendu : retirez-le"),
    ("expected a single document", "un seul document par fichier (retirez « --- »)"),
    ("expected escape sequence of", "séquence d'échappement invalide après « \\ » entre guillemets"),
    *(
        (english, "étiquette YAML (« ! ») interdite : mettez la valeur entre guillemets")
        for english in (
            "found undefined tag handle",
            "found non-specific tag",
            "expected '!'",
            "expected URI",
            "expected '>'",
            "expected ' ', but found",
        )
    ),
    *(
        (english, "directive YAML (« % ») interdite : retirez-la")
        for english in ("found incompatible YAML document", "found duplicate YAML directive", "expected a digit")
    ),
    (
        "expected '<document start>', but found",
        "ligne inattendue : le fichier est une suite de lignes « clé : valeur » alignées à gauche "
        "(vérifiez l'indentation, ou retirez « ... »)",
    ),
)


def _french(problem: str | None) -> str:
    text = problem or ""
    for english, french in _TRANSLATIONS:
        if text.startswith(english):
            return french
    stray = re.match(r"found character '(.+)' that cannot start any token", text) or re.match(
        r"expected the node content, but found '(.+)'", text
    )
    if stray:
        return f"« {stray.group(1)} » ne peut pas commencer une valeur : mettez-la entre guillemets"
    return f"syntaxe YAML invalide ({text})"


class _Composer(yaml.SafeLoader):
    """A SafeLoader that refuses anchors/aliases (no billion laughs) and absurd depth or size."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise ComposerError(None, None, "ALIAS", event.start_mark)
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise ComposerError(None, None, "ALIAS", event.start_mark)
        self._depth += 1
        self._nodes += 1
        if self._depth > MAX_DEPTH:
            raise ComposerError(None, None, "DEPTH", event.start_mark)
        if self._nodes > MAX_NODES:
            raise ComposerError(None, None, "NODES", event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_SPECIAL = {
    "ALIAS": "ancres et alias YAML (& et *) interdits : écrivez le texte en entier ou utilisez « reprise »",
    "DEPTH": f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)",
    "NODES": f"fichier démesuré (plus de {MAX_NODES} éléments)",
}


def _offset_location(file: str, data: bytes, offset: int) -> Location:
    before = data[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return Location(file, line, column)


def read_yaml(path_label: str, data: bytes) -> tuple[yaml.Node | None, list[Problem]]:
    """Parse bytes into a node tree; on failure return None and located French problems.

    Trees are remembered per process by file and bytes (readers never change them): when one file of the plan
    changes (watch mode), only that one is parsed again."""
    node, problems = _parsed(path_label, data)
    return node, list(problems)


@functools.lru_cache(maxsize=32)
def _parsed(path_label: str, data: bytes) -> tuple[yaml.Node | None, tuple[Problem, ...]]:
    node, problems = _parse(path_label, data)
    return node, tuple(problems)


def _parse(path_label: str, data: bytes) -> tuple[yaml.Node | None, list[Problem]]:
    if len(data) > MAX_BYTES:
        return None, [
            Problem(Location(path_label), f"fichier trop volumineux ({len(data)} octets, maximum {MAX_BYTES})")
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        loc = _offset_location(path_label, data, exc.start)
        return None, [Problem(loc, "le fichier n'est pas encodé en UTF-8 (enregistrez-le en UTF-8)")]
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [Problem(Location(path_label, 1, 1), "fichier vide")]
    invisible = _invisible_characters(path_label, text)
    if invisible:
        return None, invisible
    tab = re.search(r"^( *)\t", text, flags=re.MULTILINE)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        return None, [
            Problem(
                Location(path_label, line, len(tab.group(1)) + 1),
                "tabulation interdite : indentez avec des espaces",
                _nearby_place(text, line),
            )
        ]
    loader = _Composer(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(path_label, mark.line + 1, mark.column + 1) if mark else Location(path_label)
        message = _SPECIAL.get(exc.problem or "") or _french(exc.problem)
        quote = _unclosed_quote(text, loc.line)
        closed = _text_after_closing_quote(text, mark) if mark and "found '<scalar>'" in (exc.problem or "") else None
        if quote is not None:
            loc, message = Location(path_label, *quote), 'guillemet « " » ouvert jamais fermé'
        elif closed is not None:
            closing = text.splitlines()[loc.line - 1][closed - 1]
            loc = Location(path_label, loc.line, closed)
            message = (
                f"texte après le guillemet fermant « {closing} » : un guillemet de trop, ou des guillemets dans le "
                "texte (écrivez plutôt « … » à la française)"
            )
        return None, [Problem(loc, message, _nearby_place(text, loc.line))]
    except yaml.YAMLError as exc:  # e.g. reader errors on control characters
        return None, [Problem(Location(path_label), f"syntaxe YAML invalide ({exc})")]
    finally:
        loader.dispose()
    if node is None:
        return None, [Problem(Location(path_label, 1, 1), "fichier vide")]
    return node, []


# Everything PyYAML's reader refuses, plus what it accepts but a person never means to write: C1 controls,
# line and paragraph separators, bidirectional overrides (which can make text read differently than it is).
_INVISIBLE = re.compile("|".join((NON_PRINTABLE.pattern, "[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")))
_LINE_BREAKS = frozenset("\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
"""What Word's manual line break, a page break or another editor's line separator leaves in pasted text."""
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
MAX_INVISIBLE = 20


def _invisible_message(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if char in _LINE_BREAKS:
        return f"saut de ligne invisible ({code}, souvent collé depuis Word) : remplacez-le par une espace"
    if char == "\0":
        return f"caractère nul ({code}) interdit : supprimez-le"
    if char in _BIDI:
        return f"caractère invisible de sens d'écriture ({code}) interdit : supprimez-le"
    return f"caractère de contrôle invisible ({code}) interdit : supprimez-le"


def _invisible_characters(path_label: str, text: str) -> list[Problem]:
    """A located problem for each control or invisible formatting character (the first MAX_INVISIBLE)."""
    problems: list[Problem] = []
    for match in _INVISIBLE.finditer(text):
        if len(problems) == MAX_INVISIBLE:
            rest = len(_INVISIBLE.findall(text)) - MAX_INVISIBLE
            problems.append(Problem(Location(path_label), f"et {rest} autre(s) caractère(s) invisible(s)"))
            break
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        message = _invisible_message(match.group())
        problems.append(Problem(Location(path_label, line, column), message, _nearby_place(text, line)))
    return problems


def _text_after_closing_quote(text: str, mark: yaml.Mark) -> int | None:
    """1-based column of the quote that closed a value just before the text PyYAML did not expect (`mark`), on
    the same line: « texte: ""Mobiliser…" » or « texte: "le "Cratère" d'Alès" »."""
    before = text.splitlines()[mark.line][: mark.column].rstrip(" \t")
    return len(before) if before.endswith(('"', "'")) and ":" in before else None


def _unclosed_quote(text: str, error_line: int) -> tuple[int, int] | None:
    """A line before the error whose double-quoted value never closes: the usual cause of a confusing error.

    Only quotes that open a value count (after « key: », « - », « [ », « { » or « , »): a quote inside a
    comment or in the middle of plain text is not one."""
    for number, line in enumerate(text.splitlines()[:error_line], 1):
        column = _open_quote(line)
        if column is not None:
            return number, column
    return None


def _open_quote(line: str) -> int | None:
    """1-based column of a double quote that opens a value and is not closed on the same line."""
    position, start, size = 0, True, len(line)  # `start`: a value may begin here
    while position < size:
        char = line[position]
        if char in " \t":
            position += 1
            continue
        if char == "#" and (position == 0 or line[position - 1] in " \t"):
            return None  # the rest is a comment
        if start and char in "\"'":
            end = _closing(line, position)
            if end is None:
                return position + 1 if char == '"' else None
            position, start = end + 1, False
            continue
        spaced = line[position + 1 : position + 2] in ("", " ")  # « - » and « : » count before a space only
        start = char in "[{," or (spaced and (char == ":" or (char == "-" and start)))
        position += 1
    return None


def _closing(line: str, opening: int) -> int | None:
    """Index of the quote closing the one at `opening` (backslash escapes in "…", doubled quotes in '…')."""
    quote, position = line[opening], opening + 1
    while position < len(line):
        char = line[position]
        if quote == '"' and char == "\\":
            position += 2
            continue
        if char == quote:
            if quote == "'" and line[position + 1 : position + 2] == "'":
                position += 2
                continue
            return position
        position += 1
    return None


def _nearby_place(text: str, error_line: int) -> str:
    """Where a syntax error sits in the plan, guessed from the enclosing « id: » lines above it."""
    found: list[tuple[int, str]] = []
    for line in reversed(text.splitlines()[: error_line - 1]):
        match = re.match(r"^(\s*)(?:- )?id:\s*([\w-]+)", line)
        if match:
            indent = len(match.group(1))
            if not found or indent < found[-1][0]:
                found.append((indent, match.group(2)))
    if not found:
        return ""
    return "près de " + " › ".join(f"« {ident} »" for _, ident in reversed(found))
