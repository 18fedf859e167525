"""How much height each lane of a frame gets: rows of marks with labels, thin rows of marks
alone, or a band of counts — pure arithmetic on what each lane's items need.

A lane's *spec* is ``(rows, style)``: ``LABELLED`` rows are the metrics' own (labels under the
marks, or after them in one-line rows), ``THIN`` rows hold a mark alone (its title is in the
tooltip), and ``COUNTS`` draws a histogram instead of items.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from desktop.timeline.lanes import Lane
from desktop.timeline.style import Metrics

LABELLED, THIN, COUNTS = "labelled", "thin", "counts"


@dataclass(eq=False)
class LanePlan:
    """A lane's visible items with their pixel extents, and the rows they would need: with
    every label (``full_rows``) and with marks alone (``min_rows``, laid out as ``mark_rows``);
    0 rows = too dense to draw item by item."""

    lane: Lane
    items: np.ndarray
    x0: list[float] = field(default_factory=list)
    x1: list[float] = field(default_factory=list)
    label_x: list[float] = field(default_factory=list)
    label_w: list[float] = field(default_factory=list)
    full_rows: int = 0
    min_rows: int = 0
    mark_rows: list[int] = field(default_factory=list)


def lane_height(m: Metrics, rows: int, style: str = LABELLED) -> float:
    """The height of a lane with ``rows`` rows of ``style`` (no rows: a band of counts)."""
    if not rows or style == COUNTS:
        return m.counts_h
    if style == THIN:  # never lower than one line: the lane's title must fit
        return max(rows * m.mark_row_h + 2 * m.lane_pad, m.row_h + 2 * m.lane_pad)
    return rows * m.row_h + 2 * m.lane_pad


def total_height(m: Metrics, specs: list[tuple[int, str]]) -> float:
    return sum(lane_height(m, rows, style) for rows, style in specs)


def fits(m: Metrics, plans: list[LanePlan], available: float) -> bool:
    """Whether every lane's marks fit on the rows they need (dense lanes as counts)."""
    return sum(lane_height(m, plan.min_rows) for plan in plans) <= available


def allocate(m: Metrics, plans: list[LanePlan], available: float) -> list[tuple[int, str]]:
    """Labelled rows per lane: first the rows each lane's marks need, turning the busiest
    lanes into counts while even that does not fit, then rows for labels, by need."""
    rows = [plan.min_rows for plan in plans]

    def total() -> float:
        return sum(lane_height(m, r) for r in rows)

    while total() > available and any(r * m.row_h > m.counts_h for r in rows):
        busiest = max(range(len(rows)), key=lambda i: (rows[i], len(plans[i].items)))
        rows[busiest] = 0
    specs = [(r, LABELLED if r else COUNTS) for r in rows]
    return add_label_rows(m, plans, specs, available)


def low_specs(m: Metrics, plans: list[LanePlan], available: float) -> list[tuple[int, str]]:
    """For a dock too low for labelled rows everywhere: every sparse lane's marks in thin rows,
    then labelled one-line rows for as many lanes as then fit (cheapest first; a lane of one
    row costs nothing) and rows for more labels. Taller than ``available`` when even thin rows
    do not fit."""
    specs = [(plan.min_rows, THIN if plan.min_rows else COUNTS) for plan in plans]
    spare = available - total_height(m, specs)

    def cost(i: int) -> float:
        return lane_height(m, plans[i].min_rows) - lane_height(m, plans[i].min_rows, THIN)

    for i in sorted((i for i, (_, style) in enumerate(specs) if style == THIN), key=cost):
        if cost(i) <= max(spare, 0.0):
            specs[i] = (plans[i].min_rows, LABELLED)
            spare -= cost(i)
    return add_label_rows(m, plans, specs, available)


def add_label_rows(m: Metrics, plans: list[LanePlan], specs: list[tuple[int, str]],
                   available: float) -> list[tuple[int, str]]:
    """Spend the height left on more rows for the labelled lanes whose labels want them."""
    specs = list(specs)
    spare = int(max(available - total_height(m, specs), 0) // m.row_h)
    while spare > 0:
        wanting = [i for i, (r, style) in enumerate(specs)
                   if style == LABELLED and r < plans[i].full_rows]
        if not wanting:
            break
        for i in wanting[:spare]:
            specs[i] = (specs[i][0] + 1, LABELLED)
        spare -= len(wanting[:spare])
    return specs
