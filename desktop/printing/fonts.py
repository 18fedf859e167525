"""The typeface of printed briefings, with fallbacks that have Cyrillic and Chinese glyphs.

Latin text uses the first family that is installed; names in other scripts fall back along the
list (Noto Sans CJK covers Latin, Cyrillic and Chinese; Debian ships it as ``fonts-noto-cjk``).
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

# Latin and Cyrillic first: CJK fonts set quotes and apostrophes full-width (“ ’ look spaced).
LATIN_FAMILIES = ("Noto Sans", "Arial", "Helvetica", "Liberation Sans", "Nimbus Sans",
                  "DejaVu Sans")
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
                "Droid Sans Fallback", "WenQuanYi Micro Hei")
FAMILIES = LATIN_FAMILIES + CJK_FAMILIES
BODY_POINTS = 9.5
# Standard and contextual ligatures: with them a PDF's text reads "ﬁle" (one glyph, U+FB01).
NO_LIGATURES = ("liga", "clig")


def document_font(points: float = BODY_POINTS) -> QFont:
    """The briefing's body font: installed families first, in fallback order."""
    font = QFont()
    installed = installed_families()
    families = [f for f in FAMILIES if f in installed] or list(FAMILIES)
    font.setFamilies(families)
    font.setPointSizeF(points)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    for ligature in NO_LIGATURES:  # "file" stays f-i-l-e when copied or searched in the PDF
        font.setFeature(QFont.Tag(ligature), 0)
    return font


def has_cjk_font() -> bool:
    """Whether a font with Chinese glyphs is installed (else such names print as boxes)."""
    installed = installed_families()
    return any(f in installed for f in CJK_FAMILIES)


def installed_families() -> set[str]:
    """Installed family names without the foundry Qt appends when two ship one family."""
    return {name.split(" [")[0] for name in QFontDatabase.families()}
