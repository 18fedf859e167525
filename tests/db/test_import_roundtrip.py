"""Round trip: entries exported from one library and imported into a new one are the same."""

from __future__ import annotations

import csv
import io
import shutil

import pytest

SOURCE = [
    ["id", "title", "date", "value", "country", "investor", "sector", "aliases", "notes", "code"],
    ["1", "Power of Siberia supply deal", "May 2014", "$400 billion", "Russia", "Gazprom",
     "Energy; Gas", "Сила Сибири; PoS", "Signed in Shanghai", "007"],
    ["2", "São Tomé port upgrade", "2015?", "¥3 bn", "São Tomé and Príncipe", "Sinopec",
     "Ports", "", "", "NA"],
    ["3", "=HYPERLINK(\"http://example.org\",\"x\")", "42522", "396886330.8", "", "Sinopec",
     "", "", "-2+3 looks like a formula", ""],
    ["4", "Kazan railway study", "2014-2016", "", "russian federation", "", "Transport", "",
     "", ""],
]
SAME = ("kind", "title", "summary", "category", "status", "date_start", "date_end",
        "date_precision", "date_text", "date_note", "value_usd", "value_text", "value_note",
        "tags", "extra")


@pytest.fixture
def exported_from(library, tmp_path):
    """Library A with the source imported; returns the ids of every entry the import made."""
    out = io.StringIO()
    csv.writer(out).writerows(SOURCE)
    path = tmp_path / "tracker.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    batch = library.import_file(path).batch
    return [r[0] for r in library.conn.execute(
        "SELECT id FROM entries WHERE batch_id = ? ORDER BY num", (batch,))]


@pytest.fixture
def new_library(bundled_library_template, tmp_path):
    from db import Library

    path = tmp_path / "new.sqlite"
    shutil.copyfile(bundled_library_template, path)
    with Library.open(path) as lib:
        yield lib


def comparable(entry: dict) -> dict:
    out = {k: entry[k] for k in SAME}
    out["aliases"] = sorted(a["name"] for a in entry["aliases"])
    out["links"] = sorted((lk["role"], lk["id"]) for lk in entry["links"]
                          if lk["direction"] == "out")
    return out


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_export_then_import_gives_the_same_entries(library, exported_from, new_library,
                                                   tmp_path, fmt):
    out = tmp_path / f"export.{fmt}"
    assert library.export(exported_from, out, fmt) == len(exported_from) == 4 + 2
    report = new_library.import_file(out, mapping="roadbook-export")
    assert (report.imported, report.rejected, report.created) == (6, 0, 0), report.rejections
    for entry_id in exported_from:
        assert comparable(new_library.get(entry_id)) == comparable(library.get(entry_id))


def test_the_round_trip_keeps_what_matters_to_an_analyst(library, exported_from, new_library,
                                                         tmp_path):
    out = tmp_path / "export.csv"
    library.export(exported_from, out, "csv")
    new_library.import_file(out, mapping="roadbook-export")
    deal = new_library.get("tracker-1")
    assert (deal["date_precision"], deal["value_usd"], deal["tags"]) == (
        "month", 400e9, ["Energy", "Gas"])
    assert sorted(a["name"] for a in deal["aliases"]) == ["PoS", "Сила Сибири"]
    assert {(lk["role"], lk["id"]) for lk in deal["links"]} == {
        ("located in", "russia"), ("financier", "gazprom")}
    assert (deal["summary"], deal["extra"]) == ("Signed in Shanghai", {"code": "007"})
    assert new_library.get("tracker-3")["title"] == '=HYPERLINK("http://example.org","x")'
    assert new_library.get("tracker-2")["extra"] == {"code": "NA"}


def test_only_outgoing_links_are_written_back(library, exported_from, new_library, tmp_path):
    out = tmp_path / "export.json"
    library.export(["sinopec"], out, "json")  # an actor: its links all come in
    new_library.import_file(out, mapping="roadbook-export")
    assert new_library.get("sinopec")["links"] == []
