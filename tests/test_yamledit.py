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


def test_a_block_scalar_stays_a_block_and_the_next_element_stays_on_its_line(tmp_path: Path) -> None:
    """Authors may write a long text as a folded (`>-`) or literal (`|`) block: its end mark takes in the line
    break, which a one-line replacement used to swallow, gluing the next « - id: » onto the text."""
    content = copy_content(tmp_path)
    axis = content / "axes" / "2-qualite-de-vie.yaml"
    for header in (">-", "|", ">-  # trop long"):
        original = axis.read_text(encoding="utf-8")
        lines = original.splitlines(keepends=True)
        at = next(i for i, line in enumerate(lines) if "texte: " in line and "A042" in lines[i - 1])
        indent = " " * (len(lines[at]) - len(lines[at].lstrip()) + 2)
        text = yaml.safe_load(lines[at])["texte"]
        half = len(text) // 2
        block = f"{lines[at].split('texte:')[0]}texte: {header}\n{indent}{text[:half]}\n{indent}{text[half:]}\n"
        axis.write_text("".join([*lines[:at], block, *lines[at + 1 :]]), encoding="utf-8")
        before = axis.read_text(encoding="utf-8")
        source = sources(content)["A042"]
        _key, node = source.value("A042", "texte")
        assert node is not None
        source.replace(node, "Nouveau texte : « oui » # pas un commentaire")
        edited = source.edited()
        assert yaml.safe_load(edited) is not None
        old, new = before.splitlines(), edited.splitlines()
        assert new[: at + 1] == old[: at + 1] and new[at + 2 :] == old[at + 3 :], header  # only the body changed
        assert new[at + 1] == f"{indent}Nouveau texte : « oui » # pas un commentaire"
        assert scalar_text(sources_from(edited, content)) == "Nouveau texte : « oui » # pas un commentaire"
        axis.write_text(original, encoding="utf-8")


def sources_from(text: str, content: Path) -> yaml.ScalarNode:
    axis = content / "axes" / "2-qualite-de-vie.yaml"
    axis.write_text(text, encoding="utf-8")
    _key, node = sources(content)["A042"].value("A042", "texte")
    assert node is not None
    return node


def test_a_synthesis_wording_added_under_a_block_title_goes_right_under_it(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    axis = content / "axes" / "2-qualite-de-vie.yaml"
    text = axis.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.strip().startswith("- id: structures-culturelles"))
    title = text.splitlines()[text.splitlines().index(line) + 1]
    indent = title[: len(title) - len(title.lstrip())]
    value = yaml.safe_load(title.strip())["titre"]
    axis.write_text(text.replace(title, f"{indent}titre: >-\n{indent}  {value}"), encoding="utf-8")
    source = sources(content)["structures-culturelles"]
    key_node, node = source.value("structures-culturelles", "titre")
    assert node is not None
    source.add_after(key_node, node, "titre_synoptique", "Structures culturelles")
    objective = yaml.safe_load(source.edited())["orientations"][0]["objectifs"][0]
    assert objective["id"] == "structures-culturelles" and objective["titre"] == value
    assert objective["titre_synoptique"] == "Structures culturelles" and objective["actions"][0]["id"] == "A037"
