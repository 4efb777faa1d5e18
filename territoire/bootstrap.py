"""First-run setup using only the standard library: Debian packages, a local .venv, then re-exec inside it."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
VENV_PYTHON = VENV / "bin" / "python"

# Debian packages: what WeasyPrint needs to render, and what the tests use as real clients.
APT_BUILD = ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fontconfig")
APT_TEST = (
    "libreoffice-writer-nogui",
    "libreoffice-impress-nogui",
    "libreoffice-calc-nogui",
    "jing",
    "python3-uno",
    "poppler-utils",
    "qpdf",
    "chromium",
    "chromium-driver",
    "nodejs",
    "fonts-lato",
    "git",
    "ghostscript",
)
NODE = ROOT / ".node"
"""The web site's browser test clients (package.json, pinned by package-lock.json), kept out of the repository."""


def _say(message: str) -> None:
    print(f"[installation] {message}", file=sys.stderr, flush=True)


def _missing_debian(packages: tuple[str, ...]) -> list[str]:
    import shutil
    import subprocess

    if not shutil.which("dpkg-query"):
        return []
    missing = []
    for package in packages:
        result = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True, check=False
        )
        if "install ok installed" not in result.stdout:
            missing.append(package)
    return missing


def _install_debian(packages: list[str]) -> None:
    import shutil
    import subprocess

    prefix: list[str] = []
    if os.geteuid() != 0:
        if not shutil.which("sudo"):
            sys.exit(
                "Erreur : il manque les paquets Debian "
                + " ".join(packages)
                + ". Installez-les avec : apt-get install "
                + " ".join(packages)
            )
        prefix = ["sudo"]
    _say("paquets Debian à installer : " + " ".join(packages))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run([*prefix, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        [*prefix, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def _create_venv() -> None:
    """Debian's own Python ships venv without ensurepip: install python3-venv then, and try again."""
    import subprocess

    command = [sys.executable, "-m", "venv", "--clear", str(VENV)]
    if subprocess.run(command, check=False, stdout=subprocess.DEVNULL).returncode != 0:
        _install_debian([f"python3.{sys.version_info.minor}-venv"])
        subprocess.run(command, check=True)


def _requirements(extras: tuple[str, ...]) -> list[str]:
    """The libraries to install, and setuptools to install the project itself without a build sandbox."""
    import tomllib

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    requirements = [*pyproject["build-system"]["requires"], *project["dependencies"]]
    for extra in extras:
        requirements += project.get("optional-dependencies", {}).get(extra, [])
    return requirements


def _stamp(extras: tuple[str, ...]) -> Path:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + repr(extras).encode()).hexdigest()[:16]
    return VENV / f".installed-{'-'.join(extras) or 'base'}-{digest}"


def ensure_environment(testing: bool = False) -> None:
    """Install what is missing, then make sure we run inside .venv (re-executing if needed)."""
    if sys.version_info < (3, 11):  # noqa: UP036 - friendly message on old Debian Pythons
        sys.exit("Erreur : Python 3.11 ou plus récent est nécessaire.")
    if sys.prefix != sys.base_prefix and Path(sys.prefix).resolve() != VENV.resolve():
        return  # inside someone else's virtual environment: they manage its packages
    extras = ("test",) if testing else ()
    if testing:
        _ensure_node_clients()
    stamp = _stamp(extras)
    if not stamp.exists():
        import subprocess

        missing = _missing_debian(APT_BUILD + (APT_TEST if testing else ()))
        if missing:
            _install_debian(missing)
        if not VENV_PYTHON.exists():
            _say(f"création de l'environnement Python {VENV.name}/")
            _create_venv()
        _say("installation des bibliothèques Python (première fois seulement)")
        pip = [str(VENV_PYTHON), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, *_requirements(extras)], check=True)
        # The project itself, editable: the `territoire` command in .venv/bin runs this checkout. Its build
        # needs only setuptools, installed just above, so no isolated build environment is downloaded.
        subprocess.run([*pip, "--no-deps", "--no-build-isolation", "-e", str(ROOT)], check=True)
        for old in VENV.glob(f".installed-{'-'.join(extras) or 'base'}-*"):
            old.unlink()
        stamp.touch()
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    if os.path.realpath(sys.executable) == os.path.realpath(VENV_PYTHON):
        _enter_in_process()
    else:
        os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), *sys.argv])


def _ensure_node_clients() -> None:
    """Install the npm test clients into .node/ when missing or when package-lock.json changed; nothing they
    would download themselves (a chromedriver, a browser): the tests use Debian's chromium and chromedriver."""
    import shutil
    import subprocess

    lock = ROOT / "package-lock.json"
    stamp = NODE / f".installed-{hashlib.sha256(lock.read_bytes()).hexdigest()[:16]}"
    if stamp.exists():
        return
    if not shutil.which("npm"):  # Chromium and its driver come with the other test packages (APT_TEST)
        _install_debian(["npm"])
    _say("installation des clients de test du site (axe-core, playwright-core) dans .node/")
    NODE.mkdir(exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(ROOT / name, NODE / name)
    env = dict(os.environ, CHROMEDRIVER_SKIP_DOWNLOAD="true", PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD="1")
    command = ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
    subprocess.run(command, cwd=NODE, check=True, env=env, stdout=subprocess.DEVNULL)
    for old in NODE.glob(".installed-*"):
        old.unlink()
    stamp.touch()


def _enter_in_process() -> None:
    """Use .venv from this very interpreter, as activating it would: its packages instead of the system's.

    The venv's python is a link to this same binary, so its packages fit; starting it again (execv) would
    cost a second interpreter start-up, about 35 ms of every command. Subprocesses (tests, tools) get the
    venv's python as sys.executable, and sys.prefix names the venv, as inside it.
    """
    import site

    system = {os.path.realpath(p) for p in [*site.getsitepackages(), site.getusersitepackages()]}
    sys.path[:] = [p for p in sys.path if os.path.realpath(p) not in system]
    site_packages = VENV / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
    site.addsitedir(str(site_packages))
    sys.prefix = sys.exec_prefix = str(VENV)
    sys.executable = str(VENV_PYTHON)
