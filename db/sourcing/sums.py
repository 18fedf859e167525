"""Sums of money in a text with the words around them: "more than $1.2 billion", "nearly
$15 billion", "RMB 3 bn", "400 billion roubles". Read by ``db.money``; US dollars get
``value_usd``, other currencies are found with their words and no dollar value."""

from __future__ import annotations

import re
from dataclasses import dataclass

from db.errors import InvalidValueError
from db.money import parse_money

_QUALIFIER = (r"(?:(?:more|less|fewer)\s+than|over|under|nearly|almost|about|around|"
              r"approximately|roughly|some|up\s+to|at\s+least|as\s+much\s+as|as\s+little\s+as|"
              r"an\s+estimated|well\s+over|close\s+to|in\s+excess\s+of)\s+")
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_SCALE = r"(?:\s?(?:thousand|million|billion|trillion|mln|mn|bn|tn|m|b|k)\b)"
_SIGNED = rf"(?:US\$|\$|€|£|¥|₽|USD\s|EUR\s|RMB\s|CNY\s|GBP\s|RUB\s)\s?{_NUMBER}{_SCALE}?"
_WORDED = (rf"{_NUMBER}{_SCALE}?\s(?:US\s)?(?:dollars|USD|euros?|EUR|yuan|renminbi|RMB|CNY|"
           r"roubles|rubles|RUB|pounds(?:\s+sterling)?|GBP)\b")
PATTERN = re.compile(rf"(?:\b{_QUALIFIER})?(?P<amount>{_SIGNED}|\b{_WORDED})", re.IGNORECASE)
_CURRENCY_WORDS = {"euro": "EUR", "euros": "EUR", "eur": "EUR", "yuan": "CNY", "renminbi": "CNY",
                   "rmb": "CNY", "cny": "CNY", "roubles": "RUB", "rubles": "RUB", "rub": "RUB",
                   "₽": "RUB", "pounds": "GBP", "gbp": "GBP", "£": "GBP", "€": "EUR", "¥": "CNY"}


@dataclass(frozen=True)
class FoundSum:
    """A sum as written (with its qualifying words), where it is, its amount and currency."""

    start: int
    end: int
    text: str
    amount: float
    currency: str

    @property
    def value_usd(self) -> float | None:
        return self.amount if self.currency == "USD" else None


def find_sums(text: str) -> list[FoundSum]:
    """Every sum of money in ``text``, in order."""
    found = []
    for m in PATTERN.finditer(text):
        amount = m.group("amount")
        try:
            money = parse_money(amount, default_currency=_currency(amount))
        except InvalidValueError:
            continue
        words = m.group().rstrip()
        found.append(FoundSum(m.start(), m.start() + len(words), words, money.amount,
                              money.currency))
    return found


def _currency(amount: str) -> str:
    low = amount.lower()
    for word, code in _CURRENCY_WORDS.items():
        if re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", low):
            return code
    return "USD"
