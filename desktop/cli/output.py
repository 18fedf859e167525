"""What the command line prints: exit statuses, JSON, one-line messages and terminal-safe text."""

from __future__ import annotations

import json
import re
import sys

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70

# Characters that steer a terminal or reorder text (escape sequences, carriage return, bidi
# overrides and isolates); printed as ``\\uXXXX``, which is also valid inside JSON strings.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def print_json(value) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def one_line(text: str) -> str:
    """A message of several lines as one: its first three lines joined, and how many more."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "; ".join(lines) if len(lines) <= 3 else "; ".join(lines[:3]) + f" (+{len(lines) - 3})"


def terminal_safe(text: str) -> str:
    """``text`` with terminal escapes, stray control characters and bidi overrides spelled out."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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
