"""The link chart's data: neighbourhoods, how links are known, evidence, chains, saved charts."""

from __future__ import annotations

import json

import pytest

from db import InvalidValueError, NotFoundError
from db.graph import HUB_LIMIT


def _library_links(library, ids):
    rows = library.conn.execute("SELECT from_id, to_id, role FROM links").fetchall()
    return {tuple(r) for r in rows if r[0] in ids and r[1] in ids}


def test_the_chart_of_gazprom_holds_its_results_their_neighbours_and_every_link_among_them(
        library):
    graph = library.graph("actor:gazprom")
    ids = {n.id for n in graph.nodes}
    results = {library.id_for(n) for n in library.results("actor:gazprom").nums}
    assert results <= ids
    neighbours = {r[0] for r in library.conn.execute(
        "SELECT to_id FROM links WHERE from_id IN (SELECT value FROM json_each(?)) UNION "
        "SELECT from_id FROM links WHERE to_id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(results)), json.dumps(sorted(results))))}
    assert ids == results | neighbours
    assert {(e.from_id, e.to_id, e.role) for e in graph.edges} == _library_links(library, ids)
    assert {n.id for n in graph.nodes if n.seed} == results
    assert graph.total == graph.shown == len(ids)


def test_depth_zero_keeps_only_the_results(library):
    graph = library.graph("actor:gazprom", depth=0)
    assert {n.id for n in graph.nodes} == {library.id_for(n) for n in
                                          library.results("actor:gazprom").nums}


def test_a_capped_chart_says_how_many_it_leaves_out(library):
    graph = library.graph("", depth=1, limit=10)
    assert graph.shown == 10
    assert graph.total == 78  # every entry of the bundled library, counted


@pytest.mark.parametrize(("from_id", "to_id", "known_by"), [
    ("silk-road-rally", "gazprom", "cited"),  # the article names both in one passage
    ("gazprom", "russia", "analyst"),  # no passage states it: the analyst's reading
])
def test_each_link_says_how_it_is_known(library, from_id, to_id, known_by):
    graph = library.graph_of([from_id, to_id])
    (edge,) = graph.edges
    assert (edge.known_by, edge.citations > 0) == (known_by, known_by == "cited")


def test_links_of_imported_rows_are_known_as_imported(library, tmp_path):
    path = tmp_path / "deals.csv"
    path.write_text("title,kind,links\nPipeline study,deal,party: Gazprom\n", encoding="utf-8")
    library.import_file(path)
    new = library.conn.execute("SELECT id FROM entries WHERE origin = 'import' AND "
                               "title = 'Pipeline study'").fetchone()[0]
    edges = library.graph_around([new]).edges
    assert [(e.to_id, e.known_by) for e in edges if e.from_id == new] == \
        [("gazprom", "imported")]


def test_the_evidence_of_a_link_quotes_both_entries_from_their_source(library):
    (passage,) = library.link_evidence("silk-road-rally", "gazprom")
    assert passage["source_id"] == "diplomat-2016-obor-russia"
    assert {q["entry_id"] for q in passage["quotes"]} == {"silk-road-rally", "gazprom"}
    assert any("Gazprom" in q["quote"] for q in passage["quotes"])
    assert library.link_evidence("gazprom", "russia") == []


def test_the_shortest_chain_ties_gazprom_to_xi_jinping_through_the_gas_deal(library):
    steps = library.shortest_chain("gazprom", "xi-jinping")
    assert [(s["from"], s["role"], s["to"]) for s in steps] == [
        ("gazprom", "party", "gas-deal-2014"), ("gas-deal-2014", "party", "xi-jinping")]
    assert [s["direction"] for s in steps] == ["in", "out"]


def test_a_chain_to_an_unknown_entry_is_refused(library):
    with pytest.raises(NotFoundError):
        library.shortest_chain("gazprom", "nobody")


def test_no_chain_between_entries_that_no_links_join(library):
    with library.transaction():
        library.conn.execute("INSERT INTO entries (id, kind, title) VALUES ('alone', 'actor', "
                             "'Alone')")
    assert library.shortest_chain("gazprom", "alone") == []


def test_a_hub_shows_its_first_neighbours_and_the_rest_as_clusters_by_kind(library):
    with library.transaction():
        for n in range(HUB_LIMIT + 12):
            library.conn.execute(
                "INSERT INTO entries (id, kind, title, origin) VALUES (?, ?, ?, 'import')",
                (f"spoke-{n}", "deal" if n % 2 else "event", f"Spoke {n}"))
            library.conn.execute("INSERT INTO links (from_id, to_id, role) VALUES (?, 'gazprom',"
                                 " 'party')", (f"spoke-{n}",))
    graph = library.graph_around(["gazprom"], depth=1, limit=500)
    degree = len({n for n in library.conn.execute(
        "SELECT to_id FROM links WHERE from_id = 'gazprom' UNION "
        "SELECT from_id FROM links WHERE to_id = 'gazprom'")})
    assert graph.shown == HUB_LIMIT + 1
    assert sum(c.count for c in graph.clusters) == degree - HUB_LIMIT
    assert all(c.anchor == "gazprom" for c in graph.clusters)
    assert graph.total == degree + 1


def _crowd_gazprom(library, count: int = 40) -> None:
    """Deals written by the analyst, each naming Gazprom as a party (no source cites them)."""
    for n in range(1, count + 1):
        library.create_entry("deal", f"Hub deal {n}",
                             {"links": [{"to": "gazprom", "role": "party"}]})


def test_a_busy_hub_keeps_the_links_a_source_states_before_the_analysts(library):
    _crowd_gazprom(library)
    graph = library.graph("id:gazprom")
    ids = {n.id for n in graph.nodes}
    assert {"silk-road-rally", "gas-deal-2014"} <= ids  # cited in a source: drawn
    assert graph.shown == HUB_LIMIT + 1
    assert [(c.kind, c.count) for c in graph.clusters] == [("deal", 13)]
    folded = {n for (n,) in library.conn.execute(
        "SELECT id FROM entries WHERE title LIKE 'Hub deal %'")} - ids
    assert len(folded) == 13
    assert (graph.total, graph.capped) == (44, True)


def test_a_kind_left_with_one_entry_shows_it_rather_than_a_cluster_of_one(library):
    _crowd_gazprom(library, HUB_LIMIT)
    event = library.create_entry("event", "Hub launch",
                                 {"links": [{"to": "gazprom", "role": "sponsor"}]})
    graph = library.graph("id:gazprom")
    assert all(c.count > 1 for c in graph.clusters)
    assert event in {n.id for n in graph.nodes}
    assert graph.total == graph.shown + sum(c.count for c in graph.clusters)


def test_a_hubs_neighbours_rank_cited_then_the_analysts_then_imported_results_first(
        library, tmp_path):
    from db.graph_hubs import hub_neighbours

    _crowd_gazprom(library, 5)
    path = tmp_path / "deals.csv"
    path.write_text("title,kind,links\nPipeline study,deal,party: Gazprom\n", encoding="utf-8")
    library.import_file(path)
    ranked = hub_neighbours(library.conn, "gazprom", results={"hub-deal-4"}).ranked
    known = ["cited", "analyst", "imported"]
    best: dict[str, str] = {}
    for e in library.graph_of(list(ranked) + ["gazprom"]).edges:
        if "gazprom" in (e.from_id, e.to_id):
            other = e.to_id if e.from_id == "gazprom" else e.from_id
            best[other] = min(best.get(other, e.known_by), e.known_by, key=known.index)
    order = [best[n] for n in ranked]
    assert order == sorted(order, key=known.index)
    assert order[0] == "cited" and order[-1] == "imported"
    assert ranked[order.index("analyst")] == "hub-deal-4"


@pytest.mark.parametrize(("query", "depth", "limit"), [("gas", 0, 3), ("", 1, 10)])
def test_a_chart_that_leaves_entries_out_says_it_is_capped(library, query, depth, limit):
    graph = library.graph(query, depth=depth, limit=limit)
    assert graph.shown == limit < graph.total
    assert graph.capped and not graph.total_is_floor
    assert graph.to_json()["capped"] is True


def test_a_whole_chart_is_not_capped(library):
    graph = library.graph("actor:gazprom")
    assert (graph.capped, graph.clusters) == (False, ())


def test_a_saved_chart_comes_back_as_it_was_kept(library):
    state = {"query": "actor:gazprom", "layout": "kind", "seed": 7, "depth": 1,
             "nodes": [{"id": "gazprom", "x": 10.5, "y": -3, "pinned": True}],
             "hidden": ["russia"]}
    library.save_chart("  Gas   ties ", state)
    assert [c["name"] for c in library.charts()] == ["Gas ties"]
    assert library.chart("Gas ties") == state | {"nodes": [
        {"id": "gazprom", "x": 10.5, "y": -3.0, "pinned": True}]}
    library.delete_chart("Gas ties")
    assert library.charts() == []


@pytest.mark.parametrize("state", [
    [], {"nodes": "x"}, {"nodes": [{"id": "a", "x": float("nan"), "y": 0}]},
    {"nodes": [{"x": 1, "y": 2}]}, {"layout": "spiral"}, {"hidden": [3]},
])
def test_a_chart_of_the_wrong_shape_is_refused(library, state):
    with pytest.raises(InvalidValueError):
        library.save_chart("bad", state)


def test_a_damaged_saved_chart_is_refused_with_its_name(library):
    library.save_chart("ok", {"nodes": []})
    with library.transaction():
        library.conn.execute("UPDATE charts SET state = '{\"nodes\": [1]}'")
    with pytest.raises(InvalidValueError, match="ok"):
        library.chart("ok")
