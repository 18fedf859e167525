"""Where an imported entry came from, read back from the command line: ``show`` and its JSON."""

from __future__ import annotations

import json

from tests.test_cli import roadbook

LENDERS = "ref,title,year,lender\nL1,Port loan,2014,Harbour Bank\nL2,Rail loan,2015,Harbour Bank\n"


def test_show_names_the_dataset_credit_file_and_row(library_path, tmp_path):
    path = tmp_path / "lenders.csv"
    path.write_text(LENDERS, encoding="utf-8")
    roadbook("import", str(path), "--kind", "deal", "--credit", "Lender survey by R. Ivanova",
             library=library_path, check=True)
    done = roadbook("show", "lenders-l2", library=library_path, check=True)
    assert "Sources:" not in done.stdout  # no empty heading for an entry without quotes
    assert done.stdout.split("From:\n")[1].splitlines() == [
        "  lenders.csv",
        "    Credit: Lender survey by R. Ivanova",
        "    lenders.csv, row 3 (import batch 1)"]
    shown = json.loads(roadbook("show", "lenders-l2", "--json", library=library_path,
                                check=True).stdout)
    assert shown["provenance"] == [{
        "batch": 1, "file": "lenders.csv", "sheet": None, "row": 3, "dataset": "lenders.csv",
        "version": None, "credit": "Lender survey by R. Ivanova", "licence": None}]


def test_a_bundled_entry_has_no_provenance_and_keeps_its_sources(library_path):
    shown = json.loads(roadbook("show", "gas-deal-2014", "--json", library=library_path,
                                check=True).stdout)
    assert shown["provenance"] == []
    done = roadbook("show", "gas-deal-2014", library=library_path, check=True)
    assert "Sources:" in done.stdout and "From:" not in done.stdout
