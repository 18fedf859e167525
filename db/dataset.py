"""The bundled dataset (``resources/dataset/*.toml``): reading it and checking every rule.

Run ``python -m db.dataset`` to validate the bundled files; the test suite does the same.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from db.dates import parse_date_spec
from db.errors import DatasetError, InvalidValueError
from db.money import parse_money
from db.paths import dataset_dir

KINDS = ("actor", "deal", "event", "figure", "place")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
NOTE_KINDS = ("analyst", "correction")
DATE_ORIGINS = ("source", "analyst")


@dataclass(frozen=True)
class Dataset:
    """Sources (with their texts) and entries, as plain dicts straight from TOML."""

    sources: list[dict]
    entries: list[dict]
    checksum: str = ""
    problems: list[str] = field(default_factory=list)


def dataset_checksum(folder: Path | None = None) -> str:
    """A digest of every bundled file, cheap enough to compare on each start."""
    folder = folder or dataset_dir()
    digest = hashlib.sha256()
    for path in [folder / "sources.toml", folder / "entries.toml",
                 *sorted((folder.parent / "sources").glob("*.txt"))]:
        try:
            digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
        except OSError as exc:
            raise DatasetError([f"{path} cannot be read ({exc.strerror or exc})"]) from None
    return digest.hexdigest()


def read_dataset(folder: Path | None = None) -> Dataset:
    """Read the dataset files without judging them; ``validate`` says what is wrong."""
    folder = folder or dataset_dir()
    sources = read_tables(folder / "sources.toml", "sources")
    texts_dir = folder.parent / "sources"
    for source in sources:
        name = source.get("file")
        text_path = texts_dir / name if isinstance(name, str) and name else None
        source["text"] = _read_text(text_path) if text_path and text_path.is_file() else None
    entries = read_tables(folder / "entries.toml", "entries")
    return Dataset(sources=sources, entries=entries, checksum=dataset_checksum(folder))


def read_tables(path: Path, key: str) -> list[dict]:
    """The ``[[key]]`` tables of a TOML file; a file that cannot be read is a DatasetError."""
    import tomllib  # read only when the dataset changed, not on every start

    try:
        data = tomllib.loads(_read_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise DatasetError([f"{path.name} is not valid TOML: {exc}"]) from None
    tables = data.get(key, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise DatasetError([f"{path.name}: “{key}” must be a list of [[{key}]] tables"])
    return tables


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DatasetError([f"{path} cannot be read ({exc.strerror or exc})"]) from None
    except UnicodeDecodeError as exc:
        raise DatasetError([f"{path} is not UTF-8 text ({exc.reason})"]) from None


def load_dataset(folder: Path | None = None) -> Dataset:
    """Read and validate; raise ``DatasetError`` listing every problem."""
    dataset = read_dataset(folder)
    problems = validate(dataset)
    if problems:
        raise DatasetError(problems)
    return dataset


def validate(dataset: Dataset, *, known_ids: frozenset[str] = frozenset(),
             citations_required: bool = True) -> list[str]:
    """Every rule the dataset breaks, one line each (empty when it is sound). ``known_ids``:
    entries outside the dataset its links may point to (a library it is added to);
    ``citations_required=False`` accepts entries without a citation, and words as written
    that no quote holds (an analyst's own entries)."""
    problems: list[str] = []
    texts = {}
    for source in dataset.sources:
        if not source.get("id") or not source.get("title"):
            problems.append(f"source {source!r}: needs an id and a title")
        elif source.get("text") is None:
            problems.append(f"source {source['id']}: text file {source.get('file')!r} missing")
        else:
            texts[source["id"]] = source["text"]
    ids = [e.get("id") for e in dataset.entries]
    seen: set[str] = set()
    for entry_id in ids:
        if entry_id in seen:
            problems.append(f"entry {entry_id}: duplicate id")
        seen.add(entry_id)
    for entry in dataset.entries:
        problems.extend(_entry_problems(entry, known_ids=seen | known_ids, texts=texts,
                                        citations_required=citations_required))
    return problems


def _entry_problems(entry: dict, *, known_ids: set, texts: dict[str, str],
                    citations_required: bool = True) -> list[str]:
    name = f"entry {entry.get('id')!r}"
    shape = _shape_problems(entry)
    if shape:  # the other checks need the right shapes
        return [f"{name}: {p}" for p in shape]
    out = []
    if not isinstance(entry.get("id"), str) or not ID_PATTERN.match(entry["id"]):
        out.append(f"{name}: id must be a slug of a-z, 0-9 and '-'")
    if entry.get("kind") not in KINDS:
        out.append(f"{name}: kind must be one of {', '.join(KINDS)}")
    if not str(entry.get("title", "")).strip():
        out.append(f"{name}: needs a title")
    out += [f"{name}: {p}" for p in _link_problems(entry, known_ids)]
    quotes, citation_problems = _citation_quotes(entry, texts, required=citations_required)
    out += [f"{name}: {p}" for p in citation_problems]
    out += [f"{name}: {p}" for p in _value_problems(entry, quotes if citations_required
                                                     else None)]
    for note in entry.get("notes", []):
        if note.get("kind") not in NOTE_KINDS or not str(note.get("text", "")).strip():
            out.append(f"{name}: a note needs kind analyst|correction and a text")
    return out


TABLE_LISTS = {"aliases": ("name",), "links": ("to", "role"), "citations": ("source", "quote"),
               "notes": ("kind", "text"), "measures": ()}  # with the text keys each table needs
TEXT_FIELDS = ("id", "kind", "title", "summary", "category", "status", "date", "date_text",
               "date_origin", "date_note", "value_text", "value_note")


def _shape_problems(entry: dict) -> list[str]:
    """Fields of the wrong TOML type (a hand edit gone wrong), one line each."""
    out = []
    for key, needed in TABLE_LISTS.items():
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            out.append(f"{key} must be a list of {{ ... }} tables")
        elif any(not isinstance(v.get(k), str) for v in value for k in needed):
            out.append(f"each of {key} needs {' and '.join(needed)} as text")
    tags = entry.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        out.append("tags must be a list of strings")
    out += [f"{key} must be a string" for key in TEXT_FIELDS
            if key in entry and not isinstance(entry[key], str)]
    return out


def _link_problems(entry: dict, known_ids: set) -> list[str]:
    out = []
    for link in entry.get("links", []):
        if link.get("to") not in known_ids:
            out.append(f"link to unknown entry {link.get('to')!r}")
        if not str(link.get("role", "")).strip():
            out.append(f"link to {link.get('to')!r} has no role")
        if link.get("to") == entry.get("id"):
            out.append("links to itself")
    return out


def _citation_quotes(entry: dict, texts: dict[str, str], *,
                     required: bool = True) -> tuple[list[str], list[str]]:
    citations = entry.get("citations", [])
    out = [] if citations or not required else ["needs at least one citation"]
    quotes = []
    for citation in citations:
        quote, source = citation.get("quote", ""), citation.get("source")
        if source not in texts:
            out.append(f"citation of unknown source {source!r}")
        elif not quote or quote not in texts[source]:
            out.append(f"quote not found in {source}: {quote!r}")
        elif "\n" in quote:
            out.append(f"quote spans paragraphs: {quote!r}")
        else:
            quotes.append(quote)
    return quotes, out


def _value_problems(entry: dict, quotes: list[str] | None) -> list[str]:
    """Dates, sums and measures that cannot be read, or whose words are in none of ``quotes``
    (``None``: an analyst's entry, whose words need not be quoted)."""
    out = []

    def quoted(words: str) -> bool:
        return quotes is None or any(words in q for q in quotes)

    if entry.get("date"):
        try:
            parse_date_spec(entry["date"])
        except InvalidValueError as exc:
            out.append(str(exc))
        if entry.get("date_origin", "source") not in DATE_ORIGINS:
            out.append("date_origin must be source or analyst")
        text = entry.get("date_text")
        if entry.get("date_origin", "source") == "source" and text and not quoted(text):
            out.append(f"date_text {text!r} is not in any of its quotes")
    if entry.get("value_text"):
        try:
            parse_money(entry["value_text"])
        except InvalidValueError as exc:
            out.append(str(exc))
        if not quoted(entry["value_text"]):
            out.append(f"value_text {entry['value_text']!r} is not in any of its quotes")
    for measure in entry.get("measures", []):
        if not isinstance(measure.get("quantity"), int | float) or not measure.get("unit"):
            out.append(f"measure {measure!r} needs a quantity and a unit")
        if not quoted(str(measure.get("text", ""))):
            out.append(f"measure text {measure.get('text')!r} is not in any of its quotes")
    return out


def main() -> int:
    dataset = read_dataset()
    problems = validate(dataset)
    for problem in problems:
        print(problem)
    kinds = {k: sum(e.get("kind") == k for e in dataset.entries) for k in KINDS}
    print(f"{len(dataset.entries)} entries ({', '.join(f'{v} {k}s' for k, v in kinds.items())}); "
          f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
