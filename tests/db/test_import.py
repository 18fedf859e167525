"""Importing a file into a real library: batches, rejected rows, actors, one transaction, undo."""

from __future__ import annotations

import json
import sqlite3

import pytest

from db.errors import (
    AlreadyImportedError,
    ImportCancelledError,
    MappingError,
    NotFoundError,
)
from db.importing import ColumnRule, Mapping, guess_mapping

TRACKER = """id,title,kind,date,value,currency,country,investor,sector,notes,iso2
1,Power of Siberia supply deal,,May 2014,$400 billion,,Russia,Газпром,Energy; Gas,Signed in May,RU
2,São Tomé port upgrade,,2015?,¥3 bn,,São Tomé and Príncipe,Sinopec,Ports,,ST
3,,,2016,,,,,,no title here,
4,Kazan railway study,deal,42522,"1,740",,russian federation,the Gazprom,Transport,,RU
5,Mystery,spaceship,2016,,,,,,,
1,Duplicate of one,,2014,,,,,,,
6,Kyiv bridge,,03/04/2016,,,,,,,
7,Газопровод «Сила Сибири» в Намибию,,2017,$5m,,Namibia,Sinopec,Energy,,NA
"""


@pytest.fixture
def tracker(tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text(TRACKER, encoding="utf-8")
    return path


def count(library, sql: str, *args) -> int:
    return library.conn.execute(sql, args).fetchone()[0]


def fts_is_sound(library) -> bool:
    library.conn.execute("INSERT INTO entries_fts(entries_fts, rank) VALUES ('integrity-check', 1)")
    return True


def test_every_row_is_imported_or_rejected_with_its_reason(library, tracker):
    report = library.import_file(tracker)
    assert (report.rows, report.imported, report.rejected) == (8, 4, 4)
    assert report.imported + report.rejected == report.rows
    assert [(r.row, r.reason) for r in report.rejections] == [
        (4, "has no title (column 'title' is empty)"),
        (6, "kind 'spaceship' is not one of actor, deal, event, figure, place"),
        (7, "has the same id (tracker-1) as row 2"),
        (8, "ambiguous date '03/04/2016': day and month could be either way round; "
            "write 2016-04-03 or 2016-03-04"),
    ]
    assert report.to_dict()["rejections"][0] == {"row": 4,
                                                 "reason": "has no title (column 'title' is empty)"}


def test_imported_entries_carry_their_values_and_origin(library, tracker):
    batch = library.import_file(tracker).batch
    deal = library.get("tracker-1")
    assert (deal["kind"], deal["title"], deal["summary"]) == (
        "deal", "Power of Siberia supply deal", "Signed in May")
    assert (deal["date_start"], deal["date_end"], deal["date_precision"], deal["date_text"]) == (
        "2014-05-01", "2014-05-31", "month", "May 2014")
    assert (deal["value_usd"], deal["value_text"]) == (400e9, "$400 billion")
    assert deal["tags"] == ["Energy", "Gas"]
    assert deal["extra"] == {"iso2": "RU"}
    assert (deal["origin"], deal["batch_id"]) == ("import", batch)


def test_messy_dates_and_money(library, tracker):
    library.import_file(tracker)
    port = library.get("tracker-2")
    assert (port["date_precision"], port["date_start"], port["date_note"]) == (
        "year", "2015-01-01", "uncertain (written “2015?”)")
    assert (port["value_usd"], port["value_text"]) == (None, "¥3 bn")
    assert port["value_note"].startswith("CNY 3,000,000,000; not converted to US dollars")
    study = library.get("tracker-4")
    assert (study["date_start"], study["date_precision"], study["date_text"]) == (
        "2016-06-01", "day", "2016-06-01")  # Excel serial 42522
    assert (study["value_usd"], study["value_text"]) == (1740.0, "1,740")


def test_na_stays_namibia(library, tracker):
    library.import_file(tracker)
    pipeline = library.get("tracker-7")
    assert pipeline["extra"] == {"iso2": "NA"}
    assert [link["title"] for link in pipeline["links"] if link["role"] == "located in"] == [
        "Namibia"]


def test_actor_names_match_existing_actors_through_aliases(library, tracker):
    library.import_file(tracker)
    links = {(lk["role"], lk["id"]) for lk in library.get("tracker-1")["links"]}
    assert links == {("located in", "russia"), ("financier", "gazprom")}  # "Газпром" alias
    links = {(lk["role"], lk["id"]) for lk in library.get("tracker-4")["links"]}
    assert links == {("located in", "russia"), ("financier", "gazprom")}  # folded, "the"


def test_unknown_names_become_entries_of_the_batch(library, tracker):
    report = library.import_file(tracker)
    assert report.created == 3
    sinopec = library.get("sinopec")
    assert (sinopec["kind"], sinopec["origin"], sinopec["batch_id"]) == (
        "actor", "import", report.batch)
    assert {lk["id"] for lk in sinopec["links"]} == {"tracker-2", "tracker-7"}  # made once
    place = library.get("sao-tome-and-principe")
    assert (place["kind"], place["title"]) == ("place", "São Tomé and Príncipe")


def test_imported_entries_are_searchable_across_scripts_and_accents(library, tracker):
    library.import_file(tracker)
    assert "tracker-2" in [h["id"] for h in library.search("sao tome port")["hits"]]
    assert "tracker-7" in [h["id"] for h in library.search("Sila Sibiri")["hits"]]
    assert [h["id"] for h in library.search("sinopec kind:actor")["hits"]] == ["sinopec"]
    assert fts_is_sound(library)


def test_a_batch_is_recorded_with_file_checksum_mapping_and_counts(library, tracker):
    report = library.import_file(tracker)
    [batch] = library.imports()
    assert batch["batch"] == report.batch
    assert (batch["file"], batch["rows"], batch["imported"], batch["rejected"]) == (
        str(tracker), 8, 4, 4)
    assert batch["entries"] == 4 + 3
    assert len(batch["checksum"]) == 64
    detail = library.import_batch(report.batch)
    assert detail["rejections"][1] == {
        "row": 6, "reason": "kind 'spaceship' is not one of actor, deal, event, figure, place"}
    stored = json.loads(library.conn.execute("SELECT mapping FROM imports").fetchone()[0])
    assert stored["columns"]["investor"] == {"field": "actor", "role": "financier",
                                             "qualify": "country"}


def test_importing_the_same_file_again_asks_first(library, tracker):
    first = library.import_file(tracker)
    with pytest.raises(AlreadyImportedError, match=r"tracker.csv was imported before \(batch "
                                                   rf"{first.batch}, ") as caught:
        library.import_file(tracker)
    assert caught.value.batch == first.batch
    again = library.import_file(tracker, again=True)
    assert (again.imported, again.rejected) == (0, 8)
    assert again.rejections[0].reason == (f"entry tracker-1 is already in the library (from "
                                          f"import batch {first.batch}); undo that import first "
                                          "to replace it")


def test_a_dry_run_writes_nothing(library, tracker):
    before = count(library, "SELECT count(*) FROM entries")
    report = library.import_file(tracker, dry_run=True)
    assert (report.batch, report.imported, report.rejected, report.dry_run) == (None, 4, 4, True)
    assert count(library, "SELECT count(*) FROM entries") == before
    assert library.imports() == []
    assert library.import_file(tracker).imported == 4  # and it did not count as imported


@pytest.mark.parametrize("stage", ["checking", "linking", "writing", "indexing"])
def test_cancel_leaves_nothing_of_the_batch(library, tracker, stage):
    before = count(library, "SELECT count(*) FROM entries")
    counts_before = library.kind_counts()
    seen = []

    def progress(now, done, total):
        seen.append(now)

    with pytest.raises(ImportCancelledError, match="nothing of it was written"):
        library.import_file(tracker, progress=progress, cancel=lambda: stage in seen)
    assert count(library, "SELECT count(*) FROM entries") == before
    assert count(library, "SELECT count(*) FROM entries WHERE origin = 'import'") == 0
    assert library.imports() == []
    assert count(library, "SELECT count(*) FROM sqlite_master WHERE name = 'entries_ai'") == 1
    assert library.kind_counts() == counts_before
    assert fts_is_sound(library)


def test_a_crash_midway_leaves_nothing_and_the_index_whole(library, tracker):
    def progress(stage, done, total):
        if stage == "indexing":
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError, match="power cut"):
        library.import_file(tracker, progress=progress)
    assert count(library, "SELECT count(*) FROM entries WHERE origin = 'import'") == 0
    assert library.imports() == []
    library.import_file(tracker)  # the full-text trigger is back: new entries are indexed
    assert [h["id"] for h in library.search("kazan railway study")["hits"]] == ["tracker-4"]
    counts = library.kind_counts()
    with library.transaction():  # the counting trigger is back too
        library.conn.execute("INSERT INTO entries (id, kind, title, origin) "
                             "VALUES ('kazan-yard', 'place', 'Kazan yard', 'user')")
    assert library.kind_counts()["place"] == counts["place"] + 1
    assert fts_is_sound(library)


def test_undo_removes_the_batch_and_every_entry_it_made(library, tracker):
    before = count(library, "SELECT count(*) FROM entries")
    batch = library.import_file(tracker).batch

    def linked_from_tracker():
        return [lk["id"] for lk in library.get("gazprom")["links"]
                if lk["id"].startswith("tracker-")]

    assert sorted(linked_from_tracker()) == ["tracker-1", "tracker-4"]
    assert library.undo_import(batch) == {"batch": batch, "removed": 7, "kept": 0,
                                          "compacted": None, "compact_advised": False}
    assert count(library, "SELECT count(*) FROM entries") == before
    assert library.imports() == []
    assert library.search("sinopec")["hits"] == []
    assert linked_from_tracker() == []
    assert fts_is_sound(library)
    with pytest.raises(NotFoundError, match=f"there is no import batch {batch}"):
        library.undo_import(batch)


def test_undo_keeps_an_actor_a_later_batch_links_to(library, tracker, tmp_path):
    first = library.import_file(tracker).batch
    later_file = tmp_path / "later.csv"
    later_file.write_text("title,investor\nRefinery in Aktau,SINOPEC\n", encoding="utf-8")
    later = library.import_file(later_file).batch
    assert library.undo_import(first)["kept"] == 1
    sinopec = library.get("sinopec")
    assert sinopec["batch_id"] == later
    assert [lk["id"] for lk in sinopec["links"]] == [f"import-{later}-1"]
    library.undo_import(later)
    with pytest.raises(NotFoundError):
        library.get("sinopec")


def test_rows_without_an_id_column_get_batch_and_row_ids(library, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("title,year\nFirst note,2014\nSecond note,2015\n", encoding="utf-8")
    report = library.import_file(path, kind="event")
    assert [library.get(f"import-{report.batch}-{n}")["title"] for n in (1, 2)] == [
        "First note", "Second note"]
    assert library.get(f"import-{report.batch}-1")["kind"] == "event"


def test_year_and_month_columns_make_a_month(library, tmp_path):
    path = tmp_path / "aei.csv"
    path.write_text("Year,Month,Investor,Quantity in Millions,Country,Project\n"
                    "2014,June,Gazprom,\"1,740\",Russia,Amur gas processing\n", encoding="utf-8")
    batch = library.import_file(path).batch
    deal = library.get(f"import-{batch}-1")
    assert (deal["title"], deal["date_start"], deal["date_end"], deal["date_precision"],
            deal["date_text"]) == ("Amur gas processing", "2014-06-01", "2014-06-30", "month",
                                   "June 2014")
    assert (deal["value_usd"], deal["value_text"]) == (1.74e9, "1,740")


def test_guesses_from_the_headers_of_a_tracker():
    from db.importing.mapping import describe

    columns = ["Year", "Month", "Investor", "Quantity in Millions", "Share Size",
               "Transaction Party", "Sector", "Subsector", "Country", "Region", "BRI"]
    guessed = guess_mapping(columns)
    assert {c: describe(guessed.columns.get(c)) for c in columns} == {
        "Year": "date", "Month": "month", "Investor": "actor (financier)",
        "Quantity in Millions": "value in millions", "Share Size": "left out",
        "Transaction Party": "actor (party)", "Sector": "tags", "Subsector": "tags",
        "Country": "place (located in)", "Region": "place (located in)", "BRI": "left out"}


def test_a_mapping_with_a_missing_column_or_no_title(library, tracker):
    mapping = Mapping(columns={"headline": ColumnRule("title")})
    with pytest.raises(MappingError, match="the mapping names column\\(s\\) the file does not "
                                           "have: headline"):
        library.import_file(tracker, mapping=mapping)
    with pytest.raises(MappingError, match="no column is mapped to the title"):
        library.import_file(tracker, mapping=Mapping(columns={"title": ColumnRule("summary")}))
    both = Mapping(columns={"title": ColumnRule("title"), "notes": ColumnRule("title")})
    with pytest.raises(MappingError, match="columns 'title' and 'notes' both map to title"):
        library.import_file(tracker, mapping=both)


def test_mappings_saved_by_name_are_reused(library, tracker):
    mapping = guess_mapping(TRACKER.splitlines()[0].split(",")).with_column(
        "notes", ColumnRule("extra"))
    library.save_import_mapping("my tracker", mapping)
    assert library.import_mapping_names()[0] == "my tracker"
    assert "aiddata-gcofd-1.0" in library.import_mapping_names()
    report = library.import_file(tracker, mapping="my tracker")
    assert library.get("tracker-1")["extra"] == {"notes": "Signed in May", "iso2": "RU"}
    assert report.imported == 4
    with pytest.raises(MappingError, match="is the name of a shipped preset"):
        library.save_import_mapping("roadbook-export", mapping)
    with pytest.raises(NotFoundError, match="no mapping named 'nope'"):
        library.import_file(tracker, mapping="nope")


def test_preview_shows_first_rows_and_every_rejection_without_writing(library, tracker):
    before = count(library, "SELECT count(*) FROM entries")
    preview = library.preview_import(tracker, sample_size=2)
    assert (preview.rows, preview.imported, preview.rejected) == (8, 4, 4)
    assert [s["title"] for s in preview.sample] == ["Power of Siberia supply deal",
                                                    "São Tomé port upgrade"]
    assert preview.sample[0]["links"] == ["located in: Russia", "financier: Газпром"]
    assert [r.row for r in preview.rejections] == [4, 6, 7, 8]  # the file's rows
    assert preview.previous_batch is None
    assert count(library, "SELECT count(*) FROM entries") == before
    batch = library.import_file(tracker).batch
    assert library.preview_import(tracker).previous_batch == batch


def test_a_column_of_millions_given_on_the_command_line(library, tmp_path):
    from db.importing import rule_from_spec

    path = tmp_path / "m.csv"
    path.write_text("title,amount\nLoan,\"1,740\"\n", encoding="utf-8")
    mapping = guess_mapping(["title", "amount"]).with_column(
        "amount", rule_from_spec("amount", "value:millions"))
    batch = library.import_file(path, mapping=mapping).batch
    assert library.get(f"import-{batch}-1")["value_usd"] == 1.74e9


def test_json_lines_import_with_a_ragged_record(library, tmp_path):
    path = tmp_path / "notes.jsonl"
    path.write_text('{"title": "Visit to Astana", "date": "2013-09-07"}\n'
                    '{"title": oops}\n'
                    '{"title": "Jakarta speech", "date": "October 2013", "tags": ["OBOR"]}\n',
                    encoding="utf-8")
    report = library.import_file(path, kind="event")
    assert (report.imported, [(r.row, r.reason) for r in report.rejections]) == (
        2, [(2, "is not valid JSON (Expecting value)")])
    speech = library.get(f"import-{report.batch}-3")
    assert (speech["date_precision"], speech["tags"]) == ("month", ["OBOR"])


def test_a_ten_megabyte_cell_imports_whole(library, tmp_path):
    summary = ("pipeline " * 1_200_000)[:10_000_000]
    path = tmp_path / "big.csv"
    path.write_text(f'title,summary\nLong report,"{summary}"\n', encoding="utf-8")
    batch = library.import_file(path).batch
    assert len(library.get(f"import-{batch}-1")["summary"]) == len(summary.strip())


def test_the_library_file_stays_a_sound_sqlite_database(library, tracker):
    library.import_file(tracker)
    assert library.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    raw = sqlite3.connect(library.path)
    assert raw.execute("SELECT count(*) FROM entries WHERE origin = 'import'").fetchone()[0] == 7
    raw.close()


def test_kind_counts_include_the_batch_and_the_entries_made_for_names(library, tracker):
    before = library.kind_counts()
    library.import_file(tracker)
    after = library.kind_counts()
    assert after == {kind: count(library, "SELECT count(*) FROM entries WHERE kind = ?", kind)
                     for kind in after}
    assert after["deal"] == before["deal"] + 4
    assert after["actor"] > before["actor"]  # Sinopec was made for a name nobody had


def test_rows_repeating_the_same_values_are_read_alike(library, tmp_path):
    path = tmp_path / "repeats.csv"
    path.write_text("title,date,value,investor\n"
                    "Port A,03/04/2016,$5m,Sinopec\nPort B,03/04/2016,$5m,Sinopec\n"
                    "Port C,June 2016,$5m,Sinopec\nPort D,June 2016,$5m,Sinopec\n",
                    encoding="utf-8")
    report = library.import_file(path)
    assert [(r.row, r.reason.split(":")[0]) for r in report.rejections] == [
        (2, "ambiguous date '03/04/2016'"), (3, "ambiguous date '03/04/2016'")]
    c, d = (library.get(f"import-{report.batch}-{n}") for n in (3, 4))
    assert (c["date_start"], c["value_usd"]) == (d["date_start"], d["value_usd"]) == (
        "2016-06-01", 5e6)
    assert [lk["id"] for lk in c["links"]] == [lk["id"] for lk in d["links"]] == ["sinopec"]
