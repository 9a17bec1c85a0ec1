"""``make bench`` section ``gui``: thumbnail, Enter-to-next-document and event-loop latency of the desk application
while a 100-image batch is scanned and processed (see gui.py). Budget: under two minutes."""

from __future__ import annotations

from harness import Options, Row, section

import gui


@section("gui")
def gui_section(options: Options) -> list[Row]:
    return gui.rows(images=30 if options.quick else 100, workers=options.workers)
