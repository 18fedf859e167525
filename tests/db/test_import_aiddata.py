"""The real AidData file (5,466 projects, 54 columns) with its shipped preset.

The file is read from the shared data folder, never copied into the project; without it these
tests are skipped. The import runs once for the module (about 15 s).
"""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from tests.conftest import SHARED_DATA

AIDDATA = SHARED_DATA / "GlobalChineseOfficialFinanceDataset_v1.0.xlsx"

pytestmark = pytest.mark.skipif(not AIDDATA.exists(),
                                reason=f"the AidData file is not at {AIDDATA}")


@pytest.fixture(scope="module")
def imported(bundled_library_template, tmp_path_factory):
    """A copy of the bundled library with the AidData file imported, and the report."""
    from db import Library

    path = tmp_path_factory.mktemp("aiddata") / "library.sqlite"
    shutil.copyfile(bundled_library_template, path)
    library = Library.open(path)
    steps = []
    # no mapping given: the shipped preset is recognised by the file's headers
    report = library.import_file(AIDDATA,
                                 progress=lambda stage, done, total: steps.append(stage))
    yield library, report, steps
    library.close()


def test_every_row_is_accounted_for(imported):
    _, report, _ = imported
    assert report.rows == 5466
    assert report.imported + report.rejected == report.rows
    assert (report.imported, report.rejected) == (5466, 0)
    assert report.created == 1029  # agencies and recipient countries the library lacked


def test_progress_went_through_every_stage(imported):
    _, _, steps = imported
    assert list(dict.fromkeys(steps)) == ["checking", "linking", "writing", "saving", "indexing"]


def test_a_loan_in_yuan_keeps_its_amount_and_takes_the_2014_dollars(imported):
    library, report, _ = imported
    loan = library.get("aiddata-3")
    assert loan["title"] == ("China issues 2 billion yuan loan to fund Port of Friendship "
                             "expansion project in Mauritania")
    assert (loan["kind"], loan["category"], loan["status"]) == (
        "deal", "Loan (excluding debt rescheduling)", "Implementation")
    assert (loan["value_usd"], loan["value_text"], loan["value_note"]) == (
        396886330.8, "2000000000 CNY", "constant 2014 US dollars (AidData usd_defl_2014)")
    assert (loan["date_start"], loan["date_end"], loan["date_precision"]) == (
        "2008-01-01", "2008-12-31", "year")
    assert loan["tags"] == ["Transport and Storage"]
    assert loan["extra"]["start_actual"] == "2009-09-25"  # a workbook date cell
    assert loan["extra"]["usd_current"] == 287825485.7
    assert (loan["origin"], loan["batch_id"]) == ("import", report.batch)


def test_agencies_become_actors_with_their_type_as_category(imported):
    library, _, _ = imported
    links = {(lk["role"], lk["id"]) for lk in library.get("aiddata-3")["links"]}
    assert links == {("donor", "china"), ("financier", "export-import-bank-of-china"),
                     ("implementer", "china-communications-construction-company-cccc"),
                     ("recipient", "mauritania")}
    bank = library.get("export-import-bank-of-china")
    assert (bank["kind"], bank["title"], bank["category"], bank["origin"]) == (
        "actor", "Export-Import Bank of China", "Government Agency", "import")


def test_projects_in_russia_link_to_the_bundled_russia(imported):
    library, _, _ = imported
    recipients = [lk for lk in library.get("russia")["links"]
                  if lk["role"] == "recipient" and lk["direction"] == "in"]
    assert len(recipients) == 41
    assert library.get("russia")["origin"] == "bundled"


def test_projects_without_an_amount_and_uncertain_years(imported):
    library, _, _ = imported
    conn = library.conn
    assert conn.execute("SELECT count(*) FROM entries WHERE id LIKE 'aiddata-%' "
                        "AND value_usd IS NULL").fetchone()[0] == 1951
    assert conn.execute("SELECT count(*) FROM entries WHERE id LIKE 'aiddata-%' AND date_note "
                        "LIKE '%uncertain (flagged in the file)%'").fetchone()[0] == 398


def test_an_unreadable_currency_is_kept_as_written(imported):
    library, _, _ = imported
    loan = library.get("aiddata-1118")  # the file writes Namibian dollars as " D"
    assert (loan["value_usd"], loan["value_text"]) == (5281549.088, "20000000 D")
    assert loan["value_note"].startswith("currency 'D' is not a currency code")


def test_imported_projects_are_searchable(imported):
    library, _, _ = imported
    hits = library.search("Port of Friendship Mauritania kind:deal")["hits"]
    assert hits[0]["id"] == "aiddata-3"
    assert library.search("kind:deal year:2008 value:>300m actor:export-import")["total"] > 0


def test_undo_takes_the_library_back(imported, tmp_path, bundled_library_template):
    from db import Library

    with Library.open(bundled_library_template, read_only=True) as bundled:
        before = bundled.kind_counts()

    library, report, _ = imported
    copy = tmp_path / "copy.sqlite"
    with sqlite3.connect(copy) as target:
        library.conn.backup(target)
    target.close()
    with Library.open(copy) as other:
        assert other.undo_import(report.batch)["removed"] == 5466 + 1029
        assert other.conn.execute("SELECT count(*) FROM entries WHERE origin != 'bundled'"
                                  ).fetchone()[0] == 0
        assert other.kind_counts() == before


def test_each_project_keeps_its_dataset_credit_licence_and_row(imported):
    library, report, _ = imported
    [source] = library.provenance("aiddata-43026")
    assert source["batch"] == report.batch
    assert source["file"] == "GlobalChineseOfficialFinanceDataset_v1.0.xlsx"
    assert (source["dataset"], source["version"]) == (
        "AidData Global Chinese Official Finance Dataset 1.0", "1.0")
    assert source["credit"].startswith("AidData. 2017. Global Chinese Official Finance Dataset")
    assert "ODC-By 1.0" in source["licence"]
    record = library.record("aiddata-43026")
    cells = dict(record["cells"])
    assert len(record["cells"]) == 54
    assert cells["project_id"] == "43026"
    assert record["row"] == source["row"]
    assert library.conn.execute("SELECT count(*) FROM provenance WHERE batch_id = ?",
                                (report.batch,)).fetchone()[0] >= 5466 + 1029


def test_a_briefing_of_russian_deals_credits_aiddata(imported):
    from db.report import ReportScope

    library, _, _ = imported
    report = library.report(ReportScope.for_query("russia kind:deal"))
    imported_entries = [e for e in report.entries if e.provenance]
    assert imported_entries
    [aiddata] = report.datasets
    assert aiddata["dataset"] == "AidData Global Chinese Official Finance Dataset 1.0"
    assert aiddata["entries"] == len(imported_entries)
    assert "ODC-By" in aiddata["licence"] and aiddata["credit"].startswith("AidData. 2017.")


def test_source_aiddata_finds_its_projects(imported):
    library, report, _ = imported
    found = library.results("source:aiddata kind:deal")
    assert len(found.nums) == report.imported
