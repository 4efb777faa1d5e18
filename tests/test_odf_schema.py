"""The ODF outputs and references validated with jing against the OASIS RelaxNG schema shipped in tests/schemas/odf/."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

from conftest import ROOT, require, run_build

ODT, ODS, ODP = "projet-de-territoire.odt", "plan-d-actions.ods", "conseil-communautaire-2018-06-28.odp"


SCHEMAS = ROOT / "tests" / "schemas" / "odf"
DOCUMENT_SCHEMA, MANIFEST_SCHEMA = "OpenDocument-v1.3-schema.rng", "OpenDocument-v1.3-manifest-schema.rng"
PARTS = ("content.xml", "styles.xml", "meta.xml", "settings.xml")


def validate(parts: list[tuple[str, bytes]], folder: Path) -> subprocess.CompletedProcess[str]:
    """jing on every part at once (one JVM per schema): the OASIS ODF 1.3 document schema for the parts, the
    manifest schema for manifests (unchanged OASIS files, see tests/schemas/odf/README.md)."""
    jing = require("jing")
    documents, manifests = [], []
    for number, (name, data) in enumerate(parts):
        path = folder / f"{number:02d}-{name.replace('/', '-')}"
        path.write_bytes(data)
        (manifests if name.endswith("manifest.xml") else documents).append(str(path))
    outputs = []
    for schema, files in ((DOCUMENT_SCHEMA, documents), (MANIFEST_SCHEMA, manifests)):
        if files:
            outputs.append(subprocess.run([jing, "-i", str(SCHEMAS / schema), *files], capture_output=True, text=True))
    failed = [o for o in outputs if o.returncode != 0]
    return failed[0] if failed else outputs[0]


def package_parts(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as package:
        return [
            (f"{path.name}:{n}", package.read(n)) for n in (*PARTS, "META-INF/manifest.xml") if n in package.namelist()
        ]


def test_every_part_is_valid_against_the_oasis_schema(built: Path, tmp_path: Path) -> None:
    parts = [part for name in (ODT, ODS, ODP) for part in package_parts(built / name)]
    parts += package_parts(ROOT / "templates/odf/reference.odt") + package_parts(ROOT / "templates/odf/master.odp")
    result = validate(parts, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_validation_fails_on_a_corrupted_file(built: Path, tmp_path: Path) -> None:
    """The check is real: an unknown attribute, LibreOffice's extended dialect, a paragraph where a cell is
    expected or an older version number is rejected."""
    content = dict(package_parts(built / ODT))[f"{ODT}:content.xml"].decode()
    bad_attribute = content.replace("<text:h ", '<text:h text:niveau="1" ', 1)
    loext = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
    extension = content.replace("<text:h ", f'<text:h xmlns:loext="{loext}" loext:marker-style-name="T1" ', 1)
    bad_nesting = content.replace("<table:table-cell ", "<text:p/><table:table-cell ", 1)
    old_version = content.replace('office:version="1.3"', 'office:version="1.2"', 1)
    for number, corrupted in enumerate((bad_attribute, extension, bad_nesting, old_version)):
        assert corrupted != content
        folder = tmp_path / str(number)
        folder.mkdir()
        result = validate([("content.xml", corrupted.encode())], folder)
        assert result.returncode != 0 and "error" in result.stdout + result.stderr


def test_references_saved_by_libreoffice_still_give_strict_valid_documents(built: Path, tmp_path: Path) -> None:
    """The team restyles templates/odf/ in LibreOffice, which saves its extended dialect, drops common cell styles
    and rewrites Impress's layouts: the ODT and ODP built on them are still strict, valid, laid out the same."""
    soffice = require("soffice")
    project = tmp_path / "projet"
    for folder in ("templates", "assets", "content"):
        shutil.copytree(ROOT / folder, project / folder)
    saved = tmp_path / "saved"
    references = [ROOT / "templates/odf/reference.odt", ROOT / "templates/odf/master.odp"]
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--convert-to", "odt",
         "--outdir", str(saved), str(references[0])],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    result2 = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--convert-to", "odp",
         "--outdir", str(saved), str(references[1])],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert result.returncode == 0 and result2.returncode == 0, result.stdout + result.stderr + result2.stderr
    for reference in references:
        with zipfile.ZipFile(saved / reference.name) as package:
            assert b"loext:" in package.read("styles.xml") + package.read("content.xml")  # LibreOffice's dialect
        shutil.copy(saved / reference.name, project / "templates/odf" / reference.name)
    build = run_build("odt", "odp", "--projet", str(project))
    assert build.returncode == 0, build.stdout + build.stderr
    documents = [project / "output" / ODT, project / "output" / ODP]
    result = validate([part for document in documents for part in package_parts(document)], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    with zipfile.ZipFile(documents[0]) as package:
        content = package.read("content.xml").decode()
    assert "loext" not in content
    assert 'fo:border="0.5pt solid #c9ced6"' in content.lower()  # LibreOffice writes colours in lower case
    assert _titles(documents[1]) == _titles(built / ODP)


def _titles(deck: Path) -> list[str]:
    from lxml import etree

    with zipfile.ZipFile(deck) as package:
        root = etree.fromstring(package.read("content.xml"))
    ns = {"draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"}
    return [page.get(f"{{{ns['draw']}}}name", "") for page in root.iterfind(".//draw:page", ns)]
