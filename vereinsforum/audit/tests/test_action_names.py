"""One naming scheme, `<entity>.<action>`: every action the code records reads as such,
old codes through `LEGACY_ACTIONS` (the log is append-only: they stay as written)."""

from vereinsforum.audit import labels


def test_every_known_action_has_a_name_in_the_scheme():
    wrong = [
        code
        for code in labels.known_actions()
        if not labels.ACTION_NAME.match(labels.canonical_action(code))
    ]
    assert wrong == []


def test_legacy_codes_are_codes_that_were_written_and_map_into_the_scheme():
    for old, new in labels.LEGACY_ACTIONS.items():
        assert old in labels.ACTION_LABELS, old
        assert labels.ACTION_NAME.match(new), new


def test_entity_and_canonical_name():
    assert labels.canonical_action("forum.poll_close") == "poll.close"
    assert labels.entity("forum.poll_close") == "poll"
    assert labels.entity("needs.interview.save") == "interview"
    assert labels.canonical_action("event.create") == "event.create"
    assert labels.entity("event.create") == "event"
