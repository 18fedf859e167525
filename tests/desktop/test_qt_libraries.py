"""Before the window opens on Linux: missing system libraries named with the packages to install."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.common.qt_libraries import (
    advice,
    missing_in_ldd,
    packages_for,
    platform_plugins,
    uses_t64_names,
)

ROOT = Path(__file__).resolve().parents[2]
DEBIAN_12 = {"ID": "debian", "VERSION_ID": "12", "VERSION_CODENAME": "bookworm"}
DEBIAN_13 = {"ID": "debian", "VERSION_ID": "13", "VERSION_CODENAME": "trixie"}
DEBIAN_SID = {"ID": "debian", "VERSION_CODENAME": "sid"}
UBUNTU_2204 = {"ID": "ubuntu", "ID_LIKE": "debian", "VERSION_ID": "22.04",
               "VERSION_CODENAME": "jammy", "UBUNTU_CODENAME": "jammy"}
UBUNTU_2404 = {"ID": "ubuntu", "ID_LIKE": "debian", "VERSION_ID": "24.04",
               "VERSION_CODENAME": "noble", "UBUNTU_CODENAME": "noble"}
MINT_22 = {"ID": "linuxmint", "ID_LIKE": "ubuntu debian", "VERSION_ID": "22",
           "UBUNTU_CODENAME": "noble"}
FEDORA = {"ID": "fedora", "VERSION_ID": "41"}

# What a minimal Debian 12 lacks for libqxcb.so (ldd, measured): 25 libraries.
MINIMAL_DEBIAN_MISSING = [
    "libGL.so.1", "libxkbcommon.so.0", "libxkbcommon-x11.so.0", "libxcb-cursor.so.0",
    "libxcb-icccm.so.4", "libxcb-util.so.1", "libxcb-image.so.0", "libxcb-keysyms.so.1",
    "libxcb-randr.so.0", "libxcb-render-util.so.0", "libxcb-shm.so.0", "libxcb-sync.so.1",
    "libxcb-xfixes.so.0", "libxcb-render.so.0", "libxcb-shape.so.0", "libxcb-xkb.so.1",
    "libX11-xcb.so.1", "libglib-2.0.so.0", "libgthread-2.0.so.0", "libEGL.so.1",
    "libfontconfig.so.1", "libfreetype.so.6", "libGLdispatch.so.0", "libGLX.so.0",
    "libdbus-1.so.3",
]
MEASURED_FIX = ["libdbus-1-3", "libegl1", "libfontconfig1", "libfreetype6", "libgl1",
                "libglib2.0-0", "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1",
                "libxcb-shape0", "libxcb-xkb1", "libxkbcommon-x11-0", "libxkbcommon0"]


def ldd_output(missing: list[str]) -> str:
    """``ldd``'s output for the xcb plugin with ``missing`` not found."""
    lines = ["\tlinux-vdso.so.1 (0x00007ffd1c5f2000)",
             "\tlibQt6XcbQpa.so.6 => /opt/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f2a1c000000)"]
    lines += [f"\t{lib} => not found" for lib in missing]
    lines += ["\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f2a1ba00000)",
              "\t/lib64/ld-linux-x86-64.so.2 (0x00007f2a1c9e0000)"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("missing", "release", "packages"), [
    (MINIMAL_DEBIAN_MISSING, DEBIAN_12, MEASURED_FIX),
    (["libxcb-cursor.so.0"], DEBIAN_12, ["libxcb-cursor0"]),  # a GNOME desktop
    (["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1",
      "libxcb-shape.so.0", "libxkbcommon-x11.so.0"], DEBIAN_12,  # Xfce
     ["libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxcb-shape0",
      "libxkbcommon-x11-0"]),
    (["libglib-2.0.so.0", "libgthread-2.0.so.0"], UBUNTU_2404, ["libglib2.0-0t64"]),
    (["libglib-2.0.so.0"], DEBIAN_13, ["libglib2.0-0t64"]),
    (["libglib-2.0.so.0"], MINT_22, ["libglib2.0-0t64"]),
    (["libglib-2.0.so.0"], UBUNTU_2204, ["libglib2.0-0"]),
    (["libGL.so.1", "libGLX.so.0", "libGLdispatch.so.0"], UBUNTU_2204, ["libgl1"]),
    (["libwayland-cursor.so.0"], DEBIAN_12, ["libwayland-cursor0"]),
])
def test_missing_libraries_map_to_the_packages_that_bring_them(missing, release, packages):
    assert packages_for(missing, release) == packages


@pytest.mark.parametrize(("release", "t64"), [
    (DEBIAN_12, False), (DEBIAN_13, True), (DEBIAN_SID, True), (UBUNTU_2204, False),
    (UBUNTU_2404, True), (MINT_22, True), (FEDORA, False), ({}, False),
])
def test_the_t64_renames_follow_the_release(release, t64):
    assert uses_t64_names(release) is t64


def test_ldd_output_is_read_for_the_libraries_not_found():
    output = ldd_output(["libxcb-cursor.so.0", "libGL.so.1"]) + "\tlibGL.so.1 => not found\n"
    assert missing_in_ldd(output) == ["libxcb-cursor.so.0", "libGL.so.1"]
    assert missing_in_ldd(ldd_output([])) == []


def test_the_advice_is_one_line_with_the_exact_command():
    line = advice(MINIMAL_DEBIAN_MISSING, DEBIAN_12, root=False, has_apt=True)
    assert "\n" not in line and line.startswith("roadbook: ")
    assert line.endswith("install them with: sudo apt-get install -y " + " ".join(MEASURED_FIX))
    assert "libxcb-cursor.so.0" in line
    as_root = advice(["libGL.so.1"], DEBIAN_12, root=True, has_apt=True)
    assert as_root.endswith("install them with: apt-get install -y libgl1")


def test_without_apt_or_for_an_unknown_library_the_advice_names_the_libraries():
    fedora = advice(["libxcb-cursor.so.0"], FEDORA, root=False, has_apt=False)
    assert "(libxcb-cursor.so.0)" in fedora and "package manager" in fedora
    unknown = advice(["libfancy.so.3"], DEBIAN_12, root=False, has_apt=True)
    assert "(libfancy.so.3)" in unknown and "apt-get" not in unknown
    broken = advice(["libQt6Gui.so.6"], DEBIAN_12, root=False, has_apt=True)
    assert "reinstall" in broken


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check runs on Linux only")
@pytest.mark.parametrize(("environ", "plugins"), [
    ({}, ["xcb"]), ({"QT_QPA_PLATFORM": "offscreen"}, []), ({"QT_QPA_PLATFORM": "minimal"}, []),
    ({"QT_QPA_PLATFORM": "xcb"}, ["xcb"]), ({"QT_QPA_PLATFORM": "wayland"}, ["wayland"]),
    ({"WAYLAND_DISPLAY": "wayland-0"}, ["wayland", "xcb"]),
])
def test_the_plugins_checked_follow_the_chosen_platform(environ, plugins):
    assert platform_plugins(environ) == plugins


# -- the real command, with a stand-in ldd (and apt-get) on the PATH -------------------------

def _fake_tools(tmp_path: Path, missing: list[str]) -> dict[str, str]:
    """An environment whose ``ldd`` reports ``missing`` and whose ``apt-get`` and ``sudo``
    only note how they were called."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (tmp_path / "ldd-output.txt").write_text(ldd_output(missing))
    scripts = {
        "ldd": f'echo "$@" >> {tmp_path}/ldd-calls\ncat {tmp_path}/ldd-output.txt\n',
        "apt-get": f'echo "apt-get $*" >> {tmp_path}/apt-calls\n',
        "sudo": '"$@"\n',
    }
    for name, body in scripts.items():
        path = bin_dir / name
        path.write_text("#!/bin/sh\n" + body)
        path.chmod(0o755)
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["ROADBOOK_LDD"] = str(bin_dir / "ldd")
    env["DISPLAY"] = ":0"  # a desktop session's (no server is reached: the check comes first)
    return env


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the check runs on Linux only")


@linux_only
def test_roadbook_names_the_missing_library_instead_of_qts_abort(tmp_path, library_path):
    env = _fake_tools(tmp_path, ["libxcb-cursor.so.0"])
    done = subprocess.run([sys.executable, "-m", "desktop.cli", "--library", str(library_path)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("roadbook: the window needs system libraries missing here "
                               "(libxcb-cursor.so.0)")
    assert "apt-get install -y libxcb-cursor0" in lines[0]
    assert (tmp_path / "ldd-calls").read_text().count("libqxcb.so") == 1


@linux_only
def test_offscreen_runs_skip_the_check(tmp_path):
    env = dict(_fake_tools(tmp_path, ["libxcb-cursor.so.0"]), QT_QPA_PLATFORM="offscreen")
    probe = "from desktop.common.qt_libraries import check_message; print(check_message())"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "None"
    assert not (tmp_path / "ldd-calls").exists()


@linux_only
def test_make_run_installs_what_is_missing_and_says_so(tmp_path):
    env = _fake_tools(tmp_path, ["libxcb-cursor.so.0", "libxkbcommon-x11.so.0"])
    done = subprocess.run([sys.executable, "-m", "desktop.common.qt_libraries", "--install"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert ("Installing the system libraries Qt's window needs: libxcb-cursor0 "
            "libxkbcommon-x11-0") in done.stdout
    calls = (tmp_path / "apt-calls").read_text().splitlines()
    assert calls[0].startswith("apt-get update")
    assert calls[1].endswith("install -y -qq --no-install-recommends libxcb-cursor0 "
                             "libxkbcommon-x11-0")
    # The stand-in apt-get installs nothing, so the libraries are still missing: the command
    # is printed and make stops.
    assert done.returncode == 1
    assert "apt-get install -y libxcb-cursor0 libxkbcommon-x11-0" in done.stderr


@linux_only
def test_without_a_display_roadbook_says_so_instead_of_qts_abort(tmp_path, library_path):
    env = {k: v for k, v in _fake_tools(tmp_path, []).items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    done = subprocess.run([sys.executable, "-m", "desktop.cli", "--library", str(library_path)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "roadbook: there is no display to open the window on (neither DISPLAY nor "
        "WAYLAND_DISPLAY is set); the commands work without one: roadbook --help"]
