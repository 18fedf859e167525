"""The shape of ``roadbook show --json``: an entry as analysts and other tools read it, for the
command line, JSON exports and the page-at-a-time reader alike."""

from __future__ import annotations

PROVENANCE_KEYS = ("batch", "file", "sheet", "row", "dataset", "version", "credit", "licence")
STATEMENT_KEYS = ("num", "field", "value", "text", "source_id", "source_title", "quote",
                  "rank")


def public_entry(entry: dict) -> dict:
    """The shape of ``roadbook show --json``: an entry as analysts and other tools read it."""
    keys = ("id", "kind", "title", "summary", "category", "status", "date_start", "date_end",
            "date_precision", "date_text", "date_origin", "date_note", "value_usd", "value_text",
            "value_note", "measures", "tags", "origin", "extra")
    out = {k: entry.get(k) for k in keys}
    out["aliases"] = entry.get("aliases", [])
    out["links"] = [{"id": lk["id"], "kind": lk["kind"], "title": lk["title"], "role": lk["role"],
                     "direction": lk["direction"]} for lk in entry.get("links", [])]
    out["citations"] = [{"source_id": c["source_id"], "source_title": c["source_title"],
                         "quote": c["quote"], "page": c.get("page")}
                        for c in entry.get("citations", [])]
    out["notes"] = entry.get("notes", [])
    out["statements"] = [{k: s[k] for k in STATEMENT_KEYS} for s in entry.get("statements", [])]
    out["disagreements"] = entry.get("disagreements", [])
    out["dataset_changes"] = [{"field": c["field"], "value": c["value"]}
                              for c in entry.get("dataset_changes", [])]
    bookmark = entry.get("bookmark")
    out["bookmark"] = {"note": bookmark["note"], "tags": bookmark["tags"]} if bookmark else None
    out["provenance"] = [{k: p[k] for k in PROVENANCE_KEYS} for p in entry.get("provenance", [])]
    return out
