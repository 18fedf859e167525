"""Running the real ``roadbook`` command line in a child process, with the network blocked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NETGUARD = Path(__file__).resolve().parent / "netguard"


def child_env(workdir: Path, **extra: str) -> dict[str, str]:
    """The environment of a child: offscreen Qt, settings and data under ``workdir``, the
    network blocked (attempts logged to ``workdir/net.log``)."""
    env = dict(os.environ)
    env.update({
        "PYTHONPATH": os.pathsep.join([str(NETGUARD), str(ROOT)]),
        "ROADBOOK_NET_LOG": str(workdir / "net.log"),
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(workdir / "config"),
        "XDG_DATA_HOME": str(workdir / "data"),
        "ROADBOOK_LIBRARY": str(workdir / "default-library.sqlite"),
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    env.pop("ROADBOOK_DATASET", None)
    env.update(extra)
    return env


def cli_args(library: Path | None, *args: str) -> list[str]:
    head = [sys.executable, "-m", "desktop.cli"]
    return head + (["--library", str(library)] if library else []) + list(args)


def run_cli(workdir: Path, library: Path | None, *args: str, timeout: float = 60,
            **popen) -> subprocess.CompletedProcess:
    """``roadbook [--library L] ARGS`` to completion, output as text."""
    return subprocess.run(cli_args(library, *args), cwd=ROOT, env=child_env(workdir),
                          capture_output=True, text=True, timeout=timeout, **popen)


def network_attempts(workdir: Path) -> int:
    log = workdir / "net.log"
    return len(log.read_text().splitlines()) if log.exists() else 0
