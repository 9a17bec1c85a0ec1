"""``station scan`` into the store: separator sheets found while scanning, and a batch cut short by a
crash continued where its last complete sheet ended (both found by the soak run, issue #9)."""

from __future__ import annotations

import pypdfium2

from station.cli import main
from station.config import load_settings
from station.store import Store
from station.synth.render import render_text_page

DPI = 200
PROFILE = '[[profiles]]\nname = "Test"\nsource = "{source}"\nmode = "Lineart"\nresolution = 200\n'


def _config(tmp_path, monkeypatch, folder, source="ADF Front"):
    config = tmp_path / "config.toml"
    config.write_text(f'virtual_scanner_dir = "{folder}"\nprofile = "Test"\nworkers = 1\n' + PROFILE.format(source=source))
    monkeypatch.setenv("STATION_CONFIG", str(config))


def _separator(tmp_path):
    from station.separate import separator_sheet_pdf

    pdf = pypdfium2.PdfDocument(str(separator_sheet_pdf(tmp_path / "sep.pdf")))
    image = pdf[0].render(scale=DPI / 72).to_pil().convert("L")
    pdf.close()
    return image


def _batch_id(out: str) -> str:
    return out.split("Stapel ")[1].split()[0]


def test_a_separator_sheet_scanned_from_the_cli_splits_the_batch(tmp_path, monkeypatch, capsys):
    """The scan command processes pages while scanning; it must keep their barcodes, or the
    batch's separation (which skips pages that already have a result) sees no separator sheet."""
    folder = tmp_path / "stack"
    folder.mkdir()
    render_text_page("Sehr geehrte Damen und Herren,\nich kündige meinen Vertrag.", dpi=DPI).save(folder / "a.png", dpi=(DPI, DPI))
    _separator(tmp_path).save(folder / "b.png", dpi=(DPI, DPI))
    render_text_page("Guten Tag,\nmeine Bankverbindung hat sich geändert.", dpi=DPI).save(folder / "c.png", dpi=(DPI, DPI))
    _config(tmp_path, monkeypatch, folder)
    assert main(["scan"]) == 0
    batch_id = _batch_id(capsys.readouterr().out)
    assert main(["batches", batch_id, "--resume"]) == 0
    with Store.open(load_settings()) as store:
        batch = store.load_batch(batch_id)
    assert [len(d.pages) for d in batch.documents] == [1, 1]
    assert [p.separator_kind for p in batch.pages] == [None, "separator_sheet", None]


def test_a_batch_cut_short_goes_on_after_its_last_complete_sheet(tmp_path, monkeypatch, capsys):
    """A kill after the front of sheet 1 but before its back: the lone front is put aside (deleted,
    audited), the operator feeds the stack again from sheet 1, and no side is stored twice."""
    import numpy as np

    from station.capture.raw import RawPage

    def make_page(seed: int) -> np.ndarray:
        img = np.full((300, 200), 255, np.uint8)
        img[np.random.default_rng(seed).random(img.shape) < 0.05] = 0
        return img

    _config(tmp_path, monkeypatch, tmp_path / "rest", source="ADF Duplex")
    with Store.open(load_settings()) as store:
        batch_id = store.create_batch(source="scanner", profile="Test")
        for sheet, side in ((0, "front"), (0, "back"), (1, "front")):
            store.add_page(batch_id, RawPage(make_page(sheet * 2 + (side == "back")), sheet, side, DPI, {}))
    rest = tmp_path / "rest"
    rest.mkdir()
    for name in ("s1", "s2"):
        render_text_page(f"Blatt {name}", dpi=DPI).save(rest / f"{name}.png", dpi=(DPI, DPI))
    assert main(["scan", "--no-process", "--continue", batch_id]) == 0
    assert "ab Blatt 2 wieder einlegen" in capsys.readouterr().out
    with Store.open(load_settings()) as store:
        pages = store.load_batch(batch_id).pages
        assert store.batch_row(batch_id)["state"] == "processing"
    live = [(p.sheet, p.side) for p in pages if not p.deleted]
    assert live == [(0, "front"), (0, "back"), (1, "front"), (1, "back"), (2, "front"), (2, "back")]
    assert [(p.sheet, p.side) for p in pages if p.deleted] == [(1, "front")]
    assert main(["scan", "--no-process", "--continue", batch_id]) != 0  # a finished batch is not continued
