"""The matching against an independent optimum (brute force) on small random instances."""

from __future__ import annotations

import itertools
import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from vereinsforum.offers.matching import (
    BIG,
    DISTRICT_FIT,
    LANGUAGE_FIT,
    MIN_NEED,
    Need,
    OfferInput,
    benefit,
    match,
)

LANGS = ["de", "tr", "ru", "ar"]
DISTRICTS = ["Barmen", "Elberfeld", "Vohwinkel"]


@st.composite
def instances(draw):
    n_fields = draw(st.integers(1, 2))
    n_needs = draw(st.integers(0, 6))
    needs = [
        Need(
            organisation_id=i // n_fields + 1,
            field_id=i % n_fields + 1,
            level=draw(st.integers(1, 5)),
            languages=frozenset(draw(st.sets(st.sampled_from(LANGS), max_size=2))),
            district=draw(st.sampled_from(["", *DISTRICTS])),
        )
        for i in range(n_needs)
    ]
    offers = [
        OfferInput(
            offer_id=j + 1,
            field_id=draw(st.integers(1, n_fields)),
            capacity=draw(st.integers(0, 2)),
            languages=frozenset(draw(st.sets(st.sampled_from(LANGS), max_size=2))),
            citywide=draw(st.booleans()),
            districts=frozenset(draw(st.sets(st.sampled_from(DISTRICTS), max_size=2))),
        )
        for j in range(draw(st.integers(0, 3)))
    ]
    return needs, offers


def brute_force(needs: list[Need], offers: list[OfferInput]) -> int:
    """The best total benefit over every way to give each need one offer or none."""
    needs = [n for n in needs if n.level >= MIN_NEED]
    choices = [[None, *[o for o in offers if o.field_id == n.field_id]] for n in needs]
    best = 0
    for combo in itertools.product(*choices):
        used = Counter(o.offer_id for o in combo if o is not None)
        if any(used[o.offer_id] > o.capacity for o in offers):
            continue
        total = sum(benefit(n, o) for n, o in zip(needs, combo, strict=True) if o is not None)
        best = max(best, total)
    return best


@settings(max_examples=150, deadline=None)
@given(instances())
def test_the_matching_reaches_the_brute_force_optimum(instance):
    needs, offers = instance
    result = match(needs, offers)
    assert sum(m.benefit for m in result) == brute_force(needs, offers)


@settings(max_examples=150, deadline=None)
@given(instances())
def test_capacities_fields_and_one_case_per_need_are_respected(instance):
    needs, offers = instance
    result = match(needs, offers)
    by_id = {o.offer_id: o for o in offers}
    used = Counter(m.offer_id for m in result if m.covered)
    assert all(used[i] <= by_id[i].capacity for i in used)
    assert all(by_id[m.offer_id].field_id == m.need.field_id for m in result if m.covered)
    # one row per need at or above the threshold, each once
    assert Counter(m.need for m in result) == Counter(n for n in needs if n.level >= MIN_NEED)


@settings(max_examples=150, deadline=None)
@given(instances())
def test_a_higher_need_is_never_left_open_for_a_lower_one_of_its_field(instance):
    needs, offers = instance
    result = match(needs, offers)
    for field in {m.need.field_id for m in result}:
        open_levels = [m.need.level for m in result if m.need.field_id == field and not m.covered]
        met_levels = [m.need.level for m in result if m.need.field_id == field and m.covered]
        if open_levels and met_levels:
            assert min(met_levels) >= max(open_levels)


@settings(max_examples=60, deadline=None)
@given(instances(), st.randoms(use_true_random=False))
def test_the_same_input_in_any_order_gives_the_same_pairs(instance, rnd):
    needs, offers = instance
    first = match(needs, offers)
    shuffled_needs, shuffled_offers = list(needs), list(offers)
    rnd.shuffle(shuffled_needs)
    rnd.shuffle(shuffled_offers)
    assert match(shuffled_needs, shuffled_offers) == first
    assert match(needs, offers) == first


def test_short_capacity_goes_to_the_highest_needs_even_against_fit():
    # Two cases for four needs; the low needs fit the offer perfectly, the high ones not at all.
    offer = OfferInput(
        1, field_id=1, capacity=2, languages=frozenset({"tr"}), districts=frozenset({"Barmen"})
    )
    fitting = frozenset({"tr"})
    needs = [
        Need(1, 1, 2, fitting, "Barmen"),
        Need(2, 1, 3, fitting, "Barmen"),
        Need(3, 1, 5, frozenset({"ru"}), "Vohwinkel"),
        Need(4, 1, 4, frozenset(), ""),
    ]
    result = {m.need.organisation_id: m for m in match(needs, [offer])}
    assert [o for o, m in sorted(result.items()) if m.covered] == [3, 4]


def test_among_equal_needs_the_better_fit_is_met():
    offer = OfferInput(
        7,
        field_id=1,
        capacity=1,
        languages=frozenset({"de", "tr"}),
        districts=frozenset({"Barmen"}),
    )
    needs = [
        Need(1, 1, 4, frozenset({"de"}), "Barmen"),  # German does not count; district does
        Need(2, 1, 4, frozenset({"de", "tr"}), "Elberfeld"),  # community language
        Need(3, 1, 4, frozenset({"tr"}), "Barmen"),  # both
    ]
    [met] = [m for m in match(needs, [offer]) if m.covered]
    assert met.need.organisation_id == 3
    assert met.shared_language and met.district_served
    assert met.benefit == (4 - MIN_NEED + 1) * BIG + LANGUAGE_FIT + DISTRICT_FIT


def test_benefit_by_hand():
    citywide = OfferInput(1, field_id=2, capacity=1, languages=frozenset({"de"}), citywide=True)
    assert benefit(Need(1, 2, 5, frozenset({"de"}), "Ronsdorf"), citywide) == 4 * BIG + 1
    assert benefit(Need(1, 2, 2, frozenset({"ar"}), ""), citywide) == 1 * BIG + 1
    assert benefit(Need(1, 2, 1, frozenset(), ""), citywide) == 0  # no need
    assert benefit(Need(1, 3, 5, frozenset(), ""), citywide) == 0  # another field


def test_no_offers_leaves_every_need_open_and_no_need_is_not_matched():
    needs = [Need(i, 1, level) for i, level in enumerate([1, 2, 5], start=1)]
    result = match(needs, [])
    assert [(m.need.organisation_id, m.covered) for m in result] == [(2, False), (3, False)]


def test_a_larger_instance_is_solved_quickly_and_fully():
    rnd = random.Random(2008)
    needs = [
        Need(a, f, rnd.randint(1, 5), frozenset(rnd.sample(LANGS, 2)), rnd.choice(DISTRICTS))
        for a in range(1, 301)
        for f in range(1, 8)
    ]
    offers = [
        OfferInput(j, rnd.randint(1, 7), rnd.randint(1, 20), frozenset(rnd.sample(LANGS, 2)))
        for j in range(1, 41)
    ]
    result = match(needs, offers)
    capacity = Counter()
    for o in offers:
        capacity[o.field_id] += o.capacity
    for field in range(1, 8):
        wanting = sum(1 for n in needs if n.field_id == field and n.level >= MIN_NEED)
        met = sum(1 for m in result if m.need.field_id == field and m.covered)
        assert met == min(wanting, capacity[field])
