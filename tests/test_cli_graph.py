"""``roadbook graph`` run as a user runs it, and briefings that include the link chart."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from tests.test_cli import assert_one_line_error, roadbook


def test_graph_json_holds_the_results_their_neighbours_and_the_links_among_them(library_path):
    done = roadbook("graph", "--query", "actor:gazprom", "--json", library=library_path,
                    check=True)
    out = json.loads(done.stdout)
    assert {"id", "kind", "title"} == set(out["nodes"][0])  # no positions without --layout
    ids = {n["id"] for n in out["nodes"]}
    assert {"gazprom", "gas-deal-2014", "silk-road-rally", "xi-jinping"} <= ids
    assert out["shown"] == out["total"] == len(ids)
    edges = {(e["from"], e["role"], e["to"]): e for e in out["edges"]}
    assert edges[("silk-road-rally", "sponsor", "gazprom")]["known_by"] == "cited"
    assert edges[("silk-road-rally", "sponsor", "gazprom")]["citations"] == 1
    assert edges[("gazprom", "based in", "russia")]["known_by"] == "analyst"


def test_graph_with_a_layout_gives_positions(library_path):
    done = roadbook("graph", "--query", "actor:gazprom", "--layout", "force", "--json",
                    library=library_path, check=True)
    nodes = json.loads(done.stdout)["nodes"]
    assert all({"x", "y", "pinned"} <= set(n) for n in nodes)
    again = roadbook("graph", "--query", "actor:gazprom", "--layout", "force", "--json",
                     library=library_path, check=True)
    assert json.loads(again.stdout)["nodes"] == nodes  # the same seed, the same chart


def test_graph_depth_and_limit_narrow_the_chart(library_path):
    done = roadbook("graph", "--query", "", "--limit", "5", "--json", library=library_path,
                    check=True)
    out = json.loads(done.stdout)
    assert (out["shown"], out["total"]) == (5, 78)
    done = roadbook("graph", "--query", "", "--limit", "5", library=library_path, check=True)
    assert "showing 5 of 78 entries" in done.stderr


def test_graph_says_capped_whenever_it_leaves_entries_out(library_path):
    out = json.loads(roadbook("graph", "--query", "gas", "--depth", "0", "--limit", "3",
                              "--json", library=library_path, check=True).stdout)
    assert (out["shown"], out["total"], out["capped"], out["total_is_floor"]) == \
        (3, 5, True, False)
    done = roadbook("graph", "--query", "gas", "--depth", "0", "--limit", "3",
                    library=library_path, check=True)
    assert "showing 3 of 5 entries" in done.stderr  # an exact count: no "+"


def test_graph_of_a_busy_hub_keeps_the_cited_sponsor_link(library_path):
    from db import Library

    with Library.open(library_path) as library:
        for n in range(1, 41):
            library.create_entry("deal", f"Hub deal {n}",
                                 {"links": [{"to": "gazprom", "role": "party"}]})
    out = json.loads(roadbook("graph", "--query", "id:gazprom", "--json",
                              library=library_path, check=True).stdout)
    edges = {(e["from"], e["role"], e["to"]) for e in out["edges"]}
    assert ("silk-road-rally", "sponsor", "gazprom") in edges
    assert all(c["count"] > 1 for c in out["clusters"])
    assert out["capped"] and out["total"] == out["shown"] + sum(
        c["count"] for c in out["clusters"])


def test_graph_path_finds_the_chain_from_gazprom_to_xi_jinping(library_path):
    done = roadbook("graph", "--ids", "gazprom,xi-jinping", "--path", library=library_path,
                    check=True)
    assert done.stdout.splitlines() == [
        "Gazprom ←party— China–Russia gas deal (2014)",
        "China–Russia gas deal (2014) —party→ Xi Jinping"]
    out = json.loads(roadbook("graph", "--ids", "gazprom,xi-jinping", "--path", "--json",
                              library=library_path, check=True).stdout)
    assert [s["to"] for s in out["steps"]] == ["gas-deal-2014", "xi-jinping"]


def test_graph_refuses_what_it_cannot_do_in_one_line(library_path):
    assert_one_line_error(roadbook("graph", "--ids", "nobody", library=library_path),
                          "no entry with id 'nobody'")
    assert_one_line_error(roadbook("graph", "--ids", "gazprom", "--path",
                                   library=library_path), "exactly two")
    done = roadbook("graph", "--query", "gas", "--depth", "99", library=library_path)
    assert done.returncode == 2 and "--depth" in done.stderr


def test_a_briefing_can_include_the_link_chart_with_every_label(library_path, tmp_path):
    out = tmp_path / "gazprom.pdf"
    roadbook("print", "--query", "actor:gazprom", "--include", "table,linkchart", "--out",
             str(out), library=library_path, check=True)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out).pages)
    assert "Link chart" in text
    graph = json.loads(roadbook("graph", "--query", "actor:gazprom", "--json",
                                library=library_path, check=True).stdout)
    titles = [n["title"] for n in graph["nodes"]]
    assert any(len(title) > 40 for title in titles)  # long ones are wrapped, not cut short
    missing = [title for title in titles if " ".join(title.split()) not in text]
    assert missing == []
    plain = tmp_path / "plain.pdf"
    roadbook("print", "--query", "actor:gazprom", "--out", str(plain), library=library_path,
             check=True)
    plain_text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(plain).pages)
    assert "Link chart" not in plain_text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_the_printed_link_chart_keeps_its_labels_inside_the_page_margins(library_path,
                                                                       tmp_path):
    out = tmp_path / "gazprom.pdf"
    roadbook("print", "--query", "actor:gazprom", "--include", "linkchart", "--out", str(out),
             library=library_path, check=True)
    boxes = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True,
                           text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))
    words = [(float(a), float(b), w) for a, b, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<',
        boxes)]
    margin = min(left for left, _right, _word in words)  # the left margin, as the right one
    outside = [word for _left, right, word in words if right > width - margin + 1]
    assert "Silk" in {word for _l, _r, word in words}
    assert outside == []
    assert not any(word.endswith("…") for _l, _r, word in words)
