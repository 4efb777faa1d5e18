"""Deterministic zip archives (DOCX, PPTX, XLSX, ODF): fixed entry timestamps and a stable entry order."""

from __future__ import annotations

import datetime as dt
import io


def normalise_zip(
    data: bytes, when: dt.datetime, first: str = "[Content_Types].xml", parts: dict[str, bytes] | None = None
) -> bytes:
    """Rewrite an OOXML or ODF package so the same content always gives the same bytes.

    Office libraries stamp each entry with the current time; we stamp `when` instead. The `first` part stays
    first (OOXML's content types; ODF's `mimetype`, which is also stored uncompressed as ODF requires), the
    rest is sorted by name. `parts` replaces the bytes of some entries.
    """
    import zipfile  # not needed by a build with nothing to write

    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    source = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(source.namelist(), key=lambda n: (n != first, n))
    parts = parts or {}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            stored = name == "mimetype"
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            target.writestr(info, parts[name] if name in parts else source.read(name), compresslevel=6)
    return out.getvalue()
