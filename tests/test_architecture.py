"""Layering rules of DESIGN section 2, checked on the source itself."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "annotator"
GUI = PACKAGE / "gui"
STORE = PACKAGE / "store"
QT_MODULES = {"PySide6", "pyqtgraph", "shiboken6"}
SQL_MODULES = {"sqlalchemy", "sqlmodel", "sqlite3"}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):  # includes imports inside functions
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def modules_outside(folder: Path) -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if folder not in p.parents]


def test_only_the_gui_package_imports_qt_or_pyqtgraph() -> None:
    offenders = {
        str(p.relative_to(PACKAGE)): sorted(imported_roots(p) & QT_MODULES)
        for p in modules_outside(GUI)
        if imported_roots(p) & QT_MODULES
    }
    assert offenders == {}


def test_only_the_store_talks_sql() -> None:
    offenders = {
        str(p.relative_to(PACKAGE)): sorted(imported_roots(p) & SQL_MODULES)
        for p in modules_outside(STORE)
        if imported_roots(p) & SQL_MODULES
    }
    assert offenders == {}


def test_importing_every_headless_module_loads_no_qt() -> None:
    names = sorted(
        ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        for p in modules_outside(GUI)
        if p.name != "__main__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {sorted(QT_MODULES)!r}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parent,
    )
    assert result.stdout.strip() == "[]"


def test_core_does_not_import_upper_layers() -> None:
    upper = ("annotator.store", "annotator.io", "annotator.cli", "annotator.gui")
    offenders = []
    for path in (PACKAGE / "core").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(upper):
                offenders.append(f"{path.name}: {node.module}")
    assert offenders == []


def test_modules_stay_small() -> None:
    too_long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert too_long == {}
