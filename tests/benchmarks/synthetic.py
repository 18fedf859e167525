"""Synthetic libraries for the benchmarks: realistic titles and summaries, Cyrillic and Chinese
aliases, dates over 30 years, links and values, at any size (10k, 100k, 1M entries).

    python tests/benchmarks/synthetic.py 100000 /tmp/bench-100k.sqlite
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from db import Library  # noqa: E402
from db.textindex import names_text  # noqa: E402

# Bump when the generated entries change, or the schema changes within an unshipped version (a
# cached library is only migrated across versions): 4 = schema 5 with suggestions' citations,
# orphaned quotes, the parties' names an entry is found by, and imported rows' provenance.
GENERATOR_VERSION = 4
KINDS = ("actor", "deal", "event", "figure", "place")
KIND_WEIGHTS = (0.25, 0.3, 0.25, 0.1, 0.1)
PLACES = ["Moscow", "Kazan", "Beijing", "Astana", "Tashkent", "Minsk", "Almaty", "Urumqi",
          "Vladivostok", "Harbin", "Novosibirsk", "Ulaanbaatar", "Islamabad", "Gwadar",
          "Colombo", "Piraeus", "Duisburg", "Budapest", "Belgrade", "Nairobi", "Mombasa"]
PLACE_ALIASES = {"Moscow": ("Москва", "莫斯科"), "Kazan": ("Казань", "喀山"),
                 "Beijing": ("Пекин", "北京"), "Astana": ("Астана", "阿斯塔纳"),
                 "Vladivostok": ("Владивосток", "符拉迪沃斯托克"), "Harbin": ("Харбин", "哈尔滨")}
ACTORS = ["Gazprom", "CNPC", "Sinopec", "Rosneft", "China Development Bank", "VEB",
          "Russian Railways", "China Railway Group", "Silk Road Fund", "AIIB", "BAIC",
          "Transneft", "Novatek", "CITIC", "COSCO", "State Grid", "Huawei", "Rosatom"]
NOUNS = ["pipeline", "railway", "port", "power plant", "loan", "bridge", "highway",
         "industrial park", "refinery", "dam", "fibre link", "logistics hub", "airport",
         "grain terminal", "copper mine", "gas field", "LNG plant", "smelter"]
VERBS = ["financing", "construction", "expansion", "upgrade", "concession", "joint venture",
         "feasibility study", "supply contract", "memorandum", "tender"]
STATUSES = ["signed", "proposed", "under discussion", "expected", "completed", "cancelled"]
WORDS = str.split(
    "economic cooperation corridor investment energy transport trade finance security "
    "infrastructure agreement bilateral summit delegation ministry minister sanctions "
    "border customs tariff currency swap yuan rouble bond credit guarantee")


def synthetic_entries(n: int, *, seed: int = 7):
    """``n`` entry rows (dicts for the ``entries`` table) with aliases and links to actors."""
    rng = random.Random(seed)
    start = date(1995, 1, 1)
    for i in range(n):
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        place = rng.choice(PLACES)
        actor = rng.choice(ACTORS)
        title = f"{place} {rng.choice(NOUNS)} {rng.choice(VERBS)} #{i}"
        summary = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 40)))
        summary = f"{actor} and partners: {summary} near {place}."
        aliases = list(PLACE_ALIASES.get(place, ())) if rng.random() < 0.3 else []
        day = start + timedelta(days=rng.randint(0, 30 * 365))
        precision = rng.choice(("day", "month", "year"))
        first, last = _span(day, precision)
        value = round(rng.lognormvariate(18, 2.5), -3) if kind in ("deal", "figure") else None
        yield {
            "id": f"synthetic-{i}", "kind": kind, "category": rng.choice(NOUNS),
            "title": title, "summary": summary,
            "status": rng.choice(STATUSES) if kind == "deal" else None,
            "date_start": first.isoformat(), "date_end": last.isoformat(),
            "date_precision": precision, "date_text": first.isoformat(), "date_origin": "source",
            "value_usd": value, "value_text": f"${value:,.0f}" if value else None,
            "names": names_text(title, aliases), "details": actor,
            "origin": "import",
        }, aliases, actor


def _span(day: date, precision: str) -> tuple[date, date]:
    if precision == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    if precision == "month":
        nxt = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        return date(day.year, day.month, 1), nxt - timedelta(days=1)
    return day, day


COLUMNS = ("id", "kind", "category", "title", "summary", "status", "date_start", "date_end",
           "date_precision", "date_text", "date_origin", "value_usd", "value_text", "names",
           "details", "origin", "batch_id")


def build_library(path: Path, n: int, *, seed: int = 7, progress=None) -> Path:
    """Create a library at ``path``: the bundled dataset plus ``n`` synthetic entries."""
    path = Path(path)
    if path.exists():
        path.unlink()
    with Library.open(path) as lib:
        conn = lib.conn
        with lib.transaction():
            batch = conn.execute(
                "INSERT INTO imports (file, checksum, rows_in, rows_imported, created_at) "
                "VALUES ('synthetic', ?, ?, ?, datetime('now'))", (f"seed-{seed}", n, n)
            ).lastrowid
            actor_ids = _actor_entries(conn, batch)
            rows, aliases, links = [], [], []
            for i, (row, names, actor) in enumerate(synthetic_entries(n, seed=seed)):
                row["batch_id"] = batch
                rows.append(tuple(row[c] for c in COLUMNS))
                aliases += [(row["id"], name, None, None) for name in names]
                links.append((row["id"], actor_ids[actor], "party"))
                if len(rows) >= 20_000:
                    _flush(conn, rows, aliases, links)
                    rows, aliases, links = [], [], []
                    if progress:
                        progress(i + 1)
            _flush(conn, rows, aliases, links)
            from db.parties import refresh_all_parties

            refresh_all_parties(conn)  # found by their parties, as imported entries are
        conn.execute("PRAGMA optimize")
    return path


def _actor_entries(conn, batch: int) -> dict[str, str]:
    ids = {}
    for name in ACTORS:
        entry_id = "synthetic-actor-" + name.lower().replace(" ", "-")
        conn.execute(
            "INSERT INTO entries (id, kind, category, title, names, origin, batch_id) "
            "VALUES (?, 'actor', 'company', ?, ?, 'import', ?)",
            (entry_id, name, names_text(name, []), batch))
        ids[name] = entry_id
    return ids


def _flush(conn, rows, aliases, links) -> None:
    marks = ", ".join("?" * len(COLUMNS))
    conn.executemany(f"INSERT INTO entries ({', '.join(COLUMNS)}) VALUES ({marks})", rows)
    conn.executemany("INSERT OR IGNORE INTO aliases VALUES (?, ?, ?, ?)", aliases)
    conn.executemany("INSERT OR IGNORE INTO links VALUES (?, ?, ?)", links)


if __name__ == "__main__":
    size, out = int(sys.argv[1]), Path(sys.argv[2])
    began = time.perf_counter()
    build_library(out, size, progress=lambda k: print(f"  {k:,} entries", file=sys.stderr))
    print(f"built {out} with {size:,} synthetic entries in {time.perf_counter() - began:.1f} s")
