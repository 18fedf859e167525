"""One row of a file made into an entry, or rejected with the reason a person can act on."""

from __future__ import annotations

import functools
import json
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from db.dates import PRECISIONS, DateInterval
from db.errors import InvalidValueError
from db.importing.cells import LinkRef, add_extra, named_links, parse_links, split_list
from db.importing.composing import compile_template, is_generic, qualified
from db.importing.mapping import ColumnRule, Mapping
from db.importing.values import (
    currency_code,
    is_blank,
    parse_flag,
    parse_import_date,
    parse_import_money,
    parse_number,
)
from db.textindex import fold, transliterate

KINDS = ("actor", "deal", "event", "figure", "place")
DEFAULT_KIND = "deal"
UNKNOWN_CURRENCY = "XXX"  # ISO 4217's "no currency": an amount whose currency is unreadable
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")


_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# The cells each part of an entry is read from: the same few dates, sums and names recur down
# a file, so each part is read once per distinct combination of its cells.
DATE_FIELDS = ("date", "date_end", "month", "date_precision", "date_uncertain", "date_note",
               "date_text")
MONEY_FIELDS = ("value", "currency", "value_usd", "value_text", "value_note")
REMEMBERED = 1 << 16  # distinct combinations remembered per part
# Fields filled from several columns, each cell a list (or kept as an extra property).
LIST_FIELDS = frozenset({"actor", "place", "links", "aliases", "tags", "extra"})


class RowRejected(Exception):
    """This row cannot become an entry; ``str(exc)`` says why."""


@dataclass
class RowPlan:
    """What one row will write: the entry's columns and its aliases, tags and links."""

    number: int
    source_id: str | None
    entry: dict
    aliases: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    links: list[LinkRef] = field(default_factory=list)


def slug(text: str) -> str:
    """An id-safe form of a name or source id: ``Export-Import Bank`` → ``export-import-bank``."""
    folded = text.lower() if text.isascii() else fold(transliterate(fold(text)))
    return _NOT_SLUG.sub("-", folded).strip("-")


class RowPlanner:
    """Turns rows of cells into ``RowPlan``s following a mapping's rules."""

    def __init__(self, columns: list[str], rules: list[ColumnRule | None], mapping: Mapping, *,
                 kind: str | None, id_prefix: str):
        self.columns = columns
        self.rules = rules
        self.mapping = mapping
        self.kind = kind or mapping.kind or DEFAULT_KIND
        self.id_prefix = id_prefix
        self._single = {r.field: i for i, r in enumerate(rules)
                        if r is not None and r.field not in LIST_FIELDS}
        self._cells = list(self._single.items())
        self._lists = [(i, r.field) for i, r in enumerate(rules)
                       if r is not None and r.field in LIST_FIELDS]
        self._date_fields = [f for f in DATE_FIELDS if f in self._single]
        self._money_fields = [f for f in MONEY_FIELDS if f in self._single]
        self._date_key = _key_of(self._date_fields)
        self._money_key = _key_of(self._money_fields)
        self._dates_read: dict[tuple, dict] = {}
        self._money_read: dict[tuple, dict] = {}
        self._items_of = functools.lru_cache(REMEMBERED)(self._read_items)
        index = {c: i for i, c in enumerate(columns)}
        self._qualifier = {i: index[r.qualify] for i, r in enumerate(rules)
                           if r is not None and r.qualify in index}
        self._templates = {
            key: compile_template(template, columns, self._cell_text)
            for key, template in (("title", mapping.title_template),
                                  ("summary", mapping.summary_template))
            if template and key not in self._single}  # a column of its own wins

    def plan(self, number: int, cells: list[str]) -> RowPlan:
        """The plan for one row; raises ``RowRejected`` with the reason."""
        if self.mapping.unneutralise:
            cells = [unneutralise(c) for c in cells]
        try:
            return self._plan(number, cells)
        except InvalidValueError as exc:
            raise RowRejected(str(exc)) from None

    def _plan(self, number: int, cells: list[str]) -> RowPlan:
        v = {name: cells[index].strip() or None for name, index in self._cells}
        for key, render in self._templates.items():
            v[key] = render(cells) or None
        title = v.get("title")
        if not title:
            raise RowRejected(self._no_title())
        entry = {"kind": self._kind(v), "title": title,
                 "category": v.get("category"),
                 "summary": v.get("summary"), "status": v.get("status")}
        key = self._date_key(v)
        dates = self._dates_read.get(key)
        entry |= dates if dates is not None else self._remember(
            self._dates_read, key, self._read_dates)
        key = self._money_key(v)
        money = self._money_read.get(key)
        entry |= money if money is not None else self._remember(
            self._money_read, key, self._read_money)
        plan = RowPlan(number, self._source_id(v), entry)
        if self._lists:
            self._fill_lists(cells, plan)
        else:
            entry["extra"] = None
        return plan

    @staticmethod
    def _remember(read: dict, key: tuple, reader) -> dict:
        """What ``reader`` makes of the cells ``key``, kept for the rows that repeat them (a
        cell it cannot read raises each time, so its row is rejected with the reason)."""
        if len(read) >= REMEMBERED:
            read.clear()
        read[key] = made = reader(*key)
        return made

    def _cell_text(self, index: int, cells: list[str]) -> str:
        """A cell as a template shows it: stripped, and qualified when generic."""
        text = cells[index].strip()
        where = self._qualifier.get(index)
        return qualified(text, cells[where].strip()) if where is not None and text else text

    def _no_title(self) -> str:
        if "title" in self._templates:
            return (f"has no title (the columns of the title template "
                    f"{self.mapping.title_template!r} are empty)")
        return f"has no title (column {self._column('title')!r} is empty)"

    def _column(self, name: str) -> str:
        return self.columns[self._single[name]]

    def _kind(self, v: dict) -> str:
        written = v.get("kind")
        if not written:
            return self.kind
        kind = fold(written)
        if kind not in KINDS:
            raise RowRejected(f"kind {written!r} is not one of {', '.join(KINDS)}")
        return kind

    def _source_id(self, v: dict) -> str | None:
        if "id" not in self._single:
            return None
        written = v.get("id")
        made = slug(written or "")
        if not made:
            raise RowRejected(f"has no usable id in column {self._column('id')!r}")
        return f"{self.id_prefix}-{made}" if self.id_prefix else made

    # -- dates --------------------------------------------------------------------------------

    def _read_dates(self, *cells: str | None) -> dict:
        """The date columns of an entry from the (stripped) cells of ``_date_fields``."""
        return self._dates(dict(zip(self._date_fields, cells, strict=True)))

    def _dates(self, v: dict) -> dict:
        written = v.get("date")
        start = parse_import_date(written)
        notes = [v.get("date_note")]
        flag = None
        interval = start.interval if start else None
        if start and start.uncertain:
            notes.append(f"uncertain (written “{written}”)")
        interval = self._with_month(v, interval)
        end = parse_import_date(v.get("date_end"))
        if end is not None:
            if interval is None:
                raise RowRejected("has an end date but no date")
            if end.interval.end < interval.start:  # kept with its start, flagged
                flag = "ends before it starts"
                notes.append(f"the file says it ends {end.interval.end_iso} (column "
                             f"{self._column('date_end')!r}), before it starts "
                             f"({interval.start_iso}); that end is left out")
            else:
                interval = DateInterval(interval.start, end.interval.end, "range")
        interval = self._with_precision(v, interval)
        flagged = v.get("date_uncertain")
        if interval is not None and flagged is not None and parse_flag(flagged):
            notes.append("uncertain (flagged in the file)")
        if interval is not None and self._rule("date").note:
            notes.append(self._rule("date").note)
        if interval is None:
            return {"date_start": None, "date_end": None, "date_precision": None,
                    "date_text": v.get("date_text"), "date_origin": None,
                    "date_note": _join(notes), "flag": flag}
        return {"date_start": interval.start_iso, "date_end": interval.end_iso,
                "date_precision": interval.precision,
                "date_text": v.get("date_text") or self._date_words(v),
                "date_origin": "source", "date_note": _join(notes), "flag": flag}

    def _rule(self, name: str) -> ColumnRule:
        index = self._single.get(name)
        return self.rules[index] if index is not None else ColumnRule(name)

    def _with_month(self, v: dict, interval: DateInterval | None):
        month = v.get("month")
        if not month or is_blank(month):
            return interval
        number = _month_number(month)
        if interval is None or interval.precision != "year":
            raise RowRejected(f"has a month ({month!r}) but no year in column "
                              f"{self._column('date') if 'date' in self._single else 'date'!r}")
        return parse_import_date(f"{interval.start.year}-{number:02d}").interval

    def _with_precision(self, v: dict, interval: DateInterval | None):
        precision = v.get("date_precision")
        if not precision or interval is None:
            return interval
        if precision not in PRECISIONS:
            raise RowRejected(f"date precision {precision!r} is not one of "
                              f"{', '.join(PRECISIONS)}")
        return DateInterval(interval.start, interval.end, precision)

    def _date_words(self, v: dict) -> str | None:
        written = v.get("date")
        if written and re.fullmatch(r"\d{4}-\d\d-\d\d[ T][\d:.]+|\d{5}(\.\d+)?", written):
            return parse_import_date(written).interval.start_iso  # a spreadsheet's date cell
        month = v.get("month")
        return " ".join(w for w in (month, written) if w) or None

    # -- money --------------------------------------------------------------------------------

    def _read_money(self, *cells: str | None) -> dict:
        """The value columns of an entry from the (stripped) cells of ``_money_fields``."""
        return self._money(dict(zip(self._money_fields, cells, strict=True)))

    def _money(self, v: dict) -> dict:
        rule = self._rule("value")
        written = v.get("value")
        currency_written = v.get("currency")
        notes = [v.get("value_note")]
        try:
            currency = currency_code(currency_written) or rule.currency
        except InvalidValueError:
            currency = UNKNOWN_CURRENCY  # kept as written below, never taken for dollars
            notes.append(f"currency {currency_written!r} is not a currency code")
        money = parse_import_money(written, unit=rule.unit, currency=currency)
        usd_written = v.get("value_usd")
        value_text = v.get("value_text")
        if money is None and value_text and not written:
            money = parse_import_money(value_text, currency=currency)
        usd = parse_number(usd_written)
        if usd is None and money is not None:
            usd = money.usd
            notes.append(money.note if money.currency != UNKNOWN_CURRENCY else None)
        if money is not None and rule.note:
            notes.append(rule.note)
        if usd_written and not is_blank(usd_written) and self._rule("value_usd").note:
            notes.append(self._rule("value_usd").note)
        if written and not value_text:
            shown = None
            # A number scaled by its column ("1,500" under "Amount ($m)") stays as written:
            # "1,500 USD" would say what the file never said; the note names unit and currency.
            if money is not None and currency and not _shows_currency(written) \
                    and rule.unit == "ones":
                shown = currency_written if currency == UNKNOWN_CURRENCY else currency
            value_text = f"{written} {shown}" if shown else written
        return {"value_usd": usd, "value_text": value_text if not is_blank(value_text) else None,
                "value_note": _join(notes)}

    # -- names, tags, links, extras -----------------------------------------------------------

    def _fill_lists(self, cells: list[str], plan: RowPlan) -> None:
        extra: dict = {}
        for index, name in self._lists:
            cell = cells[index]
            if not cell or cell.isspace():
                continue
            if name == "extra":
                add_extra(extra, self.columns[index], cell, self.rules[index])
            elif name == "tags":
                plan.tags += [t for t in self._items_of(index, cell) if t not in plan.tags]
            elif name == "aliases":
                plan.aliases += [a for a in self._items_of(index, cell)
                                 if a not in plan.aliases and a != plan.entry["title"]]
            elif index in self._qualifier:
                refs = self._items_of(index, cell)
                if any(is_generic(ref.name) for ref in refs):
                    where = cells[self._qualifier[index]].strip()
                    refs = [ref._replace(name=qualified(ref.name, where)) for ref in refs]
                plan.links += refs
            else:
                plan.links += self._items_of(index, cell)
        plan.entry["extra"] = json.dumps(extra, ensure_ascii=False) if extra else None

    def _read_items(self, index: int, cell: str) -> tuple:
        """The tags, other names or links a list cell of column ``index`` holds."""
        rule = self.rules[index]
        if rule.field in ("tags", "aliases"):
            return tuple(split_list(cell, rule.separator))
        if rule.field == "links":
            return tuple(parse_links(cell))
        return tuple(named_links(cell, rule))


def _key_of(names: list[str]) -> Callable[[dict], tuple]:
    """The cells ``names`` of a row's stripped cells, as a tuple (an empty one for none)."""
    if not names:
        return lambda v: ()
    if len(names) == 1:
        name = names[0]
        return lambda v: (v[name],)
    return operator.itemgetter(*names)


def unneutralise(text: str) -> str:
    """Undo the ' an export put before a cell a spreadsheet would run as a formula."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _join(parts) -> str | None:
    kept = list(dict.fromkeys(p for p in parts if p))  # a note read back is not doubled
    return "; ".join(kept) if kept else None


def _month_number(text: str) -> int:
    word = fold(text).rstrip(".")
    if word.isdigit() and 1 <= int(word) <= 12:
        return int(word)
    for number, name in enumerate(_MONTHS, start=1):
        if len(word) >= 3 and name.startswith(word):
            return number
    raise RowRejected(f"month {text!r} is not a month")


def _shows_currency(text: str) -> bool:
    return bool(re.search(r"[^\d\s.,]", text))
