"""The built-in virtual duplex scanner: stack order, sides, modes, speed, injected faults."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from station.capture.session import BatchScan, DirectorySink
from station.capture.virtual_source import VirtualSource, load_stack, parse_faults
from station.errors import ConfigError, ScannerError


def test_stack_pairs_backs_with_their_fronts_and_splits_multipage_faxes(small_stack):
    sheets = load_stack(small_stack)
    names = [(s.front.path.name, s.front.frame, s.back.path.name if s.back else None) for s in sheets]
    assert names == [
        ("01-kuendigung.png", 0, "01-kuendigung-back.png"),
        ("02-rechnung-einspruch.png", 0, "02-rechnung-einspruch-back.png"),
        ("03-bankverbindung.png", 0, None),
        ("10-sim-verlust-fax.tif", 0, None),
        ("10-sim-verlust-fax.tif", 1, None),
    ]


def test_duplex_gives_front_then_back_of_every_sheet(small_stack, profile):
    pages = list(VirtualSource(small_stack).scan(profile(source="ADF Duplex", mode="Gray")))
    assert [(p.sheet, p.side) for p in pages] == [(s, side) for s in range(5) for side in ("front", "back")]
    # a one-sided letter has a white back (a few specks of dust), the printed back carries ink
    one_sided_back, printed_back = pages[5].image, pages[3].image
    assert (one_sided_back < 128).mean() < 0.0001 < (printed_back < 128).mean()
    assert all(p.dpi == 100 for p in pages)


def test_faxes_arrive_in_square_pixels_at_the_profile_resolution(small_stack, profile):
    pages = list(VirtualSource(small_stack).scan(profile(source="ADF Front", resolution=100)))
    letter, fax = pages[0].image, pages[3].image
    assert pages[3].meta["file"] == "10-sim-verlust-fax.tif"
    # both are A4 at 100 dpi, although the fax was sent at 204 x 98 dpi
    assert abs(fax.shape[0] - letter.shape[0]) <= 3 and abs(fax.shape[1] - letter.shape[1]) <= 3
    assert abs(letter.shape[0] - 297 / 25.4 * 100) <= 2


@pytest.mark.parametrize(("mode", "shape_len"), [("Lineart", 2), ("Gray", 2), ("Color", 3)])
def test_modes(small_stack, profile, mode, shape_len):
    page = next(VirtualSource(small_stack).scan(profile(source="ADF Front", mode=mode)))
    assert page.image.dtype == np.uint8 and page.image.ndim == shape_len
    if mode == "Lineart":
        assert set(np.unique(page.image)) <= {0, 255}


def test_flatbed_is_refused(small_stack, profile):
    with pytest.raises(ScannerError) as err:
        next(VirtualSource(small_stack).scan(profile(source="Flatbed")))
    assert err.value.kind == "invalid"


def test_empty_feeder_folder_says_so(tmp_path, profile):
    (tmp_path / "empty").mkdir()
    with pytest.raises(ScannerError) as err:
        next(VirtualSource(tmp_path / "empty").scan(profile()))
    assert err.value.kind == "no_docs" and "Einzug leer" in err.value.operator_message()


def test_corrupt_image_on_the_feeder_is_an_io_error_naming_the_file(small_stack, profile):
    (small_stack / "00-kaputt.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    with pytest.raises(ScannerError) as err:
        next(VirtualSource(small_stack).scan(profile()))
    assert err.value.kind == "io" and "00-kaputt.png" in err.value.detail


def test_fault_specs_are_checked():
    assert [(f.kind, f.after_images) for f in parse_faults("jammed@5, gone@12")] == [("jammed", 5), ("gone", 12)]
    with pytest.raises(ConfigError) as err:
        parse_faults("stau nach 5")
    assert "stau nach 5" in err.value.operator_message()


def _reference(stack, prof):
    return [p.image for p in VirtualSource(stack).scan(prof)]


def test_faults_stop_the_batch_between_sheets_and_lose_nothing(small_stack, profile, tmp_path):
    prof = profile(source="ADF Duplex", mode="Lineart")
    expected = _reference(small_stack, prof)
    src = VirtualSource(small_stack, faults=parse_faults("jammed@3, cover_open@6, gone@8"))
    batch = BatchScan(src, prof, DirectorySink(tmp_path / "out"))
    messages = []
    while True:
        try:
            batch.run()
            break
        except ScannerError as exc:
            messages.append(exc.operator_message())
    assert messages == [
        "Papierstau: Blatt entnehmen, dann ‚Weiter‘ drücken. Die bisher gescannten 4 Seiten sind gesichert.",
        "Abdeckung offen: Scannerabdeckung schließen, dann ‚Weiter‘ drücken. Die bisher gescannten 6 Seiten sind gesichert.",
        "Scanner nicht mehr erreichbar: Kabel und Strom prüfen, dann ‚Weiter‘ drücken. "
        "Die bisher gescannten 8 Seiten sind gesichert.",
    ]
    assert [(p.sheet, p.side) for p in batch.pages] == [(s, side) for s in range(5) for side in ("front", "back")]
    for saved, image in zip(batch.pages, expected, strict=True):  # every page, once, pixel for pixel
        assert np.array_equal(np.asarray(Image.open(saved.path).convert("L")), image)


def _tiny_stack(folder, sheets: int):
    """Small pages that cost the virtual scanner almost nothing to image (timing is the station's)."""
    folder.mkdir()
    for n in range(sheets):
        Image.fromarray(np.full((60, 40), 255, np.uint8), "L").save(folder / f"{n:02d}.png", dpi=(50, 50))
    return folder


def test_feeder_waits_are_counted_when_the_station_is_too_slow(tmp_path, profile):
    import time

    src = VirtualSource(_tiny_stack(tmp_path / "tiny", 6), ipm=6000)  # one image every 10 ms, four fit in its buffer
    for _ in src.scan(profile(source="ADF Duplex", resolution=50)):
        time.sleep(0.06)
    assert src.stats.images == 12 and src.stats.waits >= 3 and src.stats.wait_s > 0.1


def test_a_station_that_keeps_up_never_makes_the_feeder_wait(tmp_path, profile):
    src = VirtualSource(_tiny_stack(tmp_path / "tiny", 5), ipm=600)  # one image every 100 ms; taking one is instant
    assert len(list(src.scan(profile(source="ADF Front", resolution=50)))) == 5
    assert src.stats.waits == 0


def test_an_emptied_feeder_is_reloaded_for_the_next_batch(small_stack, profile):
    src = VirtualSource(small_stack)
    prof = profile(source="ADF Front", resolution=50)
    assert len(list(src.scan(prof))) == len(list(src.scan(prof))) == 5


def test_reopened_virtual_scanner_continues_where_the_jam_stopped(small_stack, profile, tmp_path):
    """The GUI opens the scanner anew for "Weiter": the stack must not start again."""
    from station.capture import open_source
    from station.config import Settings

    settings = Settings(virtual_scanner_dir=str(small_stack), virtual_scanner_faults="jammed@2", data_dir=str(tmp_path))
    prof = profile(source="ADF Front")
    first = open_source(settings)
    got = []
    with pytest.raises(ScannerError):
        for page in first.scan(prof):
            got.append(page.meta["file"])
    first.close()
    again = open_source(settings, "virtual")
    got += [p.meta["file"] for p in again.scan(prof, first_sheet=2)]
    assert got == [s.front.path.name for s in load_stack(small_stack)]
