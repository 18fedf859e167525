"""Which entry field each column of a file fills: the mapping, its guesses and its checks.

A mapping names columns; a column it does not name is kept as an extra property (or left out,
if the mapping says ``unmapped = "ignore"``). Mappings are plain dicts on disk (TOML presets,
JSON in the library) and frozen dataclasses in code.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields, replace

from db.errors import MappingError
from db.importing.values import UNITS
from db.textindex import fold

# Every field a column can fill, with the label people see.
FIELDS: dict[str, str] = {
    "id": "Source id (becomes the entry id)",
    "title": "Title",
    "kind": "Kind (actor, deal, event, figure, place)",
    "category": "Category",
    "summary": "Summary",
    "status": "Status",
    "date": "Date",
    "month": "Month (with a year in the date column)",
    "date_end": "End date",
    "date_precision": "Date precision (day, month, quarter, year, range)",
    "date_text": "Date as written",
    "date_note": "Note on the date",
    "date_uncertain": "Date is uncertain (yes/no)",
    "value": "Value (a sum of money as written)",
    "value_usd": "Value in US dollars (a number)",
    "value_text": "Value as written",
    "value_note": "Note on the value",
    "currency": "Currency of the value",
    "actor": "Actor names (linked)",
    "place": "Place or country (linked)",
    "links": "Links (role: name; …)",
    "aliases": "Other names",
    "tags": "Tags",
    "extra": "Keep as an extra property",
    "ignore": "Leave out",
}
MANY_COLUMNS = frozenset({"actor", "place", "links", "aliases", "tags", "extra", "ignore"})
LINK_FIELDS = frozenset({"actor", "place"})
DEFAULT_ROLES = {"actor": "party", "place": "located in"}
EXTRA_TYPES = ("text", "date", "number", "json", "list")
UNMAPPED = ("extra", "ignore")


@dataclass(frozen=True)
class ColumnRule:
    """How one column fills its field."""

    field: str
    role: str | None = None  # actor/place: the role of the link
    separator: str | None = None  # several names, tags or values in one cell
    unit: str = "ones"  # value: bare numbers are in ones, thousands, millions or billions
    currency: str | None = None  # value: the currency when a cell shows none
    category: str | None = None  # actor/place: category of entries this import creates
    category_after: str | None = None  # actor: "Name, Type": the last part is the category
    type: str = "text"  # extra: text, date, number, json or list
    note: str | None = None  # value, value_usd, date: a note kept with a filled cell
    optional: bool = False  # a preset's column that a file may lack

    def to_dict(self) -> dict:
        defaults = ColumnRule(self.field)
        return {k: v for k, v in asdict(self).items()
                if k == "field" or v != getattr(defaults, k)}


@dataclass(frozen=True)
class Mapping:
    """Column name → rule, with what applies to every row."""

    columns: dict[str, ColumnRule] = field(default_factory=dict)
    name: str | None = None
    title: str | None = None
    kind: str | None = None  # the kind of entries when no column gives one
    id_prefix: str | None = None  # ids are "<prefix>-<source id>"; "" keeps the source id
    unmapped: str = "extra"  # columns the mapping does not name: "extra" or "ignore"
    unneutralise: bool = False  # undo the ' that Roadbook's exports put before =, +, -, @

    def to_dict(self) -> dict:
        out = {k: getattr(self, k) for k in ("name", "title", "kind", "id_prefix")
               if getattr(self, k) is not None}
        out["unmapped"] = self.unmapped
        if self.unneutralise:
            out["unneutralise"] = True
        out["columns"] = {name: rule.to_dict() for name, rule in self.columns.items()}
        return out

    def with_column(self, column: str, rule: ColumnRule | None) -> Mapping:
        columns = {k: v for k, v in self.columns.items() if k != column}
        if rule is not None:
            columns[column] = rule
        return replace(self, columns=columns)


_RULE_KEYS = {f.name for f in fields(ColumnRule)}


def mapping_from_dict(data: dict) -> Mapping:
    """A mapping from its stored form (TOML preset or JSON); ``MappingError`` if malformed."""
    if not isinstance(data, dict):
        raise MappingError("a mapping must be a table of settings")
    columns = {}
    for column, spec in (data.get("columns") or {}).items():
        if isinstance(spec, str):
            spec = {"field": spec}
        unknown = set(spec) - _RULE_KEYS
        if unknown:
            raise MappingError(f"column {column!r}: unknown setting(s) "
                               f"{', '.join(sorted(unknown))}")
        columns[str(column)] = check_rule(column, ColumnRule(**spec))
    unmapped = data.get("unmapped", "extra")
    if unmapped not in UNMAPPED:
        raise MappingError("unmapped must be 'extra' or 'ignore'")
    return Mapping(columns=columns, name=data.get("name"), title=data.get("title"),
                   kind=data.get("kind"), id_prefix=data.get("id_prefix"), unmapped=unmapped,
                   unneutralise=bool(data.get("unneutralise", False)))


def check_rule(column: str, rule: ColumnRule) -> ColumnRule:
    if rule.field not in FIELDS:
        raise MappingError(f"column {column!r}: unknown field {rule.field!r} (one of "
                           f"{', '.join(FIELDS)})")
    if rule.unit not in UNITS:
        raise MappingError(f"column {column!r}: unit must be one of {', '.join(UNITS)}")
    if rule.type not in EXTRA_TYPES:
        raise MappingError(f"column {column!r}: type must be one of {', '.join(EXTRA_TYPES)}")
    if rule.field in LINK_FIELDS and not rule.role:
        rule = replace(rule, role=DEFAULT_ROLES[rule.field])
    return rule


def rule_from_spec(column: str, spec: str) -> ColumnRule:
    """``FIELD[:OPTION]`` as typed after ``--map COLUMN=``: ``actor:financier``,
    ``value:millions``, ``value:CNY``, ``tags:;`` (a separator), ``extra:date``."""
    name, _, option = spec.partition(":")
    name = name.strip()
    if name not in FIELDS:
        raise MappingError(f"--map {column}={spec}: unknown field {name!r} (one of "
                           f"{', '.join(FIELDS)})")
    if not option:
        return check_rule(column, ColumnRule(name))
    if name in LINK_FIELDS:
        return check_rule(column, ColumnRule(name, role=option))
    if name == "value":
        return check_rule(column, ColumnRule(name, unit=option) if option in UNITS
                          else ColumnRule(name, currency=option.upper()))
    if name == "extra" and option in EXTRA_TYPES:
        return check_rule(column, ColumnRule(name, type=option))
    if name in ("tags", "aliases"):
        return check_rule(column, ColumnRule(name, separator=option))
    raise MappingError(f"--map {column}={spec}: {name} takes no option")


def resolve(mapping: Mapping, columns: list[str]) -> list[ColumnRule | None]:
    """The rule for each column of a file, in order (``None``: left out).

    Raises ``MappingError`` when the mapping names a column the file lacks, maps two columns
    to a field that takes one, or maps no title.
    """
    present = set(columns)
    missing = [c for c, r in mapping.columns.items() if c not in present and not r.optional]
    if missing:
        raise MappingError(f"the mapping names column(s) the file does not have: "
                           f"{', '.join(missing)} (the file has {', '.join(columns[:12])}"
                           f"{' …' if len(columns) > 12 else ''})")
    seen: dict[str, str] = {}
    out: list[ColumnRule | None] = []
    for column in columns:
        rule = mapping.columns.get(column)
        if rule is None:
            rule = ColumnRule("extra") if mapping.unmapped == "extra" else None
        elif rule.field not in MANY_COLUMNS:
            if rule.field in seen:
                raise MappingError(f"columns {seen[rule.field]!r} and {column!r} both map to "
                                   f"{rule.field}; choose one")
            seen[rule.field] = column
        out.append(None if rule is not None and rule.field == "ignore" else rule)
    if "title" not in seen:
        raise MappingError("no column is mapped to the title; every entry needs one")
    return out


# -- guesses -------------------------------------------------------------------------------------

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
    (r".*\b(millions?|mn|usd m|\$ ?m)\b.*", ColumnRule("value", unit="millions")),
    (r".*\b(billions?|bn|usd bn|\$ ?bn)\b.*", ColumnRule("value", unit="billions")),
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


def header_key(name: str) -> str:
    """A header folded for matching: "Quantity in Millions" → "quantity in millions"."""
    return re.sub(r"[^a-z0-9$]+", " ", fold(name).replace("_", " ")).strip()


def guess_mapping(columns: list[str]) -> Mapping:
    """Sensible guesses from header names; unguessed columns are kept as extra properties."""
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
    return Mapping(columns=out)


def describe(rule: ColumnRule | None) -> str:
    """A rule in a few words, for the command line and the preview."""
    if rule is None:
        return "left out"
    words = [rule.field]
    if rule.role and rule.field in LINK_FIELDS:
        words.append(f"({rule.role})")
    if rule.field == "value" and rule.unit != "ones":
        words.append(f"in {rule.unit}")
    if rule.currency:
        words.append(rule.currency)
    if rule.field == "extra" and rule.type != "text":
        words.append(f"({rule.type})")
    return " ".join(words)
