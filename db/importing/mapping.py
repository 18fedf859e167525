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
    qualify: str | None = None  # actor: the column that names whose a generic party is

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
    title_template: str | None = None  # "{Investor} → {Transaction Party} ({Year})"
    summary_template: str | None = None
    label: str | None = None  # a preset's short name: "AidData GCOFD 1.0"
    headers: tuple[str, ...] = ()  # a preset is chosen for a file that has all of these
    credit: str | None = None  # a preset's dataset: whom to credit, and under what licence
    licence: str | None = None

    def to_dict(self) -> dict:
        out = {k: getattr(self, k) for k in _MAPPING_TEXTS if getattr(self, k) is not None}
        out["unmapped"] = self.unmapped
        if self.unneutralise:
            out["unneutralise"] = True
        if self.headers:
            out["headers"] = list(self.headers)
        out["columns"] = {name: rule.to_dict() for name, rule in self.columns.items()}
        return out

    def with_column(self, column: str, rule: ColumnRule | None) -> Mapping:
        columns = {k: v for k, v in self.columns.items() if k != column}
        if rule is not None:
            columns[column] = rule
        return replace(self, columns=columns)


_RULE_KEYS = {f.name for f in fields(ColumnRule)}
_MAPPING_TEXTS = ("name", "title", "kind", "id_prefix", "title_template", "summary_template",
                  "label", "credit", "licence")


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
    texts = {k: data.get(k) for k in _MAPPING_TEXTS}
    for key in ("title_template", "summary_template"):
        if texts[key] is not None:
            check_template(key, texts[key])
    headers = data.get("headers") or ()
    if not isinstance(headers, list | tuple) or not all(isinstance(h, str) for h in headers):
        raise MappingError("headers must be a list of column names")
    return Mapping(columns=columns, unmapped=unmapped, headers=tuple(headers),
                   unneutralise=bool(data.get("unneutralise", False)), **texts)


_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def template_columns(template: str) -> list[str]:
    """The columns a title or summary template names: ``{Investor} → {Country}``."""
    return [m.strip() for m in _PLACEHOLDER.findall(template)]


def check_template(key: str, template: str) -> str:
    if not isinstance(template, str) or not template_columns(template):
        raise MappingError(f"{key} must name at least one column in braces, e.g. "
                           "\"{Investor} → {Transaction Party} ({Year})\"")
    return template


def check_rule(column: str, rule: ColumnRule) -> ColumnRule:
    if rule.field not in FIELDS:
        raise MappingError(f"column {column!r}: unknown field {rule.field!r} (one of "
                           f"{', '.join(FIELDS)})")
    if rule.unit not in UNITS:
        raise MappingError(f"column {column!r}: unit must be one of {', '.join(UNITS)}")
    if rule.type not in EXTRA_TYPES:
        raise MappingError(f"column {column!r}: type must be one of {', '.join(EXTRA_TYPES)}")
    if rule.qualify is not None and rule.field not in LINK_FIELDS:
        raise MappingError(f"column {column!r}: only actor and place columns can be qualified")
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
    named = [c for t in (mapping.title_template, mapping.summary_template) if t
             for c in template_columns(t) if c not in present]
    named += [r.qualify for c, r in mapping.columns.items()
              if r.qualify and c in present and r.qualify not in present]
    if named:
        raise MappingError(f"the title or summary template, or a qualified name, needs "
                           f"column(s) the file does not have: {', '.join(dict.fromkeys(named))}")
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
    if "title" not in seen and not mapping.title_template:
        raise MappingError("no column is mapped to the title and no title template is set; "
                           "every entry needs one")
    return out


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
