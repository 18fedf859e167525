"""``roadbook source add``, ``sources`` and ``suggestions`` as a user runs them: an article
nobody here wrote is added, its suggestions reviewed, and its quotes found by search."""

from __future__ import annotations

import json

import pytest

from tests.db import source_fixtures as fx
from tests.test_cli import assert_one_line_error, roadbook

ADDED_KEYS = {"id", "title", "author", "publisher", "date", "passages", "characters",
              "suggestions"}
SUGGESTION_KEYS = {"n", "kind", "text", "quote", "start", "end", "entry_id", "value_usd",
                   "date_start", "date_end", "status"}


def _add(library_path, path, *options):
    done = roadbook("source", "add", str(path), *options, "--json", library=library_path,
                    check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize("write", [fx.write_markdown, fx.write_html, fx.write_pdf,
                                   fx.write_docx, fx.write_text])
def test_source_add_prints_what_was_added(library_path, tmp_path, write):
    added = _add(library_path, write(tmp_path), "--publisher", "World News", "--date",
                 "2016-07-20", "--url", "https://example.com/a")
    assert set(added) == ADDED_KEYS
    assert (added["publisher"], added["date"]) == ("World News", "2016-07-20")
    assert added["passages"] >= 3 and added["characters"] > 200 and added["suggestions"] > 5


def test_the_whole_review_from_the_command_line(library_path, tmp_path):
    added = _add(library_path, fx.write_markdown(tmp_path))
    source_id = added["id"]
    listed = json.loads(roadbook("sources", "--json", library=library_path, check=True).stdout)
    mine = next(s for s in listed if s["id"] == source_id)
    assert (mine["passages"], mine["citations"], mine["title"]) == \
        (added["passages"], 0, "Putin and Xi meet again")

    rows = json.loads(roadbook("suggestions", source_id, "--json", library=library_path,
                               check=True).stdout)
    assert len(rows) == added["suggestions"]
    assert all(set(r) >= SUGGESTION_KEYS for r in rows)
    kinds = {r["kind"] for r in rows}
    assert kinds == {"mention", "value", "date", "name"}
    last_year = next(r for r in rows if r["text"] == "last year")
    assert (last_year["date_start"], last_year["date_end"]) == ("2015-01-01", "2015-12-31")
    sums = {r["text"]: r["value_usd"] for r in rows if r["kind"] == "value"}
    assert sums["more than $21 billion"] == 21e9

    xi = next(r for r in rows if r["entry_id"] == "xi-jinping")
    sechin = next(r for r in rows if r["text"] == "Igor Sechin")
    roadbook("suggestions", source_id, "accept", str(xi["n"]), library=library_path, check=True)
    roadbook("suggestions", source_id, "reject", str(sechin["n"]), library=library_path,
             check=True)
    accepted = json.loads(roadbook("suggestions", source_id, "--status", "accepted", "--json",
                                   library=library_path, check=True).stdout)
    assert [r["n"] for r in accepted] == [xi["n"]]
    shown = json.loads(roadbook("show", "xi-jinping", "--json", library=library_path,
                                check=True).stdout)
    assert xi["quote"] in [c["quote"] for c in shown["citations"]]

    hits = json.loads(roadbook("search", "Sechin", "--passages", "--json",
                               library=library_path, check=True).stdout)["hits"]
    assert [h["source_id"] for h in hits] == [source_id]
    found = json.loads(roadbook("search", "source:putin-and-xi", "--json",
                                library=library_path, check=True).stdout)
    assert [h["id"] for h in found["hits"]] == ["xi-jinping"]


def test_adding_the_same_file_again_is_one_line(library_path, tmp_path):
    path = fx.write_text(tmp_path)
    first = _add(library_path, path)
    done = roadbook("source", "add", str(path), library=library_path)
    assert_one_line_error(done, f"already in the library as source {first['id']}")


@pytest.mark.parametrize("content, name, reason", [
    (b"%PDF-1.7\n garbage", "broken.pdf", "cannot be read as a PDF"),
    (b"\x00\x00\x00", "empty.txt", "no readable text"),
    (b"PK\x03\x04", "broken.docx", "not a Word"),
    (b"x" * 10, "old.doc", "Word 97"),
])
def test_a_bad_file_is_one_line_and_adds_nothing(library_path, tmp_path, content, name, reason):
    path = tmp_path / name
    path.write_bytes(content)
    assert_one_line_error(roadbook("source", "add", str(path), library=library_path), reason)
    listed = json.loads(roadbook("sources", "--json", library=library_path, check=True).stdout)
    assert len(listed) == 1


def test_suggestions_of_an_unknown_source_or_number(library_path, tmp_path):
    assert_one_line_error(roadbook("suggestions", "nowhere", library=library_path),
                          "no source with id 'nowhere'")
    source_id = _add(library_path, fx.write_text(tmp_path))["id"]
    assert_one_line_error(roadbook("suggestions", source_id, "accept", "999",
                                   library=library_path), "no suggestion number 999")


def test_replacing_a_source_lists_orphans(library_path, tmp_path):
    source_id = _add(library_path, fx.write_text(tmp_path))["id"]
    rows = json.loads(roadbook("suggestions", source_id, "--json", library=library_path,
                               check=True).stdout)
    sechin = next(r for r in rows if r["entry_id"] == "vladimir-putin")
    roadbook("suggestions", source_id, "accept", str(sechin["n"]), library=library_path,
             check=True)
    newer = fx.write_text(tmp_path, "An entirely different text about rivers.", "v2.txt")
    done = roadbook("source", "replace", source_id, str(newer), "--json", library=library_path,
                    check=True)
    assert json.loads(done.stdout)["orphaned"] == 1
    orphans = json.loads(roadbook("source", "orphans", source_id, "--json",
                                  library=library_path, check=True).stdout)
    assert [o["entry_id"] for o in orphans] == ["vladimir-putin"]


def test_text_piped_in_is_added_as_markdown(library_path):
    import subprocess

    from tests.test_cli import ROOT

    done = subprocess.run(
        [*_roadbook_command(library_path), "source", "add", "-", "--markdown", "--json"],
        input=fx.MARKDOWN, capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
        timeout=120)
    assert done.returncode == 0, done.stderr
    added = json.loads(done.stdout)
    assert (added["title"], added["author"]) == ("Putin and Xi meet again", "Jane Doe")


def _roadbook_command(library_path):
    import sys

    return [sys.executable, "-m", "desktop.cli", "--library", str(library_path)]



def test_a_quote_from_a_pdf_names_its_page(library_path, tmp_path):
    source = json.loads(roadbook("source", "add", str(fx.write_pdf(tmp_path)), "--json",
                                 library=library_path, check=True).stdout)["id"]
    quote = "Igor Sechin of Rosneft said trade"  # on the second page
    roadbook("cite", "xi-jinping", "--source", source, "--quote", quote, library=library_path,
             check=True)
    shown = json.loads(roadbook("show", "xi-jinping", "--json", library=library_path).stdout)
    cited = next(c for c in shown["citations"] if c["quote"] == quote)
    assert cited["page"] == 2
    bundled = next(c for c in shown["citations"] if c["quote"] != quote)
    assert bundled["page"] is None  # an article has no pages
    text = roadbook("show", "xi-jinping", library=library_path).stdout
    assert f"“{quote}” — Putin and Xi meet again, p. 2" in text
