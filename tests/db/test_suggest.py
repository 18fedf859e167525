"""Completions for the search field: field names, and the values each field takes."""

from __future__ import annotations


def test_field_names_complete(library):
    assert library.suggest("ki") == ["kind:"]
    assert library.suggest("-ta") == ["-tag:"]


def test_statuses_are_the_distinct_lowercased_values_in_order(library):
    statuses = sorted({row[0].lower() for row in library.conn.execute(
        "SELECT status FROM entries WHERE status IS NOT NULL")})
    assert library.suggest("status:", limit=50) == [
        f"status:{s}" if " " not in s else f'status:"{s}"' for s in statuses]
    assert library.suggest("status:S") == [
        f"status:{s}" for s in statuses if s.startswith("s")]
    assert library.suggest("status:zz") == []
    assert library.suggest("status:%") == []  # a wildcard is a character like any other


def test_statuses_stop_at_the_limit(library):
    assert len(library.suggest("status:", limit=2)) == 2


def test_actors_with_no_letters_yet_come_in_alphabetical_order(library):
    names = [s.removeprefix("actor:").strip('"') for s in library.suggest("actor:", limit=50)]
    assert names == sorted(names) and names


def test_a_value_too_slow_to_find_is_not_offered(library, monkeypatch):
    monkeypatch.setattr("db.querybudget.SUGGEST_SECONDS", 0.0)
    monkeypatch.setattr("db.querybudget.CHECK_EVERY", 1)  # every query is out of time
    assert library.suggest("category:p") == []
    assert library.suggest("ki") == ["kind:"]  # no query: still offered
    assert library.results("kind:deal").total == 14  # and the connection is as it was
