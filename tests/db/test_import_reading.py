"""Reading analysts' files as text tables: formats, encodings, ragged rows, odd headers."""

from __future__ import annotations

import json

import pytest

from db.errors import ImportFileError
from db.importing import read_table, sheet_names
from db.importing.encodings import detect_encoding

TEXT = "name,country,note\nSão Tomé port,NA,Café “quoted” – €5m\nZürich loan,007,\n"
ROWS = [["São Tomé port", "NA", "Café “quoted” – €5m"], ["Zürich loan", "007", ""]]


def write(tmp_path, name: str, data: bytes | str, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


@pytest.mark.parametrize("encoding, detected", [
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8-sig"),
    ("utf-16", "utf-16"),  # with a byte-order mark
    ("utf-16-le", "utf-16-le"),  # without one
    ("cp1252", "cp1252"),
])
def test_every_common_encoding_reads_the_same_cells(tmp_path, encoding, detected):
    table = read_table(write(tmp_path, "deals.csv", TEXT, encoding))
    assert table.columns == ["name", "country", "note"]
    assert table.rows == ROWS
    assert table.encoding == detected
    assert table.problems == {}


def test_cyrillic_windows_1251_is_told_apart_from_1252(tmp_path):
    text = "title,place\nГазпром: газопровод «Сила Сибири»,Москва\n"
    table = read_table(write(tmp_path, "ru.csv", text, "cp1251"))
    assert (table.encoding, table.rows) == ("cp1251", [["Газпром: газопровод «Сила Сибири»",
                                                        "Москва"]])


def test_the_encoding_can_be_overridden(tmp_path):
    path = write(tmp_path, "deals.csv", TEXT, "cp1252")
    assert read_table(path, encoding="latin-1").rows[0][2] == "Caf\xe9 \x93quoted\x94 \x96 \x805m"
    refused = (r"deals.csv is not valid utf-8: line \d+ \(byte [\d,]+\) cannot be read; "
               r"choose another encoding \(it reads as cp1252\)")
    with pytest.raises(ImportFileError, match=refused):
        read_table(path, encoding="utf-8")
    with pytest.raises(ImportFileError, match="unknown text encoding 'klingon'"):
        read_table(path, encoding="klingon")


def test_bom_and_zero_bytes_decide_before_anything_else():
    assert detect_encoding(b"\xef\xbb\xbfa,b\n") == "utf-8-sig"
    assert detect_encoding("a,b\n".encode("utf-16-be")) == "utf-16-be"
    assert detect_encoding(b"plain ascii\n") == "utf-8"


def test_tsv_and_semicolon_separated_files(tmp_path):
    tsv = read_table(write(tmp_path, "a.tsv", "title\tvalue\nA, B and C\t$5m\n"))
    semi = read_table(write(tmp_path, "b.csv", "title;value\nA, B and C;$5m\n"))
    assert tsv.rows == semi.rows == [["A, B and C", "$5m"]]


def test_ragged_rows_are_kept_in_place_and_marked_never_padded_or_cut(tmp_path):
    path = write(tmp_path, "ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8,9\n\n10,,\n")
    table = read_table(path)
    assert len(table) == 5
    assert table.problems == {
        2: "has 2 cells but the header has 3; it was not padded to fit",
        3: "has 4 cells but the header has 3; it was not cut to fit",
        4: "is an empty line",
    }
    assert table.rows[0] == ["1", "2", "3"]
    assert table.rows[1:3] == [["4", "5"], ["6", "7", "8", "9"]]  # as written
    assert table.rows[4] == ["10", "", ""]  # empty cells that were written are not a problem


def test_a_ten_megabyte_cell(tmp_path):
    big = "x" * (10 * 1024 * 1024)
    table = read_table(write(tmp_path, "big.csv", f'title,summary\nBig one,"{big}"\nSmall,s\n'))
    assert len(table.rows[0][1]) == 10 * 1024 * 1024
    assert table.rows[1] == ["Small", "s"]


def test_quoted_cells_keep_commas_newlines_and_quotes(tmp_path):
    table = read_table(write(tmp_path, "q.csv", 'title,summary\n"A, B","line 1\nline ""2"""\n'))
    assert table.rows == [["A, B", 'line 1\nline "2"']]


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_every_line_ending_reads_the_same_rows(tmp_path, ending):
    text = ending.join(["title,summary", 'A,"two\nlines"', "B,b", ""])
    assert read_table(write(tmp_path, "e.csv", text)).rows == [["A", "two\nlines"], ["B", "b"]]


def test_a_quote_left_open_is_refused_with_its_line_not_dropped(tmp_path):
    path = write(tmp_path, "open.csv", 'title,value\nA,1\n"B is open,2\nC,3\n')
    with pytest.raises(ImportFileError, match="open.csv cannot be read as CSV: the row on line 3 "):
        read_table(path)


def test_duplicate_and_blank_headers_get_distinct_names(tmp_path):
    table = read_table(write(tmp_path, "dup.csv", "name,Name,,value,name\na,b,c,d,e\n"))
    assert table.columns == ["name", "Name (2)", "column 3", "value", "name (3)"]
    assert table.rows == [["a", "b", "c", "d", "e"]]


def test_a_trailing_empty_column_is_dropped(tmp_path):
    table = read_table(write(tmp_path, "trail.csv", "title,value,\nA,1,\nB,2,\n"))
    assert (table.columns, table.rows) == (["title", "value"], [["A", "1"], ["B", "2"]])


@pytest.mark.parametrize("content, message", [
    (b"", r"empty.csv is empty \(0 bytes\): there is nothing to import"),
    (b"\xef\xbb\xbf  \n\n", "empty.csv holds only blank space: nothing to import"),
    (b"title,value\n", "empty.csv has a header row but no rows under it"),
])
def test_empty_files_give_a_clear_error(tmp_path, content, message):
    with pytest.raises(ImportFileError, match=message):
        read_table(write(tmp_path, "empty.csv", content))


@pytest.mark.parametrize("name, message", [
    ("old.xls", "old.xls is an old Excel 97 file; save it as .xlsx or .csv"),
    ("notes.docx", r"cannot import notes.docx: use a .csv, .tsv, .xlsx, .json or .jsonl file"),
])
def test_unknown_formats_are_refused_by_name(tmp_path, name, message):
    with pytest.raises(ImportFileError, match=message):
        read_table(write(tmp_path, name, "x"))


def test_a_missing_file(tmp_path):
    with pytest.raises(ImportFileError, match="there is no file .*nowhere.csv"):
        read_table(tmp_path / "nowhere.csv")


# -- JSON ----------------------------------------------------------------------------------------

def test_json_array_of_records_as_text_cells(tmp_path):
    records = [{"title": "A", "value": 1740, "ok": True, "tags": ["energy", "gas"]},
               {"title": "B", "country": "NA", "value": 1.5, "ok": None}]
    table = read_table(write(tmp_path, "r.json", json.dumps(records)))
    assert table.columns == ["title", "value", "ok", "tags", "country"]
    assert table.rows == [["A", "1740", "true", '["energy", "gas"]', ""],
                          ["B", "1.5", "", "", "NA"]]


def test_json_object_holding_one_list(tmp_path):
    table = read_table(write(tmp_path, "r.json", '{"entries": [{"title": "A"}], "n": 1}'))
    assert table.rows == [["A"]]


def test_json_lines_mark_bad_lines_and_non_objects(tmp_path):
    text = '{"title": "A"}\n\n{"title": broken}\n[1, 2]\n{"title": "D"}\n'
    table = read_table(write(tmp_path, "r.jsonl", text))
    assert table.rows == [["A"], [""], [""], ["D"]]
    assert table.problems == {2: "is not valid JSON (Expecting value)",
                              3: "is not a JSON object with named values"}


def test_json_lines_too_deep_too_long_or_half_a_pair_mark_only_their_own_rows(tmp_path):
    text = "\n".join(['{"title": "A"}', '{"title": ' + "[" * 5000 + "]" * 5000 + "}",
                      '{"title": ' + "7" * 5000 + "}", '{"title": "B \\udc00"}',
                      '{"title": "C"}'])
    table = read_table(write(tmp_path, "r.jsonl", text))
    assert [row[0] for row in table.rows] == ["A", "", "", "B \ufffd", "C"]
    assert table.problems == {
        2: "is nested too deeply (more than 1,000 levels)",
        3: "holds a number of more than 4,300 digits, too long to read as a number",
        4: "holds half of a UTF-16 character pair (\\udc00) with no other half, which is not text"}


def test_json_that_is_not_a_list_of_records(tmp_path):
    with pytest.raises(ImportFileError, match="holds no list of records"):
        read_table(write(tmp_path, "r.json", '{"a": 1}'))
    with pytest.raises(ImportFileError, match="r2.json is not valid JSON"):
        read_table(write(tmp_path, "r2.json", '[{"a": 1},'))


# -- workbooks -----------------------------------------------------------------------------------

@pytest.fixture
def workbook(tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["read me"])
    deals = book.create_sheet("Deals")
    deals.append(["title", "value", "signed", "code"])
    deals.append(["Power of Siberia", 400_000_000_000, datetime(2014, 5, 21), "007"])
    deals.append([None, None, None, None])
    deals.append(["Kazan railway", 1.5, 42522, "NA"])
    path = tmp_path / "tracker.xlsx"
    book.save(path)
    return path


def test_workbook_sheets_and_the_chosen_sheet(workbook):
    assert sheet_names(workbook) == ["Notes", "Deals"]
    table = read_table(workbook, sheet="Deals")
    assert (table.sheet, table.sheets) == ("Deals", ["Notes", "Deals"])
    assert table.columns == ["title", "value", "signed", "code"]
    assert table.rows[0] == ["Power of Siberia", "400000000000", "2014-05-21 00:00:00", "007"]
    assert table.rows[2] == ["Kazan railway", "1.5", "42522", "NA"]
    assert table.problems == {2: "is an empty row"}


def test_the_first_sheet_by_default_and_a_wrong_sheet_named(workbook):
    with pytest.raises(ImportFileError, match="tracker.xlsx has a header row but no rows"):
        read_table(workbook)  # the first sheet, "Notes", holds one line
    with pytest.raises(ImportFileError, match="tracker.xlsx has no sheet 'Loans'; its sheets "
                                              "are Notes, Deals"):
        read_table(workbook, sheet="Loans")


def test_a_file_that_is_not_really_a_workbook(tmp_path):
    with pytest.raises(ImportFileError, match="fake.xlsx cannot be read as a workbook"):
        read_table(write(tmp_path, "fake.xlsx", "title,value\nA,1\n"))


def test_a_workbook_cut_short_or_scrambled_anywhere_is_refused_as_a_workbook(workbook, tmp_path):
    import random

    whole = workbook.read_bytes()
    rng = random.Random(14)
    damaged = tmp_path / "damaged.xlsx"
    outcomes = set()
    for attempt in range(300):
        data = bytearray(whole[:rng.randrange(len(whole))] if attempt % 2 else whole)
        for _ in range(0 if attempt % 2 else rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        damaged.write_bytes(bytes(data))
        try:
            read_table(damaged, sheet="Deals")
            outcomes.add("read")
        except ImportFileError as exc:
            outcomes.add("refused")
            assert str(exc).startswith(("damaged.xlsx", "sheet 'Deals' of damaged.xlsx"))
    assert "refused" in outcomes


def test_a_late_mismatch_is_named_by_its_line_and_detection_reads_the_whole_file(tmp_path):
    from db.importing.reading import check_encoding, detect_file_encoding

    lines = ["title,place"] + [f"Deal {i},Harbour" for i in range(1, 20_000)]
    lines[19_000] = "Caf\xe9 deal,Gen\xe8ve"
    path = write(tmp_path, "late.csv", "\n".join(lines) + "\n", "cp1252")
    assert path.stat().st_size > 64 * 1024  # past the sample the wizard used to read
    assert detect_file_encoding(path) == ("cp1252", None)
    with pytest.raises(ImportFileError, match=r"late.csv is not valid utf-8: line 19,001 "):
        check_encoding(path, "utf-8")
    with pytest.raises(ImportFileError, match=r"line 19,001 "):
        read_table(path, encoding="utf-8")
