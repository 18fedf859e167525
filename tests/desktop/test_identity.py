"""What says which program this is: ``--version``, the icon, the Linux desktop entry."""

from __future__ import annotations

import configparser
import importlib.metadata
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QIcon

from db.paths import resource_path

ROOT = Path(__file__).resolve().parents[2]


def test_version_is_the_installed_version():
    done = subprocess.run([sys.executable, "-m", "desktop.cli", "--version"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"roadbook {importlib.metadata.version('roadbook')}"


def test_the_icon_is_readable_at_16_pixels(qapp):
    image = QIcon(str(resource_path("icons", "roadbook.svg"))).pixmap(16, 16).toImage()
    assert (image.width(), image.height()) == (16, 16)
    colors = [QColor(image.pixel(x, y)) for x in range(16) for y in range(16)]
    opaque = [c for c in colors if c.alpha() > 200]
    assert len(opaque) > 16 * 16 * 0.6  # a full mark, not a speck
    blue = [c for c in opaque if c.blue() > c.red() + 40]
    road = [c for c in opaque if c.red() > 200 and c.green() > 140 and c.blue() < 120]
    assert len(blue) > 40 and len(road) > 15  # the cover and the road on it both show


def test_the_window_and_the_application_carry_the_icon(qapp, window):
    from desktop.app import set_identity

    set_identity(qapp)
    assert not qapp.windowIcon().isNull()
    assert not window.windowIcon().isNull()
    assert qapp.applicationVersion() == importlib.metadata.version("roadbook")


def test_the_desktop_entry_runs_roadbook_with_its_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(resource_path("roadbook.desktop"), encoding="utf-8")
    section = entry["Desktop Entry"]
    assert (section["Type"], section["Name"], section["Exec"]) == ("Application", "Roadbook",
                                                                    "roadbook")
    assert section["Icon"] == "roadbook" and resource_path("icons", "roadbook.svg").is_file()
    assert section["Terminal"] == "false"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate (desktop-file-utils) is not installed")
def test_the_desktop_entry_is_valid():
    done = subprocess.run(["desktop-file-validate", str(resource_path("roadbook.desktop"))],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
