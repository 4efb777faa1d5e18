"""`python3 build.py relecture …`: collect the returns into the register, or apply its decisions."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ContentError
from ..project import Project

if TYPE_CHECKING:
    from .remarks import Remark

REGISTER, SUMMARY = "relecture.xlsx", "relecture.docx"
EXIT_OK, EXIT_FAILED = 0, 1


def _parser() -> argparse.ArgumentParser:
    from ..cli import _FrenchParser, program_name

    parser = _FrenchParser(
        prog=f"{program_name(sys.argv[0])} relecture",
        add_help=False,
        description="Rassemble les retours des partenaires (Word, LibreOffice) dans output/relecture.xlsx et "
        "output/relecture.docx, ou écrit dans content/ les propositions acceptées dans le registre.",
    )
    parser.add_argument("fichiers", nargs="*", type=Path, metavar="FICHIER", help="fichiers ou dossiers de retours")
    parser.add_argument("-h", "--help", action="help", help="affiche cette aide et quitte")
    parser.add_argument("--appliquer", type=Path, metavar="REGISTRE", help="écrit les décisions « accepter »")
    parser.add_argument("--essai", action="store_true", help="avec --appliquer : montre les changements sans écrire")
    parser.add_argument(
        "--projet", type=Path, metavar="DOSSIER", help="dossier du projet (content/, output/, retours/)"
    )
    parser.add_argument("--contenu", type=Path, metavar="DOSSIER", help="dossier du contenu (par défaut content/)")
    parser.add_argument("--sortie", type=Path, metavar="DOSSIER", help="dossier des documents (par défaut output/)")
    return parser


def relecture(argv: list[str], root: Path | None = None) -> int:
    """The subcommand; `root` is the project folder when --projet is not given (default: the current one)."""
    args = _parser().parse_args(argv)
    root = args.projet or root or Path.cwd()
    project = Project.at(root, content=args.contenu, output=args.sortie)
    command = _command(args)
    try:
        if args.appliquer is not None:
            return apply(project, args.appliquer, args.essai, command)
        if args.essai:
            print("Erreur : --essai s'utilise avec --appliquer REGISTRE", file=sys.stderr)
            return 2
        if not args.fichiers and not (root / "retours").exists():
            print(f"Erreur : {root / 'retours'} : dossier introuvable ; créez-le et déposez-y les fichiers .docx ou "
                  ".odt reçus, ou nommez les fichiers : relecture a.docx b.odt", file=sys.stderr)  # fmt: skip
            return EXIT_FAILED
        return collect(project, args.fichiers or [root / "retours"], command)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        print("Corrigez le contenu puis relancez : rien n'a été écrit.", file=sys.stderr)
        return EXIT_FAILED


def _command(args: argparse.Namespace) -> tuple[str, str]:
    """The command to type next for this same project: the program as started, and its folder options."""
    from ..cli import program_name

    given = {"--projet": args.projet, "--contenu": args.contenu, "--sortie": args.sortie}
    options = [f"{option} {shlex.quote(str(value))}" for option, value in given.items() if value]
    return program_name(sys.argv[0]), "".join(f" {option}" for option in options)


def _context(project: Project):  # type: ignore[no-untyped-def]
    from ..builders import BuildContext
    from ..plancache import typeset_plan
    from ..project import build_time
    from ..theme import load_theme

    plan = typeset_plan(project)  # the builds' plan cache (output/.cache): the content is parsed once
    return BuildContext(plan, load_theme(project.assets), project, build_time(plan))


def collect(project: Project, arguments: list[Path], command: tuple[str, str] = ("python3 build.py", "")) -> int:
    from ..atomic import write_atomic
    from ..wordmarks import content_fingerprint
    from .collect import read_returns, returned_files
    from .locate import Index
    from .register import register_bytes
    from .summary import summary_bytes

    ctx = _context(project)
    files, problems = returned_files(arguments)
    notices: list[str] = []
    remarks, unreadable, read = read_returns(ctx.plan, files, content_fingerprint(project.content), notices)
    problems += unreadable
    for notice in notices:
        print(f"  ⓘ {notice}")
    for problem in problems:
        print(f"  ✗ {problem}", file=sys.stderr)
    if not read:
        print("Aucun fichier de retour lu : rien n'a été écrit.", file=sys.stderr)
        return EXIT_FAILED
    register, summary = project.output / REGISTER, project.output / SUMMARY
    kept = _previous_decisions(register, remarks)
    write_atomic(register, register_bytes(remarks, ctx.when, kept))
    write_atomic(summary, summary_bytes(remarks, Index.of(ctx.plan), ctx))
    unplaced = sum(1 for r in remarks if not r.id)
    print(f"{len(remarks)} remarque(s) lue(s) dans {read} fichier(s)"
          + (f", dont {unplaced} hors des éléments du plan" if unplaced else "") + ".")  # fmt: skip
    print(f"  ✓ {register}\n  ✓ {summary}")
    program, options = command
    print(f"Remplissez la colonne « Décision », puis : {program} relecture --appliquer {shlex.quote(str(register))}"
          f"{options}")  # fmt: skip
    return EXIT_FAILED if problems else EXIT_OK


def _previous_decisions(register: Path, remarks: list[Remark]) -> dict[tuple[str, ...], tuple[str, str]]:
    """The decisions the team already wrote in the register being replaced, carried over (a new partner's
    file arrives when half the decisions are made); one that cannot be carried keeps the old register aside."""
    import shutil

    from .collect import label_of
    from .register import read_register, row_key
    from .remarks import ReturnError

    if not register.is_file():
        return {}
    try:
        decisions, problems = read_register(register, label_of(register))
    except ReturnError as exc:
        decisions, problems = [], [str(exc)]
    decided = {row_key(d.remark): (d.decision, d.reponse) for d in decisions if d.decision or d.reponse}
    carried = len(set(decided) & {row_key(r) for r in remarks})
    lost = len(decided) - carried + len(problems)
    if carried:
        print(f"  ⓘ {carried} décision(s) ou réponse(s) du registre précédent reprise(s)")
    if lost:
        backup = register.with_name("relecture-precedent.xlsx")
        shutil.copy2(register, backup)
        print(f"  ⓘ {lost} ligne(s) du registre précédent ne se reportent pas (remarque disparue ou retouchée, "
              f"décision illisible) : il est gardé dans {label_of(backup)}")  # fmt: skip
    return decided


def apply(project: Project, path: Path, trial: bool, command: tuple[str, str] = ("python3 build.py", "")) -> int:
    from .collect import label_of
    from .locate import Index
    from .register import read_register
    from .remarks import ReturnError
    from .writeback import diff, plan_edits, validate, write

    label = label_of(path)
    if not path.is_file():
        print(f"Erreur : {label} : registre introuvable", file=sys.stderr)
        return EXIT_FAILED
    try:
        decisions, problems = read_register(path, label)
    except ReturnError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return EXIT_FAILED
    if problems:
        print("\n".join(f"  ✗ {p}" for p in problems), file=sys.stderr)
        print("Corrigez le registre : rien n'a été écrit.", file=sys.stderr)
        return EXIT_FAILED
    ctx = _context(project)
    outcome = plan_edits(decisions, Index.of(ctx.plan), project.content)
    invalid = validate(outcome, project.content)
    if invalid:
        print("Le contenu ne serait plus valide : rien n'a été écrit.", file=sys.stderr)
        print("\n".join(f"  {p}" for p in invalid), file=sys.stderr)
        return EXIT_FAILED
    if trial:
        print(diff(outcome) or "Aucun changement à écrire.", end="" if outcome.writes else "\n")
    else:
        write(outcome)
        for written in outcome.writes:
            print(f"  ✓ {written}")
    for conflict in outcome.conflicts:
        print(f"  ⚠ conflit : {conflict}", file=sys.stderr)
    for manual in outcome.manual:
        print(f"  ⚠ {manual}", file=sys.stderr)
    verb = "à écrire (essai, rien n'a été écrit)" if trial else "écrite(s) dans content/"
    already = f", {outcome.already} déjà dans content/" if outcome.already else ""
    already += f", {outcome.comments} commentaire(s) sans texte à écrire" if outcome.comments else ""
    print(f"Bilan : {outcome.accepted} acceptée(s), dont {outcome.applied} {verb}{already} ; "
          f"{outcome.refused} refusée(s) ; {outcome.discuss} à discuter ; {len(outcome.conflicts)} conflit(s) ; "
          f"{len(outcome.manual)} à reporter à la main ; {outcome.undecided} sans décision.")  # fmt: skip
    if outcome.writes and not trial:
        print(f"Relancez « {''.join(command)} » : la nouvelle formulation sera dans tous les documents.")
    return EXIT_FAILED if outcome.conflicts else EXIT_OK
