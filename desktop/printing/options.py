"""What a printed briefing includes and how its pages are set up, chosen once per print."""

from __future__ import annotations

from dataclasses import dataclass, field

PARTS = ("table", "sections", "timeline", "quotes", "linkchart")
DEFAULT_PARTS = ("table", "sections", "timeline", "quotes")  # the link chart is asked for
PART_LABELS = {"table": "Summary table", "sections": "One section per entry",
               "timeline": "Timeline of the entries", "quotes": "Source quotes",
               "linkchart": "Link chart of the entries"}
NOTE_STYLES = ("footnotes", "endnotes")
PAGE_SIZES = ("A4", "Letter")


@dataclass(frozen=True)
class PrintOptions:
    """The parts to print, where the quotes go, the page size and orientation, a title."""

    parts: frozenset[str] = field(default_factory=lambda: frozenset(DEFAULT_PARTS))
    notes: str = "footnotes"  # quotes under each entry ("footnotes") or at the end ("endnotes")
    page_size: str = "A4"
    landscape: bool = False
    title: str | None = None

    def __post_init__(self):
        unknown = set(self.parts) - set(PARTS)
        if unknown:
            raise ValueError(f"unknown part(s) {', '.join(sorted(unknown))}: "
                             f"choose from {', '.join(PARTS)}")
        if self.notes not in NOTE_STYLES:
            raise ValueError(f"quotes go in {' or '.join(NOTE_STYLES)}, not {self.notes!r}")
        if self.page_size not in PAGE_SIZES:
            raise ValueError(f"page size is {' or '.join(PAGE_SIZES)}, not {self.page_size!r}")

    def has(self, part: str) -> bool:
        return part in self.parts


def parse_parts(text: str) -> frozenset[str]:
    """``"table,sections"`` as a set of parts; raises ``ValueError`` naming an unknown part."""
    words = {w.strip().lower() for w in text.split(",") if w.strip()}
    unknown = words - set(PARTS)
    if unknown:
        raise ValueError(f"unknown part {sorted(unknown)[0]!r}: choose from {', '.join(PARTS)}")
    if not words:
        raise ValueError(f"name at least one part: {', '.join(PARTS)}")
    return frozenset(words)
