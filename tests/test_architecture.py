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
    assert "db never imports Qt or the desktop layer KEPT" in done.stdout


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
