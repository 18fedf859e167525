"""Printed briefings, read back from the PDF files they make."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from db import Library
from db.report import ReportError, ReportScope
from desktop.cli import main
from desktop.printing import PrintOptions, write_pdf
from desktop.printing.fonts import CJK_FAMILIES, has_cjk_font
from tests.desktop.conftest import dataset_copy

ROOT = Path(__file__).resolve().parents[2]
GAS_QUOTE = "the $400 billion gas deal signed in 2014 between Vladimir Putin and Xi Jinping"
HOSTILE_TITLE = '<img src=x onerror=alert(1)> <a href="file:///etc/passwd">x</a>'


def pdf_pages(path: Path) -> list[str]:
    """Each page's text with whitespace folded (lines wrap wherever the layout put them).

    NFKC because Qt's PDF text map names a CJK glyph by its lowest code point: 气 drawn with
    Noto Sans CJK reads back as the Kangxi radical ⽓, its compatibility twin.
    """
    return [unicodedata.normalize("NFKC", " ".join((page.extract_text() or "").split()))
            for page in PdfReader(path).pages]


def pdf_text(path: Path) -> str:
    return " ".join(pdf_pages(path))


def briefing(library: Library, tmp_path: Path, scope: ReportScope, name: str = "out.pdf",
             **options) -> Path:
    report = library.report(scope, made_on=date(2016, 8, 1))
    out = tmp_path / name
    write_pdf(report, out, PrintOptions(**options))
    return out


@pytest.fixture
def app(qapp):
    """Painting text needs the application object; pytest-qt's ``qapp`` makes one."""
    return qapp


def test_search_briefing_holds_entries_values_dates_and_quotes(app, library, tmp_path):
    out = briefing(library, tmp_path, ReportScope.for_query("gas"))
    pages = pdf_pages(out)
    text = " ".join(pages)
    assert text.startswith("ROADBOOK BRIEFING Briefing: gas The search “gas”: 5 entries")
    assert "printed 1 August 2016" in text
    for title in ("China–Russia gas deal (2014)", "$400 billion value of the 2014 gas deal",
                  "Gazprom", "Xi Jinping", "Vladimir Putin"):
        assert text.count(title) >= 2  # in the table and as a section heading
    assert "$400 bn — “$400 billion”" in text
    assert "2014 (year) — “2014”" in text
    assert f"“{GAS_QUOTE}”" in text
    assert "Johannes Feige, “China’s Road to Closer Ties With Russia”, The Diplomat" in text
    assert 2 <= len(pages) <= 5
    assert [re.search(r"Page (\d+) of (\d+)", p).groups() for p in pages] == \
        [(str(n), str(len(pages))) for n in range(1, len(pages) + 1)]
    assert "Briefing: gas Roadbook briefing · 1 Aug 2016" in pages[1]  # the running header


def test_cyrillic_and_chinese_names_print_in_a_font_that_has_them(app, library, tmp_path):
    out = briefing(library, tmp_path, ReportScope.for_ids(["gas-deal-2014", "beijing"]))
    text = pdf_text(out)
    for name in ("中俄东线天然气购销合同", "газовый контракт «Газпрома» и CNPC", "北京", "Пекин"):
        assert name in text
    assert has_cjk_font(), "install a CJK font (Debian: fonts-noto-cjk)"
    fonts = {str(f["/BaseFont"]).lower() for page in PdfReader(out).pages
             for f in page["/Resources"]["/Font"].values()}
    cjk = [f.replace(" ", "").lower() for f in CJK_FAMILIES]
    assert any(c in font for font in fonts for c in cjk), fonts


def test_quotes_as_endnotes_name_the_entry_they_support(app, library, tmp_path):
    out = briefing(library, tmp_path, ReportScope.for_ids(["beijing", "gas-deal-2014"]),
                   notes="endnotes")
    pages = pdf_pages(out)
    assert "Notes 1 “it dealt another embarrassing blow to the leadership in Beijing”" in pages[-1]
    assert f"3 “{GAS_QUOTE}” — China’s Road to Closer Ties With Russia (for China–Russia gas " \
        "deal (2014))" in pages[-1]


def test_only_the_parts_asked_for_are_printed(app, library, tmp_path):
    table_only = pdf_text(briefing(library, tmp_path, ReportScope.for_query("gas"), "t.pdf",
                                   parts=frozenset({"table"})))
    assert "China–Russia gas deal (2014)" in table_only
    assert "Analyst note" not in table_only and GAS_QUOTE not in table_only
    assert "Timeline" not in table_only
    no_quotes = pdf_text(briefing(library, tmp_path, ReportScope.for_query("gas"), "s.pdf",
                                  parts=frozenset({"sections"})))
    assert "Analyst note. Signed on 21 May 2014 in Shanghai" in no_quotes
    assert GAS_QUOTE not in no_quotes and "Summary" not in no_quotes
    timeline = pdf_text(briefing(library, tmp_path, ReportScope.for_query("gas"), "l.pdf",
                                 parts=frozenset({"timeline"})))
    assert "Timeline 1 dated entry; 4 without a date are not shown." in timeline


@pytest.mark.parametrize(("size", "landscape", "box"), [
    ("A4", False, (595, 842)), ("Letter", True, (792, 612))])
def test_page_size_and_orientation(app, library, tmp_path, size, landscape, box):
    out = briefing(library, tmp_path, ReportScope.for_query("gas"), page_size=size,
                   landscape=landscape)
    page = PdfReader(out).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == box


def test_bookmarks_briefing_prints_notes_tags_and_lost_entries(app, library, tmp_path):
    library.bookmark("gas-deal-2014", note="Check the 38 bcm figure.\nAsk the Moscow desk.",
                     tags=["energy", "priority"])
    library.bookmark("gazprom", tags=["energy"])
    library.bookmark("beijing", note="Gone soon.", tags=["energy"])
    library.bookmark("moscow", note="Not in the energy briefing.", tags=["transport"])
    with library.transaction():
        library.conn.execute("DELETE FROM entries WHERE id = 'beijing'")
    text = pdf_text(briefing(library, tmp_path, ReportScope.for_bookmarks("energy")))
    assert text.startswith("ROADBOOK BRIEFING Bookmarks tagged “energy” Bookmarks tagged "
                           "“energy”: 3 entries")
    assert "Your note. Check the 38 bcm figure. Ask the Moscow desk. Tags: energy, priority" \
        in text
    assert "Your tags. energy" in text
    assert "This entry is no longer in the library; your bookmark and note are kept." in text
    assert "Not in the energy briefing" not in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_a_long_section_is_cut_between_lines_and_marked_continued(app, library, tmp_path):
    note = "\n".join(f"Line {n:03} of the analyst's long note." for n in range(1, 121))
    library.bookmark("gas-deal-2014", note=note)
    out = briefing(library, tmp_path, ReportScope.for_ids(["gas-deal-2014", "gazprom"]))
    # pdftotext reads what is visible: Qt also draws, clipped away, the line above a page's
    # first line of a paragraph, which pypdf would report twice
    pages = [" ".join(subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(out), "-"],
                                     capture_output=True, text=True, check=True).stdout.split())
             for n in range(1, len(PdfReader(out).pages) + 1)]
    found = re.findall(r"Line (\d{3}) of the analyst", " ".join(pages))
    assert found == [f"{n:03}" for n in range(1, 121)]  # each line once: none cut in two
    assert len(pages) >= 3
    assert "Aug 2016 1 China–Russia gas deal (2014) (continued) Line" in pdf_pages(out)[2]


@pytest.fixture
def hostile_library(tmp_path, monkeypatch):
    from db.dataset import load_dataset

    def edit(entries):
        deal = next(e for e in entries if e["id"] == "gas-deal-2014")
        deal["title"] = HOSTILE_TITLE
        deal["summary"] = "<script>alert(1)</script> <b>bold?</b>"

    folder = dataset_copy(tmp_path, edit)
    monkeypatch.setenv("ROADBOOK_DATASET", str(folder))
    with Library.open(tmp_path / "hostile.sqlite", dataset=load_dataset(folder)) as lib:
        yield lib


def test_hostile_text_prints_as_literal_text(app, hostile_library, tmp_path):
    hostile_library.bookmark("gas-deal-2014", note="<a href='javascript:alert(1)'>note</a>")
    out = briefing(hostile_library, tmp_path, ReportScope.for_ids(["gas-deal-2014"]))
    text = pdf_text(out)
    packed = text.replace(" ", "")  # the long title wraps on the cover
    assert packed.count(HOSTILE_TITLE.replace(" ", "")) == 3  # cover, timeline, section
    assert "<script>alert(1)</script> <b>bold?</b>" in text
    assert "Your note. <a href='javascript:alert(1)'>note</a>" in text
    assert [a for page in PdfReader(out).pages for a in page.annotations or []] == []  # no links


def test_a_500_entry_result_set_prints(app, tmp_path):
    from tests.benchmarks.synthetic import build_library

    path = build_library(tmp_path / "big.sqlite", 500)
    with Library.open(path) as big:
        assert big.results("partners").total == 500
        seen = []
        report = big.report(ReportScope.for_query("partners"))
        out = tmp_path / "big.pdf"
        pages = write_pdf(report, out, PrintOptions(), progress=lambda d, t: seen.append((d, t)))
    reader = PdfReader(out)
    assert len(reader.pages) == pages and 60 <= pages <= 260
    first, last = (" ".join(reader.pages[i].extract_text().split()) for i in (0, -1))
    assert "The search “partners”: 500 entries" in first
    assert f"Page {pages} of {pages}" in last and "Sources Johannes Feige" not in last
    for i in range(pages // 4, pages, pages // 4):  # pypdf reads about 4 pages a second
        text = " ".join(reader.pages[i].extract_text().split())
        assert re.search(r"\b\d+ \w[\w ]+ #\d+ (DEAL|ACTOR|EVENT|FIGURE|PLACE) · ", text), i
    assert seen[-1][0] == seen[-1][1] and len(seen) > 500


@pytest.mark.parametrize("where", ["missing-folder/out.pdf", "a-file/out.pdf"])
def test_writing_where_no_file_can_be_made_is_a_clear_error(app, library, tmp_path, where):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "a-file").write_text("not a folder")
    report = library.report(ReportScope.for_query("gas"))
    with pytest.raises(ReportError, match=r"^Cannot write .*out\.pdf: "):
        write_pdf(report, folder / where, PrintOptions())
    with pytest.raises(ReportError, match="it is a folder"):
        write_pdf(report, folder, PrintOptions())
    assert [p.name for p in folder.iterdir()] == ["a-file"]  # no half-written file left


def test_cli_prints_bookmarks_to_pdf(app, library_path, tmp_path, capsys):
    with Library.open(library_path) as lib:
        lib.bookmark("gazprom", note="Pipeline timetable?", tags=["energy"])
    out = tmp_path / "marks.pdf"
    code = main(["--library", str(library_path), "print", "--bookmarks", "--tag", "energy",
                 "--out", str(out), "--page-size", "Letter", "--include", "sections,quotes",
                 "--notes", "endnotes"])
    assert code == 0
    assert capsys.readouterr().err == f"wrote 1 page (1 entry) to {out}\n"
    text = pdf_text(out)
    assert "Your note. Pipeline timetable? Tags: energy" in text
    assert "Notes 1 “sponsored by Russia’s Gazprom”" in text


@pytest.mark.parametrize(("args", "message"), [
    (["--query", "gas", "--out", "/proc/roadbook/briefing.pdf"],
     "roadbook: Cannot write /proc/roadbook/briefing.pdf: the folder /proc/roadbook does not "
     "exist.\n"),
    (["--ids", "gazprom,no-such-entry", "--out", "{tmp}/x.pdf"],
     "roadbook: no entry with id 'no-such-entry'\n"),
    (["--query", "gas", "--tag", "energy", "--out", "{tmp}/x.pdf"],
     "roadbook: --tag chooses among bookmarks: use it with --bookmarks.\n"),
])
def test_cli_errors_are_one_line(app, library_path, tmp_path, capsys, args, message):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert main(["--library", str(library_path), "print", *args]) == 1
    assert capsys.readouterr().err == message


def test_cli_refuses_unknown_parts(library_path, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--library", str(library_path), "print", "--query", "gas", "--include",
              "table,charts", "--out", str(tmp_path / "x.pdf")])
    assert exit_info.value.code == 2
    assert "unknown part 'charts'" in capsys.readouterr().err


def test_cli_prints_without_a_display(library_path, tmp_path):
    """A fresh process with no display and no platform chosen still writes the PDF."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY",
                                                            "QT_QPA_PLATFORM")}
    out = tmp_path / "headless.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "desktop.cli", "--library", str(library_path), "print",
         "--ids", "gas-deal-2014", "--out", str(out), "--landscape"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(rf"wrote [12] pages? \(1 entry\) to {re.escape(str(out))}\n", done.stderr)
    assert GAS_QUOTE in pdf_text(out)
    assert round(float(PdfReader(out).pages[0].mediabox.width)) == 842  # A4 landscape


def test_unwritable_folder_from_a_fresh_process_is_one_line(library_path, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    if os.geteuid() == 0:  # root writes through permissions, but not into sysfs
        locked = Path("/sys")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "desktop.cli", "--library", str(library_path), "print",
             "--query", "gas", "--out", str(locked / "briefing.pdf")],
            cwd=ROOT, capture_output=True, text=True, timeout=120)
    finally:
        (tmp_path / "locked").chmod(0o700)
    assert done.returncode == 1
    assert done.stderr == f"roadbook: Cannot write {locked / 'briefing.pdf'}: Permission " \
        "denied (choose a folder you can write to).\n"


def test_a_search_that_finds_nothing_prints_one_page_saying_so(app, library, tmp_path):
    pages = pdf_pages(briefing(library, tmp_path, ReportScope.for_query("zzzqqqxx")))
    assert len(pages) == 1
    assert "The search “zzzqqqxx”: 0 entries" in pages[0]
    assert "This briefing holds no entries." in pages[0]


def test_letters_print_as_letters_not_ligatures(app, library, tmp_path):
    library.bookmark("gas-deal-2014", note="The official figures fill the final file.")
    out = briefing(library, tmp_path, ReportScope.for_ids(["gas-deal-2014"]))
    # read as a viewer's copy or search reads it: no compatibility folding (NFKC maps ﬁ to fi)
    text = " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(out).pages)
    assert "The official figures fill the final file." in text
