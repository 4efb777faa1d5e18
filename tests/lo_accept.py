"""Run by Debian's /usr/bin/python3 (python3-uno): LibreOffice opens each DOCX, reports how many tracked changes
it sees, accepts them all (the « Accepter tout » of its review pane) and saves the text as LibreOffice reads it.

Usage: lo_accept.py SOFFICE PROFILE_DIR DOCX... ; writes DOCX + ".txt" and prints « name count » per file.
"""

import os
import sys

import uno  # type: ignore[import-not-found]
from lo_uno import load, prop, session


def main() -> None:
    soffice, profile, documents = sys.argv[1], sys.argv[2], sys.argv[3:]
    with session(soffice, profile) as (desktop, context):
        dispatcher = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        for path in documents:
            doc = load(desktop, path)
            count = doc.getRedlines().getCount()
            dispatcher.executeDispatch(doc.getCurrentController().getFrame(), ".uno:AcceptAllTrackedChanges", "", 0, ())
            left = doc.getRedlines().getCount()
            target = uno.systemPathToFileUrl(os.path.abspath(path) + ".txt")
            doc.storeToURL(target, (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8")))
            doc.close(True)
            print(os.path.basename(path), count, left)


if __name__ == "__main__":
    main()
