"""Command line: French help and messages, exit codes (0 ok, 1 content or build error, 2 usage)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from . import workers
from .errors import ContentError, UserError
from .project import Project

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _FrenchParser(argparse.ArgumentParser):
    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "Utilisation :")

    def format_help(self) -> str:
        text = super().format_help().replace("usage:", "Utilisation :")
        return text.replace("positional arguments:", "Arguments :").replace("options:", "Options :")

    def parse_known_intermixed_args(self, args: Any = None, namespace: Any = None) -> Any:
        if self.usage is None:  # argparse would slice its 7-character « usage: » off the French prefix
            self.usage = argparse.ArgumentParser.format_usage(self).removeprefix("usage: ").rstrip("\n")
        return super().parse_known_intermixed_args(args, namespace)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        message = message.replace("unrecognized arguments:", "arguments inconnus :")
        message = message.replace("expected one argument", "une valeur est attendue")
        print(f"Erreur : {message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def program_name(argv0: str) -> str:
    """How the user started us, for the help: `python3 build.py`, `python3 -m territoire` or `territoire`."""
    name = Path(argv0).name
    if name == "build.py":
        return "python3 build.py"
    if name == "__main__.py":
        return "python3 -m territoire"
    return name or "territoire"


def _parser(default_root: str) -> argparse.ArgumentParser:
    from .builders import registry

    shown = {name: cls for name, cls in registry().items() if not cls.on_request}
    width = max(len(name) for name in [*shown, "check", "imprimeur"])
    targets = "\n".join(f"  {name:<{width}}  {cls.description}" for name, cls in shown.items())
    parser = _FrenchParser(
        prog=program_name(sys.argv[0]),
        add_help=False,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Construit les documents du Projet de Territoire à partir de content/.",
        epilog=f"Commandes :\n  {'check':<{width}}  vérifie le contenu, le thème et les modèles sans rien construire\n"
        f"  {'test':<{width}}  lance toute la suite de tests\n"
        f"  {'comparer':<{width}}  compare deux éditions : comparer RÉVISION [RÉVISION2] (voir README)\n"
        f"  {'relecture':<{width}}  retours des partenaires → output/relecture.xlsx ; --appliquer REGISTRE [--essai]\n"
        f"  {'imprimeur':<{width}}  fichiers pour l’imprimeur, sur demande seulement (PDF/X-4 CMJN, fonds perdus) "
        f"dans output/imprimeur/\n\nCibles :\n{targets}\n\n"
        "Sans cible, tous les documents ci-dessus sont construits dans output/ ; les fichiers pour l’imprimeur\n"
        "et les comparaisons ne sont faits que par leur commande.",
    )
    parser.add_argument("cibles", nargs="*", metavar="CIBLE", help="documents à construire, ou « check »")
    parser.add_argument("-h", "--help", action="help", help="affiche cette aide et quitte")
    parser.add_argument("-f", "--force", action="store_true", help="reconstruit tout, même ce qui est à jour")
    parser.add_argument("-q", "--quiet", action="store_true", help="n'affiche que les erreurs")
    parser.add_argument("-v", "--verbose", action="store_true", help="affiche le détail des erreurs internes")
    parser.add_argument(
        "-w",
        "--watch",
        action="store_true",
        help="surveille content/, templates/ et assets/ et reconstruit à chaque enregistrement",
    )
    parser.add_argument(
        "--apercu",
        action="store_true",
        help="avec --watch : sert le site sur http://127.0.0.1 et recharge la page ouverte à chaque enregistrement",
    )
    parser.add_argument(
        "--projet",
        type=Path,
        metavar="DOSSIER",
        help=f"dossier du projet (par défaut {default_root}) : son content/, son output/ et, s'il les a, "
        "ses templates/ et assets/ (sinon ceux livrés avec le paquet)",
    )
    parser.add_argument("--contenu", type=Path, metavar="DOSSIER", help="dossier du contenu (par défaut content/)")
    parser.add_argument("--sortie", type=Path, metavar="DOSSIER", help="dossier des documents (par défaut output/)")
    return parser


NOTHING_TO_DO = "Rien à faire : tous les documents sont à jour."


def human_size(size: int) -> str:
    from .wording import file_size

    return file_size(size).replace("\u00a0", " ")


def seconds(value: float) -> str:
    return f"{value:.2f} s".replace(".", ",")


class Report:
    """Prints one line per output as it finishes."""

    def __init__(self, quiet: bool, verbose: bool) -> None:
        self.quiet, self.verbose = quiet, verbose
        self.failures = 0
        self.done: dict[str, tuple[str, int]] = {}
        """Builder name -> file name and size of each output written or up to date."""
        self.written = 0

    def __call__(self, outcome) -> None:  # type: ignore[no-untyped-def]
        if outcome.status == "échec":
            self.failures += 1
            first = outcome.error.splitlines()[0]
            print(f"  ✗ {outcome.path.name:<44} échec : {first}", file=sys.stderr)
            if self.verbose:
                print(outcome.error, file=sys.stderr)
        else:
            self.done[outcome.name] = outcome.path.name, outcome.size
            self.written += outcome.status == "écrit"
            timing = seconds(outcome.seconds) if outcome.status == "écrit" else "à jour"
            self.say(self.line(outcome.path.name, outcome.size, timing))

    @staticmethod
    def line(name: str, size: int, timing: str) -> str:
        return f"  ✓ {name:<44} {human_size(size):>8}  {timing}"

    def say(self, message: str) -> None:
        if not self.quiet:
            print(message)


def run_build(project: Project, targets: list[str], force: bool, report: Report) -> int:
    from .engine import Engine

    start = time.perf_counter()
    engine = Engine(project, notify=report.say)
    try:
        outcomes = engine.build(targets, force=force, on_outcome=report)
    finally:
        engine.close()
    written = sum(1 for o in outcomes if o.status == "écrit")
    if report.failures:
        print(
            f"{report.failures} document(s) en échec (voir ci-dessus). Les autres sont à jour dans "
            f"{project.output.name}/.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    if written == 0:
        report.say(NOTHING_TO_DO)
    else:
        report.say(f"{written} document(s) écrit(s) dans {project.output}/ en {seconds(time.perf_counter() - start)}.")
    return EXIT_OK


def _subcommand_at(argv: list[str]) -> int | None:
    """Where `relecture` stands when it is the first word that is neither an option nor an option's value:
    `--projet DIR relecture …` is the same command as `relecture … --projet DIR`."""
    position = 0
    while position < len(argv):
        word = argv[position]
        if not word.startswith("-"):
            return position if word == "relecture" else None
        position += 2 if word in _VALUED else 1
    return None


_VALUED = ("--projet", "--contenu", "--sortie")


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    """The `territoire` command; `root` is the project folder when --projet is not given (default: current one)."""
    argv = sys.argv[1:] if argv is None else argv
    workers.collect_cycles(on=True)  # build.py starts without, for its imports; only a plain build goes on so
    at = _subcommand_at(argv)
    if at is not None:
        from .retours.command import relecture

        return relecture(argv[:at] + argv[at + 1 :], root)
    args = _parser("celui de build.py" if root else "le dossier courant").parse_intermixed_args(argv)
    project = Project.at(args.projet or root, content=args.contenu, output=args.sortie)
    report = Report(args.quiet, args.verbose)
    targets = list(args.cibles)
    try:
        if targets[:1] == ["check"]:
            from .engine import check

            count = check(project)
            report.say(
                f"Contenu valide : {count} actions, aucun problème trouvé (thème, polices, logo et modèles compris)."
            )
            return EXIT_OK
        if targets[:1] == ["comparer"]:
            from .comparaison import run as compare

            return compare(project, targets[1:], report)
        if targets[:1] == ["imprimeur"]:
            from .imprimeur import run

            if targets[1:]:
                others = " ".join(targets[1:])
                raise UserError(f"imprimeur s'utilise seul : lancez « {program_name(sys.argv[0])} {others} » à part")
            return run(project, args.force, report)
        if args.watch or args.apercu:
            from .watch import watch

            return watch(project, targets, report, apercu=args.apercu)
        workers.collect_cycles(on=False)  # a one-shot build: see collect_cycles
        code = run_build(project, targets, args.force, report)
        # A build that wrote (never one with nothing to do, which writes nothing at all) records its state.
        if code == EXIT_OK and report.written and root is not None and not targets and args.projet is None:
            from .builders import select
            from .nochange import record

            # What the same build will print next time, when nothing has moved (build.py answers it alone): every
            # output « à jour », in the order a build with nothing to do reports them (the late ones last).
            order = sorted(select([]), key=lambda builder: builder.late)
            lines = [report.line(*report.done[b.name], "à jour") for b in order if b.name in report.done]
            record(str(root), argv, [*lines, NOTHING_TO_DO])
        return code
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        print("Aucun document n'a été modifié.", file=sys.stderr)
        return EXIT_FAILED
    except UserError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("\nInterrompu.", file=sys.stderr)
        return 130
