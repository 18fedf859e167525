"""The time axis: adaptive ticks (decades → years → quarters → months → days) and snapping.

Pure numpy and calendar arithmetic; days are float days since 1970-01-01 as in ``db.timeline``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from db.dates import MONTH_NAMES
from db.timeline import date_to_day, day_to_date

MIN_SPAN_DAYS = 3.0
MAX_SPAN_DAYS = 366.0 * 400

# (unit, step) from coarse to fine; the finest whose ticks stay far enough apart wins.
STEPS = (("year", 100), ("year", 50), ("year", 20), ("year", 10), ("year", 5), ("year", 2),
         ("year", 1), ("quarter", 1), ("month", 1), ("day", 10), ("day", 5), ("day", 2),
         ("day", 1))
_APPROX_DAYS = {"year": 365.25, "quarter": 91.3, "month": 30.44, "day": 1.0}


@dataclass(frozen=True)
class Ticks:
    """Tick days for a visible range: ``days`` labelled with ``labels``; ``context`` gives the
    coarser label row (the year under months, the month under days)."""

    unit: str
    step: int
    days: np.ndarray
    labels: tuple[str, ...]
    context_days: np.ndarray
    context_labels: tuple[str, ...]


def choose_step(lo: float, hi: float, width: float, *, min_px: float) -> tuple[str, int]:
    """The finest (unit, step) whose ticks are at least ``min_px`` apart on ``width`` pixels."""
    px_per_day = width / max(hi - lo, 1e-9)
    best = STEPS[0]
    for unit, step in STEPS:
        if _APPROX_DAYS[unit] * step * px_per_day * _tightest(unit, step) >= min_px:
            best = (unit, step)
    return best


def _tightest(unit: str, step: int) -> float:
    # Day ticks restart on the 1st of each month, so the last gap of a month can be shorter.
    return 0.7 if unit == "day" and step > 1 else 1.0


def make_ticks(lo: float, hi: float, width: float, *, min_px: float = 56.0) -> Ticks:
    """Ticks covering ``lo``..``hi`` plus one on each side (so bins between them cover all)."""
    unit, step = choose_step(lo, hi, width, min_px=min_px)
    days = tick_days(unit, step, lo, hi)
    labels = tuple(tick_label(unit, step, d) for d in days)
    if unit == "year":
        context, context_labels = np.zeros(0), ()
    elif unit == "day":
        context = tick_days("month", 1, lo, hi)
        context_labels = tuple(_month_year(d) for d in context)
    else:
        context = tick_days("year", 1, lo, hi)
        context_labels = tuple(str(day_to_date(d).year) for d in context)
    return Ticks(unit, step, days, labels, context, context_labels)


def tick_days(unit: str, step: int, lo: float, hi: float) -> np.ndarray:
    """Tick days from the last tick at or before ``lo`` to the first at or after ``hi``."""
    first, last = _to_datetime(lo, "D"), _to_datetime(hi, "D")
    if unit == "year":
        y0 = first.astype("datetime64[Y]").astype(np.int64) + 1970
        y1 = last.astype("datetime64[Y]").astype(np.int64) + 1970
        years = np.arange((y0 // step) * step, (y1 // step + 1) * step + 1, step)
        years = years[(years >= 1) & (years <= 9999)]
        return _days((years - 1970).astype("datetime64[Y]"))
    if unit in ("quarter", "month"):
        months = np.arange(first.astype("datetime64[M]") - 3, last.astype("datetime64[M]") + 4)
        if unit == "quarter":
            months = months[months.astype(np.int64) % 3 == 0]
        return _trim(_days(months), lo, hi)
    days = np.arange(first - 12, last + 13)
    day_of_month = (days - days.astype("datetime64[M]")).astype(np.int64) + 1
    keep = ((day_of_month - 1) % step == 0) & (day_of_month <= 32 - step)
    return _trim(days[keep].astype(np.int64).astype(np.float64), lo, hi)


def _to_datetime(day: float, unit: str) -> np.datetime64:
    day = min(max(day, -719162.0), 2932896.0)  # years 1..9999
    return np.datetime64(int(np.floor(day)), "D").astype(f"datetime64[{unit}]")


def _days(values: np.ndarray) -> np.ndarray:
    return values.astype("datetime64[D]").astype(np.int64).astype(np.float64)


def _trim(days: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Keep the ticks inside lo..hi and the nearest one on each side."""
    first = max(int(np.searchsorted(days, lo, "right")) - 1, 0)
    last = min(int(np.searchsorted(days, hi, "left")) + 1, len(days))
    return days[first:last]


def tick_label(unit: str, step: int, day: float) -> str:
    d = day_to_date(day)
    if unit == "year":
        return f"{d.year}s" if step == 10 and d.year % 10 == 0 else str(d.year)
    if unit == "quarter":
        return f"Q{(d.month - 1) // 3 + 1}"
    if unit == "month":
        return MONTH_NAMES[d.month - 1][:3]
    return str(d.day)


def _month_year(day: float) -> str:
    d = day_to_date(day)
    return f"{MONTH_NAMES[d.month - 1]} {d.year}"


# -- selecting a range on the axis --------------------------------------------------------------

def snap_range(a: float, b: float, unit: str) -> tuple[float, float]:
    """The whole years, months or days a drag from ``a`` to ``b`` touches (end exclusive)."""
    lo, hi = min(a, b), max(a, b)
    first, last = day_to_date(lo), day_to_date(max(hi - 1e-6, lo))
    if unit == "year":
        return date_to_day(date(first.year, 1, 1)), date_to_day(date(last.year + 1, 1, 1))
    if unit in ("quarter", "month"):
        after = date(last.year + last.month // 12, last.month % 12 + 1, 1)
        return date_to_day(date(first.year, first.month, 1)), date_to_day(after)
    return float(np.floor(lo)), float(np.floor(max(hi - 1e-6, lo))) + 1


def range_fragment(a: float, b: float, unit: str) -> str:
    """A search fragment for a dragged range: ``year:2014..2016``, ``date:2014-03..2016-06``,
    ``date:2016-06-22..2016-07-12`` (one period gives ``year:2014`` or ``date:2016-06``)."""
    lo, hi = snap_range(a, b, unit)
    first, last = day_to_date(lo), day_to_date(hi - 1)
    if unit == "year":
        texts = (str(first.year), str(last.year))
    elif unit in ("quarter", "month"):
        texts = (f"{first.year:04d}-{first.month:02d}", f"{last.year:04d}-{last.month:02d}")
    else:
        texts = (first.isoformat(), last.isoformat())
    field = "year" if unit == "year" else "date"
    if texts[0] == texts[1]:
        return f"{field}:{texts[0]}"
    return f"{field}:{texts[0]}..{texts[1]}"


def clamp_range(lo: float, hi: float) -> tuple[float, float]:
    """Keep a visible range between a few days and a few centuries wide, inside years 1..9999."""
    span = min(max(hi - lo, MIN_SPAN_DAYS), MAX_SPAN_DAYS)
    middle = (lo + hi) / 2
    lo, hi = middle - span / 2, middle + span / 2
    floor, ceiling = -719162.0, 2932896.0
    if lo < floor:
        lo, hi = floor, floor + span
    if hi > ceiling:
        lo, hi = ceiling - span, ceiling
    return lo, hi


def fit_range(starts: np.ndarray, ends: np.ndarray) -> tuple[float, float]:
    """A visible range showing every item with a little room on each side."""
    if not len(starts):
        today = date_to_day(date.today())
        return clamp_range(today - 3 * 365.25, today + 365.25)
    lo, hi = float(np.min(starts)), float(np.max(ends))
    margin = max((hi - lo) * 0.04, 15.0)
    return clamp_range(lo - margin, hi + margin)
