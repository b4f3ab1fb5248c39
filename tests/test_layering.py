"""The layering of quizapp/, read from the source with `ast` (imports inside functions count too).

- library is the base the other apps build on: it never imports quizzes, study or decks;
- models never import the admin, admin forms or serializers (rules live on the models, not there);
- API modules never import an admin module;
- the authoring groups are named only by the Role enum (quizapp/accounts/roles.py).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "quizapp"
ROLES = PACKAGE / "accounts" / "roles.py"
GROUP_NAMES = {"Authors", "Editors"}


def module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).parent.parts)


def imports(source: str, package: str) -> Iterator[tuple[int, str]]:
    """(line, dotted name) for every import in `source`, wherever it stands; `from a import b`
    yields both a and a.b, so importing a submodule by name is caught. import_module("…") counts."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: "." is this module's package, ".." its parent, …
                parts = package.split(".")
                base = ".".join([*parts[: len(parts) - node.level + 1], *([base] if base else [])])
            yield node.lineno, base
            yield from ((node.lineno, f"{base}.{alias.name}") for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def is_admin(name: str) -> bool:
    return any(part.startswith("admin") for part in name.split("."))


def is_admin_or_serializers(name: str) -> bool:
    return any(part in ("admin", "admin_forms") or part.endswith("serializers") for part in name.split("."))


def library_reaching_up(path: Path, name: str) -> bool:
    return within(module_of(path), "quizapp.library") and any(
        within(name, f"quizapp.{app}") for app in ("quizzes", "study", "decks")
    )


def models_reaching_out(path: Path, name: str) -> bool:
    return path.name == "models.py" and is_admin_or_serializers(name)


def api_importing_admin(path: Path, name: str) -> bool:
    is_api = path.name.startswith("api") or within(module_of(path), "quizapp.api")
    return is_api and is_admin(name)


RULES = {
    "library imports quizzes, study or decks": library_reaching_up,
    "a models module imports the admin, an admin form or serializers": models_reaching_out,
    "an API module imports an admin module": api_importing_admin,
}


def violations(rule, files: dict[Path, str]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path, source in files.items()
        for line, name in imports(source, package_of(path))
        if rule(path, name)
    ]


def group_name_literals(files: dict[Path, str]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.value!r}"
        for path, source in files.items()
        if path != ROLES
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and node.value in GROUP_NAMES
    ]


@pytest.fixture(scope="module")
def sources() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in sorted(PACKAGE.rglob("*.py"))}


@pytest.mark.parametrize("rule", RULES.values(), ids=RULES.keys())
def test_the_layering_holds(sources, rule):
    assert violations(rule, sources) == []


def test_group_names_come_only_from_the_role_enum(sources):
    assert ROLES in sources
    assert group_name_literals(sources) == []


# The checks themselves, on made-up modules, so a check that stopped seeing anything would show.


def fake(relative: str, source: str) -> dict[Path, str]:
    return {ROOT / relative: source}


@pytest.mark.parametrize(
    ("rule", "relative", "source"),
    [
        (library_reaching_up, "quizapp/library/api.py", "def f():\n    from quizapp.quizzes.feedback import x\n"),
        (library_reaching_up, "quizapp/library/bank/writer.py", "from ...decks import models\n"),
        (library_reaching_up, "quizapp/library/bank/__init__.py", "from ...study.models import CardState\n"),
        (library_reaching_up, "quizapp/library/x.py", "import importlib\nimportlib.import_module('quizapp.study')\n"),
        (models_reaching_out, "quizapp/decks/models.py", "from quizapp.library.admin_forms import FactForm\n"),
        (models_reaching_out, "quizapp/library/models.py", "from quizapp.library import api_serializers\n"),
        (api_importing_admin, "quizapp/library/api.py", "from quizapp.library.admin import Perm\n"),
        (api_importing_admin, "quizapp/api/base.py", "import quizapp.admin_site\n"),
    ],
)
def test_each_rule_catches_a_bad_import(rule, relative, source):
    assert len(violations(rule, fake(relative, source))) >= 1


@pytest.mark.parametrize(
    ("rule", "relative", "source"),
    [
        (library_reaching_up, "quizapp/quizzes/apps.py", "from quizapp.library.revealed import register\n"),
        (library_reaching_up, "quizapp/library/api.py", "from quizapp.accounts.learners import current_learner\n"),
        (models_reaching_out, "quizapp/library/admin.py", "from quizapp.library.admin_forms import FactForm\n"),
        (api_importing_admin, "quizapp/library/api.py", "from quizapp.library.permissions import may_change\n"),
    ],
)
def test_allowed_imports_pass(rule, relative, source):
    assert violations(rule, fake(relative, source)) == []


def test_a_group_name_outside_the_roles_module_is_caught():
    assert group_name_literals(fake("quizapp/admin_site.py", 'GROUPS = ("Authors", "Editors")\n')) != []
    assert group_name_literals({ROLES: 'AUTHOR = "Authors"\n'}) == []
    assert group_name_literals(fake("quizapp/api/base.py", 'MESSAGE = "the Authors or Editors group"\n')) == []
