"""What a printed briefing holds, gathered from a library as plain data (no Qt, no layout).

A report is made from a *scope* — a query, some entry ids, or the bookmarks (optionally one
tag) — and holds the entries in order with their details, links, notes and bookmark, plus the
source quotes numbered once across the whole report, in the order the entries cite them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

from db.errors import NotFoundError, RoadbookError

REPORT_LIMIT = 2_000  # entries; a longer briefing is a book nobody prints
SCOPE_KINDS = ("query", "ids", "bookmarks")


class Library(Protocol):
    """What a report reads from a ``db.Library`` (which builds reports; it is not imported)."""

    path: Path

    def results(self, text: str): ...
    def bookmarks(self, *, tag: str | None = None) -> list[dict]: ...
    def titles(self, ids: list[str]) -> dict[str, str]: ...
    def rows(self, nums: list[int]) -> dict[int, dict]: ...
    def num_for(self, entry_id: str) -> int: ...
    def get(self, entry_id: str) -> dict: ...
    def sources(self) -> list[dict]: ...
    def datasets_used(self, entry_ids: list[str]) -> list[dict]: ...
    def timeline_items(self, nums: list[int]): ...
    def graph_around(self, ids, *, depth: int = 1, limit: int | None = None): ...


class ReportError(RoadbookError):
    """A report cannot be made or written as asked; the message says what to change."""


class ReportCancelled(RoadbookError):
    """The user cancelled making a report; nothing was written."""


@dataclass(frozen=True)
class ReportScope:
    """Which entries a report holds: a ``query``, the entry ``ids`` given, or ``bookmarks``."""

    kind: str
    query: str = ""
    ids: tuple[str, ...] = ()
    tag: str | None = None

    def __post_init__(self):
        if self.kind not in SCOPE_KINDS:
            raise ValueError(f"unknown report scope {self.kind!r}")

    @classmethod
    def for_query(cls, query: str) -> ReportScope:
        return cls("query", query=query)

    @classmethod
    def for_ids(cls, ids) -> ReportScope:
        return cls("ids", ids=tuple(dict.fromkeys(i for i in ids if i)))

    @classmethod
    def for_bookmarks(cls, tag: str | None = None) -> ReportScope:
        return cls("bookmarks", tag=tag or None)


@dataclass(frozen=True)
class Citation:
    """A numbered quote: the exact words of the source and where they come from."""

    number: int
    entry_id: str
    quote: str
    source_id: str
    source_title: str
    page: int | None = None  # the page of a PDF source the quote is on

    @property
    def place(self) -> str:
        """The source, and its page when it has pages: "Energy report, p. 3"."""
        from db.citing import cited_place

        return cited_place(self.source_title, self.page)


@dataclass(frozen=True)
class ReportEntry:
    """One entry as printed. ``citations`` are numbers into ``Report.citations``."""

    position: int
    id: str
    title: str
    kind: str | None
    exists: bool = True
    category: str | None = None
    summary: str | None = None
    status: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    date_precision: str | None = None
    date_text: str | None = None
    date_origin: str | None = None
    date_note: str | None = None
    value_usd: float | None = None
    value_text: str | None = None
    value_note: str | None = None
    measures: tuple[dict, ...] = ()
    aliases: tuple[dict, ...] = ()
    links: tuple[dict, ...] = ()
    notes: tuple[dict, ...] = ()
    topics: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    citations: tuple[int, ...] = ()
    bookmark: dict | None = None
    statements: tuple[dict, ...] = ()  # what each source states (db.statements)
    disagreements: tuple[str, ...] = ()  # the fields whose statements disagree
    provenance: tuple[dict, ...] = ()  # the file rows an imported entry came from


@dataclass(frozen=True)
class Report:
    """Everything a briefing prints, in order."""

    title: str
    scope: ReportScope
    scope_text: str
    library_name: str
    made_on: date
    entries: tuple[ReportEntry, ...]
    citations: tuple[Citation, ...]
    sources: tuple[dict, ...]  # the sources cited: id, title, credit
    timeline: object | None = None  # ``db.timeline.TimelineData`` of the dated entries
    chart: object | None = None  # ``db.graph.Graph``: the entries, what they link to, the links
    hints: tuple[str, ...] = field(default=())
    datasets: tuple[dict, ...] = ()  # the imported datasets the entries come from, with credits

    def citation(self, number: int) -> Citation:
        return self.citations[number - 1]

    @property
    def kind_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for entry in self.entries:
            counts[entry.kind or "missing"] = counts.get(entry.kind or "missing", 0) + 1
        return counts


Progress = Callable[[int, int], bool | None]


def gather_report(library: Library, scope: ReportScope, *, title: str | None = None,
                  made_on: date | None = None, progress: Progress | None = None) -> Report:
    """Read everything a briefing on ``scope`` needs. ``progress(done, total)`` is called per
    entry; returning ``False`` stops with ``ReportCancelled``."""
    ids, bookmarks, hints = _scope_ids(library, scope)
    if len(ids) > REPORT_LIMIT:
        raise ReportError(f"{len(ids):,} entries are too many for one briefing (at most "
                          f"{REPORT_LIMIT:,}); narrow the search or choose fewer entries.")
    nums = _nums_by_id(library, ids)
    rows = _parties_by_id(library, list(nums.values()))
    citations: list[Citation] = []
    entries = []
    for position, entry_id in enumerate(ids, start=1):
        entries.append(_report_entry(library, position, entry_id, bookmarks.get(entry_id),
                                     rows.get(entry_id, ()), citations))
        if progress is not None and progress(position, len(ids)) is False:
            raise ReportCancelled("The report was cancelled.")
    return Report(
        title=title or default_title(scope, entries), scope=scope,
        scope_text=describe_scope(scope, len(entries)), library_name=library.path.name,
        made_on=made_on or date.today(), entries=tuple(entries), citations=tuple(citations),
        sources=_cited_sources(library, citations),
        timeline=library.timeline_items(list(nums.values())),
        chart=_chart(library, ids),
        hints=hints, datasets=tuple(library.datasets_used(list(nums))))


CHART_LIMIT = 120  # entries on a printed link chart: more would not read on a page


def _chart(library: Library, ids: list[str]):
    """The link chart a briefing may print: its entries and, when they are few, what they are
    linked to, with every link among those."""
    return library.graph_around(ids, depth=1 if len(ids) <= 20 else 0,
                                limit=max(min(len(ids), CHART_LIMIT), 40))


def _scope_ids(library: Library, scope: ReportScope) -> tuple[list[str], dict, tuple]:
    """Entry ids in print order, bookmarks by id (for notes), hints about the query."""
    if scope.kind == "query":
        result = library.results(scope.query)  # as the window lists it, misspellings mended
        return _ids_for_nums(library, result.nums), {}, tuple(result.hints)
    if scope.kind == "bookmarks":
        marks = library.bookmarks(tag=scope.tag)
        return [m["id"] for m in marks], {m["id"]: m for m in marks}, ()
    known = library.titles(list(scope.ids))
    missing = [i for i in scope.ids if i not in known]
    if missing:
        raise NotFoundError(f"no entry with id {missing[0]!r}" +
                            (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""))
    return list(scope.ids), {}, ()


def _ids_for_nums(library: Library, nums: list[int]) -> list[str]:
    ids: list[str] = []
    for start in range(0, len(nums), 500):
        page = nums[start:start + 500]
        rows = library.rows(page)
        ids += [rows[n]["id"] for n in page if n in rows]
    return ids


def _nums_by_id(library: Library, ids: list[str]) -> dict[str, int]:
    """Entry numbers of the ids still in the library (a bookmark may outlive its entry)."""
    nums = {}
    for entry_id in ids:
        try:
            nums[entry_id] = library.num_for(entry_id)
        except NotFoundError:
            continue
    return nums


def _parties_by_id(library: Library, nums: list[int]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for start in range(0, len(nums), 500):
        for row in library.rows(nums[start:start + 500]).values():
            out[row["id"]] = tuple(row["parties"])
    return out


def _report_entry(library: Library, position: int, entry_id: str, mark: dict | None,
                  parties: tuple[str, ...], citations: list[Citation]) -> ReportEntry:
    if mark is not None and not mark["exists"]:
        return ReportEntry(position=position, id=entry_id, title=mark["title"], kind=None,
                           exists=False, bookmark={"note": mark["note"], "tags": mark["tags"]})
    entry = library.get(entry_id)
    numbers = []
    for cite in entry["citations"]:
        citations.append(Citation(number=len(citations) + 1, entry_id=entry_id,
                                  quote=cite["quote"], source_id=cite["source_id"],
                                  source_title=cite["source_title"], page=cite.get("page")))
        numbers.append(len(citations))
    plain = {k: entry.get(k) for k in (
        "title", "kind", "category", "summary", "status", "date_start", "date_end",
        "date_precision", "date_text", "date_origin", "date_note", "value_usd", "value_text",
        "value_note")}
    bookmark = entry["bookmark"]
    return ReportEntry(
        position=position, id=entry_id, **plain, measures=tuple(entry["measures"]),
        aliases=tuple(entry["aliases"]), links=tuple(entry["links"]),
        notes=tuple(entry["notes"]), topics=tuple(entry["tags"]), parties=parties,
        citations=tuple(numbers),
        bookmark={"note": bookmark["note"], "tags": bookmark["tags"]} if bookmark else None,
        statements=tuple(entry.get("statements", ())),
        disagreements=tuple(entry.get("disagreements", ())),
        provenance=tuple(entry.get("provenance", ())))


def _cited_sources(library: Library, citations: list[Citation]) -> tuple[dict, ...]:
    cited = dict.fromkeys(c.source_id for c in citations)
    return tuple({"id": s["id"], "title": s["title"], "credit": s["credit"] or s["title"]}
                 for s in library.sources() if s["id"] in cited)


def default_title(scope: ReportScope, entries: list[ReportEntry]) -> str:
    """A title when the user gave none: the query, the entry, or the bookmarks."""
    if scope.kind == "query":
        return f"Briefing: {scope.query.strip()}" if scope.query.strip() else "Whole library"
    if scope.kind == "bookmarks":
        return f"Bookmarks tagged “{scope.tag}”" if scope.tag else "Bookmarks"
    if len(entries) == 1:
        return entries[0].title
    return "Selected entries"


def describe_scope(scope: ReportScope, count: int) -> str:
    """One line saying what the report was made from: "The search “gas”: 5 entries"."""
    noun = "entry" if count == 1 else "entries"
    if scope.kind == "query":
        what = f"The search “{scope.query.strip()}”" if scope.query.strip() else "Every entry"
    elif scope.kind == "bookmarks":
        what = f"Bookmarks tagged “{scope.tag}”" if scope.tag else "All bookmarks"
    else:
        what = "The chosen entry" if count == 1 else "Selected entries"
    return f"{what}: {count:,} {noun}"
