"""Run by Debian's /usr/bin/python3 (python3-uno): LibreOffice opens each spreadsheet in a (hidden) window, which
restores its view settings, and reports per sheet what its controller shows; it also saves it as ODS.

Usage: lo_view.py SOFFICE PROFILE_DIR OUT_DIR SPREADSHEET... ; prints one JSON line per file:
{"file": name, "sheets": [{"name", "frozen", "split_row", "split_column", "tab_color"}]}, and writes
OUT_DIR/<file>.ods (LibreOffice's own ODS of it, as `soffice --convert-to ods` writes).
"""

import json
import os
import sys

import uno  # type: ignore[import-not-found]
from lo_uno import load, prop, session


def main() -> None:
    soffice, profile, out, documents = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    with session(soffice, profile) as (desktop, _):
        for path in documents:
            doc = load(desktop, path)
            controller, sheets, found = doc.getCurrentController(), doc.getSheets(), []
            for index in range(sheets.getCount()):
                sheet = sheets.getByIndex(index)
                controller.setActiveSheet(sheet)
                colour = f"#{sheet.TabColor & 0xFFFFFF:06X}" if sheet.TabColor != -1 else None
                found.append({
                    "name": sheet.getName(), "frozen": controller.hasFrozenPanes(), "tab_color": colour,
                    "split_row": controller.getSplitRow(), "split_column": controller.getSplitColumn(),
                })  # fmt: skip
            target = uno.systemPathToFileUrl(os.path.join(os.path.abspath(out), os.path.basename(path) + ".ods"))
            doc.storeToURL(target, (prop("FilterName", "calc8"),))
            doc.close(True)
            print(json.dumps({"file": os.path.basename(path), "sheets": found}))


if __name__ == "__main__":
    main()
