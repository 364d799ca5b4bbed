"""German wording helpers: plurals, lists, dates, decimals (lib/german.py)."""

from datetime import date

import pytest

from vereinsforum.lib.german import de_date, de_decimal, de_list, de_month, plural, sentence


@pytest.mark.parametrize(
    ("n", "expected"),
    [(0, "0 Forumssitzungen"), (1, "1 Forumssitzung"), (2, "2 Forumssitzungen")],
)
def test_plural_uses_the_singular_for_exactly_one(n, expected):
    assert plural(n, "Forumssitzung", "Forumssitzungen") == expected


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], ""),
        (["", ""], ""),
        (["Buchhaltung"], "Buchhaltung"),
        (["Buchhaltung", "", "Rhetorik"], "Buchhaltung und Rhetorik"),
        (["a", "b", "c"], "a, b und c"),
    ],
)
def test_de_list_never_leaves_an_empty_item_or_a_dangling_comma(items, expected):
    assert de_list(items) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("  ", ""),
        ("das Team besteht aus Anadolu e.V.", "Das Team besteht aus Anadolu e.V."),
        ("Es wurde beschlossen", "Es wurde beschlossen."),
        ("Ist das so?", "Ist das so?"),
        ("Er sagte „Ja.“", "Er sagte „Ja.“"),
        ("Der Titel lautet „Ja“", "Der Titel lautet „Ja“."),
    ],
)
def test_sentence_closes_once(text, expected):
    assert sentence(text) == expected


def test_dates_and_decimals():
    assert de_date(date(2007, 10, 10)) == "10.10.2007"
    assert de_month(date(2008, 1, 16)) == "Januar 2008"
    assert de_decimal(0.1912) == "0,19"
    assert de_decimal(0.5, 1) == "0,5"
