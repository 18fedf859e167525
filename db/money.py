"""Sums of money as people write them, normalised to US dollars for sorting and filtering."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from db.errors import InvalidValueError

SCALES = {
    "": 1.0,
    "k": 1e3, "thousand": 1e3,
    "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6, "millions": 1e6,
    "b": 1e9, "bn": 1e9, "billion": 1e9, "billions": 1e9,
    "t": 1e12, "tn": 1e12, "trillion": 1e12, "trillions": 1e12,
}
CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR",
                  "£": "GBP", "gbp": "GBP", "¥": "CNY", "cny": "CNY", "rmb": "CNY",
                  "yuan": "CNY", "₽": "RUB", "rub": "RUB", "roubles": "RUB", "rubles": "RUB"}

_AMOUNT = re.compile(
    r"(?P<cur>us\$|\$|€|£|¥|₽|usd|eur|gbp|cny|rmb|rub)?\s*"
    r"(?P<num>\d[\d,]*(?:\.\d+)?|\.\d+)\s*"
    r"(?P<scale>thousand|millions?|billions?|trillions?|mln|mn|bn|tn|k|m|b|t)?\b\s*"
    r"(?P<cur2>usd|eur|gbp|cny|rmb|yuan|rub|roubles|rubles)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Money:
    """An amount in its own currency; ``usd`` is set when the currency is US dollars."""

    amount: float
    currency: str

    @property
    def usd(self) -> float | None:
        return self.amount if self.currency == "USD" else None


def parse_money(text: str, *, default_currency: str = "USD") -> Money:
    """Read "$400 billion", "$1.2bn", "nearly $15 billion", "¥3 bn", "1,740"; raise if none."""
    if not isinstance(text, str):
        raise InvalidValueError(f"not a sum of money: {text!r}")
    m = _AMOUNT.search(text.replace("\u00a0", " "))
    if not m:
        raise InvalidValueError(f"no sum of money in {text!r}")
    number = float(m["num"].replace(",", ""))
    scale = SCALES[(m["scale"] or "").lower()]
    sign = (m["cur"] or m["cur2"] or "").lower()
    currency = CURRENCY_SIGNS.get(sign, default_currency)
    return Money(finite(number * scale, text), currency)


def finite(value: float, text: str) -> float:
    """``value``, unless it is too large to be a sum (``inf``, ``1e999``, 400 digits)."""
    if not math.isfinite(value):
        raise InvalidValueError(f"{text.strip()!r} is too large to be a sum of money")
    return value


def parse_amount(text: str) -> float:
    """A bare amount with an optional unit, as typed in a query: ``10bn``, ``$1.5m``, ``400``."""
    m = re.fullmatch(
        r"\s*\$?\s*(\d[\d,]*(?:\.\d+)?|\.\d+)\s*(k|m|mn|b|bn|t|tn|thousand|million|billion|"
        r"trillion)?\s*",
        text or "",
        re.IGNORECASE,
    )
    if not m:
        raise InvalidValueError(f"not an amount: {text!r} (try 10bn, 500m, 1.2tn)")
    return finite(float(m[1].replace(",", "")) * SCALES[(m[2] or "").lower()], text)


def format_usd(value: float | None) -> str:
    """Compact dollars for tables: $400 bn, $21 bn, $1 tn, $15 m, $950."""
    if value is None:
        return ""
    for limit, unit in ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= limit:
            return f"${_trim(value / limit)} {unit}"
    return f"${_trim(value)}"


def _trim(x: float) -> str:
    text = f"{x:,.2f}" if abs(x) < 100 else f"{x:,.0f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
