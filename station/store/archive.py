"""Archive copies of a sane size: bilevel pages as CCITT G4, grey and colour pages as verified JPEG 2000.

A grey A4 page at 300 dpi is ~5 MB as lossless PNG (scanner noise does not compress); at 40,000 pages
a day that is terabytes a month. BSI TR-03138 (TR-RESISCAN) accepts lossy compression where
legibility is preserved *and verified*: every lossy copy here is read again with the project's OCR
and must give the same words as the lossless page (``REQUIRED_AGREEMENT``, 99 %) before it may stand
in for it. A copy that fails is not used: the page keeps its lossless image. The copy's hash, its
quality and the measured agreement are sealed in an ``archived`` audit event, so the copy is as
provable as the raw scan whose hash the ``received`` event carries.

The JPEG 2000 ratio (``JP2_RATE``) was chosen by measurement: ``python bench/run.py --only archive``.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from PIL import Image

from station.imaging.convert import is_bilevel
from station.store.encode import decode_page, encode_page

if TYPE_CHECKING:
    from station.store.local import Store
    from station.store.records import StoredPage

log = logging.getLogger(__name__)
JP2_RATE = 80  # compression ratio of a grey page (colour: three times, for the same bytes per page)
JPEG_QUALITY = 80  # the plain-JPEG alternative (measured beside JPEG 2000 in the bench)
REQUIRED_AGREEMENT = 0.99
_WORD = re.compile(r"\w[\w\-.,:/@€%]*", re.UNICODE)


@dataclass(frozen=True)
class ArchiveCopy:
    data: bytes
    media_type: str  # image/tiff (G4), image/jp2, image/jpeg
    lossy: bool
    quality: str | None = None  # "jp2 rate 60" / "jpeg q80"


def encode_archive(image: np.ndarray, dpi: int = 300, codec: str = "jp2", level: int | None = None) -> ArchiveCopy:
    """The archive form of a page: G4 for bilevel (lossless); grey/colour as JPEG 2000 (PDF/A-2 embeds it
    as JPXDecode) at a fixed compression ratio, or as baseline JPEG; both lossy, to be verified.

    JPEG 2000 is the default because it keeps text edges at a fraction of JPEG's bytes: a noisy grey
    A4 scan at 300 dpi is ~105 KB at ratio 80 and still reads word for word, where JPEG needs ~580 KB
    at quality 75 (bench/bench_archive.py)."""
    if is_bilevel(image):
        return ArchiveCopy(encode_page(image, dpi), "image/tiff", False)
    pil = Image.fromarray(image if image.ndim == 2 else image[..., ::-1])  # stored colour pages are BGR
    buf = io.BytesIO()
    if codec == "jpeg":
        quality = level or JPEG_QUALITY
        pil.save(buf, "JPEG", quality=quality, optimize=True, dpi=(dpi, dpi), subsampling=0 if image.ndim == 2 else 2)
        return ArchiveCopy(buf.getvalue(), "image/jpeg", True, f"jpeg q{quality}")
    rate = (level or JP2_RATE) * (1 if image.ndim == 2 else 3)
    pil.save(buf, "JPEG2000", quality_mode="rates", quality_layers=[rate], irreversible=True,
             no_jp2=False, dpi=(dpi, dpi))
    return ArchiveCopy(buf.getvalue(), "image/jp2", True, f"jp2 rate {rate}")


def words(text: str | None) -> list[str]:
    """The words of an OCR text as compared: case kept (a lost umlaut or capital is a difference)."""
    return _WORD.findall(text or "")


def word_agreement(reference: str | None, candidate: str | None) -> float:
    """Share of words the two readings have in common, in order (2·matches / total words; 1.0 when
    both are empty). A dropped, added or misread word lowers it."""
    a, b = words(reference), words(candidate)
    if not a and not b:
        return 1.0
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return 2.0 * same / (len(a) + len(b))


def ocr_text(image: np.ndarray, dpi: int, lang: str = "deu") -> str:
    from station.ocr import ocr_page

    return ocr_page(image, lang=lang, dpi=dpi)[1]


def verify_copy(copy: ArchiveCopy, reference_text: str, dpi: int, lang: str = "deu") -> float:
    """Read the copy with the project's OCR; its word agreement with the lossless page's reading."""
    if not copy.lossy:
        return 1.0
    return word_agreement(reference_text, ocr_text(decode_page(copy.data), dpi, lang))


@dataclass(frozen=True)
class ArchiveResult:
    page_id: str
    archive_hash: str | None  # None: the lossy copy failed verification, the lossless image stays the copy
    media_type: str
    size: int
    agreement: float
    verified: bool


def make_archive_copy(store: Store, page: StoredPage | str, *, codec: str = "jp2", level: int | None = None,
                      lang: str = "deu", reference_text: str | None = None) -> ArchiveResult:
    """Make, verify, keep and seal the archive copy of one processed page (idempotent).

    The copy is made from the page as exported (the cleaned image if there is one) and compared with
    the OCR text the pipeline read from that lossless image (or ``reference_text``, or a fresh reading).
    """
    page = store.page(page, with_words=False) if isinstance(page, str) else page
    existing = store.query("SELECT archive_hash, archive_agreement FROM pages WHERE id = ?", (page.id,))
    if existing and existing[0]["archive_hash"] is None and existing[0]["archive_agreement"] is not None:
        return ArchiveResult(page.id, None, "", 0, float(existing[0]["archive_agreement"]), False)  # failed before
    if existing and existing[0]["archive_hash"]:
        digest = existing[0]["archive_hash"]
        path = store.blobs.find(digest)
        return ArchiveResult(page.id, digest, _media(digest, store), path.stat().st_size if path else 0,
                             float(existing[0]["archive_agreement"] or 1.0), True)
    source = store.page_path(page, clean=True)
    source_bytes = source.read_bytes()
    source_hash = page.clean_hash or page.blob_hash
    if hashlib.sha256(source_bytes).hexdigest() != source_hash:
        # a damaged or altered page file: no copy is ever made from it (nor may it overwrite a sealed file)
        log.warning("page %s: its image file no longer matches its hash; no archive copy made", page.id)
        return ArchiveResult(page.id, None, "", 0, 0.0, False)
    if source.suffix == ".tif":
        # the store keeps black-and-white pages as G4 TIFF, the archive format itself: decoding and
        # encoding it again only to find the same bytes cost sync most of its time
        return _own_copy(store, page.id, source_hash, len(source_bytes))
    image = decode_page(source_bytes)
    dpi = page.dpi or 300
    copy = encode_archive(image, dpi, codec, level)
    reference = reference_text if reference_text is not None else page.ocr_text
    if copy.lossy and reference is None:
        reference = ocr_text(image, dpi, lang)
    agreement = verify_copy(copy, reference or "", dpi, lang)
    verified = agreement >= REQUIRED_AGREEMENT
    if not copy.lossy and hashlib.sha256(copy.data).hexdigest() == source_hash:
        return _own_copy(store, page.id, source_hash, len(copy.data))
    digest = store.blobs.put(copy.data)[0] if verified else None
    with store.tx() as conn:
        conn.execute("UPDATE pages SET archive_hash = ?, archive_agreement = ? WHERE id = ?",
                      (digest, round(agreement, 5), page.id))
        store.event(conn, "archived", batch_id=page.batch_id, document_id=page.document_id,
                    page_hashes=[page.blob_hash],
                    data={"page_id": page.id, "archive_sha256": digest, "media_type": copy.media_type,
                          "quality": copy.quality, "word_agreement": round(agreement, 5), "verified": verified,
                          "required": REQUIRED_AGREEMENT, "source_sha256": page.clean_hash or page.blob_hash})
    return ArchiveResult(page.id, digest, copy.media_type, len(copy.data), agreement, verified)


def _own_copy(store: Any, page_id: str, source_hash: str, size: int) -> ArchiveResult:
    """A black-and-white page already kept as G4 is its own archive copy: nothing new to seal."""
    with store.tx() as conn:
        conn.execute("UPDATE pages SET archive_hash = ?, archive_agreement = 1.0 WHERE id = ?", (source_hash, page_id))
    return ArchiveResult(page_id, source_hash, "image/tiff", size, 1.0, True)


def _media(digest: str, store: Any) -> str:
    path = store.blobs.find(digest)
    return media_of(path) if path else ""


def media_of(path: Any) -> str:
    """The media type of an archive copy file, from its first bytes."""
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head[:2] == b"\xff\xd8":
        return "image/jpeg"
    if head[:2] in (b"II", b"MM"):
        return "image/tiff"
    return "image/jp2" if head[:4] in (b"\x00\x00\x00\x0c", b"\xffO\xffQ") else "image/png"


def archive_bytes(store: Store, page: StoredPage) -> bytes:
    """The image a page is archived and exported with: its verified copy, else its lossless image."""
    rows = store.query("SELECT archive_hash FROM pages WHERE id = ?", (page.id,))
    digest = rows[0]["archive_hash"] if rows else None
    return store.blobs.read(digest or page.clean_hash or page.blob_hash)


def ensure_archive_copies(store: Store, batch_id: str) -> list[ArchiveResult]:
    """Archive copies for every live page of a batch that has none yet (sync and export call this)."""
    rows = store.query("SELECT id FROM pages WHERE batch_id = ? AND NOT deleted AND NOT separator "
                       "AND document_id IS NOT NULL AND archive_hash IS NULL AND archive_agreement IS NULL "
                       "ORDER BY ord", (batch_id,))
    return [make_archive_copy(store, r["id"]) for r in rows]


def raw_may_be_dropped(store: Store, page_id: str) -> bool:
    """Whether a page's lossless image may go after retention: only with a verified archive copy."""
    rows = store.query("SELECT archive_hash, archive_agreement FROM pages WHERE id = ?", (page_id,))
    return bool(rows and rows[0]["archive_hash"] and (rows[0]["archive_agreement"] or 0) >= REQUIRED_AGREEMENT)
