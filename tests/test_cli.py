"""The CLI speaks German by default and English on request, and never shows a traceback."""

import subprocess
import sys


def run(*args, env_lang="de"):
    import os

    env = dict(os.environ, STATION_LANG=env_lang)
    return subprocess.run([sys.executable, "-m", "station", *args], capture_output=True, text=True, env=env)


def test_help_is_german_by_default():
    out = run("--help")
    assert out.returncode == 0
    assert "Post erfassen" in out.stdout


def test_help_in_english():
    out = run("--lang", "en", "--help")
    assert out.returncode == 0
    assert "capture, clean" in out.stdout


def test_no_command_prints_help_and_fails():
    out = run()
    assert out.returncode == 2
    assert "usage" in out.stdout.lower() or "BEFEHL" in out.stdout
