"""A mapping guessed from a file's headers, for a file no preset recognises.

Each header is folded ("Amount ($m)" → "amount $m") and matched against patterns; a file with
no title column gets a title composed from its actor and place columns, and generic party
names ("Government") are qualified by the file's country column.
"""

from __future__ import annotations

import re
from dataclasses import replace

from db.importing.mapping import FIELDS, MANY_COLUMNS, ColumnRule, Mapping, check_rule
from db.textindex import fold

_DOLLARS = r"(\$|usd|us\$|us ?dollars?)"
# (pattern on the folded header, rule); the first column that matches a single field gets it.
_GUESSES: tuple[tuple[str, ColumnRule], ...] = (
    (r"(project|record|deal|entry|source)? ?id|ref(erence)?|code", ColumnRule("id")),
    (r"(project |deal |entry )?(title|name|headline)|project|deal|entry", ColumnRule("title")),
    (r"description|summary|details?|notes?|comments?|abstract", ColumnRule("summary")),
    (r"kind|entry type", ColumnRule("kind")),
    (r"category|type|flow|deal type|flow type|flow class", ColumnRule("category")),
    (r"status|stage", ColumnRule("status")),
    (r"date|year|commitment (year|date)|start( date)?|date signed|signed|announced",
     ColumnRule("date")),
    (r"month", ColumnRule("month")),
    (r"end( date)?|completion( date)?|end actual", ColumnRule("date_end")),
    (r"(year|date) uncertain|uncertain", ColumnRule("date_uncertain")),
    (rf".*((?<![a-z])thousands?(?![a-z])|{_DOLLARS} ?k(?![a-z])).*",
     ColumnRule("value", unit="thousands")),
    (rf".*((?<![a-z])(millions?|mn|mln)(?![a-z])|{_DOLLARS} ?m(?![a-z])).*",
     ColumnRule("value", unit="millions")),
    (rf".*((?<![a-z])(billions?|bn|bln)(?![a-z])|{_DOLLARS} ?b(?![a-z])).*",
     ColumnRule("value", unit="billions")),
    (r"amount|value|sum|investment|quantity|size|cost|loan amount", ColumnRule("value")),
    (r"(value |amount )?(usd|us\$|dollars)( current)?|usd defl.*", ColumnRule("value_usd")),
    (r"currency|curr", ColumnRule("currency")),
    (r"country|recipient( country)?|host country|place|location|city|region|destination",
     ColumnRule("place")),
    (r"investor|lender|funder|financier|funding agency|donor|creditor",
     ColumnRule("actor", role="financier")),
    (r"borrower|beneficiary", ColumnRule("actor", role="beneficiary")),
    (r"company|companies|transaction party|partner|contractor|parties|party|actors?|"
     r"organi[sz]ations?|agency|implementing agency", ColumnRule("actor", role="party")),
    (r"tags?|sector|subsector|topics?|keywords|themes?", ColumnRule("tags", separator=";")),
    (r"aliases|other names|also known as|aka", ColumnRule("aliases", separator=";")),
    (r"links", ColumnRule("links")),
)
# Where the title is composed from the actors, who comes first: the money's side.
_FIRST_ROLES = ("financier", "donor", "investor", "lender")


def header_key(name: str) -> str:
    """A header folded for matching: "Quantity in Millions" → "quantity in millions",
    "(US$ million)" → "us$ million"."""
    return re.sub(r"[^a-z0-9$]+", " ", fold(name).replace("_", " ")).strip()


def guess_mapping(columns: list[str]) -> Mapping:
    """Sensible guesses from header names; unguessed columns are kept as extra properties.

    Without a title column the title is composed from the actor and place columns (and the
    date): "{Investor} → {Transaction Party} ({Country}, {Year})".
    """
    out = _guessed_rules(columns)
    out = _qualified_by_country(out)
    return Mapping(columns=out, title_template=_composed_title(out))


def _guessed_rules(columns: list[str]) -> dict[str, ColumnRule]:
    taken: set[str] = set()
    out: dict[str, ColumnRule] = {}
    keys = {column: header_key(column) for column in columns}
    for column, key in keys.items():  # a header that names a field exactly wins
        name = key.replace(" ", "_")
        if name in FIELDS and name not in ("extra", "ignore") and name not in taken:
            out[column] = check_rule(column, ColumnRule(name))
            if name not in MANY_COLUMNS:
                taken.add(name)
    for column, key in keys.items():
        if column in out:
            continue
        for pattern, rule in _GUESSES:
            if re.fullmatch(pattern, key) and (rule.field in MANY_COLUMNS
                                               or rule.field not in taken):
                out[column] = check_rule(column, rule)
                if rule.field not in MANY_COLUMNS:
                    taken.add(rule.field)
                break
    return out


def _country_column(rules: dict[str, ColumnRule]) -> str | None:
    places = [c for c, r in rules.items() if r.field == "place"]
    countries = [c for c in places if "country" in header_key(c) or "recipient" in
                 header_key(c)]
    return (countries or [None])[0]


def _qualified_by_country(rules: dict[str, ColumnRule]) -> dict[str, ColumnRule]:
    """Actor columns name their generic parties ("Government") by the row's country."""
    country = _country_column(rules)
    if country is None:
        return rules
    return {c: replace(r, qualify=country) if r.field == "actor" else r
            for c, r in rules.items()}


def _composed_title(rules: dict[str, ColumnRule]) -> str | None:
    """A title template over the actor and place columns, when no column is the title."""
    if any(r.field == "title" for r in rules.values()):
        return None
    actors = [c for c, r in rules.items() if r.field == "actor"]
    actors.sort(key=lambda c: rules[c].role not in _FIRST_ROLES)
    places = [c for c, r in rules.items() if r.field == "place"][:1]
    dates = [c for c, r in rules.items() if r.field == "date"]
    if not actors and not places:
        return None
    head = " → ".join(f"{{{c}}}" for c in actors) or f"{{{places[0]}}}"
    tail = [f"{{{c}}}" for c in (places if actors else []) + dates]
    return f"{head} ({', '.join(tail)})" if tail else head
