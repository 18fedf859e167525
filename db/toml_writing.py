"""Writing TOML in the bundled dataset's layout: one ``[[name]]`` table per record, lists of
inline tables, keys in a fixed order. Only the types the dataset uses: text, numbers, booleans,
lists of text, lists of inline tables."""

from __future__ import annotations

import json
import math
import re

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def toml_value(value) -> str:
    """One value as TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} cannot be written as a dataset value")
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()
                                if v is not None) + " }"
    if isinstance(value, list | tuple):
        return _toml_list(list(value))
    raise TypeError(f"no TOML for {type(value).__name__}")


def _toml_list(items: list) -> str:
    if not items:
        return "[]"
    if all(not isinstance(i, dict) for i in items):
        return "[" + ", ".join(toml_value(i) for i in items) + "]"
    return "[\n" + "".join(f"  {toml_value(i)},\n" for i in items) + "]"


def toml_string(text: str) -> str:
    """A basic string: JSON's escapes are TOML's, but for DEL, which TOML also escapes."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else toml_string(key)


def toml_tables(name: str, records: list[dict], *, header: str = "") -> str:
    """``[[name]]`` tables, one per record; ``None`` and empty lists are left out."""
    parts = [header] if header else []
    for record in records:
        lines = [f"[[{name}]]"]
        lines += [f"{toml_key(k)} = {toml_value(v)}" for k, v in record.items()
                  if v is not None and v != []]
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)
