"""Exports a spreadsheet opens safely: formula payloads neutralised in CSV and XLSX, no live
formula in a workbook, numbers as numbers; export scopes; cancel leaves no file."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from db.export import CSV_COLUMNS, XLSX_CELL_LIMIT, ExportCancelled

PAYLOADS = ['=HYPERLINK("http://example.org/x","Click me")', "+1+1", "-2+3", "@SUM(A1:A9)",
            "\tTabbed title", "\rCarriage title"]


@pytest.fixture
def hostile(library, tmp_path):
    """A batch whose titles and summaries are formula payloads; returns the entry ids."""
    rows = [["title", "summary", "value"]]
    rows += [[f"Deal {n}", f"={n}*2", "$5m"] for n in range(len(PAYLOADS))]
    rows.append(["Plain deal", "Nothing odd", "$1.5bn"])
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path = tmp_path / "hostile.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    batch = library.import_file(path).batch
    ids = [f"import-{batch}-{n}" for n in range(1, len(PAYLOADS) + 2)]
    with library.transaction():  # a tab or CR first survives only an edit, not an import
        library.conn.executemany("UPDATE entries SET title = ? WHERE id = ?",
                                 list(zip(PAYLOADS, ids, strict=False)))
    return ids


def read_xlsx(path):
    from openpyxl import load_workbook

    book = load_workbook(path)
    return book["Roadbook entries"]


def test_xlsx_has_no_formula_and_neutralises_every_payload(library, hostile, tmp_path):
    out = tmp_path / "entries.xlsx"
    assert library.export(hostile, out, "xlsx") == 7
    sheet = read_xlsx(out)
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0]] == list(CSV_COLUMNS)
    assert all(c.data_type in ("s", "n") for row in rows for c in row if c.value is not None)
    title = CSV_COLUMNS.index("title")
    # written through lxml, a carriage return is kept as one (&#13;); the cell is text
    assert [r[title].value for r in rows[1:7]] == ["'" + p for p in PAYLOADS]
    assert rows[7][title].value == "Plain deal"
    with zipfile.ZipFile(out) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_xlsx_keeps_numbers_as_numbers(library, hostile, tmp_path):
    out = tmp_path / "entries.xlsx"
    library.export(hostile[-1:], out, "xlsx")
    cell = list(read_xlsx(out).iter_rows())[1][CSV_COLUMNS.index("value_usd")]
    assert (cell.data_type, cell.value) == ("n", 1.5e9)


def test_csv_neutralises_every_payload(library, hostile, tmp_path):
    out = tmp_path / "entries.csv"
    library.export(hostile, out, "csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, for Excel
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r["title"] for r in rows] == ["'" + p for p in PAYLOADS] + ["Plain deal"]
    assert [r["summary"] for r in rows[:2]] == ["'=0*2", "'=1*2"]


def test_a_cell_longer_than_a_spreadsheet_holds_is_cut_and_says_so(library, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text('title,summary\nLong,"' + "word " * 20_000 + '"\n', encoding="utf-8")
    batch = library.import_file(path).batch
    out = tmp_path / "long.xlsx"
    library.export([f"import-{batch}-1"], out, "xlsx")
    summary = list(read_xlsx(out).iter_rows())[1][CSV_COLUMNS.index("summary")].value
    assert len(summary) == XLSX_CELL_LIMIT
    assert summary.endswith("…[cut: 99,999 characters; export CSV or JSON for the whole text]")


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_cancel_leaves_no_file(library, tmp_path, fmt):
    folder = tmp_path / "out"
    folder.mkdir()
    ids = library.export_ids("results", query="kind:actor")
    with pytest.raises(ExportCancelled):
        library.export(ids, folder / f"entries.{fmt}", fmt, progress=lambda n: n < 3)
    assert list(folder.iterdir()) == []


def test_export_scopes(library):
    assert library.export_ids("selection", selected_ids=["russia", "china"]) == ["russia",
                                                                                 "china"]
    library.bookmark("gazprom")
    library.bookmark("russia")
    assert sorted(library.export_ids("bookmarks")) == ["gazprom", "russia"]
    deals = library.export_ids("results", query="kind:deal value:>100bn")
    assert sorted(deals) == ["gas-deal-2014", "moscow-beijing-hsr", "obor-4-trillion-pledge",
                             "obor-official-deals"]


def test_bookmarks_whose_entry_is_gone_are_not_exported(library, tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("title\nShort-lived\n", encoding="utf-8")
    batch = library.import_file(path).batch
    library.bookmark(f"import-{batch}-1")
    library.bookmark("gazprom")
    library.undo_import(batch)
    assert library.export_ids("bookmarks") == ["gazprom"]


def test_xlsx_export_from_the_command_line(library_path, tmp_path):
    import subprocess
    import sys

    from db import Library

    with Library.open(library_path) as lib:
        lib.bookmark("gazprom")
    out = tmp_path / "marks.xlsx"
    done = subprocess.run([sys.executable, "-m", "desktop.cli", "--library", str(library_path),
                           "export", "--bookmarks", "--format", "xlsx", "--out", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr) == (0, f"wrote 1 entries to {out}\n")
    assert list(read_xlsx(out).iter_rows(values_only=True))[1][0] == "gazprom"
