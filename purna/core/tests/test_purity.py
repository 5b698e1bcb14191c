"""`purna.core` is the model and must stay pure Python: no Django, no other Purna app.

Checked twice: statically (every import statement in the source) and at run time (a fresh
interpreter imports each module and Django must not have been loaded, even indirectly).
"""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[1]
REPO = CORE.parents[1]
MODULES = sorted(path for path in CORE.rglob("*.py") if "tests" not in path.relative_to(CORE).parts)
EXPECTED = {
    "__init__",
    "nik",
    "areacode",
    "instrument",
    "scoring",
    "quadrants",
    "pathways",
    "assessments",
    "spreadsheet",
    "privacy",
}


def dotted_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_forbidden(module: str) -> bool:
    top, _, rest = module.partition(".")
    if top == "django":
        return True
    return top == "purna" and not (rest == "core" or rest.startswith("core."))


def forbidden_imports(source: str, module: str, is_package: bool = False) -> list[str]:
    """Modules imported by `source` (the code of `module`) that core may not import."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join(base)
                target = f"{prefix}.{node.module}" if node.module else prefix
            else:
                target = node.module or ""
            # `from purna import people` names the package in the alias, not the module
            names = [target] + [f"{target}.{alias.name}" for alias in node.names]
            if target in ("purna", "") and all(alias.name == "core" for alias in node.names):
                names = [f"{target}.core"]
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and (
                (isinstance(node.func, ast.Name) and node.func.id == "__import__")
                or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
            )
        ):
            names = [node.args[0].value]
        else:
            continue
        found += [name for name in names if is_forbidden(name)]
    return found


def test_all_core_modules_are_checked():
    assert {path.stem for path in MODULES} >= EXPECTED


@pytest.mark.parametrize(
    ("source", "module"),
    [
        ("import django", "purna.core.x"),
        ("import django.db.models as m", "purna.core.x"),
        ("from django.utils.translation import gettext", "purna.core.x"),
        ("from django import forms", "purna.core.x"),
        ("from purna.people import models", "purna.core.x"),
        ("from purna import people", "purna.core.x"),
        ("import purna.settings", "purna.core.x"),
        ("from .. import settings", "purna.core.x"),
        ("from ..assessment.models import Assessment", "purna.core.x"),
        ("def f():\n    import django", "purna.core.x"),
        ("importlib.import_module('django.conf')", "purna.core.x"),
        ("__import__('purna.accounts')", "purna.core.x"),
    ],
)
def test_checker_catches_forbidden_imports(source, module):
    assert forbidden_imports(source, module)


@pytest.mark.parametrize(
    "source",
    [
        "import re, dataclasses",
        "from fractions import Fraction",
        "from purna.core.instrument import Item",
        "from purna.core import scoring",
        "from purna import core",
        "from . import nik",
        "from .quadrants import Quadrant",
        "import djangoish",
    ],
)
def test_checker_allows_the_standard_library_and_core(source):
    assert forbidden_imports(source, "purna.core.x") == []


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_source_imports_nothing_forbidden(path):
    source = path.read_text(encoding="utf-8")
    module = dotted_name(path)
    assert forbidden_imports(source, module, is_package=path.stem == "__init__") == []


CHECK = (
    "import importlib, sys; importlib.import_module(sys.argv[1]); "
    "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), "
    "sorted(m for m in sys.modules if m.split('.')[0] == 'django')"
)


def run_check(module: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-c", CHECK, module],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("module", [dotted_name(path) for path in MODULES])
def test_importing_module_does_not_load_django(module):
    result = run_check(module)
    assert result.returncode == 0, result.stderr


def test_runtime_check_would_notice_django():
    # Guards the check itself: importing something that pulls Django in must fail it.
    pytest.importorskip("django")
    result = run_check("django.conf")
    assert result.returncode != 0
    assert "AssertionError" in result.stderr
