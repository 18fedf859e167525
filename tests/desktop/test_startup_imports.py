"""What start-up loads before the window first paints: only what that paint needs."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Opens the main window in a fresh process and prints the modules loaded when the results
# table first paints.
PROBE = """
import sys
import time
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


# Starts Roadbook as `roadbook` does and prints, at the window's first paint, its title, its
# status line and the modules loaded; then the same once its panes are built.
FRAME_PROBE = """
import sys
import time
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from desktop.app import start

app = QApplication([])
window = start(app, Path(sys.argv[1]))

def report(when):
    print(when, window.windowTitle(), "|", window.statusBar().currentMessage(), "|",
          " ".join(sorted(sys.modules)), flush=True)

class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() != QEvent.Type.Paint:
            return False
        obj.removeEventFilter(self)
        if obj is window.statusBar():
            report("frame")
        else:
            report("whole")
            window.close()
            app.quit()
        return False

watch = Watch()
window.statusBar().installEventFilter(watch)
window.attached_library.connect(lambda: window.results_table.viewport().installEventFilter(watch))
QTimer.singleShot(20000, app.quit)
app.exec()
"""

# The library layer and the panes wait until the frame is on screen.
NOT_BEFORE_THE_FRAME = ("db.library", "db.search", "sqlite3", "desktop.window.panes",
                        "desktop.widgets", "desktop.models", "desktop.safety.startup")


def test_the_window_frame_paints_before_the_library_and_the_panes_load(library_path, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "cfg"))
    done = subprocess.run([sys.executable, "-c", FRAME_PROBE, str(library_path)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    reports = {line.split(" ", 1)[0]: line.split(" ", 1)[1].split(" | ")
               for line in done.stdout.splitlines()}
    title, status, modules = reports["frame"]
    assert title == f"Roadbook — {library_path.name}"
    assert status == f"Opening {library_path.name}…"
    early = sorted(name for name in modules.split()
                   if any(name == heavy or name.startswith(heavy + ".")
                          for heavy in NOT_BEFORE_THE_FRAME))
    assert early == []
    title, status, modules = reports["whole"]  # then the window is whole, the message gone
    assert title == f"Roadbook — {library_path.name}" and status == ""
    assert "desktop.window.panes" in modules.split()


def test_the_start_up_report_times_the_frame_then_the_whole_window(library_path, tmp_path):
    """``ROADBOOK_STARTUP_REPORT=1 roadbook`` (what the benchmark harness runs, installed or
    bundled) prints when the frame and then the whole window painted, and closes the window."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "cfg"),
               ROADBOOK_STARTUP_REPORT="1")
    began = time.time()
    done = subprocess.run([sys.executable, "-m", "desktop.cli", "--library", str(library_path)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    stamps = dict(line.split() for line in done.stdout.splitlines())
    assert began < float(stamps["painted"]) < float(stamps["complete"]) < time.time()
