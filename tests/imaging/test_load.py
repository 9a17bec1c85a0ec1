"""Loading pages: every format the mailroom meets, fax resolutions, and each kind of bad file."""

from __future__ import annotations

import struct
import zlib

import numpy as np
import pikepdf
import pytest
from PIL import Image

from station.errors import InputFileError
from station.imaging.load import count_pages, load_page, load_pages
from station.synth.pages import make_page
from station.synth.render import a4_size
from station.synth.save import save_fax_tiff, save_image, save_pdf


@pytest.fixture(scope="module")
def letter():
    return make_page(11, dpi=200)[0]


@pytest.mark.parametrize("fine,ydpi", [(False, 98), (True, 196)])
def test_fax_tiff_is_resampled_to_square_pixels(tmp_path, letter, fine, ydpi):
    path = save_fax_tiff([letter, letter], tmp_path / "fax.tif", dpi=200, fine=fine)
    pages = list(load_pages(path))
    assert [p.index for p in pages] == [0, 1]
    page = pages[0]
    assert page.meta["source_dpi"] == (204.0, float(ydpi))
    assert page.dpi == 204 and page.image.dtype == np.uint8 and page.image.ndim == 2
    h, w = page.image.shape
    assert abs(h / w - 297 / 210) < 0.01  # an A4 sheet again, not a squashed one


def test_pdf_pages_render_at_300_dpi(tmp_path, letter):
    path = save_pdf([letter, letter.rotate(90, expand=True)], tmp_path / "scan.pdf", dpi=200)
    pages = list(load_pages(path))
    assert len(pages) == 2 == count_pages(path)
    assert pages[0].dpi == 300
    assert abs(pages[0].image.shape[1] - a4_size(300)[0]) <= 2
    assert pages[1].image.shape[1] > pages[1].image.shape[0]  # the landscape page stays landscape


@pytest.mark.parametrize("suffix", [".png", ".jpg", ".pgm", ".tif"])
def test_grey_raster_formats(tmp_path, letter, suffix):
    page = next(load_pages(save_image(letter, tmp_path / f"page{suffix}", dpi=200)))
    assert page.image.shape == (letter.height, letter.width)
    assert page.dpi == (300 if suffix == ".pgm" else 200)  # PNM has no resolution: 300 assumed


def test_colour_stays_colour_and_1bit_becomes_grey(tmp_path, letter):
    colour = letter.convert("RGB")
    colour.paste((200, 30, 30), (10, 10, 200, 200))
    page = next(load_pages(save_image(colour, tmp_path / "c.png", dpi=200)))
    assert page.image.ndim == 3 and tuple(page.image[50, 50]) == (30, 30, 200)  # BGR
    bw = letter.point(lambda v: 255 if v > 128 else 0).convert("1")
    bw.save(tmp_path / "bw.png")
    page = next(load_pages(tmp_path / "bw.png"))
    assert page.image.ndim == 2 and set(np.unique(page.image)) == {0, 255}


def test_load_page_reads_only_the_page_asked_for(tmp_path, letter):
    blank = Image.new("L", letter.size, 255)
    path = save_fax_tiff([blank, letter, blank], tmp_path / "three.tif", dpi=200)
    assert count_pages(path) == 3
    page = load_page(path, 1)
    assert page.index == 1 and page.image.min() == 0


def _png_bomb(path, width: int, height: int) -> None:
    """A valid 1-bit PNG of width x height white pixels: a few hundred KB on disk."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    comp = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    body = b"".join(comp.compress(row) for _ in range(height)) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b""))


def _make_bad(case: str, tmp_path, letter):
    """One bad input and the words its German reason must contain."""
    if case == "empty":
        (tmp_path / "empty.tif").write_bytes(b"")
        return tmp_path / "empty.tif", "leer"
    if case in ("truncated", "corrupt"):
        good = save_image(letter, tmp_path / "good.tif", dpi=200).read_bytes()
        data = good[: len(good) // 3] if case == "truncated" else good[:8] + bytes(range(256)) * 40
        (tmp_path / f"{case}.tif").write_bytes(data)
        return tmp_path / f"{case}.tif", "beschädigt oder unvollständig"
    if case == "password":
        pdf = save_pdf([letter], tmp_path / "open.pdf", dpi=200)
        with pikepdf.open(pdf) as doc:
            doc.save(tmp_path / "locked.pdf", encryption=pikepdf.Encryption(owner="o", user="geheim"))
        return tmp_path / "locked.pdf", "passwortgeschützt"
    if case == "tiny":
        Image.new("L", (1, 1), 255).save(tmp_path / "tiny.png")
        return tmp_path / "tiny.png", "zu klein"
    if case == "bomb":
        _png_bomb(tmp_path / "bomb.png", 40000, 40000)
        return tmp_path / "bomb.png", "zu groß"
    (tmp_path / "letter.tif").write_text("Sehr geehrte Damen und Herren,\nbitte ...\n", encoding="utf-8")
    return tmp_path / "letter.tif", "kein Bild"


@pytest.mark.parametrize("case", ["empty", "truncated", "corrupt", "password", "tiny", "bomb", "text"])
def test_bad_input_gets_a_specific_error_naming_the_file(tmp_path, letter, case):
    path, reason = _make_bad(case, tmp_path, letter)
    with pytest.raises(InputFileError) as caught:
        list(load_pages(path))
    err = caught.value
    assert str(path) in err.message_de and reason in err.reason_de
    assert err.message_en and err.message_en != err.message_de


def test_bomb_is_refused_before_decoding(tmp_path):
    import resource

    _png_bomb(tmp_path / "bomb.png", 40000, 40000)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(InputFileError):
        list(load_pages(tmp_path / "bomb.png"))
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000  # KB: nothing decoded
