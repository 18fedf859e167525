"""Names longer than the known name they begin or end with: "China National Petroleum" and
"Bank of China" are companies of their own, not mentions of China, so each is offered as a new
name instead of the mention.

A run of capitalised words that holds other mentions or titles ("Kazakhstan President Nursultan
Nazarbayev"), or that stands in a headline (a line of capitalised words with no full stop: "Gazprom
Signs Deal"), keeps its mentions.
"""

from __future__ import annotations

import bisect

from db.sourcing.mentions import TOKEN, Mention
from db.sourcing.names import CONNECTORS, NOT_LEADING, FoundName
from db.sourcing.spans import SpanSet

_HEADLINE_SHARE = 0.75  # capitalised words of a line that make it a headline
_AROUND = 200  # characters either side a headline is judged on


def longer_names(text: str, names: list[FoundName],
                 mentions: list[Mention]) -> tuple[list[FoundName], list[Mention]]:
    """The names to offer (those overlapping no mention, and those that extend one) and the
    mentions left (less those a longer name replaces)."""
    spans = sorted({(m.start, m.end) for m in mentions})
    starts = [start for start, _ in spans]
    known = SpanSet(spans)
    kept, replaced = [], set()
    for name in names:
        if not known.overlaps(name.start, name.end):
            kept.append(name)
            continue
        inside = _overlapping(spans, starts, name)
        if len(inside) == 1 and _extends(text, name, inside[0]):
            kept.append(name)
            replaced.add(inside[0])
    return kept, [m for m in mentions if (m.start, m.end) not in replaced]


def _overlapping(spans: list, starts: list[int], name: FoundName) -> list[tuple[int, int]]:
    first = bisect.bisect_left(starts, name.start - 200)
    last = bisect.bisect_left(starts, name.end)
    return [(s, e) for s, e in spans[first:last] if s < name.end and e > name.start]


def _extends(text: str, name: FoundName, mention: tuple[int, int]) -> bool:
    """Whether ``name`` is ``mention``'s words and more, none of them a title, outside a
    headline: words after the mention ("China National Petroleum"), or words and "of" before
    it ("Bank of China")."""
    start, end = mention
    if start == name.start and end < name.end:
        rest = TOKEN.findall(text[end:name.end])
    elif end == name.end and start > name.start:
        rest = TOKEN.findall(text[name.start:start])
        if rest[-1].lower() not in CONNECTORS:
            return False
        rest = rest[:-1]
    else:
        return False
    return not any(w.lower() in NOT_LEADING for w in rest) and not _in_headline(text, start)


def _in_headline(text: str, at: int) -> bool:
    begin = text.rfind("\n", max(0, at - _AROUND), at) + 1 or max(0, at - _AROUND)
    end = text.find("\n", at, at + _AROUND)
    line = text[begin:end if end >= 0 else at + _AROUND].strip()
    words = TOKEN.findall(line)
    if len(words) < 3 or line.endswith((".", "!", "?", "…", ":")):
        return False
    capitalised = sum(w[0].isupper() or w[0].isdigit() for w in words)
    return capitalised >= _HEADLINE_SHARE * len(words)
