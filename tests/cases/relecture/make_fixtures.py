"""Make the returned-file fixtures with a real office suite: LibreOffice driven through UNO.

Run with Debian's Python, which has `uno` (not the project's venv):

    /usr/bin/python3 tests/cases/relecture/make_fixtures.py [OUT_DIR]

It builds our DOCX, opens it in LibreOffice as a partner would, records changes (reword, insert, delete),
adds comments, saves as DOCX and as ODT. Comments in table cells are added afterwards by python-docx
(LibreOffice 7.4 crashes saving as DOCX a document where UNO put a comment in a table cell), and
word_parts.py adds the Word-only parts; `soffice --convert-to odt` makes the ODT of that file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
PIPE = f"relecture{os.getpid()}"


def prop(name: str, value: object) -> PropertyValue:
    return PropertyValue(Name=name, Value=value)


def connect(profile: Path) -> tuple[subprocess.Popen[bytes], object]:
    office = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            f"--accept=pipe,name={PIPE};urp;StarOffice.ComponentContext",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            return office, resolver.resolve(f"uno:pipe,name={PIPE};urp;StarOffice.ComponentContext")
        except Exception:  # not listening yet
            time.sleep(0.5)
    office.kill()
    raise SystemExit("LibreOffice did not start")


def set_author(ctx: object, given: str, family: str) -> None:
    """Tracked changes and comments carry the user profile's name, as in a partner's LibreOffice."""
    provider = ctx.ServiceManager.createInstanceWithContext("com.sun.star.configuration.ConfigurationProvider", ctx)
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess", (prop("nodepath", "/org.openoffice.UserProfile/Data"),)
    )
    access.setPropertyValue("givenname", given)
    access.setPropertyValue("sn", family)
    access.commitChanges()


class Review:
    """One partner's LibreOffice session on our DOCX."""

    def __init__(self, ctx: object, source: Path) -> None:
        # A model without a view: with one, LibreOffice 7.4 (-nogui packages) aborts on saving a document
        # with a comment, building the comment's window from a UI file it does not ship.
        self.doc = ctx.ServiceManager.createInstanceWithContext("com.sun.star.text.TextDocument", ctx)
        self.doc.load((prop("URL", uno.systemPathToFileUrl(str(source))), prop("FilterName", "MS Word 2007 XML")))
        self.doc.setPropertyValue("RecordChanges", True)

    def find(self, bookmark: str, phrase: str) -> object:
        """The first `phrase` after the start of bookmark `bookmark` (our ID bookmarks)."""
        return self.within(self.doc.getBookmarks().getByName(bookmark).getAnchor(), phrase)

    def within(self, anchor: object, phrase: str) -> object:
        """A cursor selecting `phrase` inside the range `anchor` (searching needs a view, which we have not)."""
        position = anchor.getString().find(phrase)
        assert position >= 0, (phrase, anchor.getString())
        cursor = anchor.getText().createTextCursorByRange(anchor.getStart())
        cursor.goRight(position, False)
        cursor.goRight(len(phrase), True)
        return cursor

    def replace(self, bookmark: str, old: str, new: str) -> None:
        self.find(bookmark, old).setString(new)

    def insert_after(self, bookmark: str, phrase: str, text: str) -> None:
        found = self.find(bookmark, phrase)
        found.getText().insertString(found.getEnd(), text, False)

    def new_paragraph_after(self, bookmark: str, text: str) -> None:
        """A new paragraph after the element's paragraph, as a partner proposing one more action."""
        anchor = self.doc.getBookmarks().getByName(bookmark).getAnchor()
        cursor = anchor.getText().createTextCursorByRange(anchor.getEnd())
        cursor.gotoEndOfParagraph(False)
        anchor.getText().insertControlCharacter(cursor, 0, False)  # PARAGRAPH_BREAK
        anchor.getText().insertString(cursor, text, False)

    def comment(self, found: object, author: str, text: str, resolved: bool = False) -> None:
        note = self.doc.createInstance("com.sun.star.text.textfield.Annotation")
        note.setPropertyValue("Author", author)
        note.setPropertyValue("Content", text)
        stamp = uno.createUnoStruct("com.sun.star.util.DateTime")
        stamp.Year, stamp.Month, stamp.Day, stamp.Hours, stamp.Minutes = 2026, 3, 4, 9, 30
        note.setPropertyValue("DateTimeValue", stamp)  # an undated UNO comment is written as year 0
        if resolved:
            note.setPropertyValue("Resolved", True)
        found.getText().insertTextContent(found, note, True)

    def body_phrase(self, phrase: str) -> object:
        paragraphs = self.doc.getText().createEnumeration()
        while paragraphs.hasMoreElements():
            paragraph = paragraphs.nextElement()
            if paragraph.supportsService("com.sun.star.text.Paragraph") and phrase in paragraph.getString():
                return self.within(paragraph, phrase)
        raise AssertionError(phrase)

    def save(self, target: Path, odt: bool = False, password: str = "") -> None:
        options = [prop("FilterName", "writer8" if odt else "MS Word 2007 XML")]
        if password:  # LibreOffice 7.4 encrypts ODF this way (not OOXML: that stays a plain zip)
            options.append(prop("Password", password))
        self.doc.storeToURL(uno.systemPathToFileUrl(str(target)), tuple(options))

    def close(self) -> None:
        self.doc.close(True)


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "retours"
    (out.parent / "mauvais").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        build = Path(work) / "build"
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1530180000"}
        subprocess.run(
            [str(VENV_PYTHON), str(ROOT / "build.py"), "docx", "-q", "--sortie", str(build)],
            check=True,
            env=env,
            cwd=ROOT,
        )
        sent = build / "projet-de-territoire.docx"
        office, ctx = connect(Path(work) / "profile")
        try:
            # A commune: reword, insert, delete, comments on a heading and outside any ID; DOCX and ODT.
            set_author(ctx, "Marie", "Dupont")
            review = Review(ctx, sent)
            review.replace("A042", "la mise en réseau", "le travail en réseau")
            review.insert_after("A002", "savoir-faire locaux", " et les circuits courts")
            review.replace("A005", " (Tiers Lieux)", "")
            review.new_paragraph_after("A002", "Créer un annuaire des savoir-faire locaux")
            review.replace("entreprises_excellence", "domaines d’excellence", "filières d’excellence")
            review.comment(review.find("qualite_de_vie", "qualité de vie"), "Marie Dupont", "Préciser : pour qui ?")
            review.comment(review.body_phrase("73 communes"), "Marie Dupont", "Chiffre à vérifier", resolved=True)
            review.save(out / "mairie-anduze.docx")
            review.save(out / "mairie-anduze.odt", odt=True)
            review.save(out.parent / "mauvais" / "protege.odt", odt=True, password="secret")
            review.close()
            # A region: changes in table cells and in the synthesis table; table comments by python-docx.
            set_author(ctx, "Jean", "Martin")
            review = Review(ctx, sent)
            review.replace("A010", "à but d’emploi", "à but d’emploi durable")
            review.insert_after("aider_entreprises", "à se développer", " et à recruter")
            review.replace("aider_entreprises_S", "du territoire", "locales")
            review.save(Path(work) / "region-occitanie.docx")
            review.close()
            # An anonymised department (Word's « remove personal information »), conflicting on A042.
            set_author(ctx, "Auteur", "")
            review = Review(ctx, sent)
            review.replace("A042", "la mise en réseau", "la fédération")
            review.replace("A003", ", notamment dans l’industrie", "")
            review.save(out / "departement-gard.docx")
            review.close()
        finally:
            office.terminate()
            office.wait(60)
        subprocess.run(
            [
                str(VENV_PYTHON),
                str(HERE / "word_parts.py"),
                str(sent),
                str(Path(work) / "region-occitanie.docx"),
                str(out),
            ],
            check=True,
            cwd=ROOT,
        )
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{work}/convert",
                "--headless",
                "--convert-to",
                "odt",
                "--outdir",
                str(out),
                str(out / "region-occitanie.docx"),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )


if __name__ == "__main__":
    main()
