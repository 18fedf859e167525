"""The first window on a real X server at two common screen sizes: what fits, what shows.

Each size runs ``first_window_probe.py`` under its own Xvfb, which saves a screenshot of the
whole screen (the folder is printed, for a person to look at) and reports the widgets'
geometry. Skipped where Xvfb or Qt's X libraries are missing (``.ci/run`` installs them).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.common.qt_libraries import missing_libraries

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("first_window_probe.py")
SIZES = ((1366, 768), (1920, 1080))


def start_xvfb(width: int, height: int) -> tuple[subprocess.Popen, str]:
    """An Xvfb on a display number no other server holds, once it accepts connections."""
    executable = shutil.which("Xvfb")
    if executable is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    for number in range(140, 200):
        if Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists():
            continue
        server = subprocess.Popen([executable, f":{number}", "-screen", "0",
                                   f"{width}x{height}x24", "-nolisten", "tcp"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while server.poll() is None and time.monotonic() < deadline:
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                return server, f":{number}"
            time.sleep(0.05)
        server.kill()
        server.wait()
    pytest.skip("Xvfb did not start")


@pytest.fixture(scope="module")
def shots(tmp_path_factory, library_path_module):
    """Layout facts per screen size, and the folder of the screenshots."""
    if missing_libraries({"QT_QPA_PLATFORM": "xcb"}):
        pytest.skip("Qt's X libraries are missing here (python -m desktop.common.qt_libraries)")
    folder = tmp_path_factory.mktemp("first-window")
    facts = {}
    for width, height in SIZES:
        server, display = start_xvfb(width, height)
        try:
            env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY",)}
            env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb",
                       XDG_CONFIG_HOME=str(folder / f"config-{width}"))
            done = subprocess.run([sys.executable, str(PROBE), str(library_path_module),
                                   str(folder / f"first-window-{width}x{height}.png")],
                                  cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        finally:
            server.terminate()
            server.wait(timeout=20)
        assert done.returncode == 0, done.stderr
        facts[width] = json.loads(done.stdout.splitlines()[-1])
    return folder, facts


@pytest.fixture(scope="module")
def library_path_module(tmp_path_factory):
    from db import Library

    path = tmp_path_factory.mktemp("first-window-library") / "library.sqlite"
    Library.open(path).close()
    return path


def test_screenshots_are_saved_for_a_person_to_look_at(shots, capsys):
    folder, _ = shots
    names = sorted(p.name for p in folder.glob("*.png"))
    assert names == ["first-window-1366x768.png", "first-window-1920x1080.png"]
    assert all((folder / name).stat().st_size > 10_000 for name in names)
    with capsys.disabled():
        print(f"\nfirst-window screenshots: {folder}")


def test_a_laptop_screen_opens_maximised_a_large_one_at_80_percent_centred(shots):
    _, facts = shots
    small = facts[1366]
    assert small["maximized"] and small["window"][2:] == small["available"]
    large = facts[1920]
    x, y, width, height = large["window"]
    assert not large["maximized"]
    assert abs(width - 0.8 * 1920) <= 2 and abs(height - 0.8 * 1080) <= 2
    assert abs(x + width / 2 - 960) <= 2 and abs(y + height / 2 - 540) <= 2


@pytest.mark.parametrize("width", [1366, 1920])
def test_every_column_of_the_results_shows_without_a_horizontal_scroll_bar(shots, width):
    table = shots[1][width]
    assert table["table_hscroll_range"] == 0 and not table["table_hscroll_visible"]
    columns = table["columns"]
    assert set(columns) == {"★", "Title", "Kind", "Date", "Value", "Status", "Parties", "Match"}
    for name, column in columns.items():
        assert not column["hidden"], name
        assert column["x"] >= 0 and column["x"] + column["width"] <= table["table_viewport_width"]
        assert column["width"] >= 24, name
    assert columns["Title"]["width"] == max(c["width"] for c in columns.values())
    for name in ("Date", "Value"):  # short and read whole: never elided
        assert columns[name]["widest_text"] < columns[name]["width"], name


@pytest.mark.parametrize("width", [1366, 1920])
def test_a_search_gives_the_match_column_room(shots, width):
    before, searching = shots[1][width]["columns"], shots[1][width]["searching"]
    assert searching["table_hscroll_range"] == 0
    columns = searching["columns"]
    assert columns["Match"]["width"] > before["Match"]["width"]
    assert columns["Match"]["width"] >= columns["Parties"]["width"]
    assert columns["Title"]["width"] == max(c["width"] for c in columns.values())
    last = max(c["x"] + c["width"] for c in columns.values())
    assert last <= searching["table_viewport_width"]


@pytest.mark.parametrize("width", [1366, 1920])
def test_the_details_get_the_right_column_and_the_source_is_a_tab(shots, width):
    facts = shots[1][width]
    side_height = facts["side_column"][3]
    assert facts["detail_browser"][3] >= 0.7 * side_height
    assert facts["note"][3] <= 2 * facts["note_line_height"]  # one line until used
    assert facts["side_tabs"] == ["Details", "Source"] and facts["source_tab"] == 1
    assert not facts["source_reader_visible"]


@pytest.mark.parametrize("width", [1366, 1920])
def test_the_timeline_draws_each_dated_entry_of_the_bundled_library(shots, width):
    lanes = shots[1][width]["lanes"]
    assert [lane["title"] for lane in lanes] == ["Events", "Deals", "Figures", "Actors"]
    for lane in lanes:
        assert lane["mode"] == "items", lane
        assert lane["items"] == lane["entries"], lane  # every item has its mark
        assert lane["labels"] >= 1, lane
    assert sum(lane["items"] for lane in lanes) == 17
    facts = shots[1][width]
    assert facts["timeline_found_at_marks"] == facts["timeline_dated"] == 17  # by hit-testing
    assert not facts["timeline_scrolls"]  # every mark at once, no lane scrolled out of sight
