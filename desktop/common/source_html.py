"""A source document as HTML for the reader: the current entry's passages highlighted, every
cited span a link to the entry it supports, and words suggested for review shaded (a link too
when the suggestion names an entry). All text is escaped."""

from __future__ import annotations

import bisect

from desktop.common.formatting import esc

SUGGESTION_BG = {"light": "#dcebff", "dark": "#23405f"}


def source_html(source: dict, mentions: dict[int, list[dict]], *, current: set[tuple[int, int]],
                current_nums: dict[tuple[int, int], int], colors: dict[str, str],
                suggestions: list[dict] = ()) -> str:
    """``mentions``: passage num → cited spans ``{id, title, start, end}`` (absolute offsets);
    ``current``: spans ``(start, end)`` of the current entry's citations, highlighted;
    ``suggestions``: pending suggestions ``{start, end, entry_id}``, shaded."""
    head = (f"<style>p {{ margin: 0 0 10px 0; }} a {{ color: {colors['cited_fg']}; "
            f"text-decoration: none; }} .hl {{ background: {colors['highlight_bg']}; }}"
            f" .sg {{ background: {colors.get('suggestion_bg', SUGGESTION_BG['light'])}; }}"
            f" .meta {{ color: {colors['muted']}; }} .in {{ color: {colors['muted']}; "
            f"font-size: small; }} .in a {{ color: {colors['link']}; }}</style>")
    byline = ", ".join(esc(x) for x in (source.get("author"), source.get("publisher"),
                                        source.get("date_text")) if x)
    parts = [head, f"<h2>{esc(source['title'])}</h2><p class='meta'>{byline}</p>"]
    if suggestions:
        parts.append("<p class='meta'><span class='sg'>Shaded words</span> are suggestions to "
                     "review (File → Review Suggestions).</p>")
    ordered = sorted(suggestions, key=lambda s: s["start"])
    starts = [s["start"] for s in ordered]
    for passage in source["passages"]:
        spans = mentions.get(passage["num"], [])
        low = bisect.bisect_left(starts, passage["start"])
        high = bisect.bisect_left(starts, passage["end"])
        spans = spans + [{**s, "suggestion": True} for s in ordered[low:high]]
        body = _passage_body(passage, spans, current, current_nums)
        parts.append(f"<p><a name='p-{passage['ordinal']}'></a>{body}</p>")
        cited = [s for s in spans if not s.get("suggestion")]
        if any((s["start"], s["end"]) in current for s in cited):
            parts.append(_mentioned(cited))
    if source.get("credit"):
        parts.append(f"<p class='meta'>Source: {esc(source['credit'])}</p>")
    return "".join(parts)


def _passage_body(passage: dict, spans: list[dict], current: set, current_nums: dict) -> str:
    base = passage["start"]
    text = passage["text"]
    cuts = {0, len(text)}
    for span in spans:
        cuts.update({max(0, span["start"] - base), min(len(text), span["end"] - base)})
    bounds = sorted(cuts)
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        piece = esc(text[a:b])
        touching = [s for s in spans if s["start"] - base <= a and s["end"] - base >= b]
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
        out.append(anchors + piece)
    return "".join(out)


def _mentioned(spans: list[dict]) -> str:
    seen, links = set(), []
    for span in spans:
        if span["id"] not in seen:
            seen.add(span["id"])
            links.append(f"<a href='entry:{esc(span['id'])}'>{esc(span['title'])}</a>")
    return f"<p class='in'>In this passage: {' · '.join(links)}</p>"
