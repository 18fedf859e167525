"""Text prepared for the full-text index: names across scripts, and source paragraphs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from anyascii import anyascii


def fold(text: str) -> str:
    """Lowercase, strip accents and fold compatibility forms, for matching names."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def transliterate(text: str) -> str:
    """Latin letters for any script (Путин → Putin, 普京 → PuJing), for cross-script matching."""
    return anyascii(text or "")


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _split_camel(text: str) -> str:
    # anyascii writes Chinese syllables run together in title case: "XiJinPing" -> "Xi Jin Ping".
    return _CAMEL.sub(" ", text)


def names_text(title: str, aliases: Iterable[str]) -> str:
    """Every name of an entry with its Latin transliteration, one searchable string."""
    aliases = tuple(aliases)
    if not aliases and title and title.isascii():  # the commonest case, at once (imports)
        split = _split_camel(title)
        return split if split != title else ""
    parts: list[str] = []
    for name in [title, *aliases]:
        if name and name not in parts:
            parts.append(name)
        latin = transliterate(name)
        for variant in (latin, _split_camel(latin)):
            if variant and variant != name and variant not in parts:
                parts.append(variant)
    return " | ".join(parts[1:]) if parts and parts[0] == title else " | ".join(parts)


def split_paragraphs(text: str) -> list[tuple[int, int, str]]:
    """Paragraphs of a source text as ``(start, end, text)`` with character offsets."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            out.append((m.start(), m.end(), m.group()))
    return out
