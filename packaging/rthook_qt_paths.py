"""Run at every start of the bundle, before Roadbook's code: where Qt's plugins are.

It stands in for PyInstaller's PySide6 hook, which also imports QtCore to write a qt.conf
(some 60 ms on every command, window or not): PySide6's wheels make their own qt.conf when
QtCore is first imported, so only the plugin path is left to set here.
"""

import os
import sys

_qt = os.path.join(sys._MEIPASS, "PySide6")
if not sys.platform.startswith("win"):
    _qt = os.path.join(_qt, "Qt")
os.environ["QT_PLUGIN_PATH"] = os.path.join(_qt, "plugins")
