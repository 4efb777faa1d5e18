"""The parts of a return that Word writes and LibreOffice does not, added after the OOXML spec (ECMA-376).

    .venv/bin/python tests/cases/relecture/word_parts.py SENT.docx REGION.docx OUT_DIR

- REGION.docx (saved by LibreOffice) gets comments in table cells with python-docx's Document.add_comment,
  as Word writes them (LibreOffice 7.4 crashes saving such comments inserted through UNO);
- SENT.docx (our build) becomes parc-cevennes.docx: a comment with a reply and a resolved comment
  (commentsExtended.xml), an insertion dated with w16du:dateUtc, and a move (w:moveFrom / w:moveTo).
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import docx
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
W16DU = "http://schemas.microsoft.com/office/word/2023/wordml/word16du"
NS = {"w": W}
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
EXTENDED_REL = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
EXTENDED_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"


def q(tag: str) -> str:
    prefix, name = tag.split(":")
    return "{%s}%s" % ({"w": W, "w14": W14, "w15": W15, "w16du": W16DU}[prefix], name)  # noqa: UP031


def paragraph_with(body: etree._Element, text: str) -> etree._Element:
    for p in body.iter(q("w:p")):
        if text in "".join(p.itertext()):
            return p
    raise SystemExit(f"no paragraph holds {text!r}")


def table_comments(region: Path, out: Path) -> None:
    document = docx.Document(str(region))
    for needle, remark in (("[A007]", "Ajouter le salon Prom'Alès"), ("[A042]", "Et les ludothèques ?")):
        paragraph = next(p for cell in _cells(document) for p in cell.paragraphs if needle in p.text)
        document.add_comment(paragraph.runs[:1], text=remark, author="Jean Martin", initials="JM")
    document.save(str(out / "region-occitanie.docx"))


def _cells(document: docx.document.Document):  # type: ignore[no-untyped-def]
    for table in document.tables:
        for row in table.rows:
            yield from row.cells


def run(text: str, tag: str = "w:t") -> etree._Element:
    r = etree.Element(q("w:r"))
    t = etree.SubElement(r, q(tag))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def change(tag: str, ident: int, author: str, local: str, utc: str = "") -> etree._Element:
    element = etree.Element(q(tag), {q("w:id"): str(ident), q("w:author"): author, q("w:date"): local})
    if utc:
        element.set(q("w16du:dateUtc"), utc)
    return element


def word_parts(sent: Path, out: Path) -> None:
    package = zipfile.ZipFile(sent)
    root = etree.fromstring(package.read("word/document.xml"))
    body = root.find("w:body", NS)
    # An insertion: Word's w:date is local time marked « Z »; w16du:dateUtc has the true UTC time.
    a001 = paragraph_with(body, "[A001]")
    ins = change("w:ins", 9001, "Sophie Bernard", "2026-03-02T10:15:00Z", "2026-03-02T09:15:00Z")
    ins.append(run(" et du numérique"))
    a001.find("w:r", NS).addnext(ins)
    # A move inside A004: « réhabiliter les friches industrielles, » goes to the front.
    a004 = paragraph_with(body, "[A004]")
    first = a004.find("w:r", NS)
    text = first.find("w:t", NS).text
    moved = "réhabiliter les friches industrielles, "
    head, tail = text.split(moved)
    first.find("w:t", NS).text = head
    first.find("w:t", NS).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")  # its final space
    move_to = change("w:moveTo", 9002, "Sophie Bernard", "2026-03-02T10:20:00Z", "2026-03-02T09:20:00Z")
    move_to.append(run("Réhabiliter les friches industrielles et "))
    move_from = change("w:moveFrom", 9003, "Sophie Bernard", "2026-03-02T10:20:00Z", "2026-03-02T09:20:00Z")
    move_from.append(run(moved, "w:delText"))
    attrs = {q("w:author"): "Sophie Bernard", q("w:date"): "2026-03-02T10:20:00Z"}
    first.addprevious(etree.Element(q("w:moveToRangeStart"), {q("w:id"): "9004", q("w:name"): "move1", **attrs}))
    first.addprevious(move_to)
    first.addprevious(etree.Element(q("w:moveToRangeEnd"), {q("w:id"): "9004"}))
    first.addnext(etree.Element(q("w:moveFromRangeStart"), {q("w:id"): "9005", q("w:name"): "move1", **attrs}))
    first.getnext().addnext(move_from)
    move_from.addnext(etree.Element(q("w:moveFromRangeEnd"), {q("w:id"): "9005"}))
    move_from.addnext(run(tail))
    # Comments: one on A006 with a reply (commentsExtended paraIdParent), one resolved on A009 (done).
    comments = etree.Element(q("w:comments"), nsmap={"w": W, "w14": W14, "w16du": W16DU})
    extended = etree.Element(q("w15:commentsEx"), nsmap={"w15": W15})
    threads = (
        ("0", "A006", "Sophie Bernard", "Ajouter l'œnotourisme", "1A000001", None, False),
        ("1", "A006", "Paul Roux", "D'accord avec Sophie", "1A000002", "1A000001", False),
        ("2", "A009", "Sophie Bernard", "Fait depuis 2019", "1A000003", None, True),
    )
    for ident, action, author, text, para_id, parent, done in threads:
        comment = etree.SubElement(
            comments,
            q("w:comment"),
            {
                q("w:id"): ident,
                q("w:author"): author,
                q("w:date"): "2026-03-03T16:00:00Z",
                q("w16du:dateUtc"): "2026-03-03T15:00:00Z",
            },
        )
        p = etree.SubElement(comment, q("w:p"), {q("w14:paraId"): para_id})
        p.append(run(text))
        ex = etree.SubElement(
            extended, q("w15:commentEx"), {q("w15:paraId"): para_id, q("w15:done"): "1" if done else "0"}
        )
        if parent:
            ex.set(q("w15:paraIdParent"), parent)
        target = paragraph_with(body, f"[{action}]")
        target.find("w:r", NS).addprevious(etree.Element(q("w:commentRangeStart"), {q("w:id"): ident}))
        target.append(etree.Element(q("w:commentRangeEnd"), {q("w:id"): ident}))
        reference = etree.SubElement(target, q("w:r"))
        etree.SubElement(reference, q("w:commentReference"), {q("w:id"): ident})
    parts = {name: package.read(name) for name in package.namelist()}
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["word/comments.xml"] = etree.tostring(comments, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["word/commentsExtended.xml"] = etree.tostring(
        extended, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    types = etree.fromstring(parts["[Content_Types].xml"])
    ct = types.nsmap[None]
    for name, kind in (("comments", COMMENTS_TYPE), ("commentsExtended", EXTENDED_TYPE)):
        etree.SubElement(types, f"{{{ct}}}Override", PartName=f"/word/{name}.xml", ContentType=kind)
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    pr = rels.nsmap[None]
    for ident, name, kind in (("rIdC1", "comments", f"{REL}/comments"), ("rIdC2", "commentsExtended", EXTENDED_REL)):
        etree.SubElement(rels, f"{{{pr}}}Relationship", Id=ident, Type=kind, Target=f"{name}.xml")
    parts["word/_rels/document.xml.rels"] = etree.tostring(
        rels, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    (out / "parc-cevennes.docx").write_bytes(buffer.getvalue())


if __name__ == "__main__":
    sent_docx, region_docx, out_dir = (Path(a) for a in sys.argv[1:4])
    table_comments(region_docx, out_dir)
    word_parts(sent_docx, out_dir)
