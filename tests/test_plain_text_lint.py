"""User text is plain text (issue #8, item 7): a lint over ``annotator/gui/*.py``.

Qt renders a QLabel, a tooltip, a message box's text, a progress dialog's label and
pyqtgraph's labels as rich text whenever the text merely looks like HTML. So every place
that puts non-constant text into one of those must either make the widget plain
(``annotator.gui.plain``: ``plain_label``, ``message_box``, ``progress_dialog``, or
``setTextFormat(PLAIN)`` on it) or build the markup with the escapes of that module
(``escape``, ``tooltip``). Anything else is flagged. ``plain.py`` itself is the reviewed
boundary and is not linted.

Receivers are typed by a small flow-insensitive inference: constructor assignments
(``self.x = QLabel()``), parameter annotations, ``isinstance`` checks, and subclasses defined
in the package. An unknown receiver of ``setText`` with non-constant text is flagged: say
what it is, or make it plain.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

GUI = Path(__file__).resolve().parents[1] / "annotator" / "gui"
HELPERS = "annotator.gui.plain"
ESCAPERS = {"escape", "tooltip"}  # return markup that shows their argument literally
PLAIN_FACTORIES = {"plain_label", "message_box", "progress_dialog"}  # widgets in PlainText
PLAIN_FORMATS = {"PLAIN", "PlainText"}
# Widgets and items that always draw their text as plain text.
PLAIN_ONLY = {
    "QLineEdit",
    "QPushButton",
    "QToolButton",
    "QCheckBox",
    "QRadioButton",
    "QAction",
    "QListWidgetItem",
    "QTableWidgetItem",
    "QTreeWidgetItem",
    "QStandardItem",
    "QClipboard",  # not drawn at all: the text is data handed to other programs
}
TEXT_SETTERS = {"setText", "setLabelText"}  # rich unless the receiver is known plain
# Methods whose argument (at this index) is shown as rich text whatever the receiver.
RICH_ARGUMENT = {
    "setToolTip": 0,
    "setWhatsThis": 0,
    "setInformativeText": 0,
    "setHtml": 0,
    "insertHtml": 0,
    "setTabToolTip": 1,
    "addLabel": 0,  # pyqtgraph: HTML
    "setLabel": 1,  # pyqtgraph axis label: HTML
    "setTitle": 0,  # pyqtgraph plot title: HTML
}
# Static functions: (class, method) -> index of the text argument.
RICH_STATIC = {
    **{("QMessageBox", m): 2 for m in ("warning", "information", "critical", "question")},
    ("QMessageBox", "about"): 2,
    ("QToolTip", "showText"): 1,
    **{("QInputDialog", m): 2 for m in ("getText", "getInt", "getDouble", "getItem")},
}
RICH_CONSTRUCTOR = {"QLabel": 0, "QProgressDialog": 0, "QMessageBox": 2, "QTextEdit": 0}
TOOLTIP_ROLE = "ToolTipRole"


def _dotted(node: ast.expr) -> str | None:
    """``self.title`` for an attribute chain of names, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr}"
    return None


def _mentions(node: ast.AST, name: str) -> bool:
    return any(
        (isinstance(n, ast.Attribute) and n.attr == name)
        or (isinstance(n, ast.Name) and n.id == name)
        for n in ast.walk(node)
    )


@dataclass
class _Scope:
    kinds: dict[str, set[str]] = field(default_factory=dict)  # key -> classes or "plain"
    plain: set[str] = field(default_factory=set)  # keys given setTextFormat(PLAIN)


class PlainTextLint(ast.NodeVisitor):
    def __init__(self, source: str, filename: str, bases: dict[str, str]) -> None:
        self.tree = ast.parse(source, filename)
        self.filename = filename
        self.bases = bases  # package classes -> the Qt class they derive from
        self.problems: list[str] = []
        self.helpers: set[str] = set()  # names imported from annotator.gui.plain
        self.helper_modules: set[str] = set()  # names bound to the module itself
        self.constants: set[str] = set()  # module-level names bound to safe text
        self.html_functions = {
            n.name
            for n in self.tree.body
            if isinstance(n, ast.FunctionDef) and n.name.endswith("_html")
        }
        self.scopes: list[_Scope] = []
        self.classes: list[_Scope] = []

    # ---- names ---------------------------------------------------------------------------

    def _helper(self, func: ast.expr, names: set[str]) -> bool:
        if isinstance(func, ast.Name):
            return func.id in names and func.id in self.helpers
        return (
            isinstance(func, ast.Attribute)
            and func.attr in names
            and isinstance(func.value, ast.Name)
            and func.value.id in self.helper_modules
        )

    def _class_of(self, value: ast.expr) -> str | None:
        if not isinstance(value, ast.Call):
            return None
        if self._helper(value.func, PLAIN_FACTORIES):
            return "plain"
        if isinstance(value.func, ast.Name):
            return self.bases.get(value.func.id, value.func.id)
        return None

    def _safe(self, node: ast.expr | None) -> bool:
        """Whether ``node`` is text a rich-text widget shows literally."""
        if node is None or isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.JoinedStr):
            return all(self._safe(v) for v in node.values)
        if isinstance(node, ast.FormattedValue):
            return self._safe(node.value)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
            return self._safe(node.left) and self._safe(node.right)
        if isinstance(node, ast.IfExp):
            return self._safe(node.body) and self._safe(node.orelse)
        if isinstance(node, ast.BoolOp):
            return all(self._safe(v) for v in node.values)
        if isinstance(node, ast.Name):
            return node.id in self.constants
        if isinstance(node, ast.Call):
            func = node.func
            if self._helper(func, ESCAPERS):
                return True
            if isinstance(func, ast.Name) and func.id in self.html_functions:
                return True  # its f-strings are checked where it is defined
            if isinstance(func, ast.Attribute) and func.attr == "join" and len(node.args) == 1:
                items = node.args[0]
                if isinstance(items, ast.ListComp | ast.GeneratorExp):
                    parts: list[ast.expr] = [items.elt]
                elif isinstance(items, ast.List | ast.Tuple):
                    parts = list(items.elts)
                else:
                    return False
                return self._safe(func.value) and all(self._safe(p) for p in parts)
        return False

    # ---- scopes --------------------------------------------------------------------------

    def _collect(self, body: list[ast.stmt], scope: _Scope, *, self_only: bool) -> None:
        """Record what each name (or ``self.x``) is assigned and which are made plain."""
        for node in (n for stmt in body for n in ast.walk(stmt)):
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                kind = self._class_of(node.value) if node.value is not None else None
                if kind is None and isinstance(node, ast.AnnAssign):
                    kind = _dotted(node.annotation)
                for target in targets:
                    key = _dotted(target)
                    if key and key.startswith("self.") == self_only:
                        scope.kinds.setdefault(key, set()).add(kind or "?")
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "setTextFormat"
                and node.args
                and (_dotted(node.args[0]) or "").split(".")[-1] in PLAIN_FORMATS
            ):
                key = _dotted(node.func.value)
                if key and key.startswith("self.") == self_only:
                    scope.plain.add(key)

    def _plain_receiver(self, receiver: ast.expr) -> bool:
        key = _dotted(receiver)
        if key is None:
            return False
        chain = self.classes[-1:] if key.startswith("self.") else self.scopes[::-1]
        for scope in chain:
            if key in scope.plain:
                return True
            if key in scope.kinds:
                return all(
                    k == "plain" or self.bases.get(k, k) in PLAIN_ONLY for k in scope.kinds[key]
                )
        return False

    # ---- visiting ------------------------------------------------------------------------

    def run(self) -> list[str]:
        for node in self.tree.body:
            if isinstance(node, ast.ImportFrom) and node.module == HELPERS:
                self.helpers |= {a.asname or a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module == "annotator.gui":
                self.helper_modules |= {a.asname or a.name for a in node.names if a.name == "plain"}
            elif isinstance(node, ast.Assign) and self._safe(node.value):
                self.constants |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        module = _Scope()
        self._collect(self.tree.body, module, self_only=False)
        self.scopes.append(module)
        self.visit(self.tree)
        return self.problems

    def _flag(self, node: ast.AST, message: str) -> None:
        self.problems.append(f"{self.filename}:{getattr(node, 'lineno', 0)}: {message}")

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        scope = _Scope()
        self._collect(node.body, scope, self_only=True)
        self.classes.append(scope)
        self.generic_visit(node)
        self.classes.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        scope = _Scope()
        for arg in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]:
            if arg.annotation is not None and (name := _dotted(arg.annotation)):
                scope.kinds[arg.arg] = {name}
        self._collect(node.body, scope, self_only=False)
        self.scopes.append(scope)
        if node.name in self.html_functions:
            for inner in ast.walk(node):
                if isinstance(inner, ast.JoinedStr) and not self._safe(inner):
                    self._flag(inner, f"{node.name} builds markup from unescaped text")
        if node.name in ("data", "headerData"):
            self._check_model_tooltips(node)
        self.generic_visit(node)
        self.scopes.pop()

    def _check_model_tooltips(self, node: ast.FunctionDef) -> None:
        for branch in ast.walk(node):
            if isinstance(branch, ast.If) and _mentions(branch.test, TOOLTIP_ROLE):
                for stmt in branch.body:
                    for ret in ast.walk(stmt):
                        if isinstance(ret, ast.Return) and not self._safe(ret.value):
                            self._flag(ret, "a ToolTipRole value from user text: use tooltip()")

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        narrowed = (
            isinstance(test, ast.Call)
            and isinstance(test.func, ast.Name)
            and test.func.id == "isinstance"
            and len(test.args) == 2
            and (key := _dotted(test.args[0])) is not None
            and (kind := _dotted(test.args[1])) is not None
        )
        self.visit(test)
        if narrowed:
            self.scopes.append(_Scope(kinds={key: {kind}}))
        for stmt in node.body:
            self.visit(stmt)
        if narrowed:
            self.scopes.pop()
        for stmt in node.orelse:
            self.visit(stmt)

    def visit_Assign(self, node: ast.Assign) -> None:
        # ``box = QMessageBox(icon, title, text)`` followed by ``box.setTextFormat(PLAIN)``
        # shows the text plain: the constructor's text is not checked then.
        value = node.value
        made_plain = (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and self.bases.get(value.func.id, value.func.id) in RICH_CONSTRUCTOR
            and len(node.targets) == 1
            and self._plain_receiver(node.targets[0])
        )
        if made_plain:
            assert isinstance(value, ast.Call)
            for child in [*value.args, *(k.value for k in value.keywords)]:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        for problem in self._call_problems(node):
            self._flag(node, problem)
        self.generic_visit(node)

    def _argument(self, node: ast.Call, index: int) -> ast.expr | None:
        if len(node.args) > index and not isinstance(node.args[index], ast.Starred):
            return node.args[index]
        return next((k.value for k in node.keywords if k.arg == "text"), None)

    def _call_problems(self, node: ast.Call) -> Iterator[str]:
        func = node.func
        if isinstance(func, ast.Name) and self.bases.get(func.id, func.id) in RICH_CONSTRUCTOR:
            kind = self.bases.get(func.id, func.id)
            if not self._safe(self._argument(node, RICH_CONSTRUCTOR[kind])):
                yield f"{func.id}(...) with non-constant text: use plain_label()/plain helpers"
            return
        if not isinstance(func, ast.Attribute):
            return
        owner = _dotted(func.value)
        if (owner, func.attr) in RICH_STATIC:
            if not self._safe(self._argument(node, RICH_STATIC[owner, func.attr])):
                yield f"{owner}.{func.attr}(...) shows non-constant text as rich text"
            return
        if func.attr in TEXT_SETTERS:
            text = self._argument(node, 0)
            if not self._safe(text) and not self._plain_receiver(func.value):
                yield f"{func.attr}() of non-constant text on a widget not known to be plain"
        elif func.attr in RICH_ARGUMENT:
            if not self._safe(self._argument(node, RICH_ARGUMENT[func.attr])):
                yield f"{func.attr}() of non-constant text: escape() or tooltip() it"
        elif func.attr in ("setData", "setItemData"):
            role_at, value_at = (0, 1) if func.attr == "setData" else (2, 1)
            role = self._argument(node, role_at)
            tip = role is not None and _mentions(role, TOOLTIP_ROLE)
            if tip and not self._safe(self._argument(node, value_at)):
                yield f"{func.attr}() of a tooltip from user text: use tooltip()"


@functools.cache
def package_bases() -> dict[str, str]:
    """Classes defined in the GUI package -> the Qt class they ultimately derive from."""
    direct: dict[str, str] = {}
    for path in GUI.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.bases:
                base = _dotted(node.bases[0])
                if base:
                    direct[node.name] = base.split(".")[-1]
    resolved = {}
    for name in direct:
        seen, current = set(), name
        while current in direct and current not in seen:
            seen.add(current)
            current = direct[current]
        resolved[name] = current
    return resolved


def lint(source: str, filename: str = "<snippet>") -> list[str]:
    return PlainTextLint(source, filename, package_bases()).run()


# ---- the package -----------------------------------------------------------------------------

PENDING: dict[str, str] = {}  # modules known to fail, with the reason (none now)
MODULES = sorted(p.name for p in GUI.glob("*.py") if p.name != "plain.py")


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(reason=PENDING[n], strict=False))
        if n in PENDING
        else n
        for n in MODULES
    ],
)
def test_gui_module_shows_user_text_only_as_plain_text(name: str) -> None:
    path = GUI / name
    assert lint(path.read_text(encoding="utf-8"), name) == []


# ---- the lint itself: it catches regressions and accepts the safe forms ----------------------

HEADER = """
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QToolTip
from annotator.gui.plain import escape, plain_label, tooltip
from annotator.gui import plain
"""


@pytest.mark.parametrize(
    "snippet",
    [
        # The link hint of relation_list.py before the fix.
        "class L:\n def __init__(self):\n  self.hint = QLabel()\n"
        " def show(self, name):\n  self.hint.setText(f'Links of {name}')\n",
        "def f(title):\n return QLabel(title)\n",
        "def f(widget, span):\n widget.setToolTip(span.text)\n",
        "def f(widget, span):\n widget.setToolTip(f'{span.text}!')\n",
        "def f(self, exc):\n QMessageBox.warning(self, 'Failed', str(exc))\n",
        "def f(self, exc):\n QMessageBox.warning(self, 'Failed', f'No.\\n\\n{exc}')\n",
        "def f(pos, span):\n QToolTip.showText(pos, span.text)\n",
        "def f(label, title):\n label.setText(title)\n",  # a receiver of unknown kind
        "def f(pos, text):\n label = QLabel()\n label.setText(text)\n",
        "def f(text):\n box = QMessageBox(1, 'T', text)\n box.exec()\n",
        # The document list's tooltip before the fix.
        "class M:\n def data(self, index, role):\n"
        "  if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:\n"
        "   return f'{doc.title}\\n{doc.doc_id}'\n",
        "def f(item, text):\n item.setData(Qt.ItemDataRole.ToolTipRole, text)\n",
        "def rows_html(names):\n return ''.join(f'<b>{n}</b>' for n in names)\n",
        "def f(plot, name):\n plot.setLabel('left', name)\n",
        "def f(widget, name):\n widget.addLabel('<br>'.join([name]))\n",
    ],
)
def test_the_lint_flags_user_text_shown_as_rich_text(snippet: str) -> None:
    assert len(lint(HEADER + snippet)) == 1


@pytest.mark.parametrize(
    "snippet",
    [
        "class L:\n def __init__(self):\n  self.hint = plain_label()\n"
        " def show(self, name):\n  self.hint.setText(f'Links of {name}')\n",
        "class L:\n def __init__(self):\n  self.hint = QLabel()\n"
        "  self.hint.setTextFormat(Qt.TextFormat.PlainText)\n"
        " def show(self, name):\n  self.hint.setText(name)\n",
        "def f(box, text):\n box.setTextFormat(plain.PLAIN)\n box.setText(text)\n",
        "def f(text):\n box = QMessageBox(1, 'T', text)\n"
        " box.setTextFormat(Qt.TextFormat.PlainText)\n box.exec()\n",
        "def f(widget, span):\n widget.setToolTip(tooltip(span.text))\n",
        "def f(widget, span):\n widget.setToolTip(plain.tooltip(span.text))\n",
        "def f(self, path):\n QMessageBox.about(self, 'About', f'<b>x</b> {plain.escape(path)}')\n",
        "def f(self, exc):\n plain.warning(self, 'Failed', str(exc))\n",
        "def f(edit: QLineEdit, text):\n edit.setText(text)\n",
        "def f(widget, text):\n if isinstance(widget, QLineEdit):\n  widget.setText(text)\n",
        "def f(found):\n status = plain_label()\n status.setText('' if found else 'not found')\n",
        "def rows_html(names):\n return ''.join(f'<b>{escape(n)}</b>' for n in names)\n"
        "def f(browser, names):\n browser.setHtml(rows_html(names))\n",
        "HELP = 'N next'\ndef f():\n return QLabel(HELP)\n",
        "class M:\n def data(self, index, role):\n"
        "  if role == Qt.ItemDataRole.ToolTipRole:\n   return tooltip(index.data())\n",
        "def f(self, exc):\n progress = plain.progress_dialog('Busy', 'Cancel', self)\n"
        " def step(path):\n  progress.setLabelText(f'Reading {path}')\n",
    ],
)
def test_the_lint_accepts_plain_widgets_and_escaped_markup(snippet: str) -> None:
    assert lint(HEADER + snippet) == []
