"""A full disk is a clear German message and a consistent batch: the page that did not fit is
not half in the store, and once space is back the same batch takes pages again.

The disk is "full" for a worker process through RLIMIT_FSIZE (files cannot grow past a limit, the
kernel answers EFBIG like a full file system answers ENOSPC), so no mount or loop device is needed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

WORKER = textwrap.dedent(
    """
    import json, resource, signal, sys
    import numpy as np
    from station.config import load_settings
    from station.errors import StoreError
    from station.store import Store

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
    rng = np.random.default_rng(1)
    store = Store.open(load_settings())
    batch = store.create_batch()
    store.add_page(batch, np.full((200, 150), 255, np.uint8))
    big = (rng.random((600, 500)) * 255).astype(np.uint8)  # noise: a page file of ~300 KB
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, hard))
    try:
        store.add_page(batch, big)
        outcome = {"error": None}
    except StoreError as exc:
        outcome = {"error": exc.operator_message("de"), "detail": exc.detail}
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    outcome["pages_after_error"] = len(store.load_batch(batch).pages)
    store.add_page(batch, big)
    outcome["pages_after_space_is_back"] = len(store.load_batch(batch).pages)
    outcome["batch"] = batch
    store.close()
    print(json.dumps(outcome))
    """
)


def test_a_full_disk_is_a_clear_error_and_leaves_the_batch_consistent(settings):
    out = subprocess.run([sys.executable, "-c", WORKER], capture_output=True, text=True, env=dict(os.environ))
    assert out.returncode == 0, out.stderr
    outcome = json.loads(out.stdout.splitlines()[-1])
    assert outcome["error"] and "Datenträger" in outcome["error"] and "voll" in outcome["error"]
    assert "nichts verloren" in outcome["error"].lower()
    assert outcome["pages_after_error"] == 1
    assert outcome["pages_after_space_is_back"] == 2
    from station.store import Store

    with Store.open(settings) as store:
        assert store.recovery.recovered_pages == [] and store.recovery.discarded_temp_files == 0
        assert store.query("PRAGMA integrity_check")[0]["integrity_check"] == "ok"
        assert list(store.pending_dir.iterdir()) == [] and list(store.blobs.tmp.iterdir()) == []
        batch = store.load_batch(outcome["batch"])
        assert [p.ord for p in batch.pages] == [0, 1]
        assert all(store.page_path(p).exists() for p in batch.pages)
