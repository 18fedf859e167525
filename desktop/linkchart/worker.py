"""The force layout on a thread of its own: it posts positions to the chart as it goes (so the
chart animates), stops by itself once it has cooled, and stops at once when cancelled."""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QThread, Signal

from desktop.linkchart.layout import ForceLayout, LayoutProblem

FRAME_S = 0.04  # positions are posted at most this often
PAUSE_S = 0.001


class LayoutWorker(QThread):
    """Runs ``ForceLayout`` on ``problem``; ``moved`` carries positions, ``settled`` the last."""

    moved = Signal(object)
    settled = Signal(object)

    def __init__(self, problem: LayoutProblem, *, only_new: bool = False, parent=None):
        super().__init__(parent)
        self._problem = problem
        self._only_new = only_new
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    def run(self) -> None:
        force = ForceLayout(self._problem, only_new=self._only_new)
        posted = time.monotonic()
        while not force.done and not self._cancelled:
            force.step()
            # The window gets the interpreter between steps: numpy lets it go and takes it
            # back many times a step, and without a pause the window could wait for a while.
            time.sleep(PAUSE_S)
            if time.monotonic() - posted > FRAME_S:
                self.moved.emit(np.array(force.positions))
                posted = time.monotonic()
        if not self._cancelled:
            self.settled.emit(np.array(force.positions))
