"""Mentions of entries the library already has, through every title and alias in any script.

A mention is a run of whole words (never part of a word) whose folded form — case, accents,
script (Путин → Putin), curly quotes, dashes and dots aside — equals a name of an entry. The
longest name wins where names overlap ("Vladimir Putin" over "Putin"). A library of up to
``MEMORY_NAMES`` names is matched in memory with full folding; a larger one is matched by SQLite
through its title and alias indexes (case folded), so that a million entries stay quick.
"""

from __future__ import annotations

import calendar
import json
import re
import sqlite3
from dataclasses import dataclass

from db.sourcing.spans import SpanSet
from db.textindex import fold, transliterate

MAX_WORDS = 6  # the longest name matched, in words
MEMORY_NAMES = 60_000
MAX_ENTRIES_PER_NAME = 3  # a name several entries share is offered for each, up to this many
TOKEN = re.compile(r"\w+(?:[-.&]\w+)*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_HEAD = re.compile(r"\w+")
_PAREN = re.compile(r"\s*\(([^()]*)\)\s*")
_DATE_WORD = re.compile(r"(?:\d[\d.,]*(?:st|nd|rd|th|s)?|[qQ][1-4]|[hH][12])")
_MONTH_NAMES = {"sept", *(name.lower() for name in (*calendar.month_name, *calendar.month_abbr)
                          if name)}


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entry_id: str


def name_key(text: str) -> str:
    """A name as matching compares it: folded, transliterated, dots dropped, quotes, dashes and
    spaces unified."""
    text = text.replace("’", "'").replace("–", "-").replace("—", "-")
    if not text.isascii():  # plain ASCII needs neither transliterating nor accent folding
        text = fold(transliterate(text))
    return " ".join(text.lower().replace(".", "").split())


def word_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in TOKEN.finditer(text)]


def find_mentions(conn: sqlite3.Connection, text: str,
                  words: list[tuple[int, int]]) -> list[Mention]:
    """Mentions of known entries in ``text`` (``words``: its word spans), in order."""
    if _name_count(conn) <= MEMORY_NAMES:
        names, cjk = _names_in_memory(conn)
        grams = _grams(text, words, heads={_head(key) for key in names})
        found = {}
        for gram, spans in grams.items():
            ids = names.get(name_key(gram))
            for span in spans if ids else ():
                found[span] = ids
        found.update(_cjk_mentions(text, cjk))
    else:
        found = _names_in_sql(conn, _grams(text, words))
    return _longest_first(found)


def _head(key: str) -> str:
    """The first word of a name's key ("moscow" of "moscow-kazan high-speed railway")."""
    found = _HEAD.search(key)
    return found.group() if found else ""


def _grams(text: str, words: list[tuple[int, int]],
           heads: set[str] | None = None) -> dict[str, list[tuple[int, int]]]:
    """Runs of 1 to ``MAX_WORDS`` words that begin with a capital, a digit or another script,
    within one line (and, given ``heads``, with a first word some name begins with)."""
    grams: dict[str, list[tuple[int, int]]] = {}
    first_keys: dict[str, str] = {}
    for i, (start, first_end) in enumerate(words):
        first = text[start]
        if first.isascii() and first.islower():
            continue
        if heads is not None:
            word = text[start:first_end]
            if word not in first_keys:
                first_keys[word] = _head(name_key(word))
            if first_keys[word] not in heads:
                continue
        _add_grams(text, words, i, grams)
    return grams


def _add_grams(text: str, words: list[tuple[int, int]], i: int, grams: dict) -> None:
    """The runs of words that begin with word ``i``, spaces between them made single."""
    start, plain = words[i][0], True
    for j in range(i, min(i + MAX_WORDS, len(words))):
        end = words[j][1]
        if end - start > 120:
            break
        if j > i:
            gap = text[words[j - 1][1]:words[j][0]]
            if "\n" in gap:
                break
            plain = plain and gap == " "
        gram = text[start:end]
        grams.setdefault(gram if plain else " ".join(gram.split()), []).append((start, end))


def _name_count(conn: sqlite3.Connection) -> int:
    entries = conn.execute("SELECT coalesce(sum(n), 0) FROM kind_counts").fetchone()[0]
    return entries * 2


def _names_in_memory(conn: sqlite3.Connection) -> tuple[dict, dict]:
    """Every name by its key, and the names in Chinese or Japanese characters as written."""
    names: dict[str, list[str]] = {}
    cjk: dict[str, list[str]] = {}
    rows = conn.execute("SELECT title, id FROM entries UNION ALL "
                        "SELECT name, entry_id FROM aliases")
    for name, entry_id in rows:
        for variant in _variants(name):
            _add(names, name_key(variant), entry_id)
            if _CJK.search(variant):
                _add(cjk, variant.strip(), entry_id)
    names.pop("", None)
    return names, cjk


def _add(names: dict[str, list[str]], key: str, entry_id: str) -> None:
    ids = names.setdefault(key, [])
    if entry_id not in ids and len(ids) < MAX_ENTRIES_PER_NAME:
        ids.append(entry_id)


def _variants(name: str) -> list[str]:
    """A title with a bracketed part — "One Belt, One Road (OBOR)" — is also its two halves,
    those that are names: "China–Russia gas deal (2014)" is not also "2014"."""
    inner = _PAREN.findall(name)
    if not inner:
        return [name]
    halves = [_PAREN.sub(" ", name).strip(), *inner]
    return [name, *(half for half in halves if not _only_a_date_or_number(half))]


def _only_a_date_or_number(words: str) -> bool:
    """Whether ``words`` are only a date, a year, a number or a month ("June 2016", "2014")."""
    tokens = TOKEN.findall(words)
    return all(_DATE_WORD.fullmatch(token) or token.lower() in _MONTH_NAMES
               for token in tokens)


def _cjk_mentions(text: str, names: dict[str, list[str]]) -> dict:
    # Chinese and Japanese run words together: their names are found as substrings.
    if not _CJK.search(text):
        return {}
    found = {}
    for key, ids in names.items():
        if len(key) >= 2:
            at = text.find(key)
            while at >= 0:
                found[(at, at + len(key))] = ids
                at = text.find(key, at + 1)
    return found


def _names_in_sql(conn: sqlite3.Connection, grams: dict) -> dict:
    keys = list({variant for gram in grams for variant in (gram, fold(gram))})
    by_key: dict[str, list[str]] = {}
    rows = conn.execute(
        "SELECT lower(j.value), e.id FROM json_each(?) j "
        "JOIN entries e ON e.title = j.value COLLATE NOCASE UNION "
        "SELECT lower(j.value), a.entry_id FROM json_each(?) j "
        "JOIN aliases a ON a.name = j.value COLLATE NOCASE", (json.dumps(keys),) * 2)
    for key, entry_id in rows:
        ids = by_key.setdefault(key, [])
        if len(ids) < MAX_ENTRIES_PER_NAME:
            ids.append(entry_id)
    found = {}
    for gram, spans in grams.items():
        ids = by_key.get(gram.lower()) or by_key.get(fold(gram).lower())
        for span in spans if ids else ():
            found[span] = ids
    return found


def _longest_first(found: dict) -> list[Mention]:
    taken = SpanSet()
    out = []
    for (start, end), ids in sorted(found.items(), key=lambda kv: (kv[0][0] - kv[0][1],
                                                                   kv[0][0])):
        if taken.overlaps(start, end):
            continue
        taken.add(start, end)
        out.extend(Mention(start, end, entry_id) for entry_id in ids)
    return sorted(out, key=lambda m: (m.start, m.entry_id))
