"""``roadbook entry add|edit|delete|undo|history``, ``roadbook cite`` and ``roadbook statements``:
writing and correcting entries from the command line, over ``db.Library``."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.cli.arguments import open_library, positive_int
from desktop.cli.output import print_json

KINDS = ("actor", "deal", "event", "figure", "place")
RANK_ACTIONS = {"prefer": "preferred", "deprecate": "deprecated", "restore": "normal"}


def add_parsers(sub) -> None:
    """Entries an analyst writes, quotes with what they state, and the preferred statement."""
    p = sub.add_parser("entry", help="add, edit, delete an entry; undo the last change",
                       description="Write and correct entries. Every change is recorded and "
                                   "`roadbook entry undo` takes back the last one.")
    entry = p.add_subparsers(dest="entry_command", metavar="ACTION", required=True,
                             parser_class=type(p))
    _add_entry_add(entry)
    _add_entry_edit(entry)
    q = entry.add_parser("delete", help="delete an entry (undo brings it back)")
    q.set_defaults(func=run_entry_delete)
    q.add_argument("id")
    q = entry.add_parser("undo", help="undo the last change to an entry")
    q.set_defaults(func=run_entry_undo)
    q = entry.add_parser("history", help="the edits of an entry, newest first")
    q.set_defaults(func=run_entry_history)
    q.add_argument("id")
    q.add_argument("--json", action="store_true", help="print JSON")
    _add_cite(sub)
    _add_statements(sub)


def _add_entry_add(entry) -> None:
    q = entry.add_parser("add", help="write a new entry", description="Write a new entry; its "
                         "id is a slug of the title. Prints the entry as `show` does.")
    q.set_defaults(func=run_entry_add)
    q.add_argument("--kind", choices=KINDS, required=True)
    q.add_argument("--title", required=True)
    for name, help_text in (("summary", "a sentence or two in your own words"),
                            ("category", "finer type: person, company, agreement, …"),
                            ("status", "signed, proposed, under discussion, …"),
                            ("date", "2014, 2016-Q1, 2016-06, 2016-07-12 or a..b"),
                            ("date-text", "the date's words as written ('last year')"),
                            ("value", "a sum as written: '$400 billion', '€1.2bn'")):
        q.add_argument(f"--{name}", help=help_text)
    q.add_argument("--alias", action="append", default=[], metavar="NAME[@LANG]",
                   help="another name, e.g. 'Путин@ru' (repeatable)")
    q.add_argument("--link", action="append", default=[], metavar="ROLE:ID",
                   help="a link to another entry, e.g. party:gazprom (repeatable)")
    q.add_argument("--tag", action="append", default=[], metavar="T", help="tag (repeatable)")
    q.add_argument("--cite", metavar="SOURCE_ID", help="cite this source (with --quote)")
    q.add_argument("--quote", metavar="Q", help="the source's exact words")
    q.add_argument("--from-suggestion", metavar="SOURCE_ID:N",
                   help="the entry of a name suggestion: its sentence is cited and the "
                        "suggestion accepted for the new entry")
    q.add_argument("--json", action="store_true", help="print the entry as JSON")


def _add_entry_edit(entry) -> None:
    q = entry.add_parser("edit", help="change fields of an entry",
                         description="Change fields of an entry, as one undoable change. "
                                     "Fields: title, kind, category, summary, status, date, "
                                     "date_text, value, aliases, links, tags (lists separated "
                                     "by ';'); an empty value clears a field.")
    q.set_defaults(func=run_entry_edit)
    q.add_argument("id")
    q.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                   help="e.g. --set status=completed --set 'value=$456bn' (repeatable)")
    for name, metavar in (("alias", "NAME[@LANG]"), ("link", "ROLE:ID"), ("tag", "T")):
        q.add_argument(f"--add-{name}", action="append", default=[], metavar=metavar,
                       help=f"add a{'n' if name == 'alias' else ''} {name} (repeatable)")
        q.add_argument(f"--remove-{name}", action="append", default=[], metavar=metavar,
                       help=f"remove a{'n' if name == 'alias' else ''} {name} (repeatable)")
    q.add_argument("--json", action="store_true", help="print the entry as JSON")


def _add_cite(sub) -> None:
    p = sub.add_parser("cite", help="cite a source's exact words for an entry",
                       description="Cite the exact words of a source for an entry; --states "
                                   "records what the passage says (a value, date or status), "
                                   "kept beside what other sources say.")
    p.set_defaults(func=run_cite)
    p.add_argument("id", help="the entry's id")
    p.add_argument("--source", required=True, metavar="SOURCE_ID")
    p.add_argument("--quote", required=True, metavar="Q", help="the source's exact words")
    p.add_argument("--start", type=int, metavar="N",
                   help="where the quote starts, for words that occur more than once")
    p.add_argument("--states", metavar="FIELD=VALUE",
                   help="what the passage states: value=$456bn, date=2016-06, status=signed")
    p.add_argument("--json", action="store_true", help="print the citation as JSON")


def _add_statements(sub) -> None:
    p = sub.add_parser("statements", help="list what sources state for an entry; choose one",
                       description="List each value, date and status the sources state for "
                                   "an entry, or rank one: prefer N (the entry shows it), "
                                   "deprecate N, restore N.")
    p.set_defaults(func=run_statements)
    p.add_argument("id", help="the entry's id")
    p.add_argument("action", nargs="?", choices=sorted(RANK_ACTIONS))
    p.add_argument("num", nargs="?", type=positive_int, metavar="N",
                   help="the statement's number (as listed)")
    p.add_argument("--json", action="store_true", help="print JSON")


# -- running them ----------------------------------------------------------------------------


def run_entry_add(args) -> int:
    from db.entry_fields import parse_field
    from db.errors import InvalidValueError

    if bool(args.cite) != bool(args.quote):
        raise InvalidValueError("--cite SOURCE_ID and --quote Q go together")
    texts = {"summary": args.summary, "category": args.category, "status": args.status,
             "date": args.date, "date_text": args.date_text, "value": args.value,
             "aliases": "; ".join(args.alias), "links": "; ".join(args.link),
             "tags": "; ".join(args.tag)}
    if args.cite and args.from_suggestion:
        raise InvalidValueError("--from-suggestion cites the suggestion's sentence: "
                                "leave out --cite")
    values = {f: parse_field(f, t) for f, t in texts.items() if t}
    with open_library(args) as lib:
        cite, suggestion = ((args.cite, args.quote) if args.cite else None), None
        if args.from_suggestion:
            draft = lib.draft_entry_from_suggestion(*_suggestion_of(args.from_suggestion))
            cite, suggestion = draft["cite"], draft["suggestion"]
        entry_id = lib.create_entry(args.kind, args.title, values, cite=cite,
                                    suggestion=suggestion)
        return _print_entry(lib, entry_id, args.json, f"added {entry_id}")


def _suggestion_of(text: str) -> tuple[str, int]:
    """``SOURCE_ID:N`` as ``(source_id, n)``."""
    from db.errors import InvalidValueError

    source_id, _, n = text.rpartition(":")
    if not source_id or not n.isdigit():
        raise InvalidValueError(f"--from-suggestion is SOURCE_ID:N (a suggestion's number), "
                                f"not {text!r}")
    return source_id, int(n)


def _print_entry(lib, entry_id: str, as_json: bool, message: str) -> int:
    from db.entry_shape import public_entry
    from desktop.cli.entries import format_entry_text

    entry = public_entry(lib.get(entry_id))
    if as_json:
        print_json(entry)
    else:
        print(format_entry_text(entry))
    print(message, file=sys.stderr)
    return 0


def run_entry_edit(args) -> int:
    from db.errors import InvalidValueError

    with open_library(args) as lib:
        values = edited_values(lib.get(args.id), args)
        if not values:
            raise InvalidValueError("nothing to change: give --set FIELD=VALUE, --add-… or "
                                    "--remove-…")
        changed = lib.edit_entry(args.id, values)
        return _print_entry(lib, args.id, args.json, f"changed {changed} field(s) of {args.id}")


def edited_values(entry: dict, args) -> dict:
    """The fields ``--set``, ``--add-…`` and ``--remove-…`` change, as parsed values."""
    from db.entry_fields import parse_field
    from db.errors import InvalidValueError

    values = {}
    for spec in args.set:
        field, sep, text = spec.partition("=")
        if not sep:
            raise InvalidValueError(f"--set {spec}: write FIELD=VALUE, e.g. --set status=signed")
        values[field.strip()] = parse_field(field.strip(), text)
    current = {"aliases": [f"{a['name']}@{a['lang']}" if a["lang"] else a["name"]
                           for a in entry["aliases"]],
               "links": [f"{lk['role']}:{lk['id']}" for lk in entry["links"]
                         if lk["direction"] == "out"],
               "tags": list(entry["tags"])}
    for field, name in (("aliases", "alias"), ("links", "link"), ("tags", "tag")):
        added, removed = getattr(args, f"add_{name}"), getattr(args, f"remove_{name}")
        if added or removed:
            values[field] = parse_field(field, "; ".join(_changed_list(
                current[field], added, removed, name)))
    return values


def _changed_list(items: list[str], added: list[str], removed: list[str], name: str) -> list:
    from db.errors import InvalidValueError

    def key(item: str) -> str:
        return item.rpartition("@")[0] or item if name == "alias" else item.lower()

    kept = list(items)
    for item in removed:
        matches = [i for i in kept if key(i) in (key(item), item)]
        if not matches:
            raise InvalidValueError(f"the entry has no {name} {item!r} to remove")
        kept = [i for i in kept if i not in matches]
    return kept + added


def run_entry_delete(args) -> int:
    with open_library(args) as lib:
        title = lib.get(args.id)["title"]
        lib.delete_entry(args.id)
    print(f"deleted {args.id} ({title}); `roadbook entry undo` brings it back", file=sys.stderr)
    return 0


def run_entry_undo(args) -> int:
    with open_library(args) as lib:
        undone = lib.undo_last_edit()
    what = {"create": "added", "delete": "deleted"}.get(undone["action"])
    if what:
        print(f"undone: {undone['entry_id']} is no longer {what}", file=sys.stderr)
    else:
        fields = ", ".join(f for f in undone["fields"] if not f.startswith("rank:"))
        print(f"undone: the change of {fields or 'statement ranks'} of {undone['entry_id']}",
              file=sys.stderr)
    return 0


def run_entry_history(args) -> int:
    with open_library(args) as lib:
        lib.num_for(args.id)  # an unknown id is one line, not an empty list
        edits = lib.edit_history(args.id)
    if args.json:
        print_json(edits)
        return 0
    from desktop.common.edit_text import edit_line

    for edit in edits:
        print(edit_line(edit))
    print(f"{len(edits)} edit(s)", file=sys.stderr)
    return 0


def run_cite(args) -> int:
    with open_library(args) as lib:
        cited = lib.cite(args.id, args.source, args.quote, start=args.start, states=args.states)
    if args.json:
        print_json(cited)
        return 0
    print(f"cited “{cited['quote']}” ({cited['source_title']}, characters {cited['start']:,}–"
          f"{cited['end']:,}) for {args.id}")
    if "statement" in cited:
        s = cited["statement"]
        print(f"statement {s['num']}: {s['field']} = {s['text']} ({s['rank']})")
    return 0


def run_statements(args) -> int:
    from db.errors import InvalidValueError

    if bool(args.action) != bool(args.num):
        raise InvalidValueError("give an action and a statement number: prefer N, "
                                "deprecate N or restore N")
    with open_library(args) as lib:
        lib.num_for(args.id)
        if args.action == "prefer":
            lib.prefer_statement(args.id, args.num)
        elif args.action:
            lib.rank_statement(args.id, args.num, RANK_ACTIONS[args.action])
        statements = lib.statements(args.id)
        disputed = lib.get(args.id)["disagreements"]
    if args.json:
        print_json({"statements": statements, "disagreements": disputed})
        return 0
    from desktop.common.edit_text import statement_line

    for statement in statements:
        print(statement_line(statement))
    if disputed:
        print(f"sources disagree on: {', '.join(disputed)}", file=sys.stderr)
    return 0


def run_import_dataset(args) -> int:
    """``roadbook import FOLDER`` for a dataset folder (as ``export --format toml`` writes)."""
    with open_library(args) as lib:
        report = lib.import_dataset(Path(args.file))
    if getattr(args, "json", False):
        print_json(report)
        return 0
    print(dataset_added_text(report), file=sys.stderr)
    return 0


def dataset_added_text(report: dict) -> str:
    """What adding a shared dataset folder did, in a line."""
    said = f"added {report['entries']} entries and their {report['sources']} source(s)"
    if report["skipped"]:
        said += f"; {len(report['skipped'])} already in the library"
    if report.get("amended"):
        said += f"; quotes and statements added to {report['amended']} entries it has"
    if report.get("not_here"):
        said += (f"; {len(report['not_here'])} entries with quotes in the folder are not in "
                 "this library")
    return said


def is_dataset_path(path: str) -> bool:
    """A folder (or an ``entries.toml``) to add as a dataset rather than a table to import."""
    target = Path(path)
    return target.is_dir() or target.name == "entries.toml"
