"""Values formatted for people, and text made safe for Qt's rich-text surfaces."""

from __future__ import annotations

import html
import re

from db.dates import format_interval, format_precision, interval_from_iso
from db.money import format_usd
from db.search import HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN

KIND_LABELS = {"actor": "Actor", "deal": "Deal", "event": "Event", "figure": "Figure",
               "place": "Place"}
KIND_PLURALS = {"actor": "Actors", "deal": "Deals", "event": "Events", "figure": "Figures",
                "place": "Places"}


# Control characters and bidi embeddings/overrides/isolates: shown as U+FFFD (�) so that data can
# neither reorder the text around it (an RLO makes "exe.pdf" read "fdp.exe") nor hide itself.
# (\x02 and \x03 stay: they mark search matches in snippets.)
_UNSAFE = re.compile("[\x00\x01\x04-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def neutralised(text) -> str:
    """Text with control characters and direction overrides shown as �, for plain surfaces."""
    return _UNSAFE.sub("\ufffd", "" if text is None else str(text))


def esc(text) -> str:
    """Escape any value for HTML; ``None`` becomes an empty string."""
    return html.escape(neutralised(text), quote=True)


def tooltip_html(text: str | None) -> str | None:
    """A tooltip that Qt shows as the literal text, whatever it holds (never parsed as markup)."""
    if not text:
        return None
    return "<qt>" + esc(text).replace("\n", "<br>") + "</qt>"


def snippet_runs(snippet: str | None) -> list[tuple[str, bool]]:
    """``(text, is_match)`` runs of a snippet whose matches sit between \\x02 and \\x03, with
    whitespace folded and unsafe characters shown as �."""
    runs, bold = [], False
    text = neutralised(" ".join((snippet or "").split()))
    for part in _HIGHLIGHT_MARKS.split(text):
        if part == HIGHLIGHT_OPEN:
            bold = True
        elif part == HIGHLIGHT_CLOSE:
            bold = False
        elif part:
            runs.append((part, bold))
    return runs


_HIGHLIGHT_MARKS = re.compile(f"([{HIGHLIGHT_OPEN}{HIGHLIGHT_CLOSE}])")


def plain_snippet(snippet: str | None) -> str:
    return (snippet or "").replace(HIGHLIGHT_OPEN, "").replace(HIGHLIGHT_CLOSE, "")


def date_cell(row: dict) -> str:
    """"2014", "June 2016", "12 July 2016", with a ≈ mark for dates from the public record."""
    text = format_interval(interval_from_iso(row.get("date_start"), row.get("date_end"),
                                             row.get("date_precision")))
    if text and row.get("date_origin") == "analyst":
        return f"{text} †"
    return text


def date_long(entry: dict) -> str:
    """A date with its precision and the words as written: "2014 (year) — “in 2014”"."""
    interval = interval_from_iso(entry.get("date_start"), entry.get("date_end"),
                                 entry.get("date_precision"))
    if interval is None:
        return ""
    text = f"{format_interval(interval)} ({format_precision(interval.precision)})"
    return text


def value_cell(row: dict) -> str:
    return format_usd(row.get("value_usd"))


def kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(kind or "", kind or "")


def one_line(text: str | None, limit: int = 160) -> str:
    """Text for a single-line cell: whitespace folded, control characters dropped, shortened."""
    cleaned = text or ""
    if not cleaned.isprintable():  # most text is: then the character walk is skipped
        cleaned = "".join(c if c.isprintable() else " " for c in cleaned)
    cleaned = " ".join(cleaned.split())
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"

