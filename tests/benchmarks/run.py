"""The benchmark runner: every speed target of Roadbook, measured against in-run baselines.

    python tests/benchmarks/run.py [--sizes 10k,100k,1m] [--repeat N] [--json FILE]

Synthetic libraries are built once and cached (``--cache``, default ~/.cache/roadbook-bench).
Each figure is printed with its target and a baseline measured in the same run (a bare Qt
window's start-up, a raw SQLite FTS5 query, one repaint of a plain table), with the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}


@dataclass
class Figure:
    name: str
    size: str
    value: float
    unit: str
    target: str
    baseline: float | None
    ratio: float | None
    met: bool


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1m",
                        help="comma-separated library sizes: 10k, 100k, 1m (default: all)")
    parser.add_argument("--repeat", type=int, default=5, help="repeats of each measurement")
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    parser.add_argument("--only-shapes", action="store_true",
                        help="measure only the first pages of the costly query shapes")
    parser.add_argument("--only-startup", action="store_true",
                        help="measure only the start-up figures")
    parser.add_argument("--bundle", metavar="PATH",
                        help="also measure the start of this standalone bundle's executable "
                             "(dist/roadbook/roadbook after make dist)")
    parser.add_argument("--cache", default=str(Path.home() / ".cache" / "roadbook-bench"),
                        help="where synthetic libraries are kept between runs")
    return parser.parse_args(argv)


def library_for(size: str, cache: Path) -> Path:
    from tests.benchmarks.synthetic import GENERATOR_VERSION, build_library

    cache.mkdir(parents=True, exist_ok=True)
    # Opening a cached library migrates its schema and refreshes its bundled entries, so only
    # the generator's version is in the key.
    path = cache / f"library-{size}-g{GENERATOR_VERSION}.sqlite"
    if not path.exists():
        print(f"building the {size} library (once; cached in {cache})…", file=sys.stderr)
        began = time.perf_counter()
        partial = path.with_suffix(".building")
        build_library(partial, SIZES[size])
        partial.replace(path)
        print(f"  built in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    return path


def compile_sources() -> None:
    """Byte-compile Roadbook's modules, as its first run on an analyst's machine leaves them
    (where ``PYTHONDONTWRITEBYTECODE`` is set, every start would compile them again: ~140 ms)."""
    import compileall

    for package in ("db", "desktop"):
        compileall.compile_dir(str(ROOT / package), quiet=1)


def start_times(mode: str, library: Path | None, repeat: int,
                bundle: Path | None = None) -> list[tuple[float, float]]:
    """Milliseconds from starting a fresh process to its window's first paint, and to the
    whole window (Roadbook: its results table painted over the library; bare: the same),
    ``repeat`` times. Roadbook starts as ``roadbook`` does — from this checkout, or the
    standalone ``bundle`` — reporting its paints (``ROADBOOK_STARTUP_REPORT``)."""
    if mode == "bare":
        args = [sys.executable, str(HERE / "startup_probe.py"), "bare"]
    else:
        args = [str(bundle)] if bundle else [sys.executable, "-m", "desktop.cli"]
        args += ["--library", str(library)]
    env = {**_probe_env(), "ROADBOOK_STARTUP_REPORT": "1"}
    times = []
    for _ in range(repeat):
        began = time.time()
        seen: dict[str, float] = {}
        with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True, env=env, cwd=ROOT) as probe:
            for line in probe.stdout:
                word, _, value = line.partition(" ")
                seen[word] = value
            probe.wait(timeout=300)
        if "painted" not in seen:
            raise RuntimeError(f"start-up failed: {' '.join(args)}")
        stamps = [seen["painted"], seen.get("complete", seen["painted"])]
        times.append(tuple((float(stamp) - began) * 1000 for stamp in stamps))
    return times


def rss_after(mode: str, library: Path | None) -> int:
    args = [sys.executable, str(HERE / "startup_probe.py"), mode]
    args += [str(library)] if library is not None else []
    out = subprocess.run(args + ["--memory"], capture_output=True, text=True, timeout=600,
                         env=_probe_env()).stdout
    return int(next(line.split()[1] for line in out.splitlines() if line.startswith("rss")))


def _probe_env() -> dict:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["XDG_CONFIG_HOME"] = str(Path(os.environ.get("TMPDIR", "/tmp")) / "roadbook-bench-cfg")
    return env


def raw_fts_query_ms(library: Path, repeat: int) -> float:
    conn = sqlite3.connect(library)
    times = []
    for _ in range(repeat * 4):
        began = time.perf_counter()
        conn.execute("SELECT rowid FROM entries_fts WHERE entries_fts MATCH 'moscow' "
                     "LIMIT 50").fetchall()
        times.append((time.perf_counter() - began) * 1000)
    conn.close()
    return statistics.median(times)


def plain_table_repaint_ms(repeat: int) -> float:
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTableView

    model = QStandardItemModel(60, 8)
    for r in range(60):
        for c in range(8):
            model.setItem(r, c, QStandardItem(f"cell {r}:{c}"))
    view = QTableView()
    view.setModel(model)
    view.resize(900, 600)
    view.show()
    QApplication.processEvents()
    times = []
    for _ in range(repeat * 4):
        began = time.perf_counter()
        view.viewport().repaint()
        times.append((time.perf_counter() - began) * 1000)
    view.close()
    return statistics.median(times)


def raw_data_bytes(library: Path) -> int:
    """The entries as data: the text of every field an export would write, in UTF-8 bytes."""
    conn = sqlite3.connect(library)
    row = conn.execute(
        "SELECT sum(length(CAST(id AS BLOB)) + length(CAST(kind AS BLOB)) "
        "+ coalesce(length(CAST(category AS BLOB)), 0) + length(CAST(title AS BLOB)) "
        "+ coalesce(length(CAST(summary AS BLOB)), 0) + coalesce(length(CAST(status AS BLOB)), 0)"
        "+ coalesce(length(CAST(date_text AS BLOB)), 0) + coalesce(length(date_start), 0) "
        "+ coalesce(length(date_end), 0) + coalesce(length(CAST(value_text AS BLOB)), 0) + 8) "
        "FROM entries").fetchone()[0]
    aliases = conn.execute("SELECT coalesce(sum(length(CAST(name AS BLOB))), 0) "
                           "FROM aliases").fetchone()[0]
    links = conn.execute("SELECT coalesce(sum(length(CAST(from_id AS BLOB)) + "
                         "length(CAST(to_id AS BLOB)) + length(role)), 0) FROM links").fetchone()[0]
    conn.close()
    return row + aliases + links


def read_through(library: Path) -> None:
    """Read the library file once, so that its pages are in the system's file cache, as they
    are once a library has been in use; right after a reboot, a jump at a million entries
    reads its rows from the disk (28 ms p95 here instead of 7)."""
    with open(library, "rb") as handle:
        while handle.read(1 << 24):
            pass


def measure_size(size: str, library: Path, repeat: int, baselines: dict) -> list[Figure]:
    from PySide6.QtWidgets import QApplication

    from desktop.app import create_main_window
    from tests.benchmarks import measure

    figures = []
    app = QApplication.instance() or QApplication([])
    read_through(library)
    window = create_main_window(library)
    window.resize(1366, 768)
    app.processEvents()
    stall = 0.0

    first = measure.summary(measure.table_first_paint(window, repeat * 4))
    figures.append(_fig("results table: model set → first paint", size, first["p95"], "ms",
                        "≤ 25 ms", baselines["table_repaint_ms"], 25))
    stall = max(stall, measure.wait_for_full_results(window))
    jumps = measure.summary(measure.table_jumps(window, repeat * 10))
    figures.append(_fig("results table: jump to any row (p95)", size, jumps["p95"], "ms",
                        "≤ 16 ms p95", baselines["table_repaint_ms"], 16))
    typing = measure.summary(measure.typing(window, repeat))
    figures.append(_fig("search as you type: keystroke → repaint (p95)", size, typing["p95"],
                        "ms", "≤ 16 ms p95", baselines["fts_query_ms"], 16))
    stall = max(stall, measure.wait_for_full_results(window))
    ranked = measure.summary(measure.ranked_searches(window, repeat))
    figures.append(_fig("ranked search, ≤ 10k hits (p95)", size, ranked["p95"], "ms",
                        "≤ 16 ms p95", baselines["fts_query_ms"], 16))
    edits = measure.summary(measure.edit_repaints(window, repeat * 4))
    figures.append(_fig("an edit → repainted detail pane (p95)", size, edits["p95"], "ms",
                        "≤ 16 ms p95", baselines["table_repaint_ms"], 16))
    accepts = measure.summary(measure.suggestion_accepts(window, repeat * 4))
    figures.append(_fig("accepting a suggestion → repainted detail pane (p95)", size,
                        accepts["p95"], "ms", "≤ 16 ms p95", baselines["table_repaint_ms"], 16))
    stall = max(stall, measure.wait_for_full_results(window), first["max"], jumps["max"],
                typing["max"], ranked["max"], edits["max"], accepts["max"])
    timeline = _timeline_frame(window, library, repeat)
    if timeline is not None:
        figures.append(_fig("timeline frame at 100k items, any zoom (p95)", size, timeline,
                            "ms", "≤ 16 ms p95", baselines["table_repaint_ms"], 16))
    figures.append(_fig("longest UI-thread stall", size, stall, "ms", "≤ 50 ms",
                        baselines["table_repaint_ms"], 50))
    from tests.benchmarks import measure_linkchart

    figures.append(_fig("link chart: graph --depth 2 around a hub (p95)", size,
                        measure_linkchart.graph_depth2_ms(library, repeat), "ms", "≤ 200 ms",
                        baselines["fts_query_ms"], 200))
    figures += costly_query_figures(window, size, repeat)  # not stalls: bounded at 120 ms
    window.close()
    app.processEvents()
    return figures


def costly_query_figures(window, size: str, repeat: int) -> list[Figure]:
    """The slowest first page of each costly query shape (``measure.COSTLY_SHAPES``)."""
    from tests.benchmarks import measure

    return [_fig(f"first page: {shape}", size, max(times), "ms", "≤ 200 ms", None, 200)
            for shape, times in measure.costly_queries(window, repeat).items()]


def measure_shapes(size: str, library: Path, repeat: int) -> list[Figure]:
    """Only the costly query shapes (``--only-shapes``): a quick check after a change."""
    from PySide6.QtWidgets import QApplication

    from desktop.app import create_main_window

    app = QApplication.instance() or QApplication([])
    read_through(library)
    window = create_main_window(library)
    window.resize(1366, 768)
    app.processEvents()
    figures = costly_query_figures(window, size, repeat)
    window.close()
    app.processEvents()
    return figures


def _timeline_frame(window, library: Path, repeat: int) -> float | None:
    try:
        from tests.benchmarks import measure_timeline
    except ImportError:
        return None
    return measure_timeline.frame_p95(window, library, repeat)


def _fig(name, size, value, unit, target, baseline, limit) -> Figure:
    ratio = value / baseline if baseline else None
    return _said(Figure(name, size, round(value, 2), unit, target,
                        round(baseline, 2) if baseline is not None else None,
                        round(ratio, 2) if ratio is not None else None, value <= limit))


def _said(figure: Figure) -> Figure:
    """Report a figure as soon as it is measured (a long run shows its progress)."""
    print(f"  {figure.size:>4}  {figure.name}: {figure.value:g} {figure.unit} "
          f"({'met' if figure.met else 'missed'}: {figure.target})", file=sys.stderr, flush=True)
    return figure


def startup_figures(size: str, library: Path, repeat: int, *, limit_ratio: float, label: str,
                    bundle: str | None = None) -> list[Figure]:
    """The window's frame painted (the target), and the whole window with its results; with
    ``bundle``, the same for the standalone application. Each Roadbook start is paired with a
    bare window's started just before it, so that a busy machine slows both alike."""
    figures = _start_figures(size, _paired(library, repeat, None), limit_ratio=limit_ratio,
                             label=label)
    if bundle:
        figures += _start_figures(size, _paired(library, repeat, Path(bundle)),
                                  limit_ratio=limit_ratio, label=f"{label} (bundle)")
    return figures


def _paired(library: Path, repeat: int, bundle: Path | None) -> list[tuple[float, ...]]:
    """``(bare, frame, whole)`` milliseconds for ``repeat`` pairs of starts."""
    return [start_times("bare", None, 1)[0][:1]
            + start_times("roadbook", library, 1, bundle=bundle)[0] for _ in range(repeat)]


def _start_figures(size: str, times: list[tuple[float, ...]], *, limit_ratio: float,
                   label: str) -> list[Figure]:
    bare = statistics.median(t[0] for t in times)
    frame = statistics.median(t[1] for t in times)
    whole = statistics.median(t[2] for t in times)
    frame_ratio = statistics.median(t[1] / t[0] for t in times)
    whole_ratio = statistics.median(t[2] / t[0] for t in times)
    return [_said(Figure(label, size, round(frame, 1), "ms", f"≤ {limit_ratio} × bare Qt window",
                         round(bare, 1), round(frame_ratio, 2), frame_ratio <= limit_ratio)),
            _said(Figure("  … the whole window, results painted", size, round(whole, 1), "ms",
                         "(reported)", round(bare, 1), round(whole_ratio, 2), True))]


def memory_figure(size: str, library: Path, bare_rss: int) -> Figure:
    extra = (rss_after("roadbook", library) - bare_rss) / 1e6
    return _said(Figure("memory: window + table + search", size, round(extra, 1),
                        "MB over bare", "≤ bare window + 100 MB", round(bare_rss / 1e6, 1),
                        None, extra <= 100))


def file_size_figure(size: str, library: Path) -> Figure:
    raw = raw_data_bytes(library)
    on_disk = library.stat().st_size
    ratio = on_disk / raw
    return _said(Figure("library file size vs raw entry data", size, round(on_disk / 1e6, 1),
                        "MB", "≤ 2 × raw data", round(raw / 1e6, 1), round(ratio, 2),
                        ratio <= 2))


def import_figures(sizes: list[str]) -> list[Figure]:
    try:
        from tests.benchmarks import bench_import
    except ImportError:
        return []
    out = []
    for size, rows, limit in (("100k", 100_000, 6.0), ("1m", 1_000_000, 60.0)):
        if size in sizes:
            seconds = bench_import.measure(rows)["seconds"]
            out.append(_said(Figure(f"import {rows:,} CSV rows incl. indexes", size,
                                    round(seconds, 1), "s", f"≤ {limit:g} s, with progress",
                                    None, None, seconds <= limit)))
    return out


def link_chart_figures(repeat: int, baselines: dict) -> list[Figure]:
    """A frame of a 2,000-node chart while panning and zooming; the force layout of 5,000
    nodes on its worker, and the window's longest stall meanwhile."""
    from tests.benchmarks import measure_linkchart

    seconds, stall = measure_linkchart.force_layout_s(5_000)
    return [_fig("link chart frame, 2,000 nodes, pan/zoom (p95)", "—",
                 measure_linkchart.frame_p95_ms(repeat), "ms", "≤ 16 ms p95",
                 baselines["table_repaint_ms"], 16),
            _said(Figure("link chart: force layout of 5,000 nodes", "—", round(seconds, 2),
                         "s", "≤ 3 s on a worker", None, None, seconds <= 3)),
            _fig("longest stall during that layout", "—", stall, "ms", "≤ 50 ms",
                 baselines["table_repaint_ms"], 50)]


def print_table(figures: list[Figure]) -> None:
    print(f"\nRoadbook benchmarks — {platform.node()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}\n")
    head = f"| {'figure':<48} | {'size':>4} | {'value':>10} | {'target':<28} | " \
           f"{'baseline':>9} | {'ratio':>6} | met |"
    print(head)
    print("|" + "|".join("-" * (len(c)) for c in head.split("|")[1:-1]) + "|")
    for f in figures:
        value = f"{f.value:g} {f.unit}" if f.unit in ("ms", "s", "MB") else f"{f.value:g}"
        base = "" if f.baseline is None else f"{f.baseline:g}"
        ratio = "" if f.ratio is None else f"{f.ratio:g}"
        print(f"| {f.name:<48} | {f.size:>4} | {value:>10} | {f.target:<28} | {base:>9} | "
              f"{ratio:>6} | {'yes' if f.met else 'NO':>3} |")


def bundled_library() -> Path:
    """A fresh library made from the bundled dataset, in a folder of its own."""
    import tempfile

    from db import Library

    path = Path(tempfile.mkdtemp(prefix="roadbook-bench-")) / "bundled.sqlite"
    Library.open(path).close()
    return path


def _startup_only(sizes: list[str], cache: Path, repeat: int, bare: float,
                  bundle: str | None) -> int:
    figures = startup_figures("—", bundled_library(), repeat, limit_ratio=1.3,
                              label="cold start, bundled library", bundle=bundle)
    for size in sizes:
        figures += startup_figures(size, library_for(size, cache), repeat,
                                   limit_ratio=1.5, label="cold start to a painted window")
    print_table(figures)
    print(f"\nbaseline: bare window start {bare:.0f} ms")
    return 0


def main(argv=None) -> int:
    args = parse_args(argv)
    sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        print(f"run.py: unknown size(s) {', '.join(unknown)} (use 10k, 100k, 1m)",
              file=sys.stderr)
        return 2
    cache = Path(args.cache).expanduser()
    repeat = max(1, args.repeat)
    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication([])
    if args.only_shapes:
        return _shapes_only(sizes, cache, repeat)
    compile_sources()
    bare = statistics.median(t[0] for t in start_times("bare", None, repeat))
    if args.only_startup:
        return _startup_only(sizes, cache, repeat, bare, args.bundle)
    bare_rss = rss_after("bare", None)
    baselines = {"table_repaint_ms": plain_table_repaint_ms(repeat)}
    figures = startup_figures("—", bundled_library(), repeat, limit_ratio=1.3,
                              label="cold start, bundled library", bundle=args.bundle)
    for size in sizes:
        library = library_for(size, cache)
        baselines["fts_query_ms"] = raw_fts_query_ms(library, repeat)
        figures += startup_figures(size, library, repeat, limit_ratio=1.5,
                                   label="cold start to a painted window")
        figures += measure_size(size, library, repeat, baselines)
        figures.append(memory_figure(size, library, bare_rss))
        figures.append(file_size_figure(size, library))
    figures += import_figures(sizes)
    figures += link_chart_figures(repeat, baselines)
    print_table(figures)
    print(f"\nbaselines: bare window start {bare:.0f} ms, bare window RSS {bare_rss / 1e6:.0f} MB,"
          f" plain table repaint {baselines['table_repaint_ms']:.2f} ms")
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(f) for f in figures], indent=2) + "\n")
    return 0


def _shapes_only(sizes: list[str], cache: Path, repeat: int) -> int:
    figures = []
    for size in sizes:
        library = library_for(size, cache)
        figures += measure_shapes(size, library, repeat)
    print_table(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
