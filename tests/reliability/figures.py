"""The figures the reliability tests measure, kept between runs for ``report.py``.

Tests add to a tally as they go; at the end of the session the tally is merged into
``build/reliability/figures.json`` (a figure not measured in this run keeps its last value).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIGURES_FILE = ROOT / "build" / "reliability" / "figures.json"

# (key, label, what it must be) in the order the report prints them; None: a count, no target.
FIGURES = (
    ("crash_points", "crash points survived (SIGKILL mid-command)", None),
    ("acknowledged_writes", "acknowledged writes checked after kills", None),
    ("acknowledged_writes_lost", "acknowledged writes lost", 0),
    ("partial_imports_seen", "partial imports seen", 0),
    ("integrity_failures", "libraries failing integrity/foreign-key/FTS checks after a kill", 0),
    ("damaged_file_cases", "damaged-file cases tried (Library.open and CLI)", None),
    ("damaged_file_cases_handled", "damaged-file cases handled (typed error, way out, file "
     "untouched)", None),
    ("bad_inputs", "bad inputs tried (GUI search field, CLI queries, corrupt files)", None),
    ("bad_input_crashes", "bad inputs that crashed", 0),
    ("hostile_renders", "hostile payloads × surfaces checked", None),
    ("rendered_as_markup", "hostile payloads × surfaces rendered as markup (or with raw "
     "control characters or direction overrides)", 0),
    ("network_attempts", "network connection attempts", 0),
    ("resource_bombs", "resource-bomb files tried (workbooks, JSON, pipes, devices, links)", None),
    ("resource_bombs_refused", "resource-bomb files refused in one line, exit 1, memory capped",
     None),
)

# A figure measured in a run also measures the ones that count its failures (0 if none seen).
COUNTED_WITH = {
    "crash_points": ("acknowledged_writes", "acknowledged_writes_lost", "integrity_failures",
                     "partial_imports_seen"),
    "damaged_file_cases": ("damaged_file_cases_handled",),
    "bad_inputs": ("bad_input_crashes",),
    "hostile_renders": ("rendered_as_markup",),
    "resource_bombs": ("resource_bombs_refused",),
}

_tally: Counter = Counter()
_details: dict[str, str] = {}


def add(key: str, amount: int = 1) -> None:
    """Count ``amount`` more of a figure in this run."""
    _tally[key] += amount


def note(key: str, text: str) -> None:
    """A line of detail printed under a figure (e.g. the mix of crash operations)."""
    _details[key] = text


def note_also(key: str, text: str) -> None:
    """Add a line of detail (e.g. which surface failed), keeping the ones before."""
    lines = [line for line in (_details.get(key) or "").split("; ") if line]
    if text not in lines:
        _details[key] = "; ".join([*lines, text])


def measured() -> bool:
    return bool(_tally or _details)


def save() -> dict:
    """Merge this run's figures into the figures file; returns everything known."""
    known = load()
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    keys = set(_tally) | {k for k, _, _ in FIGURES if k in _details}
    keys |= {k for tried in list(keys) for k in COUNTED_WITH.get(tried, ())}
    for key in keys:
        known[key] = {"value": _tally[key], "measured": stamp, "detail": _details.get(key)}
    FIGURES_FILE.parent.mkdir(parents=True, exist_ok=True)
    FIGURES_FILE.write_text(json.dumps(known, indent=2, ensure_ascii=False))
    return known


def load() -> dict:
    try:
        return json.loads(FIGURES_FILE.read_text())
    except (OSError, ValueError):
        return {}


def report_lines(known: dict) -> list[str]:
    """The report, one line a figure, with ✓/✗ against the figures that must be 0."""
    lines = ["What Roadbook's reliability tests measured:"]
    for key, label, target in FIGURES:
        entry = known.get(key)
        if entry is None:
            lines.append(f"  {'—':>8}  {label} (not measured yet)")
            continue
        mark = "" if target is None else (" ✓" if entry["value"] == target else " ✗")
        lines.append(f"  {entry['value']:>8,}  {label}{mark}")
        if entry.get("detail"):
            lines.append(f"            {entry['detail']}")
    return lines
