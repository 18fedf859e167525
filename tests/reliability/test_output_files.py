"""Files Roadbook writes at a path the user gives (exports, briefings): through a link the file
it names is written and the link kept; a pipe, a device or a link in a circle is refused in one
line before any work; a new PDF gets the permissions any new file gets."""

from __future__ import annotations

import os
import stat

import pytest

from tests.test_cli import assert_one_line_error, roadbook

WRITERS = {"csv": ("export", "--format", "csv", "--query", "gas", "--out"),
           "pdf": ("print", "--query", "gas", "--out")}


@pytest.mark.parametrize("kind", WRITERS)
def test_writing_through_a_link_keeps_the_link(kind, library_path, tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    target = real / f"briefing.{kind}"
    target.write_text("the earlier file")
    link = tmp_path / f"link.{kind}"
    link.symlink_to(target)
    roadbook(*WRITERS[kind], str(link), library=library_path, check=True)
    assert link.is_symlink() and link.resolve() == target
    assert target.read_bytes() != b"the earlier file"
    assert target.stat().st_size > 100


@pytest.mark.parametrize("kind", WRITERS)
@pytest.mark.parametrize(("make", "said"), [
    (lambda p: os.mkfifo(p), "named pipe"),
    (lambda p: (p.symlink_to(p.with_name("other")), p.with_name("other").symlink_to(p)),
     "leads in a circle"),
])
def test_a_pipe_or_a_link_in_a_circle_is_refused_and_left(kind, make, said, library_path,
                                                          tmp_path):
    out = tmp_path / f"out.{kind}"
    make(out)
    done = roadbook(*WRITERS[kind], str(out), library=library_path)
    assert_one_line_error(done, said)
    assert done.returncode == 1
    assert out.is_symlink() or stat.S_ISFIFO(out.lstat().st_mode)


def test_a_new_briefing_gets_the_permissions_of_any_new_file(library_path, tmp_path):
    out = tmp_path / "new.pdf"
    roadbook(*WRITERS["pdf"], str(out), library=library_path, check=True)
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask
