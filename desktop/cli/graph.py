"""``roadbook graph``: the link chart of a search or of some entries as JSON or lines of text,
and the shortest chain of links between two entries (``--path``)."""

from __future__ import annotations

import argparse
import sys

from db.errors import InvalidValueError
from db.graph import DEFAULT_LIMIT, MAX_DEPTH, MAX_LIMIT
from desktop.cli.arguments import open_library
from desktop.cli.output import print_json

LAYOUTS = ("force", "circle", "kind", "time")


def add_parsers(sub) -> None:
    """The ``graph`` command."""
    p = sub.add_parser(
        "graph", help="the links around a search or some entries; the chain between two",
        description="Print the link chart of a search (its results, the entries linked to "
                    "them and every link among those, each with how it is known: cited, "
                    "analyst or imported), or with --path the shortest chain of links "
                    "between two entries.")
    p.set_defaults(func=run_graph)
    scope = p.add_mutually_exclusive_group(required=True)
    scope.add_argument("--query", metavar="Q", help="chart the results of this search")
    scope.add_argument("--ids", metavar="ID,…", type=_ids,
                       help="chart around these entries (with --path: exactly two)")
    p.add_argument("--depth", type=_depth, default=1, metavar="N",
                   help=f"links out from the results, 0 to {MAX_DEPTH} (default 1)")
    p.add_argument("--limit", type=_limit, default=DEFAULT_LIMIT, metavar="N",
                   help=f"show at most N entries (default {DEFAULT_LIMIT}, at most "
                        f"{MAX_LIMIT:,})")
    p.add_argument("--layout", choices=LAYOUTS,
                   help="add positions (x, y) laid out this way")
    p.add_argument("--path", action="store_true",
                   help="with --ids A,B: the shortest chain of links from A to B")
    p.add_argument("--json", action="store_true", help="print JSON")


def _ids(text: str) -> tuple[str, ...]:
    ids = tuple(i.strip() for i in text.split(",") if i.strip())
    if not ids:
        raise argparse.ArgumentTypeError("give at least one entry id")
    return ids


def _bounded(text: str, low: int, high: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(f"must be from {low} to {high:,}")
    return value


def _depth(text: str) -> int:
    return _bounded(text, 0, MAX_DEPTH)


def _limit(text: str) -> int:
    return _bounded(text, 1, MAX_LIMIT)


def run_graph(args) -> int:
    if args.path:
        return _run_path(args)
    with open_library(args) as library:
        if args.query is not None:
            graph = library.graph(args.query, depth=args.depth, limit=args.limit)
        else:
            _check_known(library, args.ids)
            graph = library.graph_around(args.ids, depth=args.depth, limit=args.limit)
    if args.layout:
        from desktop.linkchart.chart import Chart

        chart = Chart(graph)
        chart.lay_out(args.layout)
        out = chart.to_json()
    else:
        out = graph.to_json()
    if args.json:
        print_json({"query": args.query, "ids": list(args.ids or ())} | out)
    else:
        _print_graph(out)
    return 0


def _check_known(library, ids) -> None:
    from db.errors import NotFoundError

    known = library.titles(list(ids))
    missing = [i for i in ids if i not in known]
    if missing:
        raise NotFoundError(f"no entry with id {missing[0]!r}")


def _print_graph(out: dict) -> None:
    titles = {n["id"]: n["title"] for n in out["nodes"]}
    more = "+" if out["total_is_floor"] else ""
    print(f"showing {out['shown']:,} of {out['total']:,}{more} entries, "
          f"{len(out['edges']):,} links", file=sys.stderr)
    for node in out["nodes"]:
        where = f"  at {node['x']:.0f},{node['y']:.0f}" if "x" in node else ""
        print(f"{node['id']}\t{node['kind']}\t{node['title']}{where}")
    for edge in out["edges"]:
        cited = f", {edge['citations']} passage{'s' * (edge['citations'] != 1)}" \
            if edge["citations"] else ""
        print(f"{titles[edge['from']]} —{edge['role']}→ {titles[edge['to']]}  "
              f"[{edge['known_by']}{cited}]")


def _run_path(args) -> int:
    if args.ids is None or len(args.ids) != 2:
        raise InvalidValueError("--path needs --ids with exactly two entries: --ids A,B")
    start, goal = args.ids
    with open_library(args) as library:
        steps = library.shortest_chain(start, goal)
        titles = library.titles([start, goal, *(s["to"] for s in steps)])
    if args.json:
        print_json({"from": start, "to": goal, "length": len(steps), "steps": [
            s | {"from_title": titles[s["from"]]["title"], "to_title": titles[s["to"]]["title"]}
            for s in steps]})
        return 0
    if not steps:
        print(f"no chain of links joins {start} and {goal}", file=sys.stderr)
        return 1
    for step in steps:
        a, b = titles[step["from"]]["title"], titles[step["to"]]["title"]
        arrow = f"—{step['role']}→" if step["direction"] == "out" else f"←{step['role']}—"
        print(f"{a} {arrow} {b}")
    return 0
