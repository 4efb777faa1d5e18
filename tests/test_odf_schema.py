"""The ODF outputs and references validated with jing against the OASIS RelaxNG schema shipped in schemas/odf/."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

from conftest import ROOT, require

ODT, ODS, ODP = "projet-de-territoire.odt", "plan-d-actions.ods", "conseil-communautaire-2018-06-28.odp"


SCHEMAS = ROOT / "schemas" / "odf"
PARTS = ("content.xml", "styles.xml", "meta.xml", "settings.xml")


def validate(parts: list[tuple[str, bytes]], folder: Path) -> subprocess.CompletedProcess[str]:
    """jing on every part at once (one JVM): the document schema for the parts, the manifest's for manifests.

    The version attributes are set to 1.2, the grammar shipped (see schemas/odf/README.md)."""
    jing = require("jing")
    documents, manifests = [], []
    for number, (name, data) in enumerate(parts):
        text = data.decode().replace('office:version="1.3"', 'office:version="1.2"')
        text = text.replace('manifest:version="1.3"', 'manifest:version="1.2"')
        path = folder / f"{number:02d}-{name.replace('/', '-')}"
        path.write_text(text, encoding="utf-8")
        (manifests if name.endswith("manifest.xml") else documents).append(str(path))
    outputs = []
    for schema, files in (("OpenDocument-v1.2-cos01-schema.rng", documents),
                          ("OpenDocument-v1.2-cos01-manifest-schema.rng", manifests)):  # fmt: skip
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
    """The check is real: an unknown attribute, or a paragraph where a cell is expected, is rejected."""
    content = dict(package_parts(built / ODT))[f"{ODT}:content.xml"].decode()
    bad_attribute = content.replace("<text:h ", '<text:h text:niveau="1" ', 1)
    bad_nesting = content.replace("<table:table-cell ", "<text:p/><table:table-cell ", 1)
    for number, corrupted in enumerate((bad_attribute, bad_nesting)):
        assert corrupted != content
        folder = tmp_path / str(number)
        folder.mkdir()
        result = validate([("content.xml", corrupted.encode())], folder)
        assert result.returncode != 0 and "error" in result.stdout + result.stderr
