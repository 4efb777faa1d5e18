"""The project installs as a Python package: `pip install .` and `pip install -e .` in a fresh environment.

Trade-off, to stay fast and offline: the fresh venv has no pip and no libraries of its own. The project's pip
installs into it (`pip --python`), `--no-deps --no-build-isolation --no-index`, and a `.pth` line makes the
project venv's site-packages (the dependencies, and setuptools for the build) visible behind the fresh venv's
own. The install itself (build backend, package discovery, package data, console script, editable finder) is
the real one; only the dependency download is skipped, and the dependency list is checked against the
imports instead (test_every_imported_library_is_declared).
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "territoire", "templates", "assets")


def _fresh_venv(tmp_path: Path) -> Path:
    """An empty venv whose only view of the libraries is the project venv's site-packages, after its own."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    import jinja2

    libraries = Path(jinja2.__file__).resolve().parent.parent  # where this suite's libraries are installed
    # A plain path line: the project venv's own .pth files (its editable install of this checkout) stay inert.
    (Path(site) / "project-libraries.pth").write_text(f"{libraries}\n", encoding="utf-8")
    return python


def _source_copy(tmp_path: Path) -> Path:
    """The files a clone has, copied so the build's by-products (build/, *.egg-info) stay out of the repository."""
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / name, source / name)
    return source


def _install(python: Path, *args: str) -> None:
    command = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--disable-pip-version-check"]
    command += ["--no-deps", "--no-build-isolation", "--no-index", *args]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PIP_NO_INDEX": "1"})
    assert result.returncode == 0, result.stdout + result.stderr


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def _user_project(tmp_path: Path) -> Path:
    """A folder with its own content only: templates and assets come from the package."""
    project = tmp_path / "mon-projet"
    shutil.copytree(CONTENT, project / "content")
    return project


def _where(python: Path, cwd: Path) -> tuple[str, str, str]:
    code = (
        "import territoire; from territoire.project import Project; p = Project.at(); "
        "print(territoire.__file__); print(p.templates); print(p.assets)"
    )
    module, templates, assets = _run([str(python), "-c", code], cwd).stdout.split("\n")[:3]
    return module, templates, assets


@pytest.mark.parametrize("editable", [False, True], ids=["pip-install", "pip-install-e"])
def test_installed_package_runs_from_a_folder_with_its_own_content(tmp_path: Path, editable: bool) -> None:
    python = _fresh_venv(tmp_path)
    source = _source_copy(tmp_path)
    _install(python, *(["-e"] if editable else []), str(source))
    project = _user_project(tmp_path)
    venv_bin = python.parent

    helped = _run([str(venv_bin / "territoire"), "--help"], project)
    assert helped.returncode == 0, helped.stderr
    assert helped.stdout.startswith("Utilisation : territoire ") and "--projet DOSSIER" in helped.stdout
    checked = _run([str(python), "-m", "territoire", "check"], project)
    assert checked.returncode == 0, checked.stderr
    assert "Contenu valide : 117 actions" in checked.stdout
    assert _run([str(python), "-m", "territoire", "--help"], project).stdout.startswith(
        "Utilisation : python3 -m territoire "
    )

    module, templates, assets = _where(python, project)
    home = source if editable else python.parent.parent
    assert Path(module).is_relative_to(home), module
    assert Path(templates).is_relative_to(home) and Path(assets).is_relative_to(home), (templates, assets)
    if editable:
        assert (Path(templates), Path(assets)) == (source / "templates", source / "assets")
        return
    assert (Path(templates), Path(assets)) == (Path(module).parent / "templates", Path(module).parent / "assets")
    # The wheel carries templates and assets: a build from the user's folder uses them, and writes there.
    built = _run([str(venv_bin / "territoire"), "html", "docx", "-q"], project)
    assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in (project / "output").glob("projet-*")) == [
        "projet-de-territoire.docx",
        "projet-de-territoire.html",
    ]
    elsewhere = _run([str(venv_bin / "territoire"), "--projet", str(project), "check", "-q"], tmp_path)
    assert elsewhere.returncode == 0, elsewhere.stderr
    metadata = _run(
        [str(python), "-c", "from importlib.metadata import metadata as m; print(m('territoire'))"], tmp_path
    )
    assert "License-Expression: MIT AND OFL-1.1" in metadata.stdout
    assert "License-File: assets/fonts/OFL-Lato.txt" in metadata.stdout


def test_the_project_folders_override_the_packaged_defaults(tmp_path: Path) -> None:
    from territoire.project import Project, packaged

    (tmp_path / "templates").mkdir()
    project = Project.at(tmp_path)
    assert project.templates == tmp_path / "templates" and project.assets == packaged("assets")
    assert project.content == tmp_path / "content" and project.output == tmp_path / "output"
    assert (packaged("assets") / "theme.yaml").is_file() and (packaged("templates") / "pdf").is_dir()


def test_every_package_folder_is_listed() -> None:
    """Package discovery is explicit: a new sub-package must be added to pyproject.toml, or the wheel lacks it."""
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "territoire").rglob("__init__.py")}
    assert found <= listed, sorted(found - listed)


def _imported_libraries() -> set[str]:
    names = set()
    for path in (ROOT / "territoire").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"territoire"}


def test_every_imported_library_is_declared() -> None:
    """Each library the package imports is a runtime dependency; the tests' own libraries are in the test extra."""
    from importlib.metadata import packages_distributions

    declared = {_name(requirement) for requirement in PYPROJECT["project"]["dependencies"]}
    distributions = packages_distributions()
    undeclared = {
        module
        for module in _imported_libraries()
        if not {_name(dist) for dist in distributions.get(module, [module])} & declared
    }
    assert not undeclared, sorted(undeclared)
    extras = {_name(requirement) for requirement in PYPROJECT["project"]["optional-dependencies"]["test"]}
    assert "pytest" in extras and "pytest" not in declared
    assert "pikepdf" in declared and "pikepdf" in _imported_libraries()  # PDF/UA finishing, printer's summary


def _name(requirement: str) -> str:
    for separator in "<>=!~[; ":
        requirement = requirement.split(separator)[0]
    return requirement.lower().replace("_", "-")
