"""``make bench`` section ``capture``: images/minute accepted from the virtual scanner with the page
pipeline behind it, and whether the feeder ever waited (target ≥420/min on 2 cores). See capture.py."""

from __future__ import annotations

from harness import Options, Row, section

import capture


@section("capture")
def capture_section(options: Options) -> list[Row]:
    images = 40 if options.quick else 300 if options.full else 120
    return capture.rows(images=images, workers=options.workers)
