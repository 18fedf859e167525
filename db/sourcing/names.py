"""Capitalised names a text uses that the library does not know yet: candidate actors or places.

Noise is kept low, as reviewers ask: a run of capitalised words (with "of", "and", "de" … inside)
is a name; a capitalised word that starts a sentence is one only when the text also capitalises
it mid-sentence, or when it is no common word and the text never writes it in lower case
("Rosneft said …", not "Trade grew …"); months, weekdays, titles of address, demonyms and common
words are not names on their own.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

from db.sourcing.common_words import is_sentence_starter
from db.sourcing.spans import SpanSet

CONNECTORS = {"of", "for", "the", "de", "du", "des", "la", "le", "von", "van", "der",
              "bin", "al", "y", "da", "do"}
# Titles of address and office: one inside a run of capitalised words parts two names.
TITLES = {"mr", "mrs", "ms", "dr", "prof", "president", "vice", "deputy", "prime", "minister",
          "premier", "chairman", "chairwoman", "ceo", "sir", "lord", "king", "queen",
          "secretary", "ambassador", "chancellor", "governor", "senator", "mayor"}
# Words that never begin a name: "The Kremlin" is "Kremlin", "President Putin" is "Putin".
NOT_LEADING = {
    *(m.lower() for m in calendar.month_name if m), *(d.lower() for d in calendar.day_name),
    "the", "a", "an", "in", "on", "at", "of", "for", "to", "and", "but", "or", "nor", "yet",
    "so", "as", "by", "if", "it", "its", "this", "that", "these", "those", "there", "their",
    "they", "we", "our", "he", "she", "his", "her", "i", "you", "your", "what", "which", "who",
    "when", "where", "why", "how", "while", "after", "before", "since", "until", "although",
    "though", "because", "however", "moreover", "meanwhile", "still", "also", "even", "such",
    "many", "most", "some", "all", "both", "each", "every", "other", "another", "one", "two",
    "first", "second", "last", "next", "new", "more", "less", "than", "with", "from", "into",
    "over", "under", "about", "between", "against", "during", "without", "within", "according",
    "general", "yes", "no", "not", "here", "now", "then", "today", "yesterday", "tomorrow",
    *TITLES,
}
# Words that are no name on their own, though they may begin one ("Asian Development Bank").
NOT_ALONE = NOT_LEADING | {
    "chinese", "russian", "american", "european", "asian", "western", "eastern", "soviet",
    "british", "french", "german", "japanese", "indian", "korean", "african", "arab",
    "north", "south", "east", "west", "northern", "southern", "government", "state",
    "image", "photo", "credit", "source", "read", "share", "click", "advertisement",
}
# "of" joins a name after one word ("Bank of China") or after one of these ("People's Bank of
# China"), not a person to an employer ("Igor Sechin of Rosneft").
INSTITUTIONS = {"bank", "ministry", "university", "republic", "department", "institute",
                "council", "chamber", "federation", "union", "academy", "port", "province",
                "city", "gulf", "sea", "bay", "court", "office", "committee", "commission",
                "association", "organization", "organisation", "kingdom", "state", "states",
                "museum", "school", "college", "centre", "center", "house", "party", "board"}


@dataclass(frozen=True)
class FoundName:
    start: int
    end: int
    text: str


def find_names(text: str, words: list[tuple[int, int]],
               taken: list[tuple[int, int]]) -> list[FoundName]:
    """Candidate names in ``text`` (``words``: its word spans), none overlapping ``taken``
    (sums and dates found already, and mentions unless the caller weighs them itself)."""
    found, run = [], []
    usage = _usage_of(text, words)
    for index, span in enumerate(words):
        joined = run and _joined(text, words[run[-1]], span)
        if _capitalised(text, span) and (not run or joined):
            run.append(index)
            continue
        if run and joined and _word(text, span) in CONNECTORS and _may_join(text, words, run):
            run.append(index)
            continue
        found.extend(_name_of(text, words, run, usage))
        run = [index] if _capitalised(text, span) else []
    found.extend(_name_of(text, words, run, usage))
    known = SpanSet(taken)
    return [f for f in found if not known.overlaps(f.start, f.end)]


@dataclass(frozen=True)
class _Usage:
    """How a text writes its words: those it writes in lower case somewhere, and those it
    capitalises mid-sentence (both lower-cased)."""

    lower: set[str]
    inside: set[str]

    def names_at_start(self, word: str) -> bool:
        """Whether a capitalised ``word`` that begins a sentence is a name there: one the text
        capitalises mid-sentence too, or one that is no common word and never lower case."""
        word = word.lower()
        if word in self.inside:
            return True
        return word not in self.lower and not is_sentence_starter(word)


def _usage_of(text: str, words: list[tuple[int, int]]) -> _Usage:
    usage = _Usage(set(), set())
    for start, end in words:
        first = text[start]
        if first.islower():
            usage.lower.add(text[start:end])
        elif first.isupper() and not _starts_sentence(text, start):
            usage.inside.add(text[start:end].lower())
    return usage


def _may_join(text: str, words: list, run: list[int]) -> bool:
    if _word(text, words[run[-1]]) in CONNECTORS:
        return True  # "Bank of the Philippines"
    return len(run) == 1 or _word(text, words[run[-1]]) in INSTITUTIONS


def _word(text: str, span: tuple[int, int]) -> str:
    return text[span[0]:span[1]].lower()


def _capitalised(text: str, span: tuple[int, int]) -> bool:
    first = text[span[0]]
    return first.isupper() and text[span[0]:span[1]].lower() not in CONNECTORS


def _joined(text: str, before: tuple[int, int], after: tuple[int, int]) -> bool:
    gap = text[before[1]:after[0]]
    return gap in (" ", "-", "\u00a0")


def _name_of(text: str, words: list, run: list[int], usage: _Usage) -> list[FoundName]:
    """The name a run of capitalised words holds; a title inside it parts two names
    ("Kazakhstan President Nursultan Nazarbayev" is Kazakhstan and Nursultan Nazarbayev)."""
    title = next((k for k, i in enumerate(run) if k and _word(text, words[i]) in TITLES), None)
    if title is not None:
        return _name_of(text, words, run[:title], usage) + \
            _name_of(text, words, run[title:], usage)
    while run and _word(text, words[run[-1]]) in CONNECTORS:
        run = run[:-1]
    while run and (_word(text, words[run[0]]) in NOT_LEADING
                   or _word(text, words[run[0]]) in CONNECTORS
                   or _common_start(text, words[run[0]], usage)):
        run = run[1:]
    if not run or all(_word(text, words[i]) in NOT_ALONE for i in run):
        return []
    start, end = words[run[0]][0], words[run[-1]][1]
    if len(run) == 1 and (end - start < 2 or (_starts_sentence(text, start)
                                              and not usage.names_at_start(text[start:end]))):
        return []
    return [FoundName(start, end, text[start:end])]


def _common_start(text: str, span: tuple[int, int], usage: _Usage) -> bool:
    """A common word capitalised only because it begins a sentence ("Later Sinopec paid")."""
    return _starts_sentence(text, span[0]) and is_sentence_starter(text[span[0]:span[1]]) \
        and text[span[0]:span[1]].lower() not in usage.inside


def _starts_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 3):start].rstrip(" \"“‘'([")
    return not before or before[-1] in ".!?:;\n•—–"


# Words that end the name of a place ("Caspian Sea", "Port of Gwadar" ends in a name) and words
# that, just before a name, say it is somewhere ("in Kazakhstan", "to the Gulf of Aden").
PLACE_WORDS = {"sea", "gulf", "bay", "port", "province", "city", "region", "river", "lake",
               "island", "islands", "mountains", "valley", "desert", "strait", "canal",
               "oblast", "krai", "county", "district", "peninsula", "coast", "ocean", "corridor"}
PLACE_BEFORE = {"in", "to", "from", "near", "across", "outside", "via", "into", "through",
                "throughout", "towards", "toward"}


def guess_kind(text: str, start: int, end: int) -> str:
    """``place`` for a name that looks like one (by its last word, or "in", "to", "near" …
    before it), else ``actor``: the kind a new entry of that name most likely has."""
    words = text[start:end].lower().replace("-", " ").split()
    if words and (words[-1] in PLACE_WORDS or words[0] in PLACE_WORDS):
        return "place"
    before = text[max(0, start - 20):start].lower().split()
    if before and before[-1] == "the":
        before = before[:-1]
    return "place" if before and before[-1] in PLACE_BEFORE else "actor"
