"""The standalone bundle (``make dist``) works on its own: run from another folder with a fresh
HOME, as an analyst who never installed Python would run it.

Opt-in, like the soaks: ``ROADBOOK_DIST=1`` (``make dist`` builds the bundle and runs this).
``ROADBOOK_BUNDLE`` names another bundle folder than dist/roadbook.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = Path(os.environ.get("ROADBOOK_BUNDLE", ROOT / "dist" / "roadbook"))
PROGRAM = BUNDLE / ("roadbook.exe" if sys.platform.startswith("win") else "roadbook")
WINDOW_UP_S = 4

pytestmark = pytest.mark.skipif(not os.environ.get("ROADBOOK_DIST"),
                                reason="set ROADBOOK_DIST=1 to test the bundle (make dist)")


def fresh_env(home: Path) -> dict[str, str]:
    """No trace of this machine's Roadbook or of the source tree: a new user's environment."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ROADBOOK_", "XDG_", "PYTHON", "QT_", "VIRTUAL_ENV"))}
    env.update(HOME=str(home), USERPROFILE=str(home), APPDATA=str(home / "AppData" / "Roaming"),
               LOCALAPPDATA=str(home / "AppData" / "Local"), PYTHONIOENCODING="utf-8")
    return env


def run(args: list[str], home: Path, cwd: Path, **extra) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=dict(fresh_env(home), **extra),
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


@pytest.fixture
def elsewhere(tmp_path) -> tuple[Path, Path]:
    assert PROGRAM.is_file(), f"no bundle at {BUNDLE}: run make dist"
    (tmp_path / "home").mkdir()
    (tmp_path / "work").mkdir()
    return tmp_path / "home", tmp_path / "work"


def test_help_and_version(elsewhere):
    home, work = elsewhere
    done = run([str(PROGRAM), "--help"], home, work)
    assert done.returncode == 0, done.stderr
    assert "search" in done.stdout and "export" in done.stdout and "print" in done.stdout
    version = run([str(PROGRAM), "--version"], home, work)
    assert version.stdout.startswith("roadbook ")


def test_search_answers_as_the_installed_copy_does(elsewhere, tmp_path):
    home, work = elsewhere
    bundled = run([str(PROGRAM), "search", "gas", "--json"], home, work)
    assert bundled.returncode == 0, bundled.stderr
    (tmp_path / "home2").mkdir()
    installed = run([sys.executable, "-m", "desktop.cli", "search", "gas", "--json"],
                    tmp_path / "home2", ROOT)
    assert installed.returncode == 0, installed.stderr
    assert json.loads(bundled.stdout) == json.loads(installed.stdout)
    assert json.loads(bundled.stdout)["total"] == 5


def test_print_writes_a_pdf_briefing(elsewhere):
    home, work = elsewhere
    done = run([str(PROGRAM), "print", "--query", "gas", "--out", "gas.pdf"], home, work)
    assert done.returncode == 0, done.stderr
    assert (work / "gas.pdf").read_bytes().startswith(b"%PDF")


def test_export_writes_a_workbook(elsewhere):
    home, work = elsewhere
    done = run([str(PROGRAM), "export", "--query", "kind:deal", "--format", "xlsx",
                "--out", "deals.xlsx"], home, work)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(work / "deals.xlsx") as book:
        assert "xl/worksheets/sheet1.xml" in book.namelist()


def test_the_window_opens_offscreen_and_builds_the_library(elsewhere):
    home, work = elsewhere
    env = dict(fresh_env(home), QT_QPA_PLATFORM="offscreen")
    window = subprocess.Popen([str(PROGRAM), "--library", str(work / "library.sqlite")],
                              cwd=work, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (work / "library.sqlite").exists() and time.monotonic() < deadline:
            assert window.poll() is None, window.communicate()[1]
            time.sleep(0.2)
        time.sleep(WINDOW_UP_S)
        assert window.poll() is None, window.communicate()[1]  # the window is up, still
    finally:
        window.terminate()
        _, errors = window.communicate(timeout=30)
    assert (work / "library.sqlite").stat().st_size > 100_000
    assert "Traceback" not in errors and "roadbook:" not in errors, errors


def test_the_bundle_carries_the_icon_and_the_desktop_entry():
    assert PROGRAM.is_file(), f"no bundle at {BUNDLE}: run make dist"
    names = {p.name for p in BUNDLE.rglob("*") if p.parent.name in ("icons", "resources")}
    assert {"roadbook.svg", "roadbook.desktop"} <= names
    assert any(BUNDLE.rglob("dataset/entries.toml"))
    # Left out: Qt's translations, QtNetwork, platform plugins for machines without a desktop.
    assert not any(BUNDLE.rglob("translations/*.qm"))
    assert not any(p for p in BUNDLE.rglob("*") if "Qt6Network" in p.name)
    assert not any(BUNDLE.rglob("libqvnc*")) and not any(BUNDLE.rglob("libqeglfs*"))
