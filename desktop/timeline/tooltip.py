"""What hovering an item or a count bar shows. Text from the library is always escaped."""

from __future__ import annotations

import math

from db.dates import format_precision
from db.money import format_usd
from db.timeline import KINDS, PRECISIONS, TimelineData, day_to_date
from desktop.common.formatting import esc
from desktop.timeline.painting import compact_count


def item_tooltip(data: TimelineData, index: int) -> str:
    """Title, date as written (and as read), kind, value, and who dated it — as rich text."""
    title = esc(data.titles[index])
    date_label = esc(data.date_label(index))
    written = data.date_texts[index]
    precision = format_precision(PRECISIONS[int(data.precision[index])])
    lines = [f"<b>{title}</b>"]
    date_line = f"{date_label} <i>({esc(precision)})</i>"
    if written and written != data.date_label(index):
        date_line += f" — “{esc(written)}”"
    lines.append(date_line)
    if data.analyst[index]:
        lines.append("Dated by the analyst, not stated in the source")
    details = KINDS[int(data.kind[index])]
    value = float(data.value_usd[index])
    if not math.isnan(value):
        details += f" · {esc(format_usd(value))}"
    lines.append(details)
    return "<p style='white-space:pre-wrap'>" + "<br>".join(lines) + "</p>"


def bin_tooltip(count: int, first: float, last: float, lane_title: str) -> str:
    """A count bar: how many entries of the lane fall in the period, and how to see them."""
    a, b = day_to_date(first), day_to_date(last - 1)
    period = a.isoformat() if a == b else f"{a.isoformat()} – {b.isoformat()}"
    noun = "entry" if count == 1 else "entries"
    return (f"<p><b>{compact_count(count)} {noun}</b> · {esc(lane_title)}<br>{period}<br>"
            "<i>Click to zoom in</i></p>")
