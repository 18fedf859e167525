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


CELL_SHOWN = 2_000  # characters of one cell the record card shows (a hostile file's cell is cut)


def provenance_html(provenance: list[dict]) -> str:
    """The detail pane's "From" section: the same facts as ``provenance_lines``."""
    from desktop.common.formatting import esc

    if not provenance:
        return ""
    items = []
    for item in provenance:
        lines = [f"<b>{esc(dataset_name(item))}</b>"]
        lines += [esc(item["credit"])] if item.get("credit") else []
        lines += [f"Licence: {esc(item['licence'])}"] if item.get("licence") else []
        lines.append(f"<span class='asw'>{esc(place_in_file(item))} · import batch "
                     f"{int(item['batch'])}</span>")
        items.append(f"<p>{'<br>'.join(lines)}</p>")
    return f"<h3>From</h3>{''.join(items)}"


def record_html(record: dict, *, colors: dict[str, str]) -> str:
    """The record card: the row an imported entry came from, every column as the file had it,
    under the dataset's name, credit and licence."""
    from desktop.common.formatting import esc

    head = (f"<style>td.k {{ color: {colors['muted']}; padding-right: 10px; }}"
            f" .meta {{ color: {colors['muted']}; }}</style>")
    meta = [esc(place_in_file(record)) + f" · import batch {int(record['batch'])}"]
    meta += [esc(record["credit"])] if record.get("credit") else []
    meta += [f"Licence: {esc(record['licence'])}"] if record.get("licence") else []
    rows = "".join(
        f"<tr><td class='k' valign='top'>{esc(column)}</td><td>{esc(_cut(cell))}</td></tr>"
        for column, cell in record["cells"])
    return (f"{head}<h2>Record: {esc(dataset_name(record))}</h2>"
            f"<p class='meta'>{'<br>'.join(meta)}</p>"
            f"<table cellspacing='0' cellpadding='2'>{rows}</table>")


def _cut(cell: str) -> str:
    return cell if len(cell) <= CELL_SHOWN else f"{cell[:CELL_SHOWN]} …[cut]"
