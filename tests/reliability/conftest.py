"""Reliability tests: the network is blocked and counted; figures are reported at the end."""

from __future__ import annotations

import socket

import pytest

from tests.desktop.conftest import _fresh_settings, make_window  # noqa: F401 (fixtures)
from tests.reliability import figures


class NetworkBlock:
    """Counts (and refuses) every attempt to reach the network from this process."""

    def __init__(self):
        self.attempts: list[str] = []

    def blocked(self, kind: str):
        def refuse(*args, **kwargs):
            self.attempts.append(f"{kind} {args[1:2]!r}")
            figures.add("network_attempts")
            raise OSError(f"network blocked in reliability tests ({kind})")

        return refuse


@pytest.fixture(scope="package", autouse=True)
def network_block():
    """Every reliability test runs with sockets unable to connect (attempts are counted)."""
    block = NetworkBlock()
    figures.add("network_attempts", 0)
    with pytest.MonkeyPatch.context() as patch:
        for name in ("connect", "connect_ex", "sendto"):
            patch.setattr(socket.socket, name, block.blocked(name))
        patch.setattr(socket, "getaddrinfo", block.blocked("getaddrinfo"))
        yield block


@pytest.fixture
def workdir(tmp_path):
    """A folder for child processes' settings, data and network log."""
    (tmp_path / "config").mkdir()
    return tmp_path


def pytest_terminal_summary(terminalreporter):
    if not figures.measured():
        return
    known = figures.save()
    terminalreporter.write_sep("-", "reliability figures")
    for line in figures.report_lines(known):
        terminalreporter.write_line(line)
