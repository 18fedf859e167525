"""Dates as intervals with a precision: "2014" is the whole of 2014, "2016-06" the whole of June.

A date is never made more precise than its words: no day or month is invented.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from db.errors import InvalidValueError

PRECISIONS = ("day", "month", "quarter", "year", "range")
MONTH_NAMES = [calendar.month_name[m] for m in range(1, 13)]


@dataclass(frozen=True)
class DateInterval:
    """A closed interval of days with the precision its words had."""

    start: date
    end: date
    precision: str

    @property
    def start_iso(self) -> str:
        return self.start.isoformat()

    @property
    def end_iso(self) -> str:
        return self.end.isoformat()


_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _parse_single(text: str) -> DateInterval:
    text = text.strip()
    try:
        if m := _YEAR.match(text):
            y = int(m[1])
            return DateInterval(date(y, 1, 1), date(y, 12, 31), "year")
        if m := _QUARTER.match(text):
            y, q = int(m[1]), int(m[2])
            first = 3 * (q - 1) + 1
            return DateInterval(date(y, first, 1), _month_end(y, first + 2), "quarter")
        if m := _MONTH.match(text):
            y, mo = int(m[1]), int(m[2])
            return DateInterval(date(y, mo, 1), _month_end(y, mo), "month")
        if m := _DAY.match(text):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return DateInterval(d, d, "day")
    except ValueError as exc:
        raise InvalidValueError(f"not a real date: {text!r} ({exc})") from None
    raise InvalidValueError(
        f"cannot read date {text!r}: use 2014, 2016-Q1, 2016-06, 2016-07-12 or a range a..b"
    )


def parse_date_spec(text: str) -> DateInterval:
    """Read the dataset's forms: ``2014``, ``2016-Q1``, ``2016-06``, ``2016-07-12``, ``a..b``."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidValueError("empty date")
    if ".." in text:
        first, _, last = text.partition("..")
        a, b = _parse_single(first), _parse_single(last)
        if b.end < a.start:
            raise InvalidValueError(f"date range ends before it starts: {text!r}")
        return DateInterval(a.start, b.end, "range")
    return _parse_single(text)


def interval_from_iso(start: str | None, end: str | None, precision: str | None):
    """Rebuild an interval stored as ISO strings; ``None`` when the entry has no date."""
    if not start:
        return None
    s = date.fromisoformat(start)
    e = date.fromisoformat(end) if end else s
    return DateInterval(s, e, precision or "day")


def format_interval(interval: DateInterval | None) -> str:
    """A date as people write it: "2014", "Q1 2016", "June 2016", "12 July 2016", "2014 – 2016"."""
    if interval is None:
        return ""
    s, e, p = interval.start, interval.end, interval.precision
    if p == "year":
        return str(s.year)
    if p == "quarter":
        return f"Q{(s.month - 1) // 3 + 1} {s.year}"
    if p == "month":
        return f"{MONTH_NAMES[s.month - 1]} {s.year}"
    if p == "day":
        return f"{s.day} {MONTH_NAMES[s.month - 1]} {s.year}"
    return f"{_format_edge(s, start=True)} – {_format_edge(e, start=False)}"


def _format_edge(d: date, *, start: bool) -> str:
    year_edge = (d.month, d.day) == ((1, 1) if start else (12, 31))
    if year_edge:
        return str(d.year)
    month_edge = d.day == 1 if start else d.day == calendar.monthrange(d.year, d.month)[1]
    if month_edge:
        return f"{MONTH_NAMES[d.month - 1][:3]} {d.year}"
    return f"{d.day} {MONTH_NAMES[d.month - 1][:3]} {d.year}"


def format_precision(precision: str | None) -> str:
    """A short label for a precision, as shown next to a date."""
    return {"day": "exact day", "month": "month", "quarter": "quarter", "year": "year",
            "range": "range"}.get(precision or "", "")


def date_spec(start: str | None, end: str | None, precision: str | None) -> str | None:
    """A stored interval in the dataset's words: 2014, 2016-Q1, 2016-06, 2016-07-12, a..b."""
    if not start:
        return None
    if precision == "year":
        return start[:4]
    if precision == "quarter":
        return f"{start[:4]}-Q{(int(start[5:7]) - 1) // 3 + 1}"
    if precision == "month":
        return start[:7]
    if precision == "day" and start == end:
        return start
    return f"{start}..{end or start}"
