"""Adding sources of every format: readable text, metadata, passages, pages; duplicates and
hostile files refused whole."""

from __future__ import annotations

import sqlite3

import pytest

from db.sourcing.document import DuplicateSourceError, SourceFileError
from tests.db import source_fixtures as fx


def _added(library, path, **options):
    added = library.add_source(path, **options)
    return added, library.source(added["id"])


def test_a_markdown_post_keeps_its_words_and_loses_its_markup(library, tmp_path):
    added, source = _added(library, fx.write_markdown(tmp_path))
    text = source["text"]
    assert (added["title"], added["author"], added["date"]) == \
        ("Putin and Xi meet again", "Jane Doe", "2016-07-20")
    assert "Vladimir Putin met Xi Jinping in Beijing last year" in text
    assert "Moscow–Kazan high-speed railway will cost more than $21 billion" in text
    for markup in ("<div", "<img", "{:.lead}", "https://", "photo.jpg", "**", "---", "title:"):
        assert markup not in text
    assert source["format"] == "markdown"


def test_an_html_page_gives_its_article_not_its_navigation(library, tmp_path):
    added, source = _added(library, fx.write_html(tmp_path))
    text = source["text"]
    assert (added["title"], added["author"], added["publisher"], added["date"]) == \
        ("Putin and Xi meet again", "Jane Doe", "World News", "2016-07-20")
    assert "Igor Sechin of Rosneft said trade reached nearly $70 billion" in text
    for chrome in ("Subscribe now", "Privacy policy", "Markets", "injected", "<p>"):
        assert chrome not in text


def test_a_pdf_written_by_qt_keeps_page_numbers_on_its_passages(library, tmp_path):
    added, source = _added(library, fx.write_pdf(tmp_path))
    assert added["title"] == "Putin and Xi meet again"
    pages = {p["page"] for p in source["passages"] if "Sechin" in p["text"]}
    assert pages == {2}
    first = next(p for p in source["passages"] if "Vladimir Putin" in p["text"])
    assert first["page"] == 1
    assert "nearly $70 billion" in source["text"]


def test_a_docx_file_gives_its_paragraphs_and_properties(library, tmp_path):
    added, source = _added(library, fx.write_docx(tmp_path), date="2016-07")
    assert (added["title"], added["author"], added["date"]) == \
        ("Putin and Xi meet again", "Jane Doe", "2016-07")
    assert [p["text"] for p in source["passages"]][1:] == fx.PARAGRAPHS


def test_passages_have_offsets_into_the_immutable_text(library, tmp_path):
    added, source = _added(library, fx.write_text(tmp_path), title="Notes")
    assert added["passages"] == 3 and added["characters"] == len(source["text"])
    for passage in source["passages"]:
        assert source["text"][passage["start"]:passage["end"]] == passage["text"]


def test_the_same_text_again_is_reported_not_duplicated(library, tmp_path):
    first = library.add_source(fx.write_text(tmp_path))
    again = fx.write_text(tmp_path, name="copy.txt")
    with pytest.raises(DuplicateSourceError, match=first["id"]):
        library.add_source(again)
    with pytest.raises(DuplicateSourceError, match=first["id"]):
        library.add_source("\n\n".join(fx.PARAGRAPHS) + "\n")  # pasted, same words
    assert len(library.sources()) == 2


def test_the_bundled_article_added_again_is_recognised(library):
    article = library.source("diplomat-2016-obor-russia")["text"]
    with pytest.raises(DuplicateSourceError, match="diplomat-2016-obor-russia"):
        library.add_source(article)


@pytest.mark.parametrize("content, reason", [
    (b"", "no readable text"),
    (b"%PDF-1.4 this is not really a pdf", "cannot be read as a PDF"),
    (b"PK\x03\x04 broken zip", "not a Word"),
])
def test_a_bad_file_is_refused_in_one_line_and_nothing_is_added(library, tmp_path, content,
                                                                 reason):
    suffix = {b"%": ".pdf", b"P": ".docx"}.get(content[:1], ".txt")
    path = tmp_path / f"bad{suffix}"
    path.write_bytes(content)
    before = library.conn.execute("SELECT count(*) FROM passages").fetchone()[0]
    with pytest.raises(SourceFileError, match=reason) as caught:
        library.add_source(path)
    assert "\n" not in str(caught.value)
    assert len(library.sources()) == 1
    assert library.conn.execute("SELECT count(*) FROM passages").fetchone()[0] == before


def test_five_megabytes_on_one_line_are_refused_whole(library, tmp_path):
    path = tmp_path / "line.txt"
    path.write_text("word " * 1_000_000, encoding="utf-8")
    with pytest.raises(SourceFileError, match="at most 2,000,000"):
        library.add_source(path)
    assert len(library.sources()) == 1


def test_a_long_paragraph_is_cut_into_readable_passages(library):
    text = "The railway will cost money. " * 400  # 11,600 characters on one line
    source = library.source(library.add_source(text, title="Long")["id"])
    assert len(source["passages"]) >= 4
    assert all(len(p["text"]) <= 3_000 for p in source["passages"])
    assert "".join(p["text"] for p in source["passages"]).replace(" ", "") == \
        source["text"].replace(" ", "")


def test_hostile_text_is_stored_as_text_without_nul(library):
    added = library.add_source("<script>alert(1)</script> Moscow\u202e\x00 said so.",
                               title="<b>bold</b>")
    source = library.source(added["id"])
    assert "\x00" not in source["text"]
    assert "<script>" in source["text"] and source["title"] == "<b>bold</b>"


def test_a_wrong_date_option_is_refused(library):
    from db.errors import InvalidValueError

    with pytest.raises(InvalidValueError, match="not a date"):
        library.add_source("Some words.", date="someday")


def test_adding_is_one_transaction(library, tmp_path, monkeypatch):
    import db.sourcing.adding as adding

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(adding, "insert_suggestions", broken)
    with pytest.raises(sqlite3.OperationalError):
        library.add_source(fx.write_text(tmp_path))
    assert len(library.sources()) == 1
    assert library.conn.execute(
        "SELECT count(*) FROM passages WHERE source_id != 'diplomat-2016-obor-russia'"
    ).fetchone()[0] == 0


def test_new_passages_are_searchable_and_source_filters_find_cited_entries(library, tmp_path):
    added = library.add_source(fx.write_markdown(tmp_path))
    hits = library.search_passages("Sechin Rosneft")
    assert [h["source_id"] for h in hits] == [added["id"]]
    assert library.search("source:putin-and-xi")["total"] == 0
    mention = next(s for s in library.suggestions(added["id"])
                   if s["entry_id"] == "xi-jinping")
    library.decide_suggestions(added["id"], [mention["n"]], "accepted")
    assert [h["id"] for h in library.search("source:putin-and-xi")["hits"]] == ["xi-jinping"]
    listed = {s["id"]: s for s in library.sources()}[added["id"]]
    assert (listed["passages"], listed["citations"]) == (added["passages"], 1)


@pytest.mark.parametrize("spans, query, hit", [
    ([(0, 5), (10, 20)], (5, 10), False),
    ([(0, 5), (10, 20)], (4, 6), True),
    ([(0, 100), (10, 20)], (50, 60), True),  # inside a long span that starts early
    ([], (0, 1), False),
    ([(10, 20)], (0, 10), False),
])
def test_span_sets_tell_overlaps(spans, query, hit):
    from db.sourcing.spans import SpanSet

    assert SpanSet(spans).overlaps(*query) is hit
    grown = SpanSet()
    for span in spans:
        grown.add(*span)
    assert grown.overlaps(*query) is hit


def test_a_huge_web_page_is_refused_before_it_is_read(library, tmp_path):
    path = tmp_path / "huge.html"
    path.write_bytes(b"<html><body>" + b"<p>words and more words</p>" * 400_000 + b"</body>")
    with pytest.raises(SourceFileError, match="a web page may be at most 10 MB"):
        library.add_source(path)
    assert len(library.sources()) == 1


SHORT_PAGE = """<!doctype html><html lang="en"><head>
<title>Kazakhstan Rail Link Opens | Steppe Times</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World News Menu</a>
<a href="/sub">Subscribe now</a></nav>
<article>The Khorgos line opened on Tuesday.</article>
<footer>Privacy policy</footer></body></html>"""


def test_a_short_page_gives_its_article_and_its_site_as_publisher(library, tmp_path):
    import warnings

    path = tmp_path / "short.html"
    path.write_text(SHORT_PAGE, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        added, source = _added(library, path)
    assert source["text"] == "The Khorgos line opened on Tuesday."
    assert (added["title"], added["publisher"]) == ("Kazakhstan Rail Link Opens",
                                                    "Steppe Times")


@pytest.mark.parametrize("title, site, heading, expected", [
    ("Rail Link Opens - Steppe Times", None, "Rail link opens", ("Rail Link Opens",
                                                                 "Steppe Times")),
    ("Russia - China deal", None, None, ("Russia - China deal", None)),
    ("Deal signed | Reuters", "Reuters", None, ("Deal signed", "Reuters")),
    ("Deal signed | Opinion", "Reuters", None, ("Deal signed | Opinion", "Reuters")),
    (None, None, "Rail link opens", ("Rail link opens", None)),
])
def test_a_pages_title_loses_the_suffix_that_names_its_site(title, site, heading, expected):
    from db.sourcing.webpage import read_webpage

    head = f"<title>{title}</title>" if title else ""
    head += f'<meta property="og:site_name" content="{site}">' if site else ""
    body = f"<h1>{heading}</h1>" if heading else ""
    page = f"<html><head>{head}</head><body>{body}<p>The line opened.</p></body></html>"
    document = read_webpage(page.encode(), "page.html")
    assert (document.title, document.publisher) == expected


def test_a_text_file_is_titled_by_its_first_line_with_letters(library, tmp_path):
    path = fx.write_text(tmp_path, "---\n\nRosneft expands its pact\n\nRosneft signed.",
                         name="pact.txt")
    added, _ = _added(library, path)
    assert (added["title"], added["id"]) == ("Rosneft expands its pact",
                                             "rosneft-expands-its-pact")
