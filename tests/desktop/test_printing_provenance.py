"""A printed briefing credits every dataset its imported entries come from."""

from __future__ import annotations

import pytest

from db.report import ReportScope
from tests.desktop.test_printing import briefing, pdf_text

LENDERS = """ref,title,year,lender
L1,Gazprom pipeline loan,2014,Harbour Bank
L2,Gazprom storage loan,2015,Harbour Bank
"""


@pytest.fixture
def app(qapp):
    return qapp


def test_a_briefing_of_imported_and_bundled_entries_credits_both(app, library, tmp_path):
    path = tmp_path / "lenders.csv"
    path.write_text(LENDERS, encoding="utf-8")
    library.import_file(path, kind="deal", credit="Lender survey 2016 by R. Ivanova")
    out = briefing(library, tmp_path, ReportScope.for_ids(["gas-deal-2014", "lenders-l2"]))
    text = pdf_text(out)
    cover = text.split("From ", 1)[1][:300]
    assert "China’s Road to Closer Ties With Russia" in cover or "Diplomat" in cover
    assert "lenders.csv" in cover and ".;" not in cover  # credits joined without a stray stop
    assert "From lenders.csv, row 3" in text  # the end of the imported entry's section
    credits = text.split("Sources and credits", 1)[1]
    assert "Lender survey 2016 by R. Ivanova" in credits
    assert "The Diplomat" in credits


def test_a_briefing_of_imported_rows_alone_still_credits_their_dataset(app, library, tmp_path):
    path = tmp_path / "lenders.csv"
    path.write_text(LENDERS, encoding="utf-8")
    library.import_file(path, kind="deal", credit="Lender survey 2016")
    out = briefing(library, tmp_path, ReportScope.for_ids(["lenders-l1", "lenders-l2"]))
    credits = pdf_text(out).split("Sources and credits", 1)[1]
    assert "lenders.csv (2 entries)" in credits
    assert "Lender survey 2016" in credits
