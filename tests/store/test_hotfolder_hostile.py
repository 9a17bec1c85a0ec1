"""A hostile or merely odd hot folder: every name the watcher sees ends ingested, quarantined
with a non-empty German reason, or ignored by the documented rule; nothing is followed out of
the folder, and a file that may still grow is never taken."""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hostile_files import g4_page, tiff_bytes
from station.flows.faxes import HotFolder
from station.flows.process import ProcessOptions

from .test_hotfolder import write_fax

FAST = ProcessOptions(ocr=False, orient_with_tesseract=False, workers=1)


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "fax-in"
    folder.mkdir()
    return folder


def _watcher(inbox, store, settings, **kw):
    kw.setdefault("stable_seconds", 0)
    kw.setdefault("grace_seconds", 0)
    return HotFolder(inbox, store, settings, options=FAST, **kw)


def fax_at(path, tmp: Path, pages: int = 2) -> Path:
    """A fax under any name (Pillow picks the format by suffix, and wants text names)."""
    made = write_fax(tmp / "made.tif", pages=pages)
    os.rename(made, path)
    return Path(path)


def _reason(inbox: Path, name: str) -> str:
    return (inbox / "quarantine" / f"{name}.reason.txt").read_text(encoding="utf-8")


def _settle(watcher, rounds: int = 3, pause: float = 0.0) -> dict[str, object]:
    outcomes = {}
    for _ in range(rounds):
        for o in watcher.poll():
            outcomes[o.name] = o
        time.sleep(pause)
    return outcomes


@pytest.mark.parametrize("kind", ["tif", "pdf"])
def test_a_fax_written_in_two_steps_is_taken_whole(inbox, store, settings, tmp_path, kind):
    whole = write_fax(tmp_path / "whole.tif", pages=3)
    if kind == "pdf":
        from PIL import Image

        with Image.open(whole) as img:
            frames = [f.convert("L") for f in __import__("PIL.ImageSequence").ImageSequence.Iterator(img)]
        frames[0].save(tmp_path / "whole.pdf", save_all=True, append_images=frames[1:], resolution=204)
        whole = tmp_path / "whole.pdf"
    data = whole.read_bytes()
    watcher = _watcher(inbox, store, settings, stable_seconds=0.2, grace_seconds=60)
    target = inbox / f"fax.{kind}"
    target.write_bytes(data[: len(data) // 2])  # the fax server writes half, closes, pauses
    assert _settle(watcher, rounds=4, pause=0.15) == {}  # held still longer than the quiet period
    assert target.exists()
    with open(target, "ab") as fh:  # ... and appends the rest
        fh.write(data[len(data) // 2:])
    outcomes = _settle(watcher, rounds=4, pause=0.15)
    assert not outcomes[f"fax.{kind}"].quarantined
    [batch] = store.list_batches()
    assert batch.page_count == 3


def test_a_file_without_its_end_is_refused_as_truncated_after_the_grace_period(inbox, store, settings, tmp_path):
    data = write_fax(tmp_path / "whole.tif", pages=2).read_bytes()
    (inbox / "cut.tif").write_bytes(data[: len(data) // 2])
    watcher = _watcher(inbox, store, settings, stable_seconds=0, grace_seconds=0.3)
    assert _settle(watcher, rounds=2) == {}
    time.sleep(0.35)
    [outcome] = watcher.poll()
    assert outcome.quarantined and "unvollständig" in outcome.reason


def test_rename_rule_takes_a_renamed_fax_at_once_and_ignores_temporary_names(inbox, store, settings):
    settings.hotfolder_complete = "rename"
    watcher = HotFolder(inbox, store, settings, stable_seconds=30, options=FAST)
    fax_at(inbox / "incoming.tif.part", inbox.parent)
    assert watcher.poll() == [] and (inbox / "incoming.tif.part").exists()
    os.rename(inbox / "incoming.tif.part", inbox / "incoming.tif")
    [outcome] = watcher.poll()  # no quiet period: the rename says it is complete
    assert outcome.batch_id and (inbox / "done" / "incoming.tif").exists()


def test_done_marker_rule_waits_for_the_marker(inbox, store, settings):
    watcher = _watcher(inbox, store, settings, complete="done-marker")
    write_fax(inbox / "m.tif")
    assert _settle(watcher) == {}
    (inbox / "m.tif.done").write_bytes(b"")
    [outcome] = watcher.poll()
    assert outcome.batch_id
    assert (inbox / "done" / "m.tif").exists() and (inbox / "done" / "m.tif.done").exists()
    assert sorted(p.name for p in inbox.iterdir()) == ["done", "quarantine"]


def test_an_unknown_completion_rule_is_a_config_error(inbox, store, settings):
    from station.errors import ConfigError

    settings.hotfolder_complete = "whenever"
    with pytest.raises(ConfigError, match="whenever"):
        HotFolder(inbox, store, settings)


def test_symlinks_are_never_followed(inbox, store, settings, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:GEHEIM\n")
    good_elsewhere = write_fax(tmp_path / "elsewhere.tif")
    (inbox / "passwd.tif").symlink_to(secret)
    (inbox / "other.tif").symlink_to(good_elsewhere)
    (inbox / "dangling.pdf").symlink_to(tmp_path / "gone.pdf")
    outcomes = _settle(_watcher(inbox, store, settings))
    assert set(outcomes) == {"passwd.tif", "other.tif", "dangling.pdf"}
    for name, outcome in outcomes.items():
        assert outcome.quarantined and "symbolischer Verweis" in outcome.reason
        reason = _reason(inbox, name)
        assert "GEHEIM" not in reason and "root:" not in reason and "symbolischer Verweis" in reason
        assert (inbox / "quarantine" / name).is_symlink()  # the link moved, its target untouched
    assert secret.read_text() == "root:x:0:0:GEHEIM\n" and good_elsewhere.exists()
    assert store.list_batches() == []


def test_names_in_any_encoding_are_ingested_or_quarantined_with_a_reason(inbox, store, settings, capsys):
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")  # strict, as a journal or a C locale is
    handler = logging.StreamHandler(stream)
    logging.getLogger("station").addHandler(handler)
    try:
        good = os.fsdecode(bytes(inbox) + b"/fax-M\xfcller.tif")  # Latin-1 "ü": not UTF-8
        bad = os.fsdecode(bytes(inbox) + b"/kaputt-\xe4.tif")
        fax_at(good, inbox.parent)
        Path(bad).write_bytes(b"II*\x00garbage" * 20)
        outcomes = _settle(_watcher(inbox, store, settings))
    finally:
        logging.getLogger("station").removeHandler(handler)
    assert "Logging error" not in capsys.readouterr().err
    assert set(outcomes) == {"fax-M\\xfcller.tif", "kaputt-\\xe4.tif"}
    assert outcomes["fax-M\\xfcller.tif"].batch_id
    [batch] = store.list_batches()
    assert store.load_batch(batch.id).documents[0].meta["fax"]["file"] == "fax-M\\xfcller.tif"
    reason_file = inbox / "quarantine" / (os.path.basename(bad) + ".reason.txt")
    reason = reason_file.read_text(encoding="utf-8")
    assert reason.splitlines()[0] and "kaputt-\\xe4.tif" in reason


def test_pipes_folders_hidden_and_temporary_names(inbox, store, settings):
    os.mkfifo(inbox / "pipe.tif")
    (inbox / "unterordner").mkdir()
    write_fax(inbox / ".hidden.tif")
    fax_at(inbox / "halb.tif.tmp", inbox.parent)
    (inbox / "notiz.txt").write_text("kein Fax")
    outcomes = _settle(_watcher(inbox, store, settings))
    assert set(outcomes) == {"pipe.tif", "notiz.txt"}
    assert "keine normale Datei" in _reason(inbox, "pipe.tif")
    assert "Dateityp" in _reason(inbox, "notiz.txt")
    left = sorted(p.name for p in inbox.iterdir())
    assert left == [".hidden.tif", "done", "halb.tif.tmp", "quarantine", "unterordner"]  # the documented ignores


def test_a_bomb_is_refused_naming_the_fax_not_a_store_path(inbox, store, settings):
    (inbox / "bombe.tif").write_bytes(tiff_bytes([g4_page(4000, 4000, (20, 2400))]))
    (inbox / "riesig.tif").write_bytes(tiff_bytes([g4_page(60000, 60000)]))
    outcomes = _settle(_watcher(inbox, store, settings))
    assert outcomes["bombe.tif"].quarantined and "unplausibel" in outcomes["bombe.tif"].reason
    assert outcomes["riesig.tif"].quarantined and "zu groß" in outcomes["riesig.tif"].reason
    for name in ("bombe.tif", "riesig.tif"):
        reason = _reason(inbox, name)
        assert f"Datei/File: {name}" in reason and str(store.root) not in reason
    assert store.list_batches() == []


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root and setpriv")
def test_a_file_the_station_may_not_read_gets_a_specific_reason(inbox, tmp_path):
    """The watcher runs without root's right to read anyone's files (as the station user does)."""
    locked = write_fax(inbox / "gesperrt.tif")
    os.chown(locked, 65534, 65534)
    os.chmod(locked, 0)
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root), "STATION_DATA_DIR": str(tmp_path / "data")}
    run = subprocess.run(["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--",
                          sys.executable, "-m", "station", "watch", str(inbox), "--once", "--stable", "0"],
                         capture_output=True, text=True, timeout=120, env=env, cwd=root)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert "gesperrt.tif: Quarantäne – Keine Leseberechtigung" in run.stdout
    assert "Keine Leseberechtigung" in _reason(inbox, "gesperrt.tif")


def test_private_copies_a_killed_watcher_left_are_removed_at_start(inbox, store, settings):
    first = _watcher(inbox, store, settings)
    (first.staging / "fax-0007.tif").write_bytes(b"half a copy of a letter")
    again = _watcher(inbox, store, settings)
    assert again.staging == first.staging and list(again.staging.iterdir()) == []
    assert oct(again.staging.stat().st_mode & 0o777) == "0o700"
