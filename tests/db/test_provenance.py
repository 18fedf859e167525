"""Every imported entry keeps where it came from: the batch, the file, the sheet, the row with
its cells as the file had them, and the dataset's title, version, credit line and licence."""

from __future__ import annotations

import pytest

LENDERS = """ref,title,year,lender,country
L1,Port loan,2014,Harbour Bank,Namibia
L2,Rail loan,2015,Harbour Bank,Kenya
"""
MORE = """ref,title,year,lender
M1,Dam loan,2016,Harbour Bank
"""


@pytest.fixture
def lenders(tmp_path):
    path = tmp_path / "lenders.csv"
    path.write_text(LENDERS, encoding="utf-8")
    return path


def test_a_row_keeps_its_file_row_and_the_credit_the_user_typed(library, lenders):
    report = library.import_file(lenders, kind="deal", credit="Lender survey, 2016, by R. Ivanova")
    entry = library.conn.execute("SELECT id FROM entries WHERE title = 'Rail loan'").fetchone()[0]
    assert library.provenance(entry) == [{
        "batch": report.batch, "file": "lenders.csv", "sheet": None, "row": 3,
        "dataset": "lenders.csv", "version": None,
        "credit": "Lender survey, 2016, by R. Ivanova", "licence": None}]


def test_the_record_card_is_the_row_as_the_file_had_it(library, lenders):
    library.import_file(lenders, kind="deal")
    entry = library.conn.execute("SELECT id FROM entries WHERE title = 'Port loan'").fetchone()[0]
    record = library.record(entry)
    assert record["cells"] == [("ref", "L1"), ("title", "Port loan"), ("year", "2014"),
                               ("lender", "Harbour Bank"), ("country", "Namibia")]
    assert record["row"] == 2  # as the file numbers it: the header is row 1


def test_bundled_entries_have_no_provenance(library):
    some = library.conn.execute("SELECT id FROM entries LIMIT 1").fetchone()[0]
    assert library.provenance(some) == []
    assert library.record(some) is None


def test_an_entry_named_by_two_batches_keeps_each_and_outlives_the_first(library, lenders,
                                                                         tmp_path):
    first = library.import_file(lenders, kind="deal")
    bank = library.conn.execute(
        "SELECT id FROM entries WHERE title = 'Harbour Bank'").fetchone()[0]
    more = tmp_path / "more.csv"
    more.write_text(MORE, encoding="utf-8")
    second = library.import_file(more, kind="deal")
    rows = [(p["batch"], p["file"], p["row"]) for p in library.provenance(bank)]
    assert rows == [(first.batch, "lenders.csv", 2), (second.batch, "more.csv", 2)]
    library.undo_import(first.batch)
    assert [(p["batch"], p["row"]) for p in library.provenance(bank)] == [(second.batch, 2)]


def test_datasets_used_names_each_once_with_its_entries(library, lenders):
    library.import_file(lenders, kind="deal", credit="Lender survey")
    ids = [r[0] for r in library.conn.execute(
        "SELECT id FROM entries WHERE title IN ('Port loan', 'Rail loan')")]
    assert library.datasets_used(ids) == [{
        "dataset": "lenders.csv", "version": None, "credit": "Lender survey", "licence": None,
        "files": ["lenders.csv"], "entries": 2}]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_exports_carry_the_dataset_file_and_row(library, lenders, tmp_path, fmt):
    import csv
    import json

    library.import_file(lenders, kind="deal", credit="Lender survey")
    out = tmp_path / f"out.{fmt}"
    library.export(["lenders-l2", "gas-deal-2014"], out, fmt)
    if fmt == "json":
        rows = json.loads(out.read_text("utf-8"))
        assert rows[0]["provenance"][0] | {"batch": 0} == {
            "batch": 0, "file": "lenders.csv", "sheet": None, "row": 3,
            "dataset": "lenders.csv", "version": None, "credit": "Lender survey",
            "licence": None}
        assert rows[1]["provenance"] == []
        return
    if fmt == "csv":
        with out.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(out).active
        values = list(sheet.iter_rows(values_only=True))
        rows = [{h: ("" if v is None else str(v)) for h, v in zip(values[0], row, strict=True)}
                for row in values[1:]]
    assert {k: rows[0][k] for k in ("dataset", "credit", "source_file", "source_row")} == {
        "dataset": "lenders.csv", "credit": "Lender survey", "source_file": "lenders.csv",
        "source_row": "3"}
    assert rows[1]["dataset"] == "" and rows[1]["source_row"] == ""


def test_source_search_finds_a_dataset_by_title_file_or_credit(library, lenders):
    library.import_file(lenders, kind="deal", credit="Survey by Ivanova")
    for query in ("source:lenders", "source:ivanova"):
        ids = {h["id"] for h in library.search(query, limit=50)["hits"]}
        assert {"lenders-l1", "lenders-l2"} <= ids, query
    cited = {h["id"] for h in library.search("source:diplomat", limit=-1)["hits"]}
    assert "gas-deal-2014" in cited and "lenders-l1" not in cited
    assert "lenders-l1" not in {h["id"] for h in library.search("-source:lenders",
                                                                 limit=-1)["hits"]}


def test_the_batch_list_names_each_dataset_and_its_credit(library, lenders):
    library.import_file(lenders, kind="deal", credit="Lender survey")
    [batch] = library.imports()
    assert (batch["dataset"], batch["version"], batch["credit"], batch["licence"]) == (
        "lenders.csv", None, "Lender survey", None)
