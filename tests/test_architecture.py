"""The layers hold: db/ never reaches for Qt or the desktop layer, and desktop/ writes no SQL."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# A statement, not a label such as "Delete saved search" or "Create New Library…".
SQL_START = re.compile(
    r"^\s*(SELECT\b.*\bFROM\b|SELECT\s+(\*|COUNT|DISTINCT|\?|\d)|INSERT\s+(OR\s+\w+\s+)?INTO\b"
    r"|UPDATE\s+\S+\s+SET\b|DELETE\s+FROM\b|CREATE\s+(TABLE|INDEX|VIEW|TRIGGER|VIRTUAL|UNIQUE|TEMP))",
    re.IGNORECASE | re.DOTALL)
FORBIDDEN_IN_DB = ("PySide6", "shiboken6", "desktop")
# The layer rules in pyproject.toml, each checked by lint-imports (the README's Architecture).
CONTRACTS = (
    "db never imports Qt or the desktop layer",
    "desktop.common imports no other part of the desktop layer",
    "desktop.models imports no widget or window",
    "the timeline and printing import no window",
    "the entry editor imports no window (the window hands itself to its commands)",
    "the link chart imports no window",
    "the command line imports no window or widget",
    "nothing imports the composition root but the entry point",
)
OUR_PACKAGES = ("db", "desktop")


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def imported_names(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(
                node.func, "id", None)) in ("import_module", "__import__") and node.args \
                and isinstance(node.args[0], ast.Constant):
            names.append(str(node.args[0].value))
    return names


def test_import_linter_contract_holds():
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    for contract in CONTRACTS:
        assert f"{contract} KEPT" in done.stdout
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in done.stdout


@pytest.mark.parametrize("path", modules("db"), ids=lambda p: str(p.relative_to(ROOT)))
def test_db_module_imports_no_qt_and_no_desktop(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    bad = [name for name in imported_names(tree)
           if name.split(".")[0] in FORBIDDEN_IN_DB]
    assert bad == [], f"{path.relative_to(ROOT)} imports {bad}"


def sql_literals(tree: ast.AST) -> list[tuple[int, str]]:
    """String literals (and f-strings, holes filled with ``x``) that are SQL statements."""
    parts_of_fstrings = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
                         for v in node.values}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "x" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in parts_of_fstrings:
            text = node.value
        else:
            continue
        if SQL_START.match(text):
            found.append((node.lineno, text))
    return found


@pytest.mark.parametrize("path", modules("desktop"), ids=lambda p: str(p.relative_to(ROOT)))
def test_desktop_module_holds_no_sql(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    assert sql_literals(tree) == [], f"SQL in {path.relative_to(ROOT)}"


def test_the_checks_can_fail():
    """The detectors find what they look for (a test that cannot fail is a defect)."""
    tree = ast.parse("import PySide6.QtCore\nfrom desktop.app import main\n"
                     "x = f'SELECT {a} FROM t'\ny = 'delete from t'\nz = 'Selected entries'\n"
                     "w = 'Delete saved search'\nv = f'UPDATE {t} SET a = 1'\n"
                     "u = 'SELECT count(*) FROM entries'\n")
    assert imported_names(tree) == ["PySide6.QtCore", "desktop.app"]
    assert sorted(line for line, _ in sql_literals(tree)) == [3, 4, 7, 8]


# -- no import cycles ---------------------------------------------------------------------------


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_imports(name: str, tree: ast.AST, known: set[str], is_package: bool) -> set[str]:
    """The modules of ours that ``name`` imports anywhere: at the top, in functions, for types.

    ``from package import name`` counts as importing the submodule when there is one."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                here = name.split(".") if is_package else name.split(".")[:-1]
                here = here[:len(here) - node.level + 1]
                base = ".".join(here + ([base] if base else []))
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return {m for m in found if m in known and m != name}


def import_graph(root: Path = ROOT, packages=OUR_PACKAGES) -> dict[str, set[str]]:
    paths = [p for package in packages for p in sorted((root / package).rglob("*.py"))]
    known = {module_name(p, root) for p in paths}
    return {module_name(p, root): module_imports(
        module_name(p, root), ast.parse(p.read_text(encoding="utf-8")), known,
        p.name == "__init__.py") for p in paths}


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import each other, directly or through others (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return cycles


def test_no_module_imports_itself_through_others():
    graph = import_graph()
    assert "desktop.window.main_window" in graph and "db.library" in graph
    assert import_cycles(graph) == []


def test_the_cycle_check_can_fail(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg.sub import b\n")
    (package / "sub" / "b.py").write_text("def f():\n    from ..c import x\n")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\n"
                                  "if TYPE_CHECKING:\n    from pkg import a\n")
    (package / "d.py").write_text("import pkg.a\n")
    graph = import_graph(tmp_path, ("pkg",))
    assert import_cycles(graph) == [["pkg.a", "pkg.c", "pkg.sub.b"]]
