"""A PDF is checked before it replaces anything: one cut short, with its table of contents
pointing nowhere or at the wrong objects, or missing pages is refused (the command line's test
on a full disk is in tests/reliability/test_hostile_inputs.py)."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from db.report import ReportScope
from desktop.printing.pdf_check import pdf_problem
from tests.desktop.test_printing import briefing


@pytest.fixture
def good_pdf(qapp, library, tmp_path):
    return briefing(library, tmp_path, ReportScope.for_query("gas"))


def test_a_whole_briefing_passes(good_pdf):
    pages = len(PdfReader(good_pdf).pages)
    assert pages >= 2
    assert pdf_problem(good_pdf, pages) is None


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9, 0.99])
def test_a_briefing_cut_short_anywhere_is_refused(good_pdf, tmp_path, keep):
    data = good_pdf.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[:int(len(data) * keep)])

    assert pdf_problem(cut, len(PdfReader(good_pdf).pages)) == (
        f"it was cut short at {cut.stat().st_size:,} bytes, with no end-of-file marker")


def test_objects_moved_from_where_the_table_says_are_found_out(good_pdf, tmp_path):
    data = good_pdf.read_bytes()
    shifted = tmp_path / "shifted.pdf"
    at = data.index(b"2 0 obj")
    shifted.write_bytes(data[:at] + b"\n" + data[at:])  # every later object one byte further

    problem = pdf_problem(shifted, len(PdfReader(good_pdf).pages))

    assert problem is not None and problem.startswith("its table of contents (xref) is not "
                                                      "where the file says")


def test_an_object_missing_from_its_place_is_found_out(good_pdf, tmp_path):
    data = good_pdf.read_bytes()
    renamed = tmp_path / "renamed.pdf"
    renamed.write_bytes(data.replace(b"\n2 0 obj", b"\n9 0 obj", 1))  # same length, wrong object

    assert pdf_problem(renamed, len(PdfReader(good_pdf).pages)) == (
        "1 of its objects are not where its table of contents says")


def test_a_briefing_with_fewer_pages_than_painted_is_refused(good_pdf):
    pages = len(PdfReader(good_pdf).pages)
    assert pdf_problem(good_pdf, pages + 1) == f"it holds {pages} pages instead of {pages + 1}"
