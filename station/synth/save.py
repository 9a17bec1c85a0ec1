"""Save generated pages the way they arrive in the mailroom: fax TIFF, scanner JPEG/PNG, PDF."""

from __future__ import annotations

from pathlib import Path

from PIL import Image


def save_fax_tiff(pages: list[Image.Image], path: Path, dpi: int, fine: bool = False) -> Path:
    """A CCITT G4 fax TIFF at 204x98 dpi (normal) or 204x196 (fine), from pages rendered at ``dpi``."""
    ydpi = 196 if fine else 98
    frames = []
    for page in pages:
        w, h = page.size
        size = (round(w * 204 / dpi), round(h * ydpi / dpi))
        frames.append(page.convert("L").resize(size, Image.BILINEAR).point(lambda v: 255 if v > 150 else 0).convert("1"))
    frames[0].save(path, format="TIFF", compression="group4", dpi=(204, ydpi),
                   save_all=True, append_images=frames[1:])
    return path


def save_image(page: Image.Image, path: Path, dpi: int, quality: int = 85) -> Path:
    """JPEG, PNG, PNM or TIFF (LZW) by suffix, with the resolution recorded."""
    suffix = path.suffix.lower()
    if suffix in (".jpg", ".jpeg"):
        page.save(path, format="JPEG", quality=quality, dpi=(dpi, dpi))
    elif suffix in (".tif", ".tiff"):
        page.save(path, format="TIFF", compression="tiff_lzw", dpi=(dpi, dpi))
    elif suffix in (".pgm", ".ppm", ".pnm", ".pbm"):
        page.save(path, format="PPM")
    else:
        page.save(path, format="PNG", dpi=(dpi, dpi))
    return path


def save_pdf(pages: list[Image.Image], path: Path, dpi: int) -> Path:
    """A scanned-PDF: one image per page (as a scanner's PDF mode writes it)."""
    import img2pdf

    blobs = []
    for page in pages:
        tmp = Path(str(path) + f".{len(blobs)}.png")
        page.save(tmp, format="PNG", dpi=(dpi, dpi))
        blobs.append(tmp.read_bytes())
        tmp.unlink()
    path.write_bytes(img2pdf.convert(blobs))
    return path
