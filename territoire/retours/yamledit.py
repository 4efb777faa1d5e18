"""Edit one text of content/ in place: the scalar's own characters change, every other byte stays.

PyYAML's node marks (the loader's `read_yaml`) give where each scalar starts and ends; the new value is
written in the scalar's own quoting style, so comments, order, blank lines and quoting are untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..loader import label_for
from ..project import content_files
from ..yamlsource import read_yaml


@dataclass
class Source:
    """One content file as text, and the mappings of its elements by ID."""

    path: Path
    text: str
    offset: int  # characters before the YAML text (a byte-order mark)
    elements: dict[str, yaml.MappingNode] = field(default_factory=dict)
    edits: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return label_for(self.path)

    def value(self, identifier: str, key: str) -> tuple[yaml.Node, yaml.ScalarNode | None]:
        """The key node and value of `key` in the element `identifier` (value None when the key is absent)."""
        mapping = self.elements[identifier]
        for key_node, value_node in mapping.value:
            if key_node.value == key and isinstance(value_node, yaml.ScalarNode):
                return key_node, value_node
        return mapping, None

    def replace(self, node: yaml.ScalarNode, new: str) -> None:
        """Queue the replacement of scalar `node` by `new`, in the scalar's style.

        A block scalar (`>` or `|`) keeps its header line and indentation, its text on one line; its end mark
        takes in the line breaks that follow it, which stay."""
        start, end = node.start_mark.index + self.offset, node.end_mark.index + self.offset
        original = self.text[start:end]
        if node.style in (">", "|"):
            header, _, body = original.partition("\n")
            indent = body[: len(body) - len(body.lstrip(" "))]
            written = f"{header}\n{indent}{new}{original[len(original.rstrip()) :]}"
        else:
            written = emit(new, node.style)
        self.edits.append((start, end, written))

    def add_after(self, key_node: yaml.Node, value_node: yaml.ScalarNode, key: str, new: str) -> None:
        """Queue a new line « key: "new" » under the line where `value_node` ends, aligned with `key_node`."""
        stop = value_node.end_mark.index + self.offset
        end = self.text.find("\n", len(self.text[:stop].rstrip()))  # a block scalar's end takes in its line break
        end = len(self.text) if end < 0 else end
        indent = " " * key_node.start_mark.column
        self.edits.append((end, end, f"\n{indent}{key}: {emit(new, value_node.style)}"))

    def edited(self) -> str:
        text = self.text
        for start, end, replacement in sorted(self.edits, reverse=True):
            text = text[:start] + replacement + text[end:]
        return text


def emit(value: str, style: str | None) -> str:
    """`value` as a YAML scalar in `style` (double, single or plain), double-quoted when plain cannot hold it."""
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style is None or style == "":
        try:
            if yaml.safe_load(f"k: {value}") == {"k": value} and value == value.strip():
                return value
        except yaml.YAMLError:
            pass
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def _collect(node: yaml.Node, elements: dict[str, yaml.MappingNode]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == "id" and isinstance(value_node, yaml.ScalarNode):
                elements.setdefault(str(value_node.value), node)
            _collect(value_node, elements)
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            _collect(child, elements)


def sources(content_dir: Path) -> dict[str, Source]:
    """Element ID -> the content file defining it (files that do not parse are left out: load_plan says why)."""
    found: dict[str, Source] = {}
    for path in content_files(content_dir):
        if not path.is_file():
            continue
        data = path.read_bytes()
        node, problems = read_yaml(label_for(path), data)
        if node is None or problems:
            continue
        text = data.decode("utf-8")
        source = Source(path, text, 1 if text.startswith("\ufeff") else 0)
        _collect(node, source.elements)
        for identifier in source.elements:
            found.setdefault(identifier, source)
    return found


def scalar_text(node: yaml.ScalarNode) -> str:
    """The text as the loader reads it: runs of spaces and line breaks as one space."""
    return " ".join(str(node.value).split())
