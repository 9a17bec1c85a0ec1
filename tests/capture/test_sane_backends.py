"""The SANE layer against SANE's own ``test`` and ``pnm`` backends (real libsane, no mocks)."""

from __future__ import annotations

import os
import signal

import numpy as np
import pytest
from PIL import Image

from station.capture import list_devices
from station.errors import ScannerError


def test_devices_lists_the_virtual_scanner_first_then_what_sane_finds(sane_env):
    names = [d.name for d in list_devices()]
    assert names[0] == "virtual"
    assert {"test:0", "test:1", "pnm:0", "pnm:1"} <= set(names)


def test_profile_options_are_set_and_read_back(open_sane, profile):
    src = open_sane("test:0")
    applied = src.apply_profile(profile(source="ADF Front", mode="Color", resolution=150, page_size="80x100"))
    dev = src.device
    assert dev.get("source") == "Automatic Document Feeder"
    assert dev.get("mode") == "Color" and dev.get("depth") == 8
    assert dev.get("resolution") == pytest.approx(150)
    assert (dev.get("br-x"), dev.get("br-y")) == (pytest.approx(80), pytest.approx(100))
    assert applied["resolution"] == pytest.approx(150)


def test_feeder_batch_streams_pages_until_the_feeder_is_empty(open_sane, profile):
    src = open_sane("test:0")
    pages = list(src.scan(profile(source="ADF Front", resolution=50, page_size="80x100")))
    assert len(pages) == 10  # the test backend's feeder holds 10 sheets
    assert [p.sheet for p in pages] == list(range(10)) and {p.side for p in pages} == {"front"}
    # 80 x 100 mm at 50 dpi
    height, width = pages[0].image.shape
    assert abs(height - 100 / 25.4 * 50) <= 1 and abs(width - 80 / 25.4 * 50) <= 1
    assert pages[0].dpi == 50


def _sigpipe_ignored_by_the_kernel() -> bool:
    status = open(f"/proc/{os.getpid()}/status").read()
    ignored = int(next(line for line in status.splitlines() if line.startswith("SigIgn:")).split()[1], 16)
    return bool(ignored & (1 << (signal.SIGPIPE - 1)))


def test_a_scan_leaves_sigpipe_ignored_so_a_dead_pipe_is_an_error_not_the_end(open_sane, profile):
    """SANE's reader threads reset SIGPIPE to "terminate" when they end. Left so, a write to a page
    worker or tesseract that had died would kill the whole station without a word."""
    assert _sigpipe_ignored_by_the_kernel()
    src = open_sane("test:0")
    assert len(list(src.scan(profile(source="ADF Front", resolution=50, page_size="80x100")))) == 10
    assert _sigpipe_ignored_by_the_kernel()
    reader, writer = os.pipe()
    os.close(reader)
    with pytest.raises(BrokenPipeError):  # without the fix, the test process dies right here
        os.write(writer, b"x")
    os.close(writer)


def test_lineart_on_a_backend_without_it_is_grey_at_one_bit(open_sane, profile):
    src = open_sane("test:0")
    src.device.set("test-picture", "Grid")
    page = next(src.scan(profile(source="Flatbed", mode="Lineart", resolution=50, page_size="max")))
    assert src.device.get("depth") == 1
    assert page.image.dtype == np.uint8 and set(np.unique(page.image)) == {0, 255}


def test_three_pass_colour_arrives_as_one_colour_image(open_sane, profile):
    src = open_sane("test:0")
    src.device.set("test-picture", "Color pattern")
    colour = profile(source="Flatbed", mode="Color", resolution=50)
    one_pass = next(src.scan(colour))
    src.device.set("three-pass", True)
    three_pass = next(src.scan(colour))
    assert one_pass.image.ndim == 3 and one_pass.image.shape[2] == 3
    # three frames (red, green, blue) were read and put together into one image of the same size
    assert three_pass.image.ndim == 3 and three_pass.image.shape[2] == 3
    assert abs(three_pass.image.shape[0] - one_pass.image.shape[0]) <= 1
    assert three_pass.image.shape[1] == one_pass.image.shape[1]
    channels = [three_pass.image[:, :, c] for c in range(3)]
    assert all(ch.max() > ch.min() for ch in channels)  # every frame carried a picture


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        (dict(source="ADF Front", resolution=5000), ["Auflösung", "5000", "1–1200"]),
        (dict(source="ADF Front", page_size="A4"), ["A4", "größer als die Scanfläche", "200×200"]),
        (dict(source="ADF Duplex"), ["beidseitig"]),
        (dict(source="ADF Front", mode="Sepia"), ["Farbmodus", "Sepia"]),
        (dict(source="ADF Front", page_size="B7"), ["Seitenformat", "B7"]),
    ],
)
def test_an_option_the_device_cannot_do_is_refused_before_scanning(open_sane, profile, settings, words):
    prof = profile(**settings)
    src = open_sane("test:0")
    with pytest.raises(ScannerError) as err:
        next(src.scan(prof))
    assert err.value.kind == "invalid"
    for word in words:
        assert word in err.value.operator_message()
    assert src.device.get("resolution") != 1200  # 5000 dpi was not silently clamped to the maximum


@pytest.mark.parametrize(
    ("status", "kind", "german"),
    [
        ("SANE_STATUS_JAMMED", "jammed", "Papierstau"),
        ("SANE_STATUS_COVER_OPEN", "cover_open", "Abdeckung offen"),
        ("SANE_STATUS_DEVICE_BUSY", "busy", "belegt"),
        ("SANE_STATUS_IO_ERROR", "io", "Übertragungsfehler"),
        ("SANE_STATUS_NO_DOCS", "no_docs", "Einzug leer"),
    ],
)
def test_sane_status_codes_become_operator_messages(open_sane, status, kind, german, profile):
    src = open_sane("test:0")
    src.device.set("read-return-value", status)
    with pytest.raises(ScannerError) as err:
        list(src.scan(profile(source="ADF Front", resolution=50)))
    assert err.value.kind == kind
    assert german in err.value.operator_message()
    assert status.split("_STATUS_")[0] not in err.value.operator_message()  # no raw code for the operator
    src.device.set("read-return-value", "Default")
    assert len(list(src.scan(profile(source="ADF Front", resolution=50)))) > 0  # the device recovers


def test_button_sensors_are_found_and_read(open_sane):
    src = open_sane("test:0")
    src.device.set("enable-test-options", True)
    sensors = {n for n, o in src.device.options().items() if o.sensor and o.active}
    assert "bool-hard-select-soft-detect" in sensors
    assert "bool-soft-select-soft-detect" not in sensors  # settable options are not buttons
    assert src.poll_buttons() == set()  # nobody pressed it


def test_unknown_device_is_a_clear_error(open_sane):
    with pytest.raises(ScannerError) as err:
        open_sane("test:7")
    assert err.value.kind == "gone" and "nicht mehr erreichbar" in err.value.operator_message()


@pytest.mark.parametrize("colour", [False, True])
def test_pnm_backend_delivers_known_pages_unchanged(open_sane, tmp_path, colour, profile):
    rng = np.random.default_rng(7)
    if colour:
        rgb = rng.integers(0, 256, (90, 70, 3), dtype=np.uint8)
        Image.fromarray(rgb, "RGB").save(tmp_path / "page.ppm")
        expected = rgb[:, :, ::-1]  # the station keeps BGR
    else:
        expected = rng.integers(0, 256, (90, 70), dtype=np.uint8)
        Image.fromarray(expected, "L").save(tmp_path / "page.pgm")
    src = open_sane("pnm:0")
    src.device.set("filename", str(next(tmp_path.glob("page.p?m"))))
    (page,) = list(src.scan(profile(source="Flatbed", mode="Color" if colour else "Gray", resolution=75)))
    assert np.array_equal(page.image, expected)


def test_pnm_brightness_from_the_profile_is_applied(open_sane, tmp_path, profile):
    Image.fromarray(np.full((20, 20), 100, np.uint8), "L").save(tmp_path / "grey.pgm")
    src = open_sane("pnm:0")
    src.device.set("filename", str(tmp_path / "grey.pgm"))
    (page,) = list(src.scan(profile(source="Flatbed", resolution=75, brightness=50)))
    assert src.device.get("brightness") == pytest.approx(50)
    assert page.image.mean() > 100
    with pytest.raises(ScannerError) as err:
        list(src.scan(profile(source="Flatbed", resolution=75, brightness=500)))
    assert "Helligkeit 500 % geht nicht" in err.value.operator_message()


def test_pnm_jam_status_reaches_the_operator(open_sane, tmp_path, profile):
    Image.fromarray(np.zeros((10, 10), np.uint8), "L").save(tmp_path / "k.pgm")
    src = open_sane("pnm:0")
    src.device.set("filename", str(tmp_path / "k.pgm"))
    src.device.set("status-jammed", True)
    with pytest.raises(ScannerError) as err:
        list(src.scan(profile(source="Flatbed", resolution=75)))
    assert err.value.kind == "jammed"


def test_pages_of_unknown_length_arrive_whole(open_sane, profile):
    """Feeders with length detection report the height only at the end of the page (SANE: lines = -1)."""
    src = open_sane("test:0")
    src.device.set("hand-scanner", True)
    pages = list(src.scan(profile(source="ADF Front", resolution=50)))
    assert len(pages) == 10 and all(p.image.shape[0] > 0 for p in pages)
