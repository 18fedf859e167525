"""What a printed briefing holds, gathered from the bundled library."""

from __future__ import annotations

from datetime import date

import pytest

from db import NotFoundError
from db import report as report_module
from db.report import ReportCancelled, ReportError, ReportScope

GAS_DEAL = "China–Russia gas deal (2014)"


def test_search_report_holds_the_entries_in_result_order(library):
    report = library.report(ReportScope.for_query("gas"), made_on=date(2016, 8, 1))
    expected = [library.rows([n])[n]["id"] for n in library.results("gas").nums]
    assert [e.id for e in report.entries] == expected
    assert [e.position for e in report.entries] == list(range(1, len(expected) + 1))
    assert report.title == "Briefing: gas"
    assert report.scope_text == f"The search “gas”: {len(expected)} entries"
    assert report.library_name == library.path.name
    assert report.made_on == date(2016, 8, 1)


def test_deal_carries_its_details_links_notes_and_quote(library):
    report = library.report(ReportScope.for_ids(["gas-deal-2014"]))
    (deal,) = report.entries
    assert report.title == GAS_DEAL
    assert (deal.kind, deal.status, deal.value_text, deal.value_usd) == \
        ("deal", "signed", "$400 billion", 400e9)
    assert (deal.date_start, deal.date_end, deal.date_precision) == \
        ("2014-01-01", "2014-12-31", "year")
    assert "中俄东线天然气购销合同" in [a["name"] for a in deal.aliases]
    assert {"Gazprom", "Xi Jinping", "Vladimir Putin"} <= set(deal.parties)
    assert ("party", "Gazprom") in [(lk["role"], lk["title"]) for lk in deal.links]
    assert deal.notes[0]["text"].startswith("Signed on 21 May 2014 in Shanghai")
    assert deal.citations == (1,)
    cite = report.citation(1)
    assert cite.quote == ("the $400 billion gas deal signed in 2014 between Vladimir Putin "
                          "and Xi Jinping")
    assert cite.source_title == "China’s Road to Closer Ties With Russia"
    assert report.sources[0]["credit"].startswith("Johannes Feige, “China’s Road")


def test_citations_are_numbered_once_across_the_report_in_entry_order(library):
    report = library.report(ReportScope.for_ids(["beijing", "obor", "gas-deal-2014"]))
    numbers = [n for e in report.entries for n in e.citations]
    assert numbers == list(range(1, len(report.citations) + 1))
    assert [e.citations for e in report.entries] == [(1, 2), (3, 4, 5, 6), (7,)]
    assert report.citation(2).quote == "a future $153 billion Moscow to Beijing track"
    assert report.citation(2).entry_id == "beijing"


def test_ids_keep_the_order_given_without_repeats(library):
    scope = ReportScope.for_ids(["moscow", "beijing", "moscow"])
    report = library.report(scope)
    assert [e.id for e in report.entries] == ["moscow", "beijing"]
    assert report.title == "Selected entries"
    assert report.scope_text == "Selected entries: 2 entries"


def test_unknown_id_is_named(library):
    with pytest.raises(NotFoundError, match="no-such-entry"):
        library.report(ReportScope.for_ids(["moscow", "no-such-entry"]))


def test_bookmarks_report_carries_notes_and_tags_and_keeps_lost_entries(library):
    library.bookmark("gazprom", note="Check the pipeline timetable.", tags=["energy"])
    library.bookmark("moscow", note="Rail hub.", tags=["transport"])
    library.bookmark("beijing", note="Gone soon.", tags=["energy"])
    with library.transaction():
        library.conn.execute("DELETE FROM entries WHERE id = 'beijing'")

    report = library.report(ReportScope.for_bookmarks())
    by_id = {e.id: e for e in report.entries}
    assert set(by_id) == {"gazprom", "moscow", "beijing"}
    assert by_id["gazprom"].bookmark == {"note": "Check the pipeline timetable.",
                                         "tags": ["energy"]}
    lost = by_id["beijing"]
    assert (lost.exists, lost.title, lost.bookmark["note"]) == (False, "Beijing", "Gone soon.")
    assert report.title == "Bookmarks"

    tagged = library.report(ReportScope.for_bookmarks("energy"))
    assert {e.id for e in tagged.entries} == {"gazprom", "beijing"}
    assert tagged.title == "Bookmarks tagged “energy”"
    assert tagged.scope_text == "Bookmarks tagged “energy”: 2 entries"


def test_progress_reports_each_entry_and_can_cancel(library):
    seen = []
    library.report(ReportScope.for_query("gas"), progress=lambda d, t: seen.append((d, t)))
    total = library.results("gas").total
    assert seen == [(n, total) for n in range(1, total + 1)]
    with pytest.raises(ReportCancelled):
        library.report(ReportScope.for_query(""), progress=lambda done, total: done < 3)


def test_too_many_entries_ask_to_narrow_the_search(library, monkeypatch):
    monkeypatch.setattr(report_module, "REPORT_LIMIT", 10)
    with pytest.raises(ReportError, match="78 entries are too many for one briefing"):
        library.report(ReportScope.for_query(""))


def test_whole_library_and_empty_results(library):
    everything = library.report(ReportScope.for_query(""))
    assert len(everything.entries) == 78
    assert everything.title == "Whole library"
    assert sum(everything.kind_counts.values()) == 78
    nothing = library.report(ReportScope.for_query("zzzqqqxx"))
    assert nothing.entries == () and nothing.citations == ()
    assert nothing.scope_text == "The search “zzzqqqxx”: 0 entries"


def test_unknown_scope_kind_is_refused():
    with pytest.raises(ValueError, match="unknown report scope"):
        ReportScope("everything")


def test_timeline_holds_the_dated_entries(library):
    report = library.report(ReportScope.for_ids(["gas-deal-2014", "gazprom", "moscow"]))
    assert report.timeline.ids == ("gas-deal-2014",)
    assert report.timeline.date_label(0) == "2014"


def test_a_misspelt_search_prints_what_the_window_shows_and_says_so(library):
    report = library.report(ReportScope.for_query("gazprm"))
    assert "gazprom" in [e.id for e in report.entries]
    assert report.hints == ("Nothing matched as typed; showing “gazprom” for “gazprm”.",)
