"""A text translated when its module is imported stays in the language active at that moment
(Russian, at start) on every page afterwards: the apps translate at import only lazily
(`gettext_lazy`), and call `gettext` inside the functions that draw a page."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}
ROOT = Path(settings.BASE_DIR)
# the portal's own packages that are not apps
PACKAGES = ("common", "psep_portal")


def _own_packages() -> list[Path]:
    paths = {ROOT / name for name in PACKAGES}
    for config in apps.get_app_configs():
        path = Path(config.path)
        if path.is_relative_to(ROOT) and ".venv" not in path.parts:
            paths.add(path)
    return sorted(paths)


def _eager_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """The names a module binds to the eager functions (`gettext as _`), and the names of
    `django.utils.translation` itself (`translation.gettext`)."""
    functions, modules = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            functions |= {a.asname or a.name for a in node.names if a.name in EAGER}
        elif isinstance(node, ast.ImportFrom) and node.module == "django.utils":
            modules |= {a.asname or a.name for a in node.names if a.name == "translation"}
        elif isinstance(node, ast.Import):
            modules |= {
                a.asname or a.name for a in node.names if a.name == "django.utils.translation"
            }
    return functions, modules


class _RunAtImport(ast.NodeVisitor):
    """Visits what Python runs when it imports the module: not the bodies of functions and
    lambdas (their decorators and default values, yes)."""

    def __init__(self, functions: set[str], modules: set[str]):
        self.functions, self.modules = functions, modules
        self.calls: list[int] = []

    def _signature(self, node):
        for default in [*node.args.defaults, *(d for d in node.args.kw_defaults if d)]:
            self.visit(default)

    def visit_FunctionDef(self, node):
        for decorator in node.decorator_list:
            self.visit(decorator)
        self._signature(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        self._signature(node)

    def visit_Call(self, node):
        func = node.func
        if (isinstance(func, ast.Name) and func.id in self.functions) or (
            isinstance(func, ast.Attribute)
            and func.attr in EAGER
            and isinstance(func.value, ast.Name)
            and func.value.id in self.modules
        ):
            self.calls.append(node.lineno)
        self.generic_visit(node)


def eager_calls_at_import(source: str) -> list[int]:
    tree = ast.parse(source)
    visitor = _RunAtImport(*_eager_names(tree))
    visitor.visit(tree)
    return visitor.calls


def test_no_module_translates_when_it_is_imported():
    found = []
    packages = _own_packages()
    assert {"planning", "municipalities", "common"} <= {p.name for p in packages}
    for package in packages:
        for path in sorted(package.rglob("*.py")):
            for line in eager_calls_at_import(path.read_text(encoding="utf-8")):
                found.append(f"{path.relative_to(ROOT)}:{line}")
    assert found == [], "gettext() at import time (use gettext_lazy): " + ", ".join(found)


def test_the_check_finds_what_it_looks_for():
    source = """
from django.utils import translation
from django.utils.translation import gettext as _, gettext_lazy

LAZY = gettext_lazy("ленивый")
EAGER = {"a": _("сразу")}
OTHER = translation.ngettext("один", "много", 2)


class Form:
    label = _("в теле класса")

    def method(self, text=_("по умолчанию")):
        return _("при вызове")


handler = lambda: _("при вызове")  # noqa: E731
"""
    assert eager_calls_at_import(source) == [6, 7, 11, 13]
