"""Raw pages onto disk before anyone else sees them: temp file, fsync, atomic rename, fsync the folder.

Lineart pages are stored as 1-bit PNG (a few dozen KB for a letter), grey and colour as PNG with
fast compression: the scanner thread writes here, so encoding must keep up with the feeder.
Files are 0600 and folders 0700 (customer letters are personal data).
"""

from __future__ import annotations

import errno
import io
from pathlib import Path

import numpy as np
from PIL import Image

from station.capture.raw import RawPage
from station.config import ensure_private_dir
from station.errors import StoreError
from station.store.blobs import write_synced


def encode_png(raw: RawPage) -> bytes:
    """PNG bytes of a raw page, with its resolution recorded so later stages know the scale."""
    img = raw.image
    if img.ndim == 3:
        pil = Image.fromarray(np.ascontiguousarray(img[:, :, ::-1]), "RGB")
    elif raw.meta.get("mode") == "Lineart":
        pil = Image.fromarray(img, "L").convert("1", dither=Image.Dither.NONE)
    else:
        pil = Image.fromarray(img, "L")
    buf = io.BytesIO()
    pil.save(buf, "PNG", compress_level=1, dpi=(raw.dpi, raw.dpi))
    return buf.getvalue()


def write_durably(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that after return it survives a crash or power cut.

    A full or failing disk is a ``StoreError`` the operator can act on; no half-written file is left.
    """
    ensure_private_dir(path.parent)
    try:
        write_synced(path, data, path.with_name(f".{path.name}.tmp"))
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StoreError(
                f"Datenträger voll: Seite konnte nicht gespeichert werden ({path.parent}). Platz schaffen, "
                "dann ‚Weiter‘ drücken; die Seite geht nicht verloren.",
                f"Disk full: page could not be saved ({path.parent}). Free some space, then press "
                "'Continue'; the page is not lost.",
                detail=str(exc),
            ) from exc
        raise StoreError(
            f"Seite konnte nicht gespeichert werden ({path.parent}): {exc.strerror}.",
            f"Page could not be saved ({path.parent}): {exc.strerror}.",
            detail=str(exc),
        ) from exc
    return path
