"""Live preview benchmark: from saving a content file to the changed page served again (--watch --apercu).

The clock stops when the page, fetched as the reloading browser fetches it, holds the new text; the PDFs and the
other documents are still being rebuilt then (the preview does not wait for them). bench/run.py reports it beside
the watch figure; `python3 bench/preview.py [--runs 9]` measures only the site's figures, in one quick run.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
import threading
import time
import urllib.request
from pathlib import Path


def preview_save_to_reload(build: list[str], root: Path, work: Path, runs: int) -> float:
    """Median seconds from a saved edit of an action to axe-2.html served with it, over `runs` edits."""
    content, output = work / "preview-content", work / "preview-output"
    shutil.rmtree(content, ignore_errors=True)
    shutil.rmtree(output, ignore_errors=True)
    shutil.copytree(root / "content", content)
    command = [*build, "--watch", "--apercu", "--contenu", str(content), "--sortie", str(output)]
    watcher = subprocess.Popen(
        command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    assert watcher.stdout is not None
    lines: list[str] = []
    ready = threading.Semaphore(0)

    def read() -> None:
        for line in watcher.stdout:  # type: ignore[union-attr]
            lines.append(line)
            if "En attente de modifications" in line:
                ready.release()

    threading.Thread(target=read, daemon=True).start()
    axis = content / "axes" / "2-qualite-de-vie.yaml"
    original = axis.read_text(encoding="utf-8")
    times = []
    try:
        if not ready.acquire(timeout=300):
            raise SystemExit("l'aperçu ne s'est pas lancé : " + "".join(lines))
        url = next(m for line in lines for m in re.findall(r"http://127\.0\.0\.1:\d+/", line))
        events = urllib.request.urlopen(url + "__apercu/evenements", timeout=60)
        _next_event(events)  # the current state
        for index in range(runs + 1):
            marker = f"Protéger ({index}) les grands"
            start = time.perf_counter()
            axis.write_text(original.replace("Protéger les grands", marker), encoding="utf-8")
            while "axe-2.html" not in _next_event(events)["changed"]:
                pass
            page = urllib.request.urlopen(url + "axe-2.html", timeout=60).read().decode()
            elapsed = time.perf_counter() - start
            assert marker in page, "la page servie n'a pas le nouveau texte"
            if index:
                times.append(elapsed)
            if not ready.acquire(timeout=300):  # the documents, then the next edit
                raise SystemExit("l'aperçu s'est arrêté : " + "".join(lines[-20:]))
        events.close()
    finally:
        from run import stop_group  # the watcher and its warm workers: nothing is left running

        stop_group(watcher)
    return statistics.median(times)


def _next_event(stream) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """The next server-sent event's data (comments skipped)."""
    while True:
        line = stream.readline().decode()
        if line.startswith("data: "):
            return json.loads(line[6:])
        if not line:
            raise SystemExit("le flux d'événements de l'aperçu s'est fermé")


def main() -> int:
    import argparse
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import BUILD, ROOT, WORK, measure_all, run_once

    parser = argparse.ArgumentParser(description="Mesures du site web et de son aperçu (médianes).")
    parser.add_argument("--runs", type=int, default=9, help="nombre de mesures après l'échauffement")
    runs = parser.parse_args().runs
    out = WORK / "site-output"
    run_once([*BUILD, "-q", "--sortie", str(out)])  # the documents the site offers
    rows = measure_all(
        {
            "build.py check": [*BUILD, "check", "-q"],
            "reconstruction sans changement": [*BUILD, "-q", "--sortie", str(out)],
            "site web seul": [*BUILD, "site", "--force", "-q", "--sortie", str(out)],
        },
        runs,
    )
    rows["aperçu du site : enregistrement → page rechargée"] = (preview_save_to_reload(BUILD, ROOT, WORK, runs), 0)
    for name, (seconds, peak) in rows.items():
        print(f"| {name} | {f'{seconds:.3f}'.replace('.', ',')} s | {f'{peak:.0f} Mo' if peak else ''} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
