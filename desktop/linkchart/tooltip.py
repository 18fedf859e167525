"""What hovering tells: a node's title and kind; a link's role, how it is known, and every
source and quote behind it. Text from the library is escaped: it is shown, never interpreted."""

from __future__ import annotations

from collections.abc import Callable

from db.graph import Edge
from desktop.common.formatting import esc, kind_label, one_line
from desktop.linkchart.chart import Chart, is_cluster

KNOWN_BY_WORDS = {"cited": "cited in a source", "analyst": "the analyst's reading (no passage "
                  "states it)", "imported": "imported with a row of a file"}
MAX_QUOTES = 6


def node_tooltip(chart: Chart, node_id: str) -> str:
    node = chart.node(node_id)
    if node is None:
        return ""
    if is_cluster(node_id):
        hub = chart.node(chart.clusters[node_id].anchor)
        return (f"<qt><b>{esc(node.title)}</b> linked to {esc(hub.title if hub else '')}"
                "<br>Search for the hub to list them all.</qt>")
    pinned = "<br><i>Pinned: layouts leave it where it is.</i>" if node_id in chart.pinned else ""
    return f"<qt><b>{esc(node.title)}</b><br>{esc(kind_label(node.kind))}{pinned}</qt>"


def edge_tooltip(chart: Chart, edge: Edge,
                 evidence: Callable[[str, str], list[dict]] | None) -> str:
    """The link as a sentence, how it is known, then its sources with their quotes."""
    a, b = chart.node(edge.from_id), chart.node(edge.to_id)
    lines = [f"<b>{esc(a.title if a else edge.from_id)}</b> — {esc(edge.role)} → "
             f"<b>{esc(b.title if b else edge.to_id)}</b>",
             f"Known by: {esc(KNOWN_BY_WORDS.get(edge.known_by, edge.known_by))}"]
    passages = evidence(edge.from_id, edge.to_id) if evidence is not None else []
    shown = 0
    for passage in passages:
        lines.append(f"<br><i>{esc(passage['source_title'])}</i>")
        for quote in passage["quotes"]:
            if shown < MAX_QUOTES:
                lines.append(f"“{esc(one_line(quote['quote'], 220))}”")
            shown += 1
    if shown > MAX_QUOTES:
        lines.append(f"… and {shown - MAX_QUOTES} more quotes")
    return "<qt>" + "<br>".join(lines) + "</qt>"
