"""Search snippets: a short window of an entry's text around the first match, matches marked."""

from __future__ import annotations

import re
import unicodedata

HIGHLIGHT_OPEN, HIGHLIGHT_CLOSE = "\x02", "\x03"
WINDOW_WORDS = 14
_TERM = re.compile(r'"((?:[^"]|"")*)"(\*)?')


def match_terms(match: str) -> list[tuple[str, bool]]:
    """The ``(text, prefix)`` terms of an FTS5 MATCH string built by ``db.search``."""
    out = []
    for m in _TERM.finditer(match):
        for word in m[1].replace('""', '"').split():
            out.append((word, bool(m[2])))
    return out


def _fold_char(c: str) -> str:
    folded = "".join(x for x in unicodedata.normalize("NFKD", c)
                     if not unicodedata.combining(x)).casefold()
    return folded if len(folded) == 1 else c.lower()[:1] or c


class _FoldTable(dict):
    """``str.translate`` table folding each character once, then from C on every later use."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLDS = _FoldTable()


def _fold(text: str) -> str:
    """Lowercase without accents, one character for one (so positions stay valid)."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLDS)


def make_snippet(texts: list[str | None], terms: list[tuple[str, bool]]) -> str:
    """The first text (in order) that holds a term, cut to a window, matches marked."""
    if not terms:
        return ""
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(_fold(t)) + (r"\w*" if p else r"(?!\w)")
                               for t, p in terms) + r")")
    for text in texts:
        if not text:
            continue
        folded = _fold(text)
        matches = list(pattern.finditer(folded))
        if not matches:
            continue
        return _window(text, matches)
    return ""


def _window(text: str, matches: list[re.Match]) -> str:
    words = [m.span() for m in re.finditer(r"\S+", text)]
    first_hit = next(i for i, (a, b) in enumerate(words) if b > matches[0].start())
    first = max(0, first_hit - WINDOW_WORDS // 3)
    last = min(len(words), first + WINDOW_WORDS)
    start, end = words[first][0], words[last - 1][1]
    out, pos = [], start
    for m in matches:
        if m.start() < start or m.end() > end:
            continue
        out += [text[pos:m.start()], HIGHLIGHT_OPEN, text[m.start():m.end()], HIGHLIGHT_CLOSE]
        pos = m.end()
    out.append(text[pos:end])
    body = " ".join("".join(out).split())
    return ("…" if first > 0 else "") + body + ("…" if last < len(words) else "")
