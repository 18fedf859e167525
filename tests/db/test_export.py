"""Exports: JSON as ``show --json`` objects, CSV that spreadsheets open safely, clear failures."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest

from db.entry_shape import public_entry
from db.export import ExportError, neutralise, write_entries

SHOW_KEYS = {"id", "kind", "title", "summary", "category", "status", "date_start", "date_end",
             "date_precision", "date_text", "value_usd", "value_text", "aliases", "links",
             "citations", "bookmark"}


def entries(library, *ids):
    return [public_entry(library.get(i)) for i in ids]


def read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so spreadsheets read UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_json_is_a_list_of_show_objects(library, tmp_path):
    library.bookmark("gazprom", note="sponsor", tags=["energy"])
    out = tmp_path / "out.json"
    assert write_entries(entries(library, "gas-deal-2014", "gazprom"), out, "json") == 2
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [e["id"] for e in data] == ["gas-deal-2014", "gazprom"]
    assert set(data[0]) >= SHOW_KEYS
    assert data[0]["value_usd"] == 4e11
    assert data[0]["bookmark"] is None
    assert data[1]["bookmark"] == {"note": "sponsor", "tags": ["energy"]}
    assert {"source_id": "diplomat-2016-obor-russia",
            "source_title": "China’s Road to Closer Ties With Russia",
            "quote": "the $400 billion gas deal signed in 2014 between Vladimir Putin and "
                     "Xi Jinping", "page": None} in data[0]["citations"]
    assert {"id": "gazprom", "kind": "actor", "title": "Gazprom", "role": "party"}.items() <= \
        next(lk for lk in data[0]["links"] if lk["id"] == "gazprom").items()
    assert "Газпром" in out.read_text(encoding="utf-8")  # UTF-8 as is, not \\u escapes


def test_json_of_nothing_is_an_empty_list(tmp_path):
    out = tmp_path / "none.json"
    assert write_entries([], out, "json") == 0
    assert json.loads(out.read_text(encoding="utf-8")) == []


def test_csv_has_a_bom_a_header_and_one_row_per_entry(library, tmp_path):
    library.bookmark("gas-deal-2014", note="follow", tags=["energy", "key"])
    out = tmp_path / "out.csv"
    write_entries(entries(library, "gas-deal-2014", "vladimir-putin"), out, "csv")
    rows = read_csv(out)
    assert [r["id"] for r in rows] == ["gas-deal-2014", "vladimir-putin"]
    deal = rows[0]
    assert (deal["title"], deal["value_text"], deal["value_usd"], deal["date_start"]) \
        == ("China–Russia gas deal (2014)", "$400 billion", "400000000000", "2014-01-01")
    assert (deal["bookmark_note"], deal["bookmark_tags"]) == ("follow", "energy; key")
    assert "party: Gazprom" in deal["links"]
    assert "Владимир Путин" in rows[1]["aliases"]


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)",
                                  "\tindent", "\rreturn"])
def test_formula_cells_are_neutralised(library, tmp_path, text):
    with library.transaction():
        library.conn.execute("UPDATE entries SET summary = ? WHERE id = 'gazprom'", (text,))
    library.bookmark("gazprom", note=text, tags=[text.strip() or "x"])
    out = tmp_path / "out.csv"
    write_entries(entries(library, "gazprom"), out, "csv")
    row = read_csv(out)[0]
    assert row["summary"] == "'" + text
    assert row["bookmark_note"] == "'" + text
    for value in row.values():
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


@pytest.mark.parametrize(("value", "cell"), [
    ("=1+1", "'=1+1"), ("plain", "plain"), ("", ""), (None, ""), (4e11, "400000000000.0"),
    ("a=b", "a=b"), ("-", "'-"),
])
def test_neutralise(value, cell):
    assert neutralise(value) == cell


def test_an_unwritable_path_is_an_export_error(library, tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        write_entries(entries(library, "gazprom"), tmp_path / "no" / "such" / "x.csv", "csv")
    with pytest.raises(ExportError, match="cannot write"):
        write_entries(entries(library, "gazprom"), tmp_path, "json")  # a folder, not a file


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_folder_is_an_export_error(library, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="cannot write"):
            write_entries(entries(library, "gazprom"), folder / "x.csv", "csv")
    finally:
        folder.chmod(0o700)


def test_an_unknown_format_is_an_export_error(library, tmp_path):
    with pytest.raises(ExportError, match="unknown export format 'pdf'"):
        write_entries(entries(library, "gazprom"), tmp_path / "x.pdf", "pdf")


def test_a_failed_export_leaves_no_file_and_keeps_an_old_one(library, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "out.json"
    out.write_text("old", encoding="utf-8")

    def broken():
        yield public_entry(library.get("gazprom"))
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        write_entries(broken(), out, "json")
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in folder.iterdir()) == ["out.json"]


def test_cancelling_leaves_no_file(library, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "out.csv"
    with pytest.raises(Exception, match="cancelled"):
        write_entries(entries(library, "gazprom", "baic"), out, "csv",
                      progress=lambda n: n < 1)
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_exports_honour_the_umask_like_any_new_file(library, tmp_path, fmt, umask):
    out = tmp_path / f"entries.{fmt}"
    previous = os.umask(umask)
    try:
        library.export(["gas-deal-2014"], out, fmt)
    finally:
        os.umask(previous)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_entries_read_a_page_at_a_time_are_the_show_objects(library):
    from db.export_pages import public_entries

    library.bookmark("gas-deal-2014", note="watch", tags=["energy", "Asia"])
    ids = [r[0] for r in library.conn.execute("SELECT id FROM entries ORDER BY title DESC")]
    paged = list(public_entries(library.conn, ids + ["no-such-entry"], page=7))
    assert paged == [public_entry(library.get(i)) for i in ids]
    assert [list(e) for e in paged[:1]] == [list(public_entry(library.get(ids[0])))]
    outgoing = list(public_entries(library.conn, ["gazprom"], incoming=False))
    assert outgoing[0]["links"] == [lk for lk in public_entry(library.get("gazprom"))["links"]
                                    if lk["direction"] == "out"]


def test_entries_read_a_page_at_a_time_carry_what_the_sources_state(library):
    from db.export_pages import public_entries

    library.cite("gas-deal-2014", "diplomat-2016-obor-russia", "the $400 billion gas deal",
                 states="value=$456bn")
    ids = ["gazprom", "gas-deal-2014", "china"]
    for incoming in (True, False):
        paged = {e["id"]: e for e in public_entries(library.conn, ids, incoming=incoming)}
        deal = paged["gas-deal-2014"]
        assert {s["text"] for s in deal["statements"]} >= {"$456bn"}
        assert deal["disagreements"] == ["value"]
        assert list(deal) == list(public_entry(library.get("gas-deal-2014")))
        assert paged["gazprom"]["statements"] == []
    assert paged["gas-deal-2014"]["links"] == [
        lk for lk in public_entry(library.get("gas-deal-2014"))["links"]
        if lk["direction"] == "out"]
