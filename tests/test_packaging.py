"""An installed Roadbook (not the source tree) carries its dataset and finds it from anywhere."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TREE = ("pyproject.toml", "README.md", "db", "desktop", "resources")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """``pip wheel --no-deps --no-build-isolation`` of a copy of the source tree.

    The copy keeps the build's ``build/`` and ``*.egg-info`` out of the working tree.
    """
    work = tmp_path_factory.mktemp("packaging")
    src = work / "src"
    for name in TREE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, src / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            src.mkdir(exist_ok=True)
            shutil.copy2(source, src / name)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                           "--no-build-isolation", "--quiet", "-w", str(work / "dist"), "."],
                          cwd=src, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = (work / "dist").glob("roadbook-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """The wheel installed with ``pip install --no-deps --target`` into an empty folder."""
    target = tmp_path_factory.mktemp("site")
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet",
                           "--target", str(target), str(wheel)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return target


def test_wheel_holds_the_dataset_and_sources(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"resources/__init__.py", "resources/dataset/entries.toml",
            "resources/dataset/sources.toml",
            "resources/sources/diplomat-2016-obor-russia.txt", "resources/icons/roadbook.svg",
            "resources/roadbook.desktop"} <= names
    texts = {Path(n).name for n in names if n.startswith("resources/sources/")}
    assert texts == {p.name for p in (ROOT / "resources" / "sources").glob("*.txt")}
    assert "db/library.py" in names and "desktop/cli/parser.py" in names
    assert not any(n.startswith("tests/") for n in names)


def test_wheel_declares_the_roadbook_command(wheel):
    with zipfile.ZipFile(wheel) as archive:
        entry_points = next(archive.read(n).decode() for n in archive.namelist()
                            if n.endswith(".dist-info/entry_points.txt"))
    assert "[console_scripts]" in entry_points
    assert "roadbook = desktop.cli:main" in entry_points


def run_installed(installed: Path, args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(installed), PYTHONIOENCODING="utf-8")
    env.pop("ROADBOOK_DATASET", None)
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def test_installed_package_finds_its_resources_from_elsewhere(installed, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = (
        "import json, db, resources\n"
        "from db import Library\n"
        "lib = Library.open('lib.sqlite')\n"
        "deal = lib.get('gas-deal-2014')\n"
        "count = sum(lib.kind_counts().values())\n"
        "print(json.dumps({'db': db.__file__, 'resources': list(resources.__path__),\n"
        "                  'value': deal['value_usd'], 'count': count}))\n"
    )
    done = run_installed(installed, [sys.executable, "-c", script], cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert Path(report["db"]).is_relative_to(installed)  # the installed copy, not the sources
    assert all(Path(p).is_relative_to(installed) for p in report["resources"])
    assert (report["value"], report["count"]) == (4e11, 78)
    assert (elsewhere / "lib.sqlite").exists()


def test_installed_command_runs_from_elsewhere(installed, tmp_path):
    command = installed / "bin" / "roadbook"
    assert command.exists()
    done = run_installed(installed, [str(command), "--library", str(tmp_path / "lib.sqlite"),
                                     "search", "Газпром", "--json"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["hits"][0]["id"] == "gazprom"
