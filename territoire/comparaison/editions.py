"""One edition of the plan to compare: today's content/, a folder holding a content/, or a git revision."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError, Problem, UserError
from ..model import Plan
from ..project import Project
from ..schema import SCHEMA_VERSION, SCHEMA_VERSION_KEY

CURRENT = "actuel"
"""How today's content/ is named in messages and output file names."""
MAX_ARCHIVE = 20_000_000
"""Bytes of content/ read from a revision at most (today's is about 100 Ko)."""


@dataclass(frozen=True, slots=True)
class Edition:
    name: str
    """As the user named it, for messages and documents: « edition-2018 », « HEAD~3 », « actuel »."""
    label: str
    """As output file names spell it: « edition-2018 », « HEAD-3 », « actuel »."""
    plan: Plan


def slug(reference: str, *, folder: bool = False) -> str:
    """A reference as a file-name part: « HEAD~3 » → « HEAD-3 », « relecture/conseil » → « relecture-conseil »,
    and a folder by its last part: « ../archives/2018 » → « 2018 »."""
    name = Path(reference.rstrip("/")).name if folder else reference
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "edition"


def _git(repository: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    git = shutil.which("git")
    if git is None:
        raise UserError("git est introuvable : installez-le (apt-get install git) pour comparer des révisions")
    return subprocess.run([git, "-C", str(repository), *args], capture_output=True, timeout=120)


def _extract_revision(project: Project, reference: str, target: Path) -> None:
    """content/ as it was at `reference`, written under `target/content` (the work tree is never touched)."""
    folder = project.content.resolve()
    where = folder if folder.is_dir() else folder.parent
    inside = _git(where, "rev-parse", "--show-prefix", "--show-toplevel")
    if inside.returncode != 0:
        raise UserError(
            f"« {reference} » n'est pas un dossier, et {where} n'est pas dans un dépôt git : "
            "donnez un dossier qui contient content/, ou lancez la commande dans le dépôt du projet"
        )
    prefix, top = inside.stdout.decode().splitlines()  # the prefix is an empty line at the top level
    where = Path(top)
    if not folder.is_dir():
        prefix += folder.name + "/"
    if (
        reference.startswith("-")
        or _git(where, "rev-parse", "--verify", "--quiet", f"{reference}^{{commit}}").returncode
    ):
        raise UserError(
            f"révision « {reference} » introuvable dans le dépôt git (ni étiquette, ni branche, ni commit ; "
            "« git tag » et « git log --oneline » les listent)"
        )
    archive = _git(where, "archive", "--format=tar", f"{reference}:{prefix}")
    if archive.returncode != 0:
        raise UserError(f"la révision « {reference} » n'a pas de dossier {prefix or 'content/'}")
    if len(archive.stdout) > MAX_ARCHIVE:
        raise UserError(f"le contenu de la révision « {reference} » est démesuré ({len(archive.stdout)} octets)")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target / "content", filter="data")


def _schema_version(content: Path, label: str) -> None:
    """Refuse, with the edition named, a content/ written for another version of the content format."""
    import yaml

    from ..yamlsource import read_yaml

    path = content / "projet.yaml"
    if not path.is_file():
        return  # load_plan reports the missing file, located
    node, _ = read_yaml(str(path), path.read_bytes())
    version = 1  # editions written before the key existed
    for key, value in node.value if isinstance(node, yaml.MappingNode) else ():
        if isinstance(key, yaml.ScalarNode) and key.value == SCHEMA_VERSION_KEY:
            version = int(value.value) if isinstance(value, yaml.ScalarNode) and value.value.isdigit() else 0
    if version != SCHEMA_VERSION:
        newer = "plus récente" if version > SCHEMA_VERSION else "inconnue"
        raise UserError(
            f"l'édition « {label} » est écrite dans la version {version} du format du contenu "
            f"({SCHEMA_VERSION_KEY} dans projet.yaml), {newer} : ce programme lit la version {SCHEMA_VERSION}. "
            "Comparez-la avec le programme de son époque (git checkout de la même révision)."
        )


def _load(content: Path, label: str, shown_as: Path | None) -> Plan:
    """Load and typeset `content`; errors name the edition: « edition-2018:content/axes/1-emploi.yaml:12:5 »."""
    from ..loader import label_for, load_plan
    from ..typography import typeset

    _schema_version(content, label)
    try:
        return typeset(load_plan(content))
    except ContentError as exc:
        if shown_as is None:
            raise
        prefix = label_for(content.parent) + "/"

        def relabel(problem: Problem) -> Problem:
            file = problem.location.file
            if file.startswith(prefix):
                file = f"{label}:{file[len(prefix) :]}"
            return dataclasses.replace(problem, location=dataclasses.replace(problem.location, file=file))

        raise ContentError([relabel(p) for p in exc.problems]) from None


def load_edition(project: Project, reference: str | None) -> Edition:
    """The edition named by `reference` (None: today's content/), loaded, validated and typeset."""
    if reference is None:
        from ..plancache import typeset_plan

        _schema_version(project.content, CURRENT)
        return Edition(CURRENT, CURRENT, typeset_plan(project, store=False))  # « nothing changed » writes nothing
    folder = Path(reference)
    if folder.is_dir():
        if not (folder / "content").is_dir():
            if (folder / "projet.yaml").is_file():  # the content/ folder itself, not the copy holding it
                raise UserError(
                    f"le dossier « {reference} » est lui-même un dossier de contenu : donnez le dossier qui le "
                    f"contient, « {folder.resolve().parent} »"
                )
            raise UserError(f"le dossier « {reference} » ne contient pas de dossier content/")
        return Edition(reference, slug(reference, folder=True), _load(folder / "content", reference, None))
    with tempfile.TemporaryDirectory(prefix="comparaison-") as scratch:
        _extract_revision(project, reference, Path(scratch))
        return Edition(reference, slug(reference), _load(Path(scratch) / "content", reference, Path(scratch)))
