"""The search language, parsed without ever raising.

    gas deal              all words must match; the last one is a prefix while typing
    "state visit"         an exact phrase
    gas OR oil            either side
    -railway              must not match (works on filters too: -kind:place)
    kind:deal actor:gazprom year:2014 year:2014..2016 year:>2015 date:2016-06
    value:>10bn value:1bn..50bn status:signed tag:energy is:bookmarked source:diplomat
    category:person id:gas-deal-2014 batch:3

Anything not understood is searched as plain words and explained in ``Query.hints``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

MAX_QUERY_CHARS = 1000
FIELDS = ("kind", "actor", "year", "date", "value", "status", "tag", "is", "source",
          "category", "id", "batch", "origin")
KIND_NAMES = {"actor": "actor", "actors": "actor", "deal": "deal", "deals": "deal",
              "project": "deal", "projects": "deal", "event": "event", "events": "event",
              "figure": "figure", "figures": "figure", "place": "place", "places": "place"}
IS_VALUES = ("bookmarked", "noted", "analyst", "imported", "bundled", "dated", "valued",
             "authored", "edited", "disputed", "flagged")

_WORD = re.compile(r"[^\W_]+", re.UNICODE)  # "_" separates words, as in the FTS5 tokenizer
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


@dataclass(frozen=True)
class Text:
    """Words to find in an entry's text: one word, or a phrase of adjacent words."""

    tokens: tuple[str, ...]
    phrase: bool = False
    prefix: bool = False
    negated: bool = False


@dataclass(frozen=True)
class Filter:
    """A field filter such as ``kind:deal``; ``value`` is kept as typed, checked when compiled."""

    field: str
    value: str
    negated: bool = False


Atom = Text | Filter


@dataclass(frozen=True)
class Query:
    """A parsed query: groups joined by AND, the atoms of a group joined by OR."""

    text: str
    groups: tuple[tuple[Atom, ...], ...] = ()
    hints: tuple[str, ...] = field(default=())
    before_first_letter: str | None = None  # see ``without_first_letter``

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def words(self) -> list[str]:
        """The positive words of the query, for highlighting."""
        return [t for g in self.groups for a in g
                if isinstance(a, Text) and not a.negated for t in a.tokens]


def clean(text: str) -> str:
    """Normalise typed text: NFKC, no control or bidi characters, bounded length."""
    if not isinstance(text, str):
        text = str(text or "")
    text = unicodedata.normalize("NFKC", text[: MAX_QUERY_CHARS * 4])
    return _CONTROL.sub(" ", text)


def tokens_of(text: str) -> tuple[str, ...]:
    """The words the full-text index would see in ``text`` (lowercased)."""
    return tuple(w.casefold() for w in _WORD.findall(text))


def parse(text: str) -> Query:
    """Parse ``text`` into a ``Query``; never raises, whatever the input."""
    raw = text if isinstance(text, str) else str(text or "")
    cleaned = clean(raw)
    hints: list[str] = []
    if len(cleaned) > MAX_QUERY_CHARS:
        cleaned = cleaned[:MAX_QUERY_CHARS]
        hints.append(f"Only the first {MAX_QUERY_CHARS} characters of the query were used.")
    pieces = _lex(cleaned, hints)
    typing_last_word = bool(cleaned) and not cleaned[-1].isspace()
    atoms = _atoms(pieces, hints, typing_last_word)
    groups = _group(atoms, hints)
    if not groups and cleaned.strip() and not hints:
        hints.append("Nothing searchable in the query (no words or filters); showing everything.")
    return Query(text=raw, groups=tuple(groups), hints=tuple(hints),
                 before_first_letter=_before_first_letter(cleaned, pieces, typing_last_word))


# -- lexing ---------------------------------------------------------------------------------

@dataclass
class _Piece:
    body: str
    quoted: bool = False
    negated: bool = False
    field: str | None = None
    is_or: bool = False


_LEX = re.compile(
    r'(?P<neg>-)?(?:(?P<field>[A-Za-z_]+):)?(?:"(?P<quoted>[^"]*)(?P<close>")?|(?P<bare>[^\s"]+))'
    r'|(?P<lonequote>")'
)

_EMPTY_FIELD = re.compile(r"^[A-Za-z_]+:$")  # "kind:" with its value still to come


def _lex(text: str, hints: list[str]) -> list[_Piece]:
    pieces: list[_Piece] = []
    pos = 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        m = _LEX.match(text, pos)
        if not m or m.end() == pos:
            pos += 1
            continue
        pos = m.end()
        if m["lonequote"]:
            continue
        if m["bare"] and not m["field"] and _EMPTY_FIELD.match(m["bare"]):
            pieces.append(_Piece("", negated=bool(m["neg"]), field=m["bare"][:-1]))
            continue
        if m["quoted"] is not None and m["close"] is None:
            hints.append("A closing quote was missing; the phrase runs to the end of the query.")
        body = m["quoted"] if m["quoted"] is not None else m["bare"]
        if m["bare"] == "OR" and not m["neg"] and not m["field"] or m["bare"] in ("|", "||"):
            pieces.append(_Piece("", is_or=True))
            continue
        pieces.append(_Piece(body, quoted=m["quoted"] is not None, negated=bool(m["neg"]),
                             field=m["field"]))
    return pieces


# -- atoms ----------------------------------------------------------------------------------

def _atoms(pieces: list[_Piece], hints: list[str], typing_last_word: bool) -> list:
    atoms: list = []
    for index, piece in enumerate(pieces):
        if piece.is_or:
            atoms.append("OR")
            continue
        is_last = index == len(pieces) - 1
        atoms.extend(_piece_atoms(piece, hints, prefix_ok=is_last and typing_last_word))
    return atoms


def _before_first_letter(cleaned: str, pieces: list[_Piece], typing: bool) -> str | None:
    """The text before a new word's first character, when the query ends with one that may
    still be being typed ("moscow p" → "moscow "); else ``None``. Searched as a word it
    finds what has that word ("vitamin c", "phase 2"); as the start of every word it would
    be too slow to find in a large library, so where nothing has it, type-ahead shows what
    the words before it find (``without_first_letter``). A Chinese or Japanese character is
    a word in itself."""
    if not typing or len(pieces) < 2 or pieces[-2].is_or:
        return None
    last = pieces[-1]
    words = tokens_of(last.body)
    if (len(words) != 1 or len(words[0]) != 1 or last.quoted or last.negated
            or last.field is not None or unicodedata.east_asian_width(words[0]) in "WF"
            or not cleaned.endswith(last.body)):
        return None
    return cleaned[:len(cleaned) - len(last.body)]


def without_first_letter(query: Query) -> Query | None:
    """``query`` without a new word's first character that nothing has as a word ("moscow p"
    shows what "moscow" finds), with a hint; ``None`` when it ends with no such character."""
    if query.before_first_letter is None:
        return None
    shorter = parse(query.before_first_letter)
    letter = tokens_of(query.text)[-1]
    hint = f"No word is just “{letter}”: type more of it to find the words that start with it."
    return replace(shorter, text=query.text, hints=(*shorter.hints, hint))


def _piece_atoms(piece: _Piece, hints: list[str], *, prefix_ok: bool) -> list[Atom]:
    if piece.field is not None:
        name = piece.field.lower()
        if name in FIELDS and piece.body.strip():
            problem = filter_problem(name, piece.body)
            if problem is None:
                return [Filter(name, piece.body.strip(), piece.negated)]
            hints.append(f"{problem} — searched as words instead.")
        elif name in FIELDS:  # the value is probably still being typed: ignore the filter
            hints.append(f"“{piece.field}:” needs a value, e.g. {_example(name)}.")
            return []
        else:
            hints.append(f"“{piece.field}:” is not a field ({', '.join(FIELDS)}); "
                         "searched as words.")
        words = tokens_of(f"{piece.field} {piece.body}")
        return [Text((w,), negated=piece.negated) for w in words]
    words = tokens_of(piece.body)
    if not words:
        return []
    if piece.quoted or len(words) > 1:
        return [Text(words, phrase=len(words) > 1, negated=piece.negated,
                     prefix=prefix_ok and not piece.quoted and len(words[-1]) >= 2)]
    return [Text(words, negated=piece.negated, prefix=prefix_ok and len(words[0]) >= 2)]


def _example(name: str) -> str:
    return {"kind": "kind:deal", "year": "year:2014", "value": "value:>10bn",
            "date": "date:2016-06", "is": "is:bookmarked"}.get(name, f"{name}:gas")


def _group(atoms: list, hints: list[str]) -> list[tuple[Atom, ...]]:
    groups: list[list[Atom]] = []
    pending_or = False
    dropped_or = False
    for atom in atoms:
        if atom == "OR":
            if groups and not pending_or:
                pending_or = True
            else:
                dropped_or = True
            continue
        if pending_or:
            groups[-1].append(atom)
            pending_or = False
        else:
            groups.append([atom])
    if pending_or or dropped_or:
        hints.append("“OR” needs something on both sides; the stray OR was ignored.")
    return [tuple(g) for g in groups]


# -- filter values --------------------------------------------------------------------------

_YEAR_VALUE = re.compile(
    r"^(?:(?P<op><=|>=|<|>|=)?(?P<a>\d{4})|(?P<lo>\d{4})(?:\.\.|-)(?P<hi>\d{4}))$"
)
_DATE = r"\d{4}(?:-Q[1-4]|-\d{1,2}(?:-\d{1,2})?)?"
_DATE_VALUE = re.compile(
    rf"^(?:(?P<op><=|>=|<|>|=)?(?P<a>{_DATE})|(?P<lo>{_DATE})\.\.(?P<hi>{_DATE}))$", re.IGNORECASE
)
_AMOUNT = r"\$?\d[\d,]*(?:\.\d+)?\s*(?:k|m|mn|b|bn|t|tn)?|\$?\.\d+\s*(?:k|m|mn|b|bn|t|tn)?"
_VALUE_VALUE = re.compile(
    rf"^(?:(?P<op><=|>=|<|>|=)?(?P<a>{_AMOUNT})|(?P<lo>{_AMOUNT})\.\.(?P<hi>{_AMOUNT}))$",
    re.IGNORECASE,
)


def filter_problem(name: str, value: str) -> str | None:
    """Why a filter value cannot be used, or ``None`` when it can."""
    value = value.strip()
    if name == "kind" and value.lower() not in KIND_NAMES:
        return f"“kind:{value}” is not a kind (actor, deal, event, figure, place)"
    if name == "year" and not _valid_interval(_YEAR_VALUE, value):
        return f"“year:{value}” is not a year or range (year:2014, year:2014..2016, year:>2015)"
    if name == "date" and not _valid_interval(_DATE_VALUE, value):
        return f"“date:{value}” is not a date (date:2016-06, date:2016-06-25..2016-07-12)"
    if name == "value" and not _valid_amount(value):
        return f"“value:{value}” is not an amount (value:>10bn, value:1bn..50bn)"
    if name == "is" and value.lower() not in IS_VALUES:
        return f"“is:{value}” is unknown (is:{', is:'.join(IS_VALUES)})"
    if name == "batch" and not (value.isascii() and value.isdigit() and len(value) <= 18):
        return f"“batch:{value}” is not an import batch number"
    return None


def _valid_interval(pattern: re.Pattern, value: str) -> bool:
    """A year or date filter whose dates exist and whose range does not run backwards."""
    from db.dates import parse_date_spec
    from db.errors import InvalidValueError

    m = pattern.match(value)
    if not m:
        return False
    try:
        if m["lo"]:
            parse_date_spec(f"{m['lo']}..{m['hi']}")
        else:
            parse_date_spec(m["a"])
    except InvalidValueError:
        return False
    return True


def _valid_amount(value: str) -> bool:
    """An amount or a range of amounts whose low end is not above its high end (and none of
    them too large to be a number)."""
    from db.errors import InvalidValueError
    from db.money import parse_amount

    m = _VALUE_VALUE.match(value)
    if not m:
        return False
    try:
        amounts = [parse_amount(a) for a in (m["lo"], m["hi"], m["a"]) if a]
    except InvalidValueError:
        return False
    return not m["lo"] or amounts[0] <= amounts[1]


def split_comparison(pattern_name: str, value: str) -> tuple[str, str | None, str | None]:
    """``(op, a, b)`` for a year/date/value filter: op is one of = < <= > >= or ``..``."""
    pattern = {"year": _YEAR_VALUE, "date": _DATE_VALUE, "value": _VALUE_VALUE}[pattern_name]
    m = pattern.match(value.strip())
    if m["lo"]:
        return "..", m["lo"], m["hi"]
    return m["op"] or "=", m["a"], None
