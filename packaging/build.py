"""``make dist``: render the icons from resources/icons/roadbook.svg, then build the one-folder
bundle in dist/roadbook with PyInstaller (packaging/roadbook.spec) and print its size."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "build" / "icons"
BUNDLE = ROOT / "dist" / "roadbook"


def render_icons() -> None:
    """The icon as the platforms want it: .ico (Windows), .icns (macOS), .png (Linux)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication, QIcon

    app = QGuiApplication.instance() or QGuiApplication([])
    ICONS.mkdir(parents=True, exist_ok=True)
    icon = QIcon(str(ROOT / "resources" / "icons" / "roadbook.svg"))
    image = icon.pixmap(256, 256).toImage()
    for suffix in ("png", "ico", "icns"):
        if not image.save(str(ICONS / f"roadbook.{suffix}")):
            print(f"note: this Qt cannot write .{suffix}; the bundle goes without it")
    del app


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    render_icons()
    done = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                           "--log-level", "WARN", "--distpath", str(ROOT / "dist"),
                           "--workpath", str(ROOT / "build" / "pyinstaller"),
                           str(ROOT / "packaging" / "roadbook.spec")], cwd=ROOT)
    if done.returncode:
        return done.returncode
    print(f"Built {BUNDLE.relative_to(ROOT)}: {folder_size(BUNDLE) / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
