"""How the timeline looks: kind colours, sizes that follow the font, era bands."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPaintDevice, QPalette

from db.timeline import date_to_day

KIND_COLORS = {"event": "#c0504d", "deal": "#2e75b6", "figure": "#3a9a5b", "actor": "#8064a2",
               "place": "#b07d2b"}
TODAY_COLOR = "#d62728"
SELECTION_COLOR = "#3778c2"


@dataclass(frozen=True)
class EraBand:
    """A named stretch of time shaded behind the items; ``end=None`` runs on to the present."""

    label: str
    start: date
    end: date | None = None

    def days(self, today: date) -> tuple[float, float]:
        last = self.end or max(today, self.start)
        return date_to_day(self.start), date_to_day(last) + 1


DEFAULT_ERAS = (EraBand("Sanctions after Crimea", date(2014, 3, 1)),)


@dataclass(frozen=True)
class Metrics:
    """Every size in the drawing, derived from the font so it prints at any resolution."""

    em: float
    ascent: float
    legend_h: float
    era_h: float
    axis_h: float
    gutter: float
    bar_h: float
    row_h: float
    lane_pad: float
    counts_h: float
    gap: float
    labels_beside: bool = False  # compact rows: a label follows its mark on the same line

    @classmethod
    def of(cls, font: QFont, device: QPaintDevice | None = None) -> Metrics:
        fm = QFontMetricsF(font, device) if device is not None else QFontMetricsF(font)
        em = fm.height()
        bar = max(round(em * 0.5), 4)
        return cls(em=em, ascent=fm.ascent(), legend_h=em * 1.5, era_h=em * 1.2,
                   axis_h=em * 2.4, gutter=em * 6.5, bar_h=bar, row_h=bar + em + em * 0.2,
                   lane_pad=em * 0.2, counts_h=em * 2.4, gap=em * 0.35)

    def compact(self, *, legend: bool = True) -> Metrics:
        """Rows one line of text high, each label after its mark: for a dock too low to give
        every sparse lane its rows with labels under the marks; lower still, the legend gives
        way to the marks too."""
        return replace(self, row_h=math.ceil(self.em) + 1, lane_pad=self.em * 0.1,
                       labels_beside=True, legend_h=self.legend_h if legend else 0.0)

    def low(self) -> Metrics:
        """The lowest look: bands of counts one line and a bar high."""
        return replace(self, counts_h=math.ceil(self.em) + self.bar_h + 2 * self.lane_pad)

    @property
    def mark_row_h(self) -> float:
        """A thin row: a mark alone, its title left to the tooltip."""
        return self.bar_h + 3


@dataclass(frozen=True)
class Colors:
    """The colours a frame is drawn with, taken from a palette (the widget's, or print)."""

    base: QColor
    text: QColor
    faint: QColor
    grid: QColor
    highlight: QColor
    highlighted_text: QColor
    lane_alt: QColor

    @classmethod
    def of(cls, palette: QPalette | None) -> Colors:
        if palette is None:
            base, text = QColor("white"), QColor("#202020")
            highlight, highlighted_text = QColor(SELECTION_COLOR), QColor("white")
        else:
            base = palette.color(QPalette.ColorRole.Base)
            text = palette.color(QPalette.ColorRole.WindowText)
            highlight = palette.color(QPalette.ColorRole.Highlight)
            highlighted_text = palette.color(QPalette.ColorRole.HighlightedText)
        # Opaque mixes rather than translucent text colour: lines and fills that need no
        # blending draw about ten times faster.
        return cls(base, text, mix(text, base, 0.6), mix(text, base, 0.12), highlight,
                   highlighted_text, mix(text, base, 0.04))


def mix(color: QColor, base: QColor, share: float) -> QColor:
    """``share`` of ``color`` over ``base``, as an opaque colour."""
    return QColor.fromRgbF(*(a * share + b * (1 - share) for a, b in (
        (color.redF(), base.redF()), (color.greenF(), base.greenF()),
        (color.blueF(), base.blueF()))))


def kind_color(kind: str, alpha: float = 1.0) -> QColor:
    color = QColor(KIND_COLORS.get(kind, "#808080"))
    color.setAlphaF(alpha)
    return color
