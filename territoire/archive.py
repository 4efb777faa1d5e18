"""Deterministic zip archives (DOCX, PPTX, XLSX): fixed entry timestamps and a stable entry order."""

from __future__ import annotations

import datetime as dt
import io


def normalise_zip(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite an OOXML package so the same content always gives the same bytes.

    Office libraries stamp each entry with the current time; we stamp `when` instead. The content-types
    part stays first (some readers require it), the rest is sorted by name.
    """
    import zipfile  # not needed by a build with nothing to write

    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    source = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            target.writestr(info, source.read(name), compresslevel=6)
    return out.getvalue()
