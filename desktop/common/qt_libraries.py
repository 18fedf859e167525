"""Whether this Linux machine has the system libraries Qt's window needs, and how to get them.

Qt's xcb platform plugin links some thirty system libraries that a minimal install lacks; without
them Qt aborts with a message that often names the wrong one. Before the window is created, the
dynamic loader lists the plugin's libraries (``ld.so --list``, what ``ldd`` runs: a few ms, only
when a window is about to open on Linux; ``ROADBOOK_LDD`` names another lister), and this module
names the Debian packages that bring in what is missing: ``roadbook`` prints one line with the
exact command, and ``make run`` (``python -m desktop.common.qt_libraries --install``)
installs them where it can. Qt-free: it runs before PySide6 is imported.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

# Each library the plugin needs, with the package that brings it in on Debian and Ubuntu: a
# library pulled in by one of a dozen packages is named by that package (libGLX comes with
# libgl1), so the command stays the short list measured on a minimal Debian 12.
PACKAGE_OF = {
    "libGL.so.1": "libgl1", "libGLX.so.0": "libgl1", "libGLdispatch.so.0": "libgl1",
    "libX11.so.6": "libgl1", "libxcb.so.1": "libgl1", "libXau.so.6": "libgl1",
    "libXdmcp.so.6": "libgl1", "libbsd.so.0": "libgl1", "libmd.so.0": "libgl1",
    "libEGL.so.1": "libegl1", "libX11-xcb.so.1": "libegl1", "libxcb-randr.so.0": "libegl1",
    "libxcb-sync.so.1": "libegl1", "libxcb-xfixes.so.0": "libegl1",
    "libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0",
    "libpcre2-8.so.0": "libglib2.0-0", "libffi.so.8": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3", "libsystemd.so.0": "libdbus-1-3",
    "libcap.so.2": "libdbus-1-3", "libgcrypt.so.20": "libdbus-1-3",
    "libgpg-error.so.0": "libdbus-1-3", "liblz4.so.1": "libdbus-1-3",
    "liblzma.so.5": "libdbus-1-3", "libzstd.so.1": "libdbus-1-3",
    "libfontconfig.so.1": "libfontconfig1", "libexpat.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6", "libpng16.so.16": "libfreetype6",
    "libbrotlidec.so.1": "libfreetype6", "libbrotlicommon.so.1": "libfreetype6",
    "libz.so.1": "zlib1g",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-util.so.1": "libxcb-cursor0",
    "libxcb-image.so.0": "libxcb-cursor0", "libxcb-render.so.0": "libxcb-cursor0",
    "libxcb-render-util.so.0": "libxcb-cursor0", "libxcb-shm.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libstdc++.so.6": "libstdc++6", "libgcc_s.so.1": "libgcc-s1",
}
# Debian 13 and Ubuntu 24.04 renamed packages in the 64-bit time_t transition.
T64_RENAMES = {"libglib2.0-0": "libglib2.0-0t64"}
OS_RELEASE = Path("/etc/os-release")
# glibc's dynamic loader on the usual 64-bit machines (the one ``ldd`` runs).
LOADERS = ("/lib64/ld-linux-x86-64.so.2", "/lib/ld-linux-aarch64.so.1",
           "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
           "/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1")
SKIPPED_PLATFORMS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb", "vkkhrdisplay")


def missing_in_ldd(output: str) -> list[str]:
    """The libraries ``ldd`` reports as ``not found``, in its order, each once."""
    missing = []
    for line in output.splitlines():
        name, _, where = line.strip().partition(" => ")
        if where.strip() == "not found" and name not in missing:
            missing.append(name)
    return missing


def uses_t64_names(os_release: dict[str, str]) -> bool:
    """Whether this release has the ``t64`` package names: Debian 13 and later (testing and
    unstable too), Ubuntu 24.04 "noble" and later, and the distributions built on them."""
    family = {os_release.get("ID", "")} | set(os_release.get("ID_LIKE", "").split())
    codename = os_release.get("UBUNTU_CODENAME") or (
        os_release.get("VERSION_CODENAME", "") if "ubuntu" in family else "")
    if codename:  # Ubuntu's codenames run in alphabetical order since artful (17.10)
        return codename >= "noble"
    if "debian" not in family:
        return False
    version = os_release.get("VERSION_ID", "") if os_release.get("ID") == "debian" else ""
    return not version.isdigit() or int(version) >= 13


def packages_for(missing: list[str], os_release: dict[str, str]) -> list[str]:
    """The Debian packages that bring in ``missing`` libraries, sorted, each once."""
    t64 = uses_t64_names(os_release)
    names = {PACKAGE_OF[lib] for lib in missing if lib in PACKAGE_OF}
    return sorted(T64_RENAMES.get(name, name) if t64 else name for name in names)


def install_command(packages: list[str], *, root: bool) -> str:
    return ("" if root else "sudo ") + "apt-get install -y " + " ".join(packages)


def advice(missing: list[str], os_release: dict[str, str], *, root: bool,
           has_apt: bool) -> str:
    """One line: which libraries are missing and the exact command that installs them."""
    libs = ", ".join(missing)
    packages = packages_for(missing, os_release)
    unknown = [lib for lib in missing if lib not in PACKAGE_OF]
    if unknown and any(lib.startswith("libQt6") for lib in unknown):
        return (f"roadbook: PySide6's own Qt libraries are missing ({libs}); "
                "reinstall it with: pip install --force-reinstall PySide6-Essentials")
    if has_apt and packages and not unknown:
        return (f"roadbook: the window needs system libraries missing here ({libs}); "
                f"install them with: {install_command(packages, root=root)}")
    return (f"roadbook: the window needs system libraries missing here ({libs}); "
            "install the packages that provide them with your system's package manager")


# -- this machine ---------------------------------------------------------------------------

def read_os_release(path: Path = OS_RELEASE) -> dict[str, str]:
    try:
        lines = path.read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return {}
    pairs = (line.partition("=") for line in lines if "=" in line)
    return {key.strip(): value.strip().strip('"') for key, _, value in pairs}


def platform_plugins(environ=os.environ) -> list[str]:
    """The platform plugins Qt may open the window with here, in the order it tries them;
    none where the check does not apply (not Linux, or a platform chosen without a screen)."""
    if not sys.platform.startswith("linux"):
        return []
    chosen = environ.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0].strip().lower()
    if chosen.startswith(SKIPPED_PLATFORMS):
        return []
    if chosen.startswith("wayland"):
        return ["wayland"]
    if chosen.startswith("xcb"):
        return ["xcb"]
    return ["wayland", "xcb"] if environ.get("WAYLAND_DISPLAY") else ["xcb"]


def plugin_path(platform: str) -> Path | None:
    """Where PySide6's plugin for ``platform`` is, found without importing PySide6."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "Qt" / "plugins" / "platforms" / f"libq{platform}.so"
        if path.is_file():
            return path
    return None


def ldd_missing(library: Path) -> list[str]:
    """The libraries ``library`` needs that the dynamic loader cannot find. The loader lists
    them itself (3 ms; ``ldd``, a shell script around it, takes 15 to 30). None if neither can
    run: then Qt's own message is the best there is."""
    command = _list_command()
    if command is None:
        return []
    try:
        done = subprocess.run([*command, str(library)], capture_output=True, text=True,
                              timeout=20, env=dict(os.environ, LC_ALL="C"))
    except (OSError, subprocess.SubprocessError):
        return []
    return missing_in_ldd(done.stdout)


def _list_command() -> list[str] | None:
    """``$ROADBOOK_LDD`` if set, else ``ld.so --list`` with this machine's loader, else ``ldd``."""
    if os.environ.get("ROADBOOK_LDD"):
        return [os.environ["ROADBOOK_LDD"]]
    for loader in LOADERS:
        if os.access(loader, os.X_OK):
            return [loader, "--list"]
    ldd = shutil.which("ldd")
    return [ldd] if ldd else None


def missing_libraries(environ=os.environ) -> list[str]:
    """What the window lacks here: nothing if any plugin Qt may choose has all it needs,
    else the libraries missing for the last one it would try (xcb, which X and XWayland run)."""
    missing: list[str] = []
    for platform in platform_plugins(environ):
        path = plugin_path(platform)
        if path is None:
            return []
        missing = ldd_missing(path)
        if not missing:
            return []
    return missing


def check_message(environ=os.environ) -> str | None:
    """The one line to print before the window when it cannot open here, else ``None``."""
    plugins = platform_plugins(environ)
    if plugins and not environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY"):
        return ("roadbook: there is no display to open the window on (neither DISPLAY nor "
                "WAYLAND_DISPLAY is set); the commands work without one: roadbook --help")
    missing = missing_libraries(environ)
    if not missing:
        return None
    return advice(missing, read_os_release(), root=_is_root(), has_apt=_has_apt())


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _has_apt() -> bool:
    return shutil.which("apt-get") is not None


def install_missing() -> int:
    """``make run``: install what the window lacks where apt-get and root (or sudo) allow,
    saying what; otherwise print the command and return 1."""
    missing = missing_libraries()
    if not missing:
        return 0
    packages = packages_for(missing, read_os_release())
    sudo = [] if _is_root() else ["sudo"]
    can = _has_apt() and packages and (not sudo or shutil.which("sudo"))
    if can and all(lib in PACKAGE_OF for lib in missing):
        print(f"Installing the system libraries Qt's window needs: {' '.join(packages)}",
              flush=True)
        apt = [*sudo, "apt-get"]
        ok = (subprocess.run([*apt, "update", "-qq"]).returncode == 0 and subprocess.run(
            [*apt, "install", "-y", "-qq", "--no-install-recommends", *packages]).returncode == 0)
        if ok and not missing_libraries():
            return 0
    print(check_message() or "", file=sys.stderr)
    return 1


if __name__ == "__main__":
    if sys.argv[1:] == ["--install"]:
        sys.exit(install_missing())
    message = check_message()
    if message:
        print(message, file=sys.stderr)
    sys.exit(1 if message else 0)
