"""In-process measurements on a real main window: table paints, jumps, typing, ranking, stalls.

Every figure is a wall-clock time of work done on the UI thread, as the user would wait for it.
"""

from __future__ import annotations

import random
import statistics
import time

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication, QTableView

TYPED = "moscow pipeline"
RANKED_QUERIES = ("moscow pipeline", "kazan railway", "gazprom", "astana loan", "harbin bridge",
                  "vladivostok port", "москва", "北京", "minsk highway", "piraeus")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def timed(action) -> float:
    began = time.perf_counter()
    action()
    return (time.perf_counter() - began) * 1000


def repaint_table(window) -> None:
    window.results_table.viewport().repaint()


def wait_for_full_results(window, timeout_s: float = 120.0) -> float:
    """Wait for the background load; returns the longest UI-thread gap seen meanwhile (ms)."""
    app = QApplication.instance()
    gaps, clock = [], QElapsedTimer()
    clock.start()
    heartbeat = QTimer()
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(lambda: gaps.append(clock.restart()))
    heartbeat.start()
    deadline = time.perf_counter() + timeout_s
    while window.result_loader.loading and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
    heartbeat.stop()
    return float(max(gaps, default=0))


def table_first_paint(window, repeat: int) -> list[float]:
    """Model set (first page of the whole library) → first paint of the table."""
    times = []
    for _ in range(repeat):
        result = window.library.results("", limit=256)
        times.append(timed(lambda r=result: (window.results_model.set_results(r),
                                             repaint_table(window))))
    return times


def table_jumps(window, repeat: int, *, seed: int = 3) -> list[float]:
    """Jump to any row of the full result set (scroll there and paint)."""
    window.search_field.set_query("")
    wait_for_full_results(window)
    rows = window.results_model.rowCount()
    rng = random.Random(seed)
    table: QTableView = window.results_table
    times = []
    for _ in range(repeat):
        row = rng.randrange(rows)
        index = window.results_model.index(row, 1)
        times.append(timed(lambda i=index: (table.scrollTo(i), repaint_table(window))))
    return times


def typing(window, repeat: int) -> list[float]:
    """Each keystroke of a query → results repainted (the type-ahead path, without its delay)."""
    times = []
    for _ in range(repeat):
        for end in range(1, len(TYPED) + 1):
            text = TYPED[:end]
            times.append(timed(lambda t=text: (window.search_field.set_query(t),
                                               repaint_table(window))))
        window.result_loader.cancel()
    return times


def ranked_searches(window, repeat: int) -> list[float]:
    """Ranked queries with at most 10,000 hits → results repainted."""
    times = []
    for _ in range(repeat):
        for query in RANKED_QUERIES:
            if window.library.results(query, limit=1).total > 10_000:
                continue
            times.append(timed(lambda q=query: (window.search_field.set_query(q),
                                                repaint_table(window))))
    return times


def edit_repaints(window, repeat: int) -> list[float]:
    """An edit of the current entry written, then the detail pane read again and repainted;
    each edit is undone afterwards (the cached library keeps only undone edits)."""
    library = window.library
    entry_id = library.id_for(library.results("kind:deal", limit=1).nums[0])
    window.navigator.go(entry_id)
    pane = window.detail_pane
    times = []
    for i in range(repeat):
        def edit_and_paint(i=i):
            library.edit_entry(entry_id, {"summary": f"Edited in the benchmark ({i})"})
            pane.refresh()
            pane.browser.viewport().repaint()
        times.append(timed(edit_and_paint))
    for _ in range(repeat):
        library.undo_last_edit()
    return times


def suggestion_accepts(window, repeat: int) -> list[float]:
    """A suggested mention accepted (its sentence cited for its entry), then that entry's detail
    pane read again and repainted. The article is added first and taken out again after, so
    the cached library is left as it was."""
    from tests.benchmarks.bench_sources import article

    library = window.library
    titles = [r[0] for r in library.conn.execute(
        "SELECT title FROM entries WHERE num % 997 = 0 LIMIT 200")]
    added = library.add_source(article(titles, 3_000, seed=5), title="Benchmark review",
                               date="2016-07-20")
    pane, times = window.detail_pane, []
    try:
        mentions = [s for s in library.suggestions(added["id"], status="pending")
                    if s["kind"] == "mention" and s["entry_id"]]
        for suggestion in mentions[:repeat]:
            window.navigator.go(suggestion["entry_id"])

            def accept_and_paint(n=suggestion["n"]):
                library.decide_suggestions(added["id"], [n], "accepted")
                pane.refresh()
                pane.browser.viewport().repaint()
            times.append(timed(accept_and_paint))
    finally:
        with library.transaction():
            library.conn.execute("DELETE FROM sources WHERE id = ?", (added["id"],))
    return times


def summary(times: list[float]) -> dict:
    return {"median": statistics.median(times), "p95": p95(times), "max": max(times),
            "n": len(times)}


def _costly_shapes() -> dict[str, str]:
    """Query shapes that once held the UI thread for seconds at half a million entries, each as
    long as a query may be (1,000 characters, cut at a word), named with its count."""
    short = [f"{chr(97 + i % 26)}{i // 26}" for i in range(400)]  # a0, b0, … z0, a1, …
    chain = ["actor:putin", "actor:xi"] + [f"actor:{name}" for name in short]
    prefixes = ([f"tag:{w}" for w in ("ene", "tra", "fin", "sec")]
                + [f"status:{s}" for s in ("sig", "pro", "und", "exp", "com", "can")]
                + [f"category:{c}" for c in ("pip", "rai", "por", "loa", "bri", "hig")])
    words = str.split("economic cooperation corridor investment energy transport trade "
                      "finance security infrastructure agreement bilateral summit")
    shapes = {"actor:a OR actor:b": "actor:putin OR actor:xi",
              "OR-ed tag/status/category prefixes": " OR ".join(prefixes)}
    for label, terms, sep in (
            ("OR-ed actor: filters", chain, " OR "),
            ("negated words", [f"-{w}" for w in words + short], " "),
            ("misspelt words", [f"{w[:-1]}q" for w in words * 12], " ")):
        text = _fit(terms, sep)
        shapes[f"{text.count(sep) + 1} {label}"] = text
    shapes["a word less 13 common words"] = "moscow " + " ".join(f"-{w}" for w in words)
    shapes["a category nothing has"] = "category:nothing-has-this"
    return shapes


def _fit(terms: list[str], sep: str, limit: int = 1000) -> str:
    """As many of ``terms`` as fit in ``limit`` characters, joined by ``sep``."""
    text = terms[0]
    for term in terms[1:]:
        if len(text) + len(sep) + len(term) > limit:
            break
        text += sep + term
    return text


COSTLY_SHAPES = _costly_shapes()


def costly_queries(window, repeat: int) -> dict[str, list[float]]:
    """Each costly shape typed at once → first page repainted (the whole set follows on a
    worker, which is cancelled here)."""
    times: dict[str, list[float]] = {name: [] for name in COSTLY_SHAPES}
    for _ in range(repeat):
        for name, query in COSTLY_SHAPES.items():
            times[name].append(timed(lambda q=query: (window.search_field.set_query(q),
                                                      repaint_table(window))))
            window.result_loader.cancel()
    return times
