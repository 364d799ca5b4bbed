"""One naming scheme, `<entity>.<action>`: every action the code records reads as such,
old codes through `LEGACY_ACTIONS` (the log is append-only: they stay as written)."""

import ast
from pathlib import Path

import vereinsforum
from vereinsforum.audit import labels

PACKAGE = Path(vereinsforum.__file__).parent


def _written_codes() -> dict[str, str]:
    """Every literal `action="…"` (and `action = "…"`) in the application code, with where."""
    found: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            values = []
            if (
                (
                    isinstance(node, ast.keyword)
                    and node.arg == "action"
                    and "management" not in path.parts
                )
                or isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "action" for t in node.targets)
            ):
                values.append(node.value)
            for value in values:
                options = [value.body, value.orelse] if isinstance(value, ast.IfExp) else [value]
                for option in options:
                    if isinstance(option, ast.Constant) and isinstance(option.value, str):
                        found[option.value] = f"{path.relative_to(PACKAGE)}:{node.lineno}"
    return found


def test_the_code_writes_only_names_of_the_scheme_each_with_a_label():
    written = _written_codes()
    assert len(written) > 100  # the walk found the services' calls
    wrong = {
        code: where
        for code, where in written.items()
        if not labels.ACTION_NAME.match(code) or code in labels.LEGACY_ACTIONS
    }
    assert wrong == {}
    unlabelled = {
        code: where for code, where in written.items() if code not in labels.ACTION_LABELS
    }
    assert unlabelled == {}


def test_every_known_action_has_a_name_in_the_scheme():
    wrong = [
        code
        for code in labels.known_actions()
        if not labels.ACTION_NAME.match(labels.canonical_action(code))
    ]
    assert wrong == []


def test_legacy_codes_map_into_the_scheme_and_read_as_their_new_name():
    for old, new in labels.LEGACY_ACTIONS.items():
        assert labels.ACTION_NAME.match(new), new
        assert new in labels.ACTION_LABELS, new
        assert labels.action_label(old) == labels.action_label(new) != old


def test_entity_and_canonical_name():
    assert labels.canonical_action("forum.poll_close") == "poll.close"
    assert labels.entity("forum.poll_close") == "poll"
    assert labels.entity("needs.interview.save") == "interview"
    assert labels.canonical_action("team.add") == "team_member.add"
    assert labels.canonical_action("event.create") == "event.create"
    assert labels.entity("event.create") == "event"
