"""What start-up loads before the window first paints: only what that paint needs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Opens the main window in a fresh process and prints the modules loaded when the results
# table first paints.
PROBE = """
import sys
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from desktop.app import create_main_window

app = QApplication([])
window = create_main_window(Path(sys.argv[1]))

class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(" ".join(sorted(sys.modules)), flush=True)
            window.close()
            app.quit()
        return False

watch = Watch()
window.results_table.viewport().installEventFilter(watch)
QTimer.singleShot(20000, app.quit)
app.exec()
"""

NOT_BEFORE_THE_FIRST_PAINT = (
    "pandas", "numpy", "sqlite_utils", "anyascii", "tomllib", "uuid",
    "db.backup", "db.importing", "db.export", "db.timeline",
    "desktop.timeline", "desktop.linkchart", "desktop.printing", "desktop.transfer.import_wizard",
    "desktop.transfer.export_dialog",
)


def _modules_at_first_paint(library_path: Path, tmp_path: Path) -> set[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "cfg"))
    done = subprocess.run([sys.executable, "-c", PROBE, str(library_path)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def test_the_first_paint_loads_no_heavy_or_later_modules(library_path, tmp_path):
    loaded = _modules_at_first_paint(library_path, tmp_path)
    assert "desktop.window.main_window" in loaded  # the probe did reach the first paint
    early = sorted(name for name in loaded
                   if any(name == heavy or name.startswith(heavy + ".")
                          for heavy in NOT_BEFORE_THE_FIRST_PAINT))
    assert early == []
