"""Benchmark of `relecture`: 10 returned files of the full plan, 30 remarks each, whole-process medians,
beside pandoc's `--track-changes=all -t json` over the same 10 files in the same run.

Usage: python3 bench/relecture.py [--runs 7] [--write]   (--write updates bench/README.md)
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import BUILD, WORK, install_peers, measure_all, write_section  # noqa: E402

from territoire.bootstrap import ensure_environment  # noqa: E402

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FILES, CHANGES, COMMENTS = 10, 20, 10


def q(name: str) -> str:
    return f"{{{W}}}{name}"


def _run(text: str, tag: str = "t"):  # type: ignore[no-untyped-def]
    from lxml import etree

    r = etree.Element(q("r"))
    etree.SubElement(r, q(tag)).text = text
    return r


def returned(sent: bytes, number: int) -> bytes:
    """Our DOCX with 20 tracked changes and 10 comments on 30 actions, as partner `number` would return it."""
    from lxml import etree

    source = zipfile.ZipFile(io.BytesIO(sent))
    parts = {name: source.read(name) for name in source.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    actions = [p for p in root.iter(q("p")) if "[A" in "".join(p.itertext())]
    comments = etree.Element(q("comments"), nsmap={"w": W})
    author = {q("author"): f"Partenaire {number}", q("date"): "2026-03-01T10:00:00Z"}
    for index in range(CHANGES + COMMENTS):
        p = actions[(number * 7 + index * 3) % len(actions)]
        first = p.find(q("r"))
        if index < CHANGES // 2:  # an insertion
            ins = etree.Element(q("ins"), {q("id"): str(1000 + index), **author})
            ins.append(_run(f" (ajout {number}.{index})"))
            first.addnext(ins)
        elif index < CHANGES:  # a deletion of the first word
            text = first.find(q("t"))
            word, _, rest = (text.text or "").partition(" ")
            text.text = rest
            deletion = etree.Element(q("del"), {q("id"): str(1000 + index), **author})
            deletion.append(_run(word + " ", "delText"))
            first.addprevious(deletion)
        else:  # a comment on the whole action
            key = str(index)
            comment = etree.SubElement(comments, q("comment"), {q("id"): key, **author})
            etree.SubElement(comment, q("p")).append(_run(f"Remarque {number}.{index}"))
            first.addprevious(etree.Element(q("commentRangeStart"), {q("id"): key}))
            p.append(etree.Element(q("commentRangeEnd"), {q("id"): key}))
            etree.SubElement(etree.SubElement(p, q("r")), q("commentReference"), {q("id"): key})
    parts["word/document.xml"] = etree.tostring(root)
    parts["word/comments.xml"] = etree.tostring(comments)
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.wordprocessingml.comments+xml"/></Types>')  # fmt: skip
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdBench" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/comments" Target="comments.xml"/></Relationships>')  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return buffer.getvalue()


def prepare() -> list[Path]:
    out = WORK / "relecture"
    subprocess.run([*BUILD, "docx", "-q", "--sortie", str(out / "envoi")], check=True, cwd=ROOT)
    sent = (out / "envoi" / "projet-de-territoire.docx").read_bytes()
    folder = out / "retours"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for number in range(1, FILES + 1):
        path = folder / f"partenaire-{number:02d}.docx"
        path.write_bytes(returned(sent, number))
        files.append(path)
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    ensure_environment(testing=True)
    pandoc, _ = install_peers()
    files = prepare()
    folder = files[0].parent
    loop = f'for f in "{folder}"/*.docx; do "{pandoc}" --track-changes=all -t json "$f" >/dev/null || exit 1; done'
    commands = {
        "pandoc --track-changes=all -t json (10 fichiers)": ["sh", "-c", loop],
        "relecture (10 fichiers, 300 remarques)": [
            *BUILD,
            "relecture",
            str(folder),
            "--sortie",
            str(WORK / "relecture" / "sortie"),
        ],
    }
    check = subprocess.run(commands["relecture (10 fichiers, 300 remarques)"], capture_output=True, text=True, cwd=ROOT)
    print(check.stdout.strip())
    results = measure_all(commands, args.runs)
    peer = results["pandoc --track-changes=all -t json (10 fichiers)"][0]
    lines = ["| mesure | médiane | mémoire max | objectif | rapport à pandoc |", "| --- | ---: | ---: | --- | ---: |"]
    for name, (median, peak) in results.items():
        target = "≤ 2 s" if name.startswith("relecture") else "pair"
        lines.append(
            f"| {name} | {median:.3f} s | {peak:.0f} Mo | {target} | {median / peer:.2f} × |".replace(".", ",")
        )
    table = "\n".join(lines)
    print(table)
    if args.write:
        write_section("relecture", "fin de relecture", table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
