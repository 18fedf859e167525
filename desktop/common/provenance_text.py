"""Where an imported entry came from, in words: shared by the command line, the detail pane
and printed briefings so that each names the dataset, its credit, the file and row alike."""

from __future__ import annotations


def dataset_name(item: dict) -> str:
    """A dataset's title with its version when the title does not already say it."""
    title, version = item.get("dataset") or item.get("file") or "", item.get("version")
    return f"{title}, version {version}" if version and version not in title else title


def place_in_file(item: dict) -> str:
    """``file.xlsx, sheet Data, row 12``: where in the file the row is."""
    parts = [item["file"]]
    if item.get("sheet"):
        parts.append(f"sheet {item['sheet']}")
    parts.append(f"row {item['row']}")
    return ", ".join(parts)


def provenance_lines(provenance: list[dict]) -> list[str]:
    """Each row an entry came from: dataset, credit, licence, file, sheet and row, batch."""
    lines = []
    for item in provenance:
        lines.append(dataset_name(item))
        if item.get("credit"):
            lines.append(f"  Credit: {item['credit']}")
        if item.get("licence"):
            lines.append(f"  Licence: {item['licence']}")
        lines.append(f"  {place_in_file(item)} (import batch {item['batch']})")
    return lines


def row_reference(item: dict) -> str:
    """``AidData …, row 12``: the short form a printed section ends with."""
    return f"{dataset_name(item)}, row {item['row']}"
