"""Run by Debian's /usr/bin/python3 (python3-uno): LibreOffice opens each DOCX, reports how many tracked changes
it sees, accepts them all (the « Accepter tout » of its review pane) and saves the text as LibreOffice reads it.

Usage: lo_accept.py SOFFICE PROFILE_DIR DOCX... ; writes DOCX + ".txt" and prints « name count » per file.
"""

import contextlib
import os
import subprocess
import sys
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _property(name, value):  # type: ignore[no-untyped-def]
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def main() -> None:
    soffice, profile, documents = sys.argv[1], sys.argv[2], sys.argv[3:]
    pipe = f"accept{os.getpid()}"
    office = subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--invisible",
            "--norestore",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(240):
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.25)
        else:
            raise SystemExit("LibreOffice did not start")
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        dispatcher = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        for path in documents:
            url = uno.systemPathToFileUrl(os.path.abspath(path))
            doc = desktop.loadComponentFromURL(url, "_blank", 0, (_property("Hidden", True),))
            count = doc.getRedlines().getCount()
            dispatcher.executeDispatch(doc.getCurrentController().getFrame(), ".uno:AcceptAllTrackedChanges", "", 0, ())
            left = doc.getRedlines().getCount()
            target = uno.systemPathToFileUrl(os.path.abspath(path) + ".txt")
            doc.storeToURL(target, (_property("FilterName", "Text (encoded)"), _property("FilterOptions", "UTF8")))
            doc.close(True)
            print(os.path.basename(path), count, left)
    finally:
        with contextlib.suppress(Exception):  # `desktop` is unset when LibreOffice never answered
            desktop.terminate()
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
