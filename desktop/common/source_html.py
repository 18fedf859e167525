"""A source document as HTML for the reader: the current entry's passages highlighted, every
cited span a link to the entry it supports, and words suggested for review shaded (a link too
when the suggestion names an entry). All text is escaped.

``SourceMarkup`` gives the document in parts (its head, any run of passages, its foot), so that
the reader can show the passages on screen first and add the rest in steps."""

from __future__ import annotations

import bisect

from desktop.common.formatting import esc

SUGGESTION_BG = {"light": "#dcebff", "dark": "#23405f"}


def source_style(colors: dict[str, str]) -> str:
    """The reader's style sheet (without ``<style>``), for the document as a default one."""
    return (f"p {{ margin: 0 0 10px 0; }} a {{ color: {colors['cited_fg']}; "
            f"text-decoration: none; }} .hl {{ background: {colors['highlight_bg']}; }}"
            f" .sg {{ background: {colors.get('suggestion_bg', SUGGESTION_BG['light'])}; }}"
            f" .meta {{ color: {colors['muted']}; }} .in {{ color: {colors['muted']}; "
            f"font-size: small; }} .in a {{ color: {colors['link']}; }}")


def source_html(source: dict, mentions: dict[int, list[dict]], *, current: set[tuple[int, int]],
                current_nums: dict[tuple[int, int], int], colors: dict[str, str],
                suggestions: list[dict] = ()) -> str:
    """The whole document in one piece, its style sheet included (see ``SourceMarkup``)."""
    markup = SourceMarkup(source, mentions, current=current, current_nums=current_nums,
                          suggestions=suggestions)
    return (f"<style>{source_style(colors)}</style>" + markup.head()
            + markup.passages(0, len(source["passages"])) + markup.foot())


class SourceMarkup:
    """The parts of one source's HTML. ``mentions``: passage num → cited spans ``{id, title,
    start, end}`` (absolute offsets); ``current``: spans ``(start, end)`` of the current entry's
    citations, highlighted; ``suggestions``: pending suggestions ``{start, end, entry_id}``,
    shaded."""

    def __init__(self, source: dict, mentions: dict[int, list[dict]], *,
                 current: set[tuple[int, int]], current_nums: dict[tuple[int, int], int],
                 suggestions: list[dict] = ()):
        self.source = source
        self._mentions, self._current, self._current_nums = mentions, current, current_nums
        self._suggestions = sorted(suggestions, key=lambda s: s["start"])
        self._starts = [s["start"] for s in self._suggestions]

    def head(self) -> str:
        """The title, the byline and (when there are any) the note on shaded words."""
        source = self.source
        byline = ", ".join(esc(x) for x in (source.get("author"), source.get("publisher"),
                                            source.get("date_text")) if x)
        parts = [f"<h2>{esc(source['title'])}</h2><p class='meta'>{byline}</p>"]
        if self._suggestions:
            parts.append("<p class='meta'><span class='sg'>Shaded words</span> are suggestions "
                         "to review (File → Review Suggestions).</p>")
        return "".join(parts)

    def foot(self) -> str:
        credit = self.source.get("credit")
        return f"<p class='meta'>Source: {esc(credit)}</p>" if credit else ""

    def passages(self, low: int, high: int) -> str:
        """Passages ``low`` to ``high`` (excluded, in reading order), each a paragraph opening
        with the anchor ``p-ORDINAL``, followed by the entries it names if it is quoted for the
        current entry."""
        return "".join(self._passage(p) for p in self.source["passages"][low:high])

    def _passage(self, passage: dict) -> str:
        spans = self._mentions.get(passage["num"], [])
        low = bisect.bisect_left(self._starts, passage["start"])
        high = bisect.bisect_left(self._starts, passage["end"])
        marks = [{**s, "suggestion": True} for s in self._suggestions[low:high]]
        body = _passage_body(passage, spans + marks, self._current, self._current_nums)
        html = f"<p><a name='p-{passage['ordinal']}'></a>{body}</p>"
        if any((s["start"], s["end"]) in self._current for s in spans):
            html += _mentioned(spans)
        return html


def _passage_body(passage: dict, spans: list[dict], current: set, current_nums: dict) -> str:
    base, text = passage["start"], passage["text"]
    bounds = sorted({0, len(text)} | {max(0, min(len(text), s[edge] - base))
                                      for s in spans for edge in ("start", "end")})
    over = _spans_over_pieces(bounds, spans, base)
    out = []
    for i, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
        out.append(_piece(esc(text[a:b]), over[i], a, base, current, current_nums))
    return "".join(out)


def _spans_over_pieces(bounds: list[int], spans: list[dict], base: int) -> list[list[dict]]:
    """For each piece between ``bounds``, the spans covering it whole (one pass per span)."""
    over: list[list[dict]] = [[] for _ in range(len(bounds) - 1)]
    for span in spans:
        first = bisect.bisect_left(bounds, span["start"] - base)
        last = bisect.bisect_right(bounds, span["end"] - base) - 1
        for i in range(first, min(last, len(over))):
            over[i].append(span)
    return over


def _piece(piece: str, touching: list[dict], a: int, base: int, current: set,
           current_nums: dict) -> str:
    """One run of text with the marks of the spans covering it."""
    covering = [s for s in touching if not s.get("suggestion")]
    suggested = [s for s in touching if s.get("suggestion")]
    anchors = "".join(f"<a name='cite-{current_nums[(s['start'], s['end'])]}'></a>"
                      for s in covering if s["start"] - base == a
                      and (s["start"], s["end"]) in current_nums)
    if suggested and not covering:
        linked = next((s["entry_id"] for s in suggested if s.get("entry_id")), None)
        piece = f"<a href='entry:{esc(linked)}'>{piece}</a>" if linked else piece
        piece = f"<span class='sg'>{piece}</span>"
    if covering:
        best = min(covering, key=lambda s: s["end"] - s["start"])
        piece = f"<a href='entry:{esc(best['id'])}' title=''>{piece}</a>"
        if any((s["start"], s["end"]) in current for s in covering):
            piece = f"<span class='hl'>{piece}</span>"
    return anchors + piece


def _mentioned(spans: list[dict]) -> str:
    seen, links = set(), []
    for span in spans:
        if span["id"] not in seen:
            seen.add(span["id"])
            links.append(f"<a href='entry:{esc(span['id'])}'>{esc(span['title'])}</a>")
    return f"<p class='in'>In this passage: {' · '.join(links)}</p>"
