"""Adding a 10,000-word article with its suggestions to a large library (target ≤ 1 s).

    python tests/benchmarks/bench_sources.py [--size 1m] [--words 10000] [--repeat 3]

The library is built once with the synthetic generator and kept in the benchmark cache as
``sources-library-SIZE.sqlite`` (the million-entry one takes some four minutes). The article is
generated from the library's own titles (so that it mentions known entries), with sums, dates,
relative periods and new names in every paragraph. Each run adds it through ``Library.
add_source`` and takes it out again, so that the next run adds the same text anew. Reported:
the time to add, how many passages and suggestions, and which of them were mentions.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
NEW_NAMES = ("Igor Sechin", "Rosneft", "Asian Infrastructure Investment Bank", "Tashkent",
             "Novatek", "Harbin Electric", "Alexei Miller", "Dmitry Medvedev", "Sinopec")
SENTENCES = (
    "{a} signed an agreement with {b} worth more than ${n} billion in {month} {year}.",
    "Last year, {new} told reporters that {a} would finish the work by {year2}.",
    "Officials said trade with {b} reached nearly ${n} billion in this year's first quarter.",
    "The plan, which {new} described as ambitious, depends on {a} and on steady prices.",
    "Between {year} and {year2}, {b} invested some {n} million euros in the region.",
    "Critics in {new} and elsewhere doubt that the project will pay for itself soon.",
)


def article(titles: list[str], words: int, *, seed: int = 11) -> str:
    """A long article that mentions ``titles``, with sums, dates and new names throughout."""
    rng = random.Random(seed)
    paragraphs, count = [], 0
    while count < words:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            year = rng.randint(2005, 2016)
            sentence = rng.choice(SENTENCES).format(
                a=rng.choice(titles), b=rng.choice(titles), new=rng.choice(NEW_NAMES),
                n=rng.randint(1, 400), month=rng.choice(("June", "March", "October")),
                year=year, year2=year + rng.randint(1, 6))
            sentences.append(sentence)
            count += len(sentence.split())
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def library_for(size: str, cache: Path) -> Path:
    from tests.benchmarks.synthetic import build_library

    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"sources-library-{size}.sqlite"
    if not path.exists():
        print(f"building the {size} library (once; cached in {cache})…", file=sys.stderr)
        partial = path.with_suffix(".building")
        build_library(partial, SIZES[size])
        partial.replace(path)
    return path


def measure(path: Path, words: int, repeat: int) -> dict:
    from db import Library

    with Library.open(path) as lib:
        titles = [r[0] for r in lib.conn.execute(
            "SELECT title FROM entries WHERE num % 997 = 0 LIMIT 400")]
        text = article(titles, words)
        times, added = [], None
        for _ in range(repeat):
            began = time.perf_counter()
            added = lib.add_source(text, title="Benchmark article", date="2016-07-20")
            times.append(time.perf_counter() - began)
            kinds = dict(lib.conn.execute(
                "SELECT kind, count(*) FROM suggestions WHERE source_id = ? GROUP BY kind",
                (added["id"],)).fetchall())
            with lib.transaction():  # take it out again, so the same text can be added anew
                lib.conn.execute("DELETE FROM sources WHERE id = ?", (added["id"],))
    return {"words": len(text.split()), "passages": added["passages"],
            "suggestions": added["suggestions"], "by_kind": kinds,
            "seconds_median": round(statistics.median(times), 3),
            "seconds_max": round(max(times), 3), "target_seconds": 1.0,
            "met": statistics.median(times) <= 1.0}


def run_article_benchmark(argv, *, description: str, measure, size: str, words: int,
                          repeat: int) -> int:
    """The command line both article benchmarks share: ``measure(library, words, repeat)``
    on a cached synthetic library, the figures printed (and written) as JSON."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--size", choices=SIZES, default=size)
    parser.add_argument("--words", type=int, default=words)
    parser.add_argument("--repeat", type=int, default=repeat)
    parser.add_argument("--cache", default=str(Path.home() / ".cache" / "roadbook-bench"))
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    args = parser.parse_args(argv)
    library = library_for(args.size, Path(args.cache))
    figures = {"size": args.size, **measure(library, args.words, args.repeat)}
    print(json.dumps(figures, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


def main(argv=None) -> int:
    return run_article_benchmark(argv, description=__doc__.splitlines()[0], measure=measure,
                                 size="1m", words=10_000, repeat=3)


if __name__ == "__main__":
    sys.exit(main())
