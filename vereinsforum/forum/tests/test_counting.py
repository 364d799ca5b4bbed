"""The counting functions against pref_voting, the textbook example and properties."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pref_voting.margin_based_methods import beat_path
from pref_voting.profiles_with_ties import ProfileWithTies
from pref_voting.scoring_methods import borda_for_profile_with_ties, symmetric_borda_scores

from vereinsforum.forum.counting import lots, ranked, schulze, scores, weights
from vereinsforum.forum.counting.tally import (
    tally_approval,
    tally_dots,
    tally_ranked,
    tally_schulze,
)

# ---- random profiles --------------------------------------------------------------------------


def strict_ballot(rng: random.Random, n: int) -> list[list[int]]:
    order = list(range(n))
    rng.shuffle(order)
    return [[o] for o in order]


def weak_ballot(rng: random.Random, n: int) -> list[list[int]]:
    """A ranking with ties that may leave options out (at least one option ranked)."""
    order = list(range(n))
    rng.shuffle(order)
    kept = order[: rng.randint(1, n)]
    groups: list[list[int]] = []
    for option in kept:
        if groups and rng.random() < 0.35:
            groups[-1].append(option)
        else:
            groups.append([option])
    return groups


def to_pref_voting(ballots: list[list[list[int]]], n: int) -> ProfileWithTies:
    rankings = [
        {option: level for level, group in enumerate(ballot, start=1) for option in group}
        for ballot in ballots
    ]
    profile = ProfileWithTies(rankings, candidates=list(range(n)))
    profile.use_extended_strict_preference()
    return profile


def random_profile(rng: random.Random, *, ties: bool) -> tuple[list, int]:
    n = rng.randint(2, 6)
    voters = rng.randint(1, 25)
    make = weak_ballot if ties else strict_ballot
    return [make(rng, n) for _ in range(voters)], n


@pytest.mark.parametrize("ties", [False, True], ids=["strict", "ties-and-truncation"])
def test_schulze_and_borda_winners_agree_with_pref_voting(ties):
    rng = random.Random(20071010 + ties)
    checked = 0
    for _ in range(1200):
        ballots, n = random_profile(rng, ties=ties)
        profile = to_pref_voting(ballots, n)
        result = tally_ranked(ballots, n)

        # Winning votes: the strength of a link is the support d[a, b].
        expected = beat_path(profile, strength_function=profile.support)
        assert result["schulze"].ranking[0] == sorted(expected), (ballots, n)

        expected_borda = borda_for_profile_with_ties(profile, borda_scores=symmetric_borda_scores)
        assert result["borda"].ranking[0] == sorted(expected_borda), (ballots, n)

        # Same pairwise matrix as pref_voting's supports.
        d = np.array(result["schulze"].explanation["d"])
        assert all(d[a, b] == profile.support(a, b) for a in range(n) for b in range(n) if a != b)
        checked += 1
    assert checked >= 1000


def test_textbook_schulze_example_with_45_voters_elects_e():
    # Schulze's example (Wikipedia "Schulze method"): A..E = 0..4, 45 voters.
    groups = [
        (5, "ACBED"), (5, "ADECB"), (8, "BEDAC"), (3, "CABED"),
        (7, "CAEBD"), (2, "CBADE"), (7, "DCEBA"), (8, "EBADC"),
    ]  # fmt: skip
    ballots = [[["ABCDE".index(x)] for x in order] for count, order in groups for _ in range(count)]
    assert len(ballots) == 45
    result = tally_ranked(ballots, 5)["schulze"]
    letters = ["ABCDE"[place[0]] for place in result.ranking]
    assert letters == ["E", "A", "C", "B", "D"]
    p = np.array(result.explanation["p"])
    # The strongest paths of the textbook example.
    assert p.tolist() == [
        [0, 28, 28, 30, 24],
        [25, 0, 28, 33, 24],
        [25, 29, 0, 29, 24],
        [25, 28, 28, 0, 24],
        [25, 28, 28, 31, 0],
    ]
    assert result.explanation["condorcet_winner"] is None
    first = result.explanation["pairs"][0]
    assert (first["a"], first["b"], first["strength"], first["reverse_strength"]) == (4, 0, 25, 24)


def test_unranked_options_count_below_ranked_and_tied_among_themselves():
    ranks = ranked.rank_matrix([[[2]], [[0, 1]]], 4)
    d = ranked.pairwise_matrix(ranks)
    # Ballot 1 ranks only option 2: 2 beats 0, 1, 3; 0, 1 and 3 are tied.
    # Ballot 2 ranks 0 and 1 tied on top: both beat 2 and 3.
    assert d[2, 0] == 1 and d[0, 2] == 1
    assert d[0, 3] == 1 and d[3, 0] == 0
    assert d[0, 1] == 0 and d[1, 0] == 0


def test_borda_gives_tied_options_the_average_of_their_points():
    # 4 options; positions are worth 3, 2, 1, 0. Ballot: 0 first, 1 and 2 tied, 3 unranked.
    ranks = ranked.rank_matrix([[[0], [1, 2]]], 4)
    assert ranked.borda_points(ranks).tolist() == [3.0, 1.5, 1.5, 0.0]
    # Unranked options share the remaining points: 0 first, 1, 2, 3 share 2, 1, 0 → 1 each.
    ranks = ranked.rank_matrix([[[0]]], 4)
    assert ranked.borda_points(ranks).tolist() == [3.0, 1.0, 1.0, 1.0]


def test_strongest_path_behind_each_adjacent_pair_has_the_claimed_strength():
    rng = random.Random(7)
    for _ in range(300):
        ballots, n = random_profile(rng, ties=True)
        result = tally_schulze(ranked.rank_matrix(ballots, n))
        d = np.array(result.explanation["d"])
        links = schulze.link_strengths(d)
        for pair in result.explanation["pairs"]:
            for path, strength in (
                (pair["path"], pair["strength"]),
                (pair["reverse_path"], pair["reverse_strength"]),
            ):
                if strength == 0:
                    assert path == []
                    continue
                assert path[0] != path[-1]
                weakest = min(links[x, y] for x, y in zip(path, path[1:], strict=False))
                assert weakest == strength
            assert pair["strength"] >= pair["reverse_strength"]


def test_dot_voting_tie_is_broken_by_the_number_of_supporting_ballots():
    # Options 0 and 1 both get 4 points; 1 gets them from two ballots, 0 from one.
    points = np.array([[4, 2, 0], [0, 2, 1]])
    result = tally_dots(points)
    assert result.ranking == [[1], [0], [2]]
    assert result.ties == []
    assert result.explanation["supporters"] == [1, 2, 1]


def test_a_remaining_tie_is_flagged_not_broken():
    result = tally_dots(np.array([[2, 2, 1]]))
    assert result.ranking == [[0, 1], [2]]
    assert result.ties == [[0, 1]]
    approval = tally_approval(np.array([[1, 1, 0], [1, 1, 1]]))
    assert approval.ties == [[0, 1]] and approval.ranking == [[0, 1], [2]]


def test_drawing_lots_is_repeatable_with_the_seed_and_keeps_untied_places():
    ranking = [[3], [0, 1, 4], [2]]
    first = lots.draw_lots(ranking, "abc")
    assert first == lots.draw_lots(ranking, "abc")
    assert first[0] == [3] and first[-1] == [2]
    assert sorted(o for (o,) in first[1:4]) == [0, 1, 4]
    orders = {tuple(o for (o,) in lots.draw_lots(ranking, str(seed))) for seed in range(50)}
    assert len(orders) > 1  # the seed does decide


def test_roc_weights_average_tied_positions():
    w = weights.roc_position_weights(3)
    assert np.allclose(w, [11 / 18, 5 / 18, 2 / 18])
    tied = weights.roc_weights([[1, 2], [0]], 3)
    assert np.isclose(tied[1], (11 / 18 + 5 / 18) / 2)
    assert tied[1] == tied[2]
    assert np.isclose(tied[0], 2 / 18)


def test_no_ballots_give_no_weights():
    result = tally_ranked([], 3)
    assert result["schulze"].weights is None and result["borda"].weights is None
    assert result["schulze"].ranking == [[0, 1, 2]]


# ---- properties -------------------------------------------------------------------------------


@st.composite
def weak_profiles(draw, min_options=2, max_options=6):
    n = draw(st.integers(min_options, max_options))
    ballot = st.permutations(list(range(n))).flatmap(
        lambda order: st.tuples(
            st.integers(1, n), st.lists(st.booleans(), min_size=n, max_size=n)
        ).map(lambda cut_ties: _weak(order, *cut_ties))
    )
    ballots = draw(st.lists(ballot, min_size=1, max_size=30))
    return ballots, n


def _weak(order, cut, tie_flags):
    groups: list[list[int]] = []
    for option, tie in zip(order[:cut], tie_flags, strict=False):
        if groups and tie:
            groups[-1].append(option)
        else:
            groups.append([option])
    return groups


@settings(max_examples=200, deadline=None)
@given(weak_profiles())
def test_a_condorcet_winner_wins_schulze(profile):
    ballots, n = profile
    result = tally_ranked(ballots, n)["schulze"]
    winner = result.explanation["condorcet_winner"]
    if winner is not None:
        assert result.ranking[0] == [winner]


@settings(max_examples=100, deadline=None)
@given(weak_profiles(), st.randoms(use_true_random=False))
def test_the_order_of_ballots_does_not_change_the_result(profile, rnd):
    ballots, n = profile
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    a, b = tally_ranked(ballots, n), tally_ranked(shuffled, n)
    for method in ("schulze", "borda"):
        assert a[method].ranking == b[method].ranking
        assert a[method].weights == pytest.approx(b[method].weights)
    points = np.array([[len(ballot) - i for i in range(n)] for ballot in ballots])
    order = list(range(len(ballots)))
    rnd.shuffle(order)
    assert tally_dots(points).ranking == tally_dots(points[order]).ranking


@settings(max_examples=200, deadline=None)
@given(weak_profiles())
def test_weights_sum_to_one(profile):
    ballots, n = profile
    result = tally_ranked(ballots, n)
    for method in ("schulze", "borda"):
        assert sum(result[method].weights) == pytest.approx(1.0)
        # Tied places get equal weights.
        for place in result[method].ranking:
            assert len({round(result[method].weights[i], 12) for i in place}) == 1


@settings(max_examples=100, deadline=None)
@given(
    st.integers(2, 8).flatmap(
        lambda n: st.lists(
            st.lists(st.integers(0, 3), min_size=n, max_size=n).filter(any),
            min_size=1,
            max_size=20,
        )
    )
)
def test_dot_and_approval_weights_sum_to_one(rows):
    points = np.array(rows)
    assert sum(tally_dots(points).weights) == pytest.approx(1.0)
    assert sum(tally_approval(points > 0).weights) == pytest.approx(1.0)


def test_rank_by_groups_equal_keys():
    assert scores.rank_by([(1,), (3,), (1,), (2,)]) == [[1], [3], [0, 2]]


# ---- benchmark --------------------------------------------------------------------------------


@pytest.mark.bench
def test_counting_3000_ballots_over_30_options_is_fast():
    import time

    rng = random.Random(3000)
    n = 30
    ballots = [weak_ballot(rng, n) for _ in range(3000)]
    points = np.array([[rng.randint(0, 3) for _ in range(n)] for _ in range(3000)])
    start = time.perf_counter()
    ranked_result = tally_ranked(ballots, n)
    dots_result = tally_dots(points)
    elapsed = time.perf_counter() - start
    print(f"\nforum counting: 3,000 ballots × 30 options in {elapsed:.3f} s")
    assert ranked_result["schulze"].ballots == 3000 and dots_result.ballots == 3000
    assert elapsed < 0.5
