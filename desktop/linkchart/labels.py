"""Node labels: one line cut short on screen, where the level of detail rules; every word of the
title in exported pictures and printed figures, wrapped on up to three lines (wider lines for a
longer title); and the view of a whole chart that keeps every such label inside the picture."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF

from desktop.common.formatting import neutralised, one_line

SCREEN_CHARS = 40  # a label on screen is cut here ("…"); the tooltip has the whole title
WRAP_CHARS = 40  # a whole title wraps at about this many average characters…
MAX_LINES = 3  # …or wider, so that it takes at most this many lines
WHOLE_CHARS = 5_000  # a title longer than any real one is still cut somewhere
LABEL_GAP = 3.0  # pixels between a node and the top of its label
MAX_SCALE = 2.0  # a fitted chart is drawn at most this large (as ``painting.fit_box``)


def label_lines(title: str, fm: QFontMetricsF, *, whole: bool,
                max_width: float = math.inf) -> list[str]:
    """The lines of a node's label: one line of at most ``SCREEN_CHARS`` characters, or with
    ``whole`` the whole title wrapped to lines no wider than ``max_width`` when it can be."""
    if not whole:
        return [one_line(neutralised(title), SCREEN_CHARS)]
    text = one_line(neutralised(title), WHOLE_CHARS)
    full = fm.horizontalAdvance(text)
    wrap_width = fm.averageCharWidth() * WRAP_CHARS
    width = min(max(wrap_width, full / MAX_LINES * 1.1), max(max_width, wrap_width / 2))
    lines = wrap(text, fm, width)
    while len(lines) > MAX_LINES and width * 1.15 <= max_width:
        width *= 1.15
        lines = wrap(text, fm, width)
    return lines


def wrap(text: str, fm: QFontMetricsF, width: float) -> list[str]:
    """``text`` in lines no wider than ``width``, broken between words (and inside a word
    only when the word alone is wider)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        trial = f"{line} {word}" if line else word
        if fm.horizontalAdvance(trial) <= width:
            line = trial
            continue
        if line:
            lines.append(line)
        line = ""
        for piece in _pieces(word, fm, width):
            if line:
                lines.append(line)
            line = piece
    if line or not lines:
        lines.append(line)
    return lines


def _pieces(word: str, fm: QFontMetricsF, width: float) -> list[str]:
    """A word cut into pieces no wider than ``width`` (one piece when it fits)."""
    pieces, piece = [], ""
    for char in word:
        if piece and fm.horizontalAdvance(piece + char) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    return pieces + [piece]


def label_sizes(titles: list[str], fm: QFontMetricsF, *,
                max_width: float) -> tuple[np.ndarray, np.ndarray]:
    """Width and height in pixels of each whole-title label."""
    lines = [label_lines(t, fm, whole=True, max_width=max_width) for t in titles]
    widths = np.array([max(fm.horizontalAdvance(s) for s in ls) for ls in lines], float)
    heights = np.array([len(ls) * fm.height() for ls in lines], float)
    return widths.reshape(-1), heights.reshape(-1)


def fit_with_labels(xy: np.ndarray, widths: np.ndarray, heights: np.ndarray, rect: QRectF,
                    radius, *, margin: float = 8.0) -> tuple[float, float, float]:
    """``(scale, ox, oy)`` of the largest view (up to ``MAX_SCALE``) that draws every node at
    ``xy * scale + (ox, oy)`` with its label (centred below it, ``widths`` × ``heights``)
    inside ``rect``. ``radius(scale)`` is a node's radius in pixels at that scale."""
    if len(xy) == 0:
        return 1.0, rect.center().x(), rect.center().y()
    inner = rect.adjusted(margin, margin, -margin, -margin)
    low, high = 0.0, MAX_SCALE
    if _offsets(xy, widths, heights, inner, high, radius(high)) is None:
        for _step in range(40):  # the largest scale that fits, by halving the interval
            mid = (low + high) / 2
            fits = _offsets(xy, widths, heights, inner, mid, radius(mid)) is not None
            low, high = (mid, high) if fits else (low, mid)
        high = max(low, 1e-6)
    found = _offsets(xy, widths, heights, inner, high, radius(high))
    if found is None:  # labels wider than the picture: centred, as large as they come
        middle = xy.mean(axis=0) * high
        found = inner.center().x() - middle[0], inner.center().y() - middle[1]
    return high, float(found[0]), float(found[1])


def _offsets(xy, widths, heights, rect: QRectF, scale: float, r: float):
    """Offsets ``(ox, oy)`` so that ``xy * scale + offset`` keeps every node and label in
    ``rect`` (centred in the room left), or ``None`` when nothing does at ``scale``."""
    half = np.maximum(widths / 2, r + 5)  # the current entry's ring reaches r + 5
    x, y = xy[:, 0] * scale, xy[:, 1] * scale
    x_low, x_high = np.max(rect.left() + half - x), np.min(rect.right() - half - x)
    y_low = np.max(rect.top() + r + 5 - y)
    y_high = np.min(rect.bottom() - np.maximum(r + LABEL_GAP + heights, r + 5) - y)
    if x_low > x_high or y_low > y_high:
        return None
    return (x_low + x_high) / 2, (y_low + y_high) / 2
