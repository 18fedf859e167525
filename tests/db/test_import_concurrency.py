"""An import shares the library: other writers go through while its rows are checked and
staged, and two imports of one file never both land."""

from __future__ import annotations

import pytest

from db import Library
from db.errors import AlreadyImportedError
from tests.db.test_import_bulk import ROWS, bridges, sound


def _during(stage: str, action):
    """A progress callback that runs ``action()`` once, the first time ``stage`` is reported."""
    done = []

    def progress(now, *_):
        if now == stage and not done:
            done.append(action())

    return progress, done


@pytest.fixture
def other(library):
    """A second program on the same library that will not wait for a lock at all."""
    lib = Library.open(library.path)
    lib.conn.execute("PRAGMA busy_timeout = 0")
    yield lib
    lib.close()


@pytest.mark.parametrize("stage", ["checking", "linking", "writing"])
def test_a_bookmark_goes_in_while_an_import_checks_and_stages_its_rows(library, other, tmp_path,
                                                                       stage):
    progress, done = _during(stage, lambda: other.bookmark("gazprom", note=f"during {stage}"))

    report = library.import_file(bridges(tmp_path), progress=progress)

    assert done and report.imported == ROWS
    assert other.get("gazprom")["bookmark"]["note"] == f"during {stage}"
    assert library.get("bridges-7")["batch_id"] == report.batch


def test_two_imports_of_one_file_at_once_make_one_batch(library, other, tmp_path):
    path = bridges(tmp_path)
    progress, done = _during("writing", lambda: other.import_file(path).batch)

    with pytest.raises(AlreadyImportedError) as refused:
        library.import_file(path, progress=progress)

    assert refused.value.batch == done[0]
    assert [b["batch"] for b in library.imports()] == [done[0]]
    assert library.conn.execute("SELECT count(*) FROM entries WHERE origin = 'import'"
                                ).fetchone()[0] == ROWS + 7
    assert sound(library)


def test_an_import_that_lands_meanwhile_is_seen_before_the_batch_goes_in(library, other,
                                                                         tmp_path):
    nameless = tmp_path / "notes.csv"  # rows without ids: theirs are made from the batch number
    nameless.write_text("title,investor\nPort of Zarubino upgrade,Investor 3\n"
                        "Kazan depot,Investor 99\n", encoding="utf-8")
    first = bridges(tmp_path)
    progress, done = _during("writing", lambda: other.import_file(first).batch)

    report = library.import_file(nameless, mapping=None, progress=progress)

    assert report.batch == done[0] + 1
    ids = [r[0] for r in library.conn.execute(
        "SELECT id FROM entries WHERE batch_id = ? AND kind = 'deal' ORDER BY num",
        (report.batch,))]
    assert ids == [f"import-{report.batch}-1", f"import-{report.batch}-2"]
    links = {r[0] for r in library.conn.execute(
        "SELECT to_id FROM links WHERE from_id LIKE 'import-%'")}
    assert "investor-3" in links  # made by the batch that landed first, and found
    assert library.conn.execute("SELECT count(*) FROM entries WHERE id = 'investor-3'"
                                ).fetchone()[0] == 1
    assert sound(library)


def test_a_refused_second_import_takes_no_backup(library, tmp_path):
    path = bridges(tmp_path)
    library.import_file(path)
    backups = library.backups()

    with pytest.raises(AlreadyImportedError):
        library.import_file(path)

    assert library.backups() == backups
