"""Writing one text back into content/: only the scalar's characters change, in the scalar's own style."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import copy_content

from territoire.retours.writeback import merge
from territoire.retours.yamledit import emit, scalar_text, sources
from territoire.typography import fr


def test_each_quoting_style_is_kept() -> None:
    for style, value in (('"', 'Dire « oui » et "non" \\ a'), ("'", "L'agence"), (None, "Texte simple")):
        written = emit(value, style)
        assert yaml.safe_load(f"k: {written}") == {"k": value}
        assert written[0] == (style or "T")
    assert emit("Attention : deux-points", None).startswith('"')  # plain cannot hold « : »


def test_unchanged_parts_keep_the_authors_own_characters() -> None:
    source = "Créer l’agence d'Alès : un lieu unique..."
    merged = merge(source, "Créer l'agence d'Alès : un lieu commun...")
    assert merged == "Créer l’agence d'Alès : un lieu commun..."
    assert fr(merged) == fr("Créer l'agence d'Alès : un lieu commun...")


def test_an_edit_leaves_every_other_byte(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    axis = content / "axes" / "2-qualite-de-vie.yaml"
    axis.write_bytes(b"\xef\xbb\xbf" + axis.read_bytes().replace(b"\n", b"  # note\n", 1))  # a BOM, a comment
    source = sources(content)["A042"]
    _key, node = source.value("A042", "texte")
    assert node is not None and scalar_text(node).startswith("Développer la lecture publique")
    source.replace(node, "Nouveau texte")
    old, new = source.text.splitlines(), source.edited().splitlines()
    changed = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    assert len(changed) == 1 and new[changed[0]].endswith('texte: "Nouveau texte"')
    assert new[0].startswith("\ufeff") and new[0].endswith("  # note")


def test_a_result_that_would_not_validate_is_reported_and_not_written(tmp_path: Path) -> None:
    from territoire.retours.writeback import Outcome, validate

    content = copy_content(tmp_path)
    source = sources(content)["A042"]
    _key, node = source.value("A042", "texte")
    assert node is not None
    source.edits.append((node.start_mark.index, node.end_mark.index, '"ouvert'))  # a quote left open
    outcome = Outcome(writes={source.label: (source, source.edited())})
    before = source.path.read_bytes()
    problems = validate(outcome, content)
    assert problems and all("relecture-" not in p for p in problems)  # named in content/, not the scratch copy
    assert any("2-qualite-de-vie.yaml" in p and "guillemet" in p for p in problems)
    assert source.path.read_bytes() == before
