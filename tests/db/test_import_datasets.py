"""The field's datasets import with no options: presets recognised by their headers, titles
composed from columns, generic parties named by their country, amounts in millions, and the
entries found by their parties' names. The files are written here with the real headers and a
few rows; AidData's own workbook is read from the shared data folder."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from db.importing import guess_mapping
from db.importing.mapping import describe

# The AEI–Heritage tracker as published: Windows-1252, a padded amount header, "$1,740 " cells.
AEI = (
    'Year,Month,Investor," Quantity in Millions ",Share Size,Transaction Party,Sector,'
    "Subsector,Country,Region,BRI,Greenfield\n"
    '2006,July,China Petroleum and Chemical (Sinopec),"$3,490 ",49%,Rosneft,Energy,Oil,'
    "Russia,Europe,,\n"
    '2006,October,China Petroleum and Chemical (Sinopec),"$1,740 ",,Petróleos de Venezuela,'
    "Energy,Oil,Venezuela,South America,,\n"
    '2014,May,China National Petroleum (CNPC),"$2,000 ",,Government,Energy,Gas,Sudan,'
    "Sub-Saharan Africa,1,\n"
    '2015,June,Power Construction Corp. (PowerChina),"$1,100 ",,Government,Energy,Hydro,'
    "Laos,East Asia,1,G\n"
)
# BU's China's Global Energy Finance, with the empty columns its export ends each row with.
BU = (
    "Date,Country,CountryCode,Region,Location,EnergySource,EnergySubSector,Borrower,Lender,"
    "Amount ($m),Description,BRI Membership,,\n"
    "2010,Sudan,SDN,Sub-Saharan Africa,Merowe,Hydropower,Large Hydropower,Government,"
    "China Eximbank,519.3,Merowe dam transmission lines,Yes,,\n"
    "2012,Laos,LAO,East Asia and Pacific,Nam Ngum,Hydropower,Large Hydropower,Government,"
    "CDB,\"1,000\",Nam Ngum 5 hydropower station,Yes,,\n"
    "2017,Russia,RUS,Europe and Central Asia,Yamal,Oil and Gas,Gas,Yamal LNG,CDB,\"12,000\","
    "Yamal LNG project finance,No,,\n"
)


@pytest.fixture
def aei(tmp_path):
    path = tmp_path / "china-global-investment-tracker.csv"
    path.write_bytes(AEI.encode("cp1252"))
    return path


@pytest.fixture
def bu(tmp_path):
    path = tmp_path / "cgef.csv"
    path.write_text(BU, encoding="utf-8")
    return path


@pytest.fixture
def roadbook(capsys):
    from desktop.cli import main

    def run(*args: str, library):
        code = main(["--library", str(library), *args])
        out, err = capsys.readouterr()
        return SimpleNamespace(returncode=code, stdout=out, stderr=err)

    return run


def entries_of(library, batch: int) -> list[dict]:
    ids = [r[0] for r in library.conn.execute(
        "SELECT id FROM entries WHERE batch_id = ? AND kind = 'deal' ORDER BY num", (batch,))]
    return [library.get(i) for i in ids]


def test_the_aei_tracker_imports_with_its_preset(library, aei):
    report = library.import_file(aei)
    assert (report.rows, report.imported, report.rejected) == (4, 4, 0)
    deals = entries_of(library, report.batch)
    assert [d["title"] for d in deals] == [
        "China Petroleum and Chemical (Sinopec) → Rosneft (Energy, Russia, 2006)",
        "China Petroleum and Chemical (Sinopec) → Petróleos de Venezuela (Energy, Venezuela, "
        "2006)",
        "China National Petroleum (CNPC) → Government of Sudan (Energy, Sudan, 2014)",
        "Power Construction Corp. (PowerChina) → Government of Laos (Energy, Laos, 2015)"]
    rosneft = deals[0]
    assert (rosneft["value_usd"], rosneft["value_text"]) == (3.49e9, "$3,490")
    assert (rosneft["date_start"], rosneft["date_precision"]) == ("2006-07-01", "month")
    assert {(lk["role"], lk["title"]) for lk in rosneft["links"]} == {
        ("investor", "China Petroleum and Chemical (Sinopec)"), ("counterparty", "Rosneft"),
        ("located in", "Russia")}
    assert rosneft["tags"] == ["Energy", "Oil"]
    assert rosneft["extra"] == {"Share Size": "49%", "Region": "Europe"}


def test_a_generic_party_is_named_by_its_country(library, aei):
    library.import_file(aei)
    governments = [r[0] for r in library.conn.execute(
        "SELECT title FROM entries WHERE kind = 'actor' AND title LIKE 'Government%' "
        "ORDER BY title")]
    assert governments == ["Government of Laos", "Government of Sudan"]


def test_an_entry_is_found_by_its_parties(library, aei):
    batch = library.import_file(aei).batch
    [rosneft_deal] = [d["id"] for d in entries_of(library, batch) if "Rosneft" in d["title"]]
    assert library.search("Sinopec Rosneft")["hits"][0]["id"] == rosneft_deal
    # the title names the parties too: the linked names alone find the deal as well
    with library.transaction():
        library.conn.execute("UPDATE entries SET title = 'Oil stake' WHERE id = ?",
                             (rosneft_deal,))
    assert rosneft_deal in [h["id"] for h in library.search("Sinopec Rosneft")["hits"]]


def test_bu_energy_finance_imports_with_its_preset(library, bu):
    report = library.import_file(bu)
    assert (report.rows, report.imported, report.rejected) == (3, 3, 0)
    sudan, laos, yamal = entries_of(library, report.batch)
    assert sudan["title"] == "China Eximbank → Government of Sudan (Hydropower, Sudan, 2010)"
    assert (sudan["value_usd"], laos["value_usd"], yamal["value_usd"]) == (
        519.3e6, 1e9, 12e9)
    assert laos["value_text"] == "1,000"  # as the file wrote it: never "1,000 USD"
    assert sudan["summary"] == "Merowe dam transmission lines"
    borrowers = {lk["title"] for d in (sudan, laos) for lk in d["links"]
                 if lk["role"] == "borrower"}
    assert borrowers == {"Government of Sudan", "Government of Laos"}
    assert {lk["title"] for lk in yamal["links"] if lk["role"] == "borrower"} == {"Yamal LNG"}


def test_the_command_says_which_preset_it_uses_and_shows_the_mapping(roadbook, library_path,
                                                                      aei):
    done = roadbook("import", str(aei), "--dry-run", "--json", library=library_path)
    assert done.returncode == 0, done.stderr
    assert "using the AEI–Heritage China Global Investment Tracker preset; --mapping to " \
           "choose another" in done.stderr
    report = json.loads(done.stdout)
    assert (report["imported"], report["rejected"]) == (4, 0)
    mapping = report["mapping"]
    assert mapping["name"] == "aei-heritage-cgit"
    assert mapping["title"] == "{Investor} → {Transaction Party} ({Sector}, {Country}, {Year})"
    assert mapping["columns"]["Quantity in Millions"] == "value"
    assert mapping["columns"]["Investor"] == "actor"
    assert mapping["columns"]["Region"] == "extra"


def test_a_file_no_preset_knows_gets_a_composed_title(roadbook, library_path, tmp_path):
    path = tmp_path / "loans.csv"
    path.write_text("Lender,Borrower,Country,Year,Investment ($M)\n"
                    "CDB,Government,Angola,2009,\"1,000\"\n"
                    "Exim,Ministry of Finance,Kenya,2014,250\n", encoding="utf-8")
    done = roadbook("import", str(path), "--json", library=library_path)
    assert done.returncode == 0, done.stderr
    assert "mapping guessed from the headers; titles: {Lender} → {Borrower} ({Country}, " \
           "{Year})" in done.stderr
    from db import Library

    with Library.open(library_path) as lib:
        hits = lib.search("kind:deal angola")["hits"]
        assert hits[0]["title"] == "CDB → Government of Angola (Angola, 2009)"
        assert hits[0]["value_usd"] == 1e9
        assert lib.search("kind:actor ministry")["hits"][0]["title"] == \
            "Ministry of Finance of Kenya"


@pytest.mark.parametrize(("header", "guessed"), [
    ("Amount ($m)", "value in millions"),  # BU China's Global Energy Finance
    ("Investment ($M)", "value in millions"),
    ("USD bn", "value in billions"),
    ("(US$ million)", "value in millions"),
    ("Quantity in Millions", "value in millions"),  # AEI–Heritage tracker
    ("Amount (USD thousands)", "value in thousands"),
    ("Loan amount (US$ bn)", "value in billions"),
    ("amount", "value"),
    ("usd_defl_2014", "value_usd"),  # AidData
    ("Municipality", "left out"),
    ("Mnemonic", "left out"),
])
def test_header_guesses_for_amounts_with_their_units(header, guessed):
    assert describe(guess_mapping([header]).columns.get(header)) == guessed


def test_a_row_ending_before_it_starts_is_kept_and_flagged(roadbook, library_path, tmp_path):
    path = tmp_path / "projects.csv"
    path.write_text("title,start,end\nPort of Gwadar,2003-01-01,2002-10-29\n"
                    "Kazan railway,2015,2018\n", encoding="utf-8")
    done = roadbook("import", str(path), library=library_path)
    assert done.returncode == 0, done.stderr
    assert "2 imported, 0 rejected, 1 flagged (is:flagged)" in done.stdout
    from db import Library

    with Library.open(library_path) as lib:
        [hit] = lib.search("is:flagged")["hits"]
        port = lib.get(hit["id"])
    assert (port["title"], port["date_start"], port["date_end"]) == (
        "Port of Gwadar", "2003-01-01", "2003-01-01")
    assert port["flag"] == "ends before it starts"
    assert port["date_note"] == ("the file says it ends 2002-10-29 (column 'end'), before it "
                                 "starts (2003-01-01); that end is left out")


def test_imports_record_the_absolute_path(library, tmp_path, monkeypatch, aei):
    monkeypatch.chdir(aei.parent)
    library.import_file(aei.name)
    assert library.imports()[0]["file"] == str(aei)


def test_undoing_a_batch_of_more_than_a_quarter_compacts_the_file(roadbook, library_path,
                                                                   tmp_path):
    path = tmp_path / "many.csv"
    rows = "".join(f"Project {n},{'x' * 2000}\n" for n in range(200))
    path.write_text("title,description\n" + rows, encoding="utf-8")
    assert roadbook("import", str(path), library=library_path).returncode == 0
    grown = library_path.stat().st_size  # the command folds its log in as it closes
    done = roadbook("undo-import", "1", library=library_path)
    assert done.returncode == 0, done.stderr
    assert "compacting the library (the batch was more than a quarter of it)…" in done.stderr
    assert "compacted the library:" in done.stderr
    from db import Library

    with Library.open(library_path) as lib:
        assert lib.conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    assert library_path.stat().st_size < grown - 200 * 2000


def test_undoing_a_small_batch_leaves_the_file_as_it_is(library, tmp_path):
    path = tmp_path / "few.csv"
    path.write_text("title\nOne project\n", encoding="utf-8")
    batch = library.import_file(path).batch
    result = library.undo_import(batch)
    assert (result["compact_advised"], result["compacted"]) == (False, None)


@pytest.mark.parametrize(("cells", "title"), [
    (["Sinopec", "Rosneft", "Energy", "Russia", "2006"],
     "Sinopec → Rosneft (Energy, Russia, 2006)"),
    (["Sinopec", "", "Energy", "Russia", "2006"], "Sinopec (Energy, Russia, 2006)"),
    (["Sinopec", "Rosneft", "", "Russia", ""], "Sinopec → Rosneft (Russia)"),
    (["", "Rosneft", "", "", "2006"], "Rosneft (2006)"),
    (["Sinopec", "Government", "", "", ""], "Sinopec → Government"),  # no country to name it by
    (["", "", "", "", ""], ""),
])
def test_a_template_tidies_what_empty_cells_leave(cells, title):
    from db.importing.composing import compile_template, qualified

    columns = ["Investor", "Party", "Sector", "Country", "Year"]
    render = compile_template("{Investor} → {Party} ({Sector}, {Country}, {Year})", columns,
                              lambda i, row: qualified(row[i], row[3]) if i == 1 else row[i])
    assert render(cells) == title


def test_titles_composed_as_the_command_line_says(roadbook, library_path, aei):
    done = roadbook("import", str(aei), "--title", "{Investor} buys into {Transaction Party}",
                    "--json", library=library_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["mapping"]["title"] == \
        "{Investor} buys into {Transaction Party}"
    from db import Library

    with Library.open(library_path) as lib:
        assert lib.search("kind:deal rosneft")["hits"][0]["title"] == \
            "China Petroleum and Chemical (Sinopec) buys into Rosneft"
    bad = roadbook("import", str(aei), "--title", "no columns here", "--again",
                   library=library_path)
    assert bad.returncode == 1
    assert bad.stderr.startswith("roadbook: --title must name at least one column in braces")
