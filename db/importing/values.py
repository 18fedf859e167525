"""Cell values as analysts write them: dates, sums of money, yes/no flags.

Each reader returns ``None`` for an empty cell and raises ``InvalidValueError`` (with a reason
a person can act on) for a cell it cannot read; nothing is guessed.

Money in another currency keeps its currency: ``value_usd`` stays empty and a note says why.
Roadbook holds no exchange-rate table, so it never invents a conversion.
"""

from __future__ import annotations

import calendar
import functools
import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from db.dates import DateInterval, parse_date_spec
from db.errors import InvalidValueError
from db.money import CURRENCY_SIGNS, finite, parse_money

# Words that mean "no value" in a date or money column (never in a text column: NA is Namibia).
BLANKS = frozenset({"", "-", "–", "—", "n/a", "na", "n.a.", "none", "null", "unknown", "?",
                    "tbd", "not available"})
# In a column of names, only these mean "nobody" ("NA" may be Namibia).
NAME_BLANKS = frozenset({"", "-", "–", "—", "n/a", "none", "null", "unknown", "?"})
UNITS = {"ones": 1.0, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system (past its 1900 leap bug)

TRUE_WORDS = frozenset({"true", "yes", "y", "1", "x", "t", "uncertain"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "f"})


def is_blank(text: str | None) -> bool:
    if not text:
        return True
    return len(text) < 20 and text.strip().casefold() in BLANKS


# -- dates ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedDate:
    """A date interval read from a cell; ``uncertain`` when the cell said so ("2015?")."""

    interval: DateInterval
    uncertain: bool = False


_UNCERTAIN = re.compile(r"^\s*(?:c\.|ca\.|circa|approx\.?|~)\s*|\s*\?\s*$", re.IGNORECASE)
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_ISO_TIME = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?$")
_RANGE = re.compile(r"^(\d{4})\s*(?:-|–|—|to)\s*(\d{4})$")
_QUARTER = re.compile(r"^(?:Q([1-4])\s*[ /-]?\s*(\d{4})|(\d{4})\s*[ /-]?\s*Q([1-4]))$", re.I)
_MONTH_NUM = re.compile(r"^(\d{1,2})[/.](\d{4})$|^(\d{4})[/.](\d{1,2})$")
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$|^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_MONTHS = {name.casefold(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_WORDS = re.compile(r"[a-z]+\.?|\d+", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)  # the same few dates recur down a column
def parse_import_date(text: str | None) -> ImportedDate | None:
    """A date as written in a spreadsheet: 2014, 2015?, June 2016, 2016-06-01, 42522 (Excel)."""
    if is_blank(text):
        return None
    raw = text.strip()
    bare = _UNCERTAIN.sub("", raw).strip()
    uncertain = bare != raw
    interval = _read_date(bare)
    if interval is None:
        raise InvalidValueError(
            f"cannot read date {raw!r}: write 2014, June 2016, 2016-06-01 or an Excel date")
    return ImportedDate(interval, uncertain)


def _read_date(text: str) -> DateInterval | None:
    if len(text) > 5 and text[4] == "." and text[:4].isdigit() and not text[5:].strip("0"):
        text = text[:4]  # a year from a workbook's number cell: "2014.0"
    if len(text) == 4 and text.isdigit():  # the commonest form, a year
        year = int(text)
        return DateInterval(date(year, 1, 1), date(year, 12, 31), "year") if year else None
    if m := _ISO_TIME.match(text):
        text = m[1]
    if _SERIAL.match(text):
        return _day(excel_serial_date(float(text)))
    if m := _RANGE.match(text):
        return parse_date_spec(f"{m[1]}..{m[2]}")
    if m := _QUARTER.match(text):
        quarter, year = (m[1], m[2]) if m[1] else (m[4], m[3])
        return parse_date_spec(f"{year}-Q{quarter}")
    if m := _MONTH_NUM.match(text):
        month, year = (m[1], m[2]) if m[1] else (m[4], m[3])
        return _spec(f"{year}-{int(month):02d}")
    if m := _SLASHED.match(text):
        return _slashed(text, m)
    if re.fullmatch(r"[\d.-]+", text):  # ISO forms and ranges: their own error says why
        return parse_date_spec(text)
    return _worded(text)


def excel_serial_date(serial: float) -> date:
    """The day an Excel serial number (1900 date system) stands for; the time of day is dropped."""
    if not 1 <= serial < 2958466:
        raise InvalidValueError(f"{serial:g} is not an Excel date serial number")
    return EXCEL_EPOCH + timedelta(days=int(serial))


def _day(day: date) -> DateInterval:
    return DateInterval(day, day, "day")


def _spec(spec: str) -> DateInterval:
    return parse_date_spec(spec)


def _slashed(text: str, m: re.Match) -> DateInterval:
    if m[4]:  # 2016/06/01: year first is never ambiguous
        return _spec(f"{m[4]}-{int(m[5]):02d}-{int(m[6]):02d}")
    first, second, year = int(m[1]), int(m[2]), m[3]
    if first > 12 >= second:
        return _spec(f"{year}-{second:02d}-{first:02d}")
    if second > 12 >= first:
        return _spec(f"{year}-{first:02d}-{second:02d}")
    if first == second:
        return _spec(f"{year}-{first:02d}-{first:02d}")
    raise InvalidValueError(
        f"ambiguous date {text!r}: day and month could be either way round; "
        f"write {year}-{second:02d}-{first:02d} or {year}-{first:02d}-{second:02d}")


def _worded(text: str) -> DateInterval | None:
    """"June 2016", "Jun. 2016", "12 July 2016", "July 12, 2016"; never a made-up day."""
    tokens = [t.rstrip(".").casefold() for t in _WORDS.findall(text)]
    months = [t for t in tokens if t in _MONTHS]
    numbers = [int(t) for t in tokens if t.isdigit()]
    years = [n for n in numbers if n >= 1000]
    if len(months) != 1 or len(years) != 1 or len(tokens) != len(months) + len(numbers):
        return None
    month, year = _MONTHS[months[0]], years[0]
    days = [n for n in numbers if n < 1000]
    if not days:
        return _spec(f"{year}-{month:02d}")
    if len(days) == 1:
        return _spec(f"{year}-{month:02d}-{days[0]:02d}")
    return None


# -- money ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedMoney:
    """A sum read from a cell: the amount in its currency, US dollars when it was in dollars."""

    amount: float
    currency: str
    note: str | None = None

    @property
    def usd(self) -> float | None:
        return self.amount if self.currency == "USD" else None


_NUMBERS = re.compile(r"\d[\d,]*(?:\.\d+)?")
_HAS_SCALE = re.compile(r"\d\s*(thousand|millions?|billions?|trillions?|mln|mn|bn|tn|k|m|b|t)\b",
                        re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def parse_import_money(text: str | None, *, unit: str = "ones",
                       currency: str | None = None) -> ImportedMoney | None:
    """A sum as written: "$1,740 ", "$1.2bn", "¥3 bn", or "1,740" in a column of millions.

    ``unit`` scales bare numbers (a scale word in the cell wins); ``currency`` (an ISO code)
    applies when the cell shows none. Other currencies are kept, not converted.
    """
    if is_blank(text):
        return None
    raw = text.strip()
    if raw.startswith(("-", "(")) or len(_NUMBERS.findall(raw.replace(" ", ""))) != 1:
        raise InvalidValueError(f"{raw!r} is not one sum of money")
    code = _currency_code(currency) if currency else "USD"
    money = parse_money(raw, default_currency=code)
    amount = money.amount
    if not _HAS_SCALE.search(raw):
        amount = float(Decimal(repr(amount)) * Decimal(int(UNITS[unit])))  # 519.3 m: 519300000
    note = None
    if money.currency != "USD":
        note = (f"{money.currency} {amount:,.0f}; not converted to US dollars "
                "(Roadbook keeps other currencies as written)")
    return ImportedMoney(amount, money.currency, note)


def _currency_code(text: str) -> str:
    code = text.strip()
    known = CURRENCY_SIGNS.get(code.casefold())
    if known:
        return known
    if re.fullmatch(r"[A-Za-z]{3}", code):
        return code.upper()
    raise InvalidValueError(f"{text!r} is not a currency (use a code such as USD, CNY, EUR)")


def currency_code(text: str | None) -> str | None:
    """An ISO currency code from a currency cell ("USD", "$", "yuan"); ``None`` when empty."""
    return None if is_blank(text) else _currency_code(text)


def parse_number(text: str | None) -> float | None:
    """A plain number such as a column of US dollars already converted: "396886330.8", "1,740"."""
    if is_blank(text):
        return None
    cleaned = text.strip().replace(",", "").lstrip("$").strip()
    try:
        number = float(cleaned)
    except ValueError:
        raise InvalidValueError(f"{text.strip()!r} is not a number") from None
    if math.isnan(number):
        raise InvalidValueError(f"{text.strip()!r} is not a number")
    return finite(number, text)


def parse_flag(text: str | None) -> bool:
    """Yes/no cells: true/false, yes/no, 1/0, x; an empty cell is no."""
    if text is None or not text.strip():
        return False
    word = text.strip().casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise InvalidValueError(f"{text.strip()!r} is not yes or no")

