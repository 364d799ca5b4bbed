"""The line diff that compares two revisions of a section (guides/diff.py)."""

import random

from vereinsforum.guides.diff import Change, line_diff


def test_changed_line_is_shown_as_removed_and_added():
    lines = line_diff("a\nb\nc", "a\nB\nc")
    assert [(line.change, line.text) for line in lines] == [
        (Change.SAME, "a"),
        (Change.REMOVED, "b"),
        (Change.ADDED, "B"),
        (Change.SAME, "c"),
    ]
    assert lines[1].old_number == 2 and lines[1].new_number is None
    assert lines[2].new_number == 2 and lines[2].old_number is None


def test_both_texts_can_be_rebuilt_from_the_diff():
    """Oracle independent of difflib: the kept and removed lines are the old text, the kept
    and added lines the new one, both in order, with their line numbers."""
    rng = random.Random(7)
    words = ["Kasse", "Beleg", "Spende", "Zweckbetrieb", ""]
    for _ in range(300):
        old = [rng.choice(words) for _ in range(rng.randint(0, 8))]
        new = [rng.choice(words) for _ in range(rng.randint(0, 8))]
        lines = line_diff("\n".join(old), "\n".join(new))
        rebuilt_old = [x for x in lines if x.change != Change.ADDED]
        rebuilt_new = [x for x in lines if x.change != Change.REMOVED]
        assert [x.text for x in rebuilt_old] == "\n".join(old).splitlines()
        assert [x.text for x in rebuilt_new] == "\n".join(new).splitlines()
        assert [x.old_number for x in rebuilt_old] == list(range(1, len(rebuilt_old) + 1))
        assert [x.new_number for x in rebuilt_new] == list(range(1, len(rebuilt_new) + 1))
