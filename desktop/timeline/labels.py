"""Placing items and their labels in the rows of a lane so that nothing is drawn on top of
anything else: labels that would overlap are stacked on another row, shortened or dropped.

Pure Python on pixel positions, so it can be tested without a window.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LabelLayout:
    """Where each item went: ``rows[i]`` (-1 when the lane had no room for it) and the width its
    label may use (0 = dropped, less than asked = to be elided). ``overflow`` says some item
    found no row: the lane is too dense to show items one by one."""

    rows: list[int]
    widths: list[float]
    overflow: bool

    def extent(self, i: int, x1: float, label_x: float) -> float:
        """The right edge of what item ``i`` occupies in its row."""
        return max(x1, label_x + self.widths[i]) if self.widths[i] else x1


def layout_labels(x0: Sequence[float], x1: Sequence[float], label_x: Sequence[float],
                  label_w: Sequence[float], *, max_rows: int, right: float = math.inf,
                  gap: float = 4.0, mark_gap: float = 1.0,
                  min_label: float = 24.0) -> LabelLayout:
    """Rows and label widths for items occupying ``x0[i]..x1[i]`` with a label wanting
    ``label_w[i]`` pixels from ``label_x[i]`` (at or after ``x0[i]``) on one row.

    Within a row, labels keep ``gap`` pixels from the next item, marks keep ``mark_gap`` pixels
    from each other, and labels end by ``right``. First every label is tried at full width; if
    that needs more than ``max_rows`` rows, items are packed by their marks alone and each label
    gets the room left before the next item on its row.
    """
    n = len(x0)
    order = sorted(range(n), key=lambda i: (x0[i], x1[i], i))
    full = [_fit(label_x[i], label_w[i], right, min_label) for i in range(n)]
    rows, overflow = _pack(order, x0, [max(x1[i], label_x[i] + full[i]) for i in range(n)],
                           max_rows, gap)
    if not overflow:
        return LabelLayout(rows, full, False)
    rows, overflow = _pack(order, x0, x1, max_rows, mark_gap)
    return LabelLayout(rows, _room_left(order, rows, x0, label_x, label_w, right, gap, min_label),
                       overflow)


def _fit(x: float, wanted: float, right: float, min_label: float) -> float:
    """The width a label can have before ``right``; 0 when too little of it would show."""
    width = min(wanted, right - x)
    while width > 0 and x + width > right:  # floating point: never a hair past the limit
        width = math.nextafter(width, 0.0)
    return width if width >= min(wanted, min_label) and width > 0 else 0.0


def _pack(order: list[int], x0, extent, max_rows: int, gap: float) -> tuple[list[int], bool]:
    """Greedy first-fit: each item, by start, goes on the first row that is free at its start."""
    rows = [-1] * len(x0)
    ends: list[float] = []
    overflow = False
    for i in order:
        for row, end in enumerate(ends):
            if end + gap <= x0[i]:
                ends[row] = extent[i]
                rows[i] = row
                break
        else:
            if len(ends) < max_rows:
                rows[i] = len(ends)
                ends.append(extent[i])
            else:
                overflow = True
    return rows, overflow


def _room_left(order, rows, x0, label_x, label_w, right, gap, min_label) -> list[float]:
    """Each label as wide as it may be before the next item on its row (or ``right``)."""
    widths = [0.0] * len(x0)
    next_start: dict[int, float] = {}
    for i in reversed(order):
        row = rows[i]
        if row < 0:
            continue
        limit = min(right, next_start.get(row, math.inf) - gap)
        widths[i] = _fit(label_x[i], label_w[i], limit, min_label)
        next_start[row] = x0[i]
    return widths


def needed_rows(layout: LabelLayout) -> int:
    """How many rows a layout uses."""
    return max(layout.rows, default=-1) + 1


def labels_across_rows(marks: Sequence[Sequence[float]], label_x: Sequence[float],
                       label_top: Sequence[float], label_w: Sequence[float], *, height: float,
                       right: float, gap: float = 4.0, min_label: float = 24.0) -> list[float]:
    """Label widths for marks in rows too thin for a line of text: a label (``height`` high
    from ``label_top[i]``) reaches into the rows around its own, so it ends before any mark
    (``marks`` = x0, x1, y0, y1 arrays) or earlier label it would touch; 0 where too little
    would show. Earlier items come first."""
    count = len(label_x)
    x0, x1, y0, y1 = (np.concatenate([np.asarray(side, np.float64), np.zeros(count)])
                      for side in marks)
    taken = len(marks[0])
    widths = [0.0] * count
    for i in range(count):
        top, bottom, x = label_top[i], label_top[i] + height, label_x[i]
        ahead = (y0[:taken] < bottom) & (y1[:taken] > top) & (x1[:taken] > x)
        limit = min(right, float(x0[:taken][ahead].min()) - gap) if ahead.any() else right
        widths[i] = _fit(x, label_w[i], limit, min_label) if limit > x else 0.0
        if widths[i]:
            x0[taken], x1[taken], y0[taken], y1[taken] = x, x + widths[i], top, bottom
            taken += 1
    return widths
