"""Our profile words onto the words real backends use (values as their SANE drivers list them)."""

from __future__ import annotations

import pytest

from station.capture.options import OptionInfo, ProfileApplier, backend_mode, backend_source, page_size_mm
from station.config import ScanProfile
from station.errors import ScannerError


@pytest.mark.parametrize(
    ("choices", "wanted", "expected"),
    [
        (["Flatbed", "ADF Front", "ADF Back", "ADF Duplex"], "ADF Duplex", ("ADF Duplex", False)),  # fujitsu
        (["Flatbed", "ADF Front", "ADF Back", "ADF Duplex"], "ADF Front", ("ADF Front", False)),
        (["Flatbed", "Automatic Document Feeder"], "ADF Front", ("Automatic Document Feeder", False)),  # test, epson
        (["Flatbed", "Automatic Document Feeder"], "ADF Duplex", ("Automatic Document Feeder", True)),
        (["Flatbed", "Automatic Document Feeder(left aligned)", "Automatic Document Feeder(left aligned,Duplex)"],
         "ADF Duplex", ("Automatic Document Feeder(left aligned,Duplex)", False)),  # brother
        (["FlatBed", "ADF"], "Flatbed", ("FlatBed", False)),
        (["ADF Front", "ADF Duplex"], "Flatbed", (None, False)),
    ],
)
def test_sources(choices, wanted, expected):
    assert backend_source(wanted, choices) == expected


@pytest.mark.parametrize(
    ("choices", "wanted", "expected"),
    [
        (["Lineart", "Halftone", "Gray", "Color"], "Lineart", ("Lineart", None)),  # fujitsu, epson
        (["Black & White", "Gray[Error Diffusion]", "True Gray", "24bit Color"], "Color", ("24bit Color", None)),
        (["Black & White", "Gray[Error Diffusion]", "True Gray", "24bit Color"], "Lineart", ("Black & White", None)),
        (["Black & White", "Gray[Error Diffusion]", "True Gray", "24bit Color"], "Gray", ("True Gray", None)),
        (["Binary", "Gray", "Color"], "Lineart", ("Binary", None)),
        (["Halftone", "Gray", "Color"], "Lineart", ("Gray", 1)),
        (["Gray", "Color"], "Lineart", ("Gray", 1)),  # SANE test backend: grey at 1 bit
        (["Color"], "Gray", (None, None)),
    ],
)
def test_modes(choices, wanted, expected):
    assert backend_mode(wanted, choices) == expected


def test_page_sizes():
    assert page_size_mm("A4") == (210.0, 297.0)
    assert page_size_mm("148 x 105 mm") == (148.0, 105.0)
    assert page_size_mm("max") is None


class OptionTable:
    """Options as plain data, as a backend would describe them (for the pure mapping logic)."""

    def __init__(self, **options: OptionInfo) -> None:
        self.opts = {name.replace("_", "-"): o for name, o in options.items()}
        self.values: dict[str, object] = {}

    def options(self):
        return self.opts

    def get(self, name):
        return self.values.get(name)

    def set(self, name, value):
        self.values[name] = value


def _range(lo, hi, quant=1, kind="int"):
    return OptionInfo("x", kind, "none", (lo, hi, quant), active=True, settable=True)


def test_brightness_in_percent_maps_onto_a_0_to_255_backend():
    device = OptionTable(brightness=_range(0, 255), contrast=_range(-127, 127))
    ProfileApplier(device, ScanProfile(brightness=50, contrast=-20, page_size="max")).apply()
    assert device.values == {"brightness": 191, "contrast": -20}


def test_untouched_brightness_leaves_the_device_default():
    device = OptionTable(brightness=_range(0, 255))
    ProfileApplier(device, ScanProfile(page_size="max")).apply()
    assert "brightness" not in device.values


def test_a_resolution_off_the_backends_steps_is_refused():
    device = OptionTable(resolution=_range(50, 600, 25))
    with pytest.raises(ScannerError) as err:
        ProfileApplier(device, ScanProfile(resolution=310, page_size="max")).apply()
    assert "Auflösung (dpi) 310 geht nicht (möglich: 50–600)" in err.value.operator_message()
    ProfileApplier(device, ScanProfile(resolution=300, page_size="max")).apply()
    assert device.values["resolution"] == 300
