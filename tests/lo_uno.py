"""A LibreOffice session driven through UNO, for the scripts that Debian's /usr/bin/python3 (python3-uno) runs:
tests/lo_accept.py and tests/lo_view.py. Each starts its own soffice on a private pipe and profile."""

import contextlib
import os
import subprocess
import time
from collections.abc import Iterator

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def prop(name, value):  # type: ignore[no-untyped-def]
    return PropertyValue(Name=name, Value=value)


@contextlib.contextmanager
def session(soffice: str, profile: str) -> Iterator[tuple[object, object]]:
    """(desktop, component context) of a headless LibreOffice, terminated on leaving."""
    pipe = f"tests{os.getpid()}"
    office = subprocess.Popen(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--invisible", "--norestore",
         f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    desktop = None
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(240):
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:  # not listening yet
                time.sleep(0.25)
        else:
            raise SystemExit("LibreOffice did not start")
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        yield desktop, context
    finally:
        with contextlib.suppress(Exception):  # `desktop` is unset when LibreOffice never answered
            desktop.terminate()  # type: ignore[union-attr]
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


def load(desktop, path: str):  # type: ignore[no-untyped-def]
    """A document opened as a partner opens it, in a hidden window (its view settings are restored)."""
    return desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0,
                                        (prop("Hidden", True),))  # fmt: skip
