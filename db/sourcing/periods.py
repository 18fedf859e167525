"""Dates and periods as a text writes them, resolved to intervals with their precision.

"12 July 2016" and "July 12, 2016" are days, "June 2016" a month, "the first quarter of 2016"
a quarter, "2014" a year and "2014–2016" a range. Relative words are resolved against the
source's own date, as the bundled dataset does: in an article of July 2016 "last year" is 2015
and "this year's first quarter" Q1 2016. A month without its year ("in June") is the latest such
month not after the source's date (June 2016 in an article of March 2017), or the next one from
it when its sentence speaks of the future ("will", "is to", "plans"); with a source dated only by
its year, that year's month. Nothing is made more precise than its words; without a source date
a relative period is found but left unresolved.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from db.sourcing.spans import SpanSet

MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH = (r"(?P<month>January|February|March|April|May|June|July|August|September|October|"
          r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_YEAR = r"(?P<year>1[5-9]\d\d|20\d\d|21\d\d)"
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
             "4th": 4, "final": 4, "last": 4}
_ORDINAL = r"(?P<q>first|second|third|fourth|final|1st|2nd|3rd|4th)"
_RELATIVE = r"(?P<rel>this|last|next|the previous|the following|the past|the coming)"
_SHIFT = {"this": 0, "last": -1, "the previous": -1, "the past": -1, "next": 1,
          "the following": 1, "the coming": 1}
_YEAR2 = r"(?P<year2>1[5-9]\d\d|20\d\d|21\d\d)"
_DASH = r"\s*(?:-|–|—|to|until|through)\s*"
# Words that put a sentence in the future: its bare month is the next one, not the last.
_FUTURE = re.compile(r"\b(?:will|shall|is to|are to|plans?|planned|planning|intends? to|"
                     r"is expected to|are expected to|is due to|are due to)\b", re.I)

# Most precise first: a later pattern never claims words an earlier one matched.
PATTERNS = [
    ("day", re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b")),
    ("day", re.compile(rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{_YEAR}\b")),
    ("quarter", re.compile(rf"\b(?:the\s+)?{_ORDINAL}\s+quarter\s+(?:of\s+)?{_YEAR}\b", re.I)),
    ("quarter", re.compile(rf"\bQ(?P<qn>[1-4])\s*{_YEAR}\b")),
    ("rel_quarter", re.compile(rf"\b{_RELATIVE}\s+year[’']s\s+{_ORDINAL}\s+quarter\b", re.I)),
    ("month_range", re.compile(rf"\b{_MONTH}\s*(?:-|–|—|to)\s*(?P<month2>[A-Z][a-z]+)\.?\s+"
                               rf"{_YEAR}\b")),
    ("month", re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b")),
    ("range", re.compile(rf"\bbetween\s+{_YEAR}\s+and\s+{_YEAR2}\b")),
    ("range", re.compile(rf"(?<![$€£¥₽\d.,])\b{_YEAR}{_DASH}{_YEAR2}\b")),
    ("decade", re.compile(r"\b(?:the\s+)?(?P<decade>1[5-9]\d0|20\d0)s\b")),
    ("rel_year", re.compile(rf"\b{_RELATIVE}\s+year\b(?![’']s)", re.I)),
    ("rel_month", re.compile(rf"\b{_RELATIVE}\s+month\b", re.I)),
    ("bare_month", re.compile(rf"\b(?:in|since|by|until|from|during|early|late|before|after|"
                              rf"of|mid|this|last|next)[\s-]+{_MONTH}\b(?!\s*\d)", re.I)),
    ("year", re.compile(rf"(?<![$€£¥₽\d.,])\b{_YEAR}\b(?![\d,.]\d)(?!\s*(?:km|kilomet|miles|"
                        r"people|deals|projects|tons|tonnes|%|percent|per\s+cent))")),
]


@dataclass(frozen=True)
class FoundDate:
    """Words that state a date, where they are, and the interval they mean (``None`` when a
    relative period cannot be resolved, with ``note`` saying why)."""

    start: int
    end: int
    text: str
    date_start: str | None
    date_end: str | None
    precision: str | None
    note: str | None = None


def find_dates(text: str, source_date: date | None = None, *,
               month_known: bool = True) -> list[FoundDate]:
    """Every date or period in ``text``, in order, none overlapping another. ``month_known``:
    whether ``source_date`` knows its month (else "last month" stays unresolved)."""
    found: list[FoundDate] = []
    for kind, pattern in PATTERNS:
        # One pattern's matches never overlap one another: check them against the earlier
        # patterns' only (a set built once per pattern, not grown match by match).
        taken = SpanSet((f.start, f.end) for f in found)
        for m in pattern.finditer(text):
            start, end = _span(kind, m)
            if taken.overlaps(start, end):
                continue
            today = None if kind == "rel_month" and not month_known else source_date
            interval = _interval(kind, m, today, month_known)
            if interval is not False:
                found.append(_found(start, end, text[start:end], interval))
    return sorted(found, key=lambda f: f.start)


def _span(kind: str, m: re.Match) -> tuple[int, int]:
    # "in June": the preposition tells a month from a name, the date is the month's word.
    return (m.start("month"), m.end()) if kind == "bare_month" else (m.start(), m.end())


def _found(start: int, end: int, words: str, interval) -> FoundDate:
    if interval is None:
        return FoundDate(start, end, words, None, None, None,
                         note=f"{words!r} is relative and the source's date does not say "
                              "enough to resolve it")
    first, last, precision = interval
    return FoundDate(start, end, words, first.isoformat(), last.isoformat(), precision)


def _interval(kind: str, m: re.Match, today: date | None, month_known: bool = True):
    """``(start, end, precision)``; ``None`` when relative and unresolvable; ``False`` when the
    words are not a real date after all (30 February)."""
    try:
        if kind == "bare_month":
            return _bare_month(m, today, month_known)
        return _INTERVALS[kind](m, today)
    except (ValueError, KeyError):
        return False


def _month(m: re.Match, key: str = "month") -> int:
    return MONTHS[m.group(key).lower().rstrip(".")]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _day(m, today):
    d = date(int(m["year"]), _month(m), int(m["day"]))
    return d, d, "day"


def _quarter(m, today, year=None):
    q = int(m["qn"]) if m.groupdict().get("qn") else _ORDINALS[m["q"].lower()]
    year = year if year is not None else int(m["year"])
    return date(year, 3 * q - 2, 1), _month_end(year, 3 * q), "quarter"


def _rel_quarter(m, today):
    if today is None:
        return None
    return _quarter(m, today, today.year + _SHIFT[m["rel"].lower()])


def _month_interval(m, today):
    year, month = int(m["year"]), _month(m)
    return date(year, month, 1), _month_end(year, month), "month"


def _month_range(m, today):
    year, first, last = int(m["year"]), _month(m), MONTHS[m["month2"].lower()]
    if last < first:
        return False
    return date(year, first, 1), _month_end(year, last), "range"


def _range(m, today):
    first, last = int(m["year"]), int(m["year2"])
    if not first < last <= first + 100:
        return False
    return date(first, 1, 1), date(last, 12, 31), "range"


def _decade(m, today):
    first = int(m["decade"])
    return date(first, 1, 1), date(first + 9, 12, 31), "range"


def _rel_year(m, today):
    if today is None:
        return None
    year = today.year + _SHIFT[m["rel"].lower()]
    return date(year, 1, 1), date(year, 12, 31), "year"


def _rel_month(m, today):
    if today is None:
        return None
    index = today.year * 12 + today.month - 1 + _SHIFT[m["rel"].lower()]
    year, month = divmod(index, 12)
    return date(year, month + 1, 1), _month_end(year, month + 1), "month"


def _bare_month(m, today, month_known: bool = True):
    if m.group("month").lower() == "may" and not m.group("month")[0].isupper():
        return False  # "may" the verb
    if today is None:
        return None
    month, year = _month(m), today.year
    if month_known and _FUTURE.search(_sentence_of(m.string, m.start(), m.end())):
        year += month < today.month
    elif month_known:
        year -= month > today.month
    return date(year, month, 1), _month_end(year, month), "month"


def _sentence_of(text: str, start: int, end: int) -> str:
    """The words of the sentence around ``text[start:end]``, at most 300 characters each way."""
    stops = (". ", "\n", "? ", "! ")
    begin = max(text.rfind(stop, max(0, start - 300), start) for stop in stops)
    ends = [at for stop in stops if (at := text.find(stop, end, end + 300)) >= 0]
    return text[max(begin, start - 300, 0):min(ends, default=end + 300)]


def _year(m, today):
    year = int(m["year"])
    return date(year, 1, 1), date(year, 12, 31), "year"


_INTERVALS = {"day": _day, "quarter": _quarter, "rel_quarter": _rel_quarter,
              "month": _month_interval, "month_range": _month_range, "range": _range,
              "decade": _decade, "rel_year": _rel_year, "rel_month": _rel_month,
              "year": _year}


def parse_source_date(text: str | None) -> tuple[str, str, str] | None:
    """A source's date as written in front matter or on the command line — ``2016-07-12``,
    ``2016-07-12T10:00Z``, ``2016-07``, ``2016``, ``July 12, 2016`` — as
    ``(start, end, precision)``; ``None`` when it is not a date."""
    text = (text or "").strip()
    iso = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:[T ].*)?$", text)
    try:
        if iso:
            year, month, day = (int(g) if g else None for g in iso.groups())
            if day:
                d = date(year, month, day)
                return d.isoformat(), d.isoformat(), "day"
            if month:
                return (date(year, month, 1).isoformat(), _month_end(year, month).isoformat(),
                        "month")
            return f"{year}-01-01", f"{year}-12-31", "year"
    except ValueError:
        return None
    found = [f for f in find_dates(text) if f.date_start and f.precision != "range"]
    return (found[0].date_start, found[0].date_end, found[0].precision) if found else None
