"""A source's text split into passages (paragraphs) with character offsets and pages.

A paragraph longer than ``PASSAGE_LIMIT`` (a web page or PDF without line breaks, 5 MB on one
line) is cut at sentence ends, else at spaces, so that a passage stays readable in a result.
"""

from __future__ import annotations

import bisect
import re

PASSAGE_LIMIT = 3_000
_SENTENCE_BREAK = re.compile(r"[.!?…][\"”’)\]]*\s+")
_LINE = re.compile(r"[^\n]+")


def split_passages(text: str, pages: list[tuple[int, int]] = ()) -> list[dict]:
    """``[{"ordinal", "start", "end", "text", "page"}]`` covering every non-blank line."""
    starts = [start for start, _ in pages]
    out = []
    for line in _LINE.finditer(text):
        if not line.group().strip():
            continue
        for start, end in _pieces(text, line.start(), line.end()):
            at = bisect.bisect_right(starts, start) - 1
            out.append({"ordinal": len(out), "start": start, "end": end,
                        "text": text[start:end], "page": pages[at][1] if at >= 0 else None})
    return out


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    while end - start > PASSAGE_LIMIT:
        cut = _cut_point(text, start, start + PASSAGE_LIMIT)
        pieces.append((start, cut))
        start = cut
        while start < end and text[start] == " ":
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces


def _cut_point(text: str, start: int, limit: int) -> int:
    """The last sentence end (else space) in the second half of ``text[start:limit]``."""
    window = text[start + (limit - start) // 2:limit]
    base = limit - len(window)
    sentence = [m.end() for m in _SENTENCE_BREAK.finditer(window)]
    if sentence:
        return base + sentence[-1]
    space = window.rfind(" ")
    return base + space + 1 if space > 0 else limit


def sentence_around(text: str, start: int, end: int, *, limit: int = 600) -> tuple[int, int]:
    """The bounds of the sentence holding ``text[start:end]`` (within its line), trimmed of
    spaces, at most about ``limit`` characters either side."""
    line_start = text.rfind("\n", max(0, start - limit), start) + 1 or max(0, start - limit)
    line_end = text.find("\n", end, end + limit)
    line_end = line_end if line_end >= 0 else min(len(text), end + limit)
    begin = line_start
    for m in _SENTENCE_BREAK.finditer(text, line_start, start):
        begin = m.end()
    after = _SENTENCE_BREAK.search(text, end, line_end)
    finish = after.start() + 1 if after else line_end
    while finish > end and text[finish - 1].isspace():
        finish -= 1
    while begin < start and text[begin].isspace():
        begin += 1
    return begin, max(finish, end)
