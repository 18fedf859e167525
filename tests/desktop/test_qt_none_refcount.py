"""Guard: Qt calls that return nothing must not eat references to ``None``.

PySide6 6.12.0 on CPython 3.11 drops a reference to ``None`` on every call that returns nothing;
after a few thousand calls the interpreter aborts ("Fatal Python error: none_dealloc"). The pin
``PySide6-Essentials<6.12`` for Python < 3.12 in pyproject.toml keeps it away; this test fails
if a bad version comes back. The calls run in a child process, so a crash fails this test
instead of killing the test run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

CALLS = 5_000
MARGIN = 50  # incidental references (caches, frames) are a handful, not thousands

PROBE = f"""
import json, sys
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QWidget

app = QApplication([])
widget, obj = QWidget(), QObject()
for _ in range(200):  # warm up caches before counting
    widget.setToolTip("warm")
    obj.setObjectName("warm")
before = sys.getrefcount(None)
for i in range({CALLS}):
    widget.setToolTip("tip")
    obj.setObjectName("name")
    widget.setEnabled(True)
after = sys.getrefcount(None)
import PySide6
print(json.dumps({{"drift": after - before, "version": PySide6.__version__}}))
"""


def test_void_qt_calls_keep_the_refcount_of_none():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, (
        f"the Qt probe died (exit {done.returncode}); a PySide6 that corrupts None's "
        f"reference count? {done.stderr[-500:]}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert abs(report["drift"]) <= MARGIN, (
        f"PySide6 {report['version']}: None lost {-report['drift']} references over "
        f"{3 * CALLS} void calls; pin PySide6-Essentials<6.12 on Python < 3.12")
