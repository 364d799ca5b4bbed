"""The shell knows no domain app: it reaches them only through their AppConfig hooks.

`web` lists the navigation, the dashboard's tasks and the dashboard's panels by asking every
AppConfig (web/navigation.py). An import of, say, `events.models` at the top of a web module
would tie the shell to that app again, and make every app that imports the shell part of a
cycle. What the shell may build on is the foundation every app builds on: the shared
library, the accounts (users, roles, the scoping helpers) and the audit log.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

WEB = Path(__file__).resolve().parents[1]
#: The packages under `vereinsforum` that web may import at module level.
FOUNDATION = {"web", "lib", "accounts", "audit"}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported_at_import_time(nodes: list[ast.stmt]) -> Iterator[str]:
    """The modules a file imports when it is imported: not inside functions (run later),
    nor under `if TYPE_CHECKING:` (never run)."""
    for node in nodes:
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "vereinsforum":
                yield from (f"vereinsforum.{alias.name}" for alias in node.names)
            else:
                yield node.module
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        elif isinstance(node, ast.If) and _is_type_checking(node):
            yield from _imported_at_import_time(node.orelse)
        else:
            for field in ("body", "orelse", "finalbody", "handlers"):
                children = getattr(node, field, None)
                if isinstance(children, list):
                    yield from _imported_at_import_time(
                        [c for c in children if isinstance(c, ast.stmt)]
                        + [s for h in children if isinstance(h, ast.excepthandler) for s in h.body]
                    )


def _application_files() -> list[Path]:
    return [
        path
        for path in sorted(WEB.rglob("*.py"))
        if path.relative_to(WEB).parts[0] not in ("tests", "migrations")
    ]


def test_web_imports_no_domain_app_at_module_level():
    offenders = []
    for path in _application_files():
        tree = ast.parse(path.read_text(), filename=str(path))
        for module in _imported_at_import_time(tree.body):
            parts = module.split(".")
            if parts[0] == "vereinsforum" and len(parts) > 1 and parts[1] not in FOUNDATION:
                offenders.append(f"{path.relative_to(WEB)} imports {module}")
    assert offenders == []


def test_the_check_sees_an_import_at_the_top_and_not_one_in_a_function():
    """A control: the walk finds what it looks for, so the test above can fail."""
    source = (
        "from vereinsforum.events.models import Event\n"
        "import vereinsforum.programmes.models\n"
        "try:\n    from vereinsforum.forum import services\nexcept ImportError:\n    pass\n"
        "if TYPE_CHECKING:\n    from vereinsforum.needs.models import Wave\n"
        "def later():\n    from vereinsforum.offers.models import Offer\n"
    )
    found = list(_imported_at_import_time(ast.parse(source).body))
    assert found == [
        "vereinsforum.events.models",
        "vereinsforum.programmes.models",
        "vereinsforum.forum",
    ]
    assert _application_files()  # the walk reads web's files
