"""The shape of the code that the next maintainer relies on (issue 15, STYLE.md):

- no file of application code over 600 lines;
- no import cycle between apps (the module graph, function-level imports included, has no
  cycle that spans two apps), and none at all between modules at import time;
- a module docstring on every module of 30 lines or more;
- services take typed keyword arguments, never `**data` or a `data` dict, and an `Actor`
  (or a `User` where only a signed-in account may act), never `Any`.

Application code: every `.py` file of the package except tests and migrations.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import vereinsforum

PACKAGE = Path(vereinsforum.__file__).parent
MAX_LINES = 600


def _application_files() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _app(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else module  # vereinsforum.settings is its own


def _import_graph(*, function_level: bool) -> dict[str, set[str]]:
    """module → the package's modules it imports. Imports under `if TYPE_CHECKING:` never run
    and don't count; with `function_level`, imports inside functions count too."""
    modules = {_module_name(p): p for p in _application_files()}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                node.body = []
        nodes = ast.walk(tree) if function_level else iter(tree.body)
        for node in nodes:
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    targets.append(full if full in modules else node.module)
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != module:
                    graph[module].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_application_file_is_longer_than_600_lines():
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in _application_files()
        if (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_no_module_imports_itself_back_at_import_time():
    assert _cycles(_import_graph(function_level=False)) == []


def test_no_import_cycle_spans_two_apps():
    spanning = [
        cycle
        for cycle in _cycles(_import_graph(function_level=True))
        if len({_app(m) for m in cycle}) > 1
    ]
    assert spanning == []


def test_the_oparl_catalogue_and_its_serializers_depend_one_way():
    cycles = _cycles(_import_graph(function_level=True))
    assert not [c for c in cycles if "vereinsforum.oparl.catalogue" in c]


def test_the_cycle_check_finds_a_cycle():
    graph = {"a.x.m": {"a.y.m"}, "a.y.m": {"a.x.m"}, "a.z.m": set()}
    assert _cycles(graph) == [["a.x.m", "a.y.m"]]


def test_every_module_of_30_lines_or_more_says_what_it_is_for():
    missing = [
        str(p.relative_to(PACKAGE))
        for p in _application_files()
        if len(p.read_text().splitlines()) >= 30 and not ast.get_docstring(ast.parse(p.read_text()))
    ]
    assert missing == []


def _service_functions() -> Iterator[tuple[str, ast.FunctionDef]]:
    for path in _application_files():
        rel = path.relative_to(PACKAGE)
        if rel.name != "services.py" and "services" not in rel.parts[:-1]:
            continue
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                yield f"{rel}:{node.name}", node


def test_services_take_named_arguments_and_an_actor_type():
    loose, untyped_actor = [], []
    for where, func in _service_functions():
        arguments = func.args.args + func.args.kwonlyargs
        if func.args.kwarg is not None or any(
            a.arg == "data" and a.annotation is not None and "dict" in ast.unparse(a.annotation)
            for a in arguments
        ):
            loose.append(where)
        for a in arguments:
            # `Actor`, or `User` where only a signed-in account may act (accounts' services).
            named = ast.unparse(a.annotation) if a.annotation is not None else ""
            if a.arg == "actor" and not {"Actor", "User"} & set(re.findall(r"\w+", named)):
                untyped_actor.append(where)
    assert loose == []
    assert untyped_actor == []
