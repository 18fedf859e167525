"""What the command line prints: exit statuses, JSON, one-line messages and terminal-safe text."""

from __future__ import annotations

import re
import sys

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70

# Characters that steer a terminal, reorder text or cannot be seen (escape sequences, carriage
# return, bidi overrides and isolates, zero-width spaces and joiners, the byte-order mark, line
# and paragraph separators, tag characters); printed as ``\\uXXXX`` (a pair of them above
# U+FFFF), which is also valid inside JSON strings.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e"
                     "\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f]")
# Joiners that belong inside words of some scripts (Persian, the Indic ones): shown as they are
# between two letters, spelled out anywhere else.
_JOINERS = "\u200c\u200d"


def print_json(value) -> None:
    import json  # not at import: the window's start goes through this module

    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def one_line(text: str) -> str:
    """A message of several lines as one: its first three lines joined, and how many more."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "; ".join(lines) if len(lines) <= 3 else "; ".join(lines[:3]) + f" (+{len(lines) - 3})"


def terminal_safe(text: str) -> str:
    """``text`` with terminal escapes, stray control characters, bidi overrides and invisible
    characters spelled out."""
    return _UNSAFE.sub(lambda m: _spelled(m, text), text)


def _spelled(match: re.Match, text: str) -> str:
    char, at = match.group(), match.start()
    if char in _JOINERS and 0 < at < len(text) - 1 and text[at - 1].isalpha() \
            and text[at + 1].isalpha():
        return char
    code = ord(char)
    if code > 0xFFFF:  # as JSON spells it: a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def one_record(text: str | None) -> str:
    """A value of a listing on one line: line breaks inside it are spelled out (``\\n``), so no
    value can start a line of its own and pass for another record."""
    return (text or "").replace("\n", "\\n")


def raw_stderr():
    """The terminal's own error stream, for control characters of Roadbook's own (the progress
    line's carriage return); never for text from a library or a file."""
    stream = sys.stderr
    return getattr(stream, "_stream", stream)


class _SafeStream:
    """A text stream that writes everything through ``terminal_safe``."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal_safe(text))
        return len(text)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def guard_terminal_output() -> None:
    """Make the process's own stdout and stderr terminal-safe (captured streams are left)."""
    if sys.stdout is sys.__stdout__ and sys.stdout is not None:
        sys.stdout = _SafeStream(sys.stdout)
    if sys.stderr is sys.__stderr__ and sys.stderr is not None:
        sys.stderr = _SafeStream(sys.stderr)
