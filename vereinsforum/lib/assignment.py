"""Optimal capacitated assignment: which demand goes to which supplier.

API (pure functions, no Django)::

    from vereinsforum.lib.assignment import Block, assign, assign_blocks

    result = assign(
        benefit,                  # float array (n_rows, n_cols): the worth of pair (r, c)
        capacity,                 # int array (n_cols,): how many rows each column can take
        eligible=None,            # bool array (n_rows, n_cols); None = all pairs eligible
        fixed=(),                 # (row, col) pairs that must stay (already accepted): they are
                                  #   always in the result and consume the column's capacity
        excluded=(),              # (row, col) pairs never to choose (declined)
        row_groups=None,          # int array (n_rows,): a group label per row (e.g. the mentee)
        group_cap=None,           # at most this many pairs per row group (fixed ones count)
        method="auto",            # "auto" | "lsa" | "milp"
    )
    result.pairs     # tuple of (row, col), sorted, fixed pairs included
    result.benefit   # total benefit of result.pairs (fixed pairs counted as given)
    result.method    # "lsa" or "milp": what was used

    # Several independent blocks (e.g. one per field) in one call; with a group cap the
    # groups may span blocks (a mentee's pairs across fields), then one milp solves all:
    results = assign_blocks([Block(benefit, capacity, eligible=..., fixed=..., excluded=...,
                                   row_groups=...), ...], group_cap=2)

The result maximises the total benefit subject to: every row at most once, every column at
most its capacity, only eligible pairs, never an excluded pair, never a pair whose benefit is
≤ 0 (or NaN), at most `group_cap` pairs per row group. It is the optimum, not an
approximation: nothing is thinned heuristically. Only rows and columns that provably cannot
take part (no eligible positive pair, no capacity left) are left out of the solver's input.

How:

- Without a group cap: `scipy.optimize.linear_sum_assignment` on the benefit matrix with each
  column repeated once per free capacity slot. Every pair that must not be chosen
  (ineligible, excluded, benefit ≤ 0) gets benefit 0 there and is dropped afterwards. Why 0
  and not a large negative constant: a rectangular assignment matches as many rows as it
  can, so a large negative value would force positive pairs aside to avoid it (rows A, B,
  columns X, Y, benefit A–X 10, A–Y 1, B–X 1, B–Y ineligible: with −BIG the solver picks
  A–Y, B–X = 2 although A–X alone is worth 10). Benefit 0 is exactly "this row may stay
  unpaired", so dropping those pairs afterwards loses nothing. Fixed pairs take their rows
  out and use up their columns' capacity first.
- With a group cap: `scipy.optimize.milp` (HiGHS) with one binary variable per eligible pair
  of positive benefit. Its constraint matrix is a network matrix (rows → groups, rows →
  columns), so the optimum is integral and HiGHS finds it quickly.
- `method="milp"` forces the milp also without a group cap (the tests compare both).

Determinism: the same input gives the same pairs; callers should order rows and columns by
a stable key (e.g. database ids). Fixed pairs that exceed a column's (reduced) capacity or a
group's cap are kept all the same: the free capacity is then 0, never negative.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

# scipy is imported inside the solvers: the URL configuration imports the matching modules,
# and a request that never matches should not load scipy.

Pair = tuple[int, int]


@dataclass(frozen=True)
class Block:
    """One independent assignment problem (e.g. one field)."""

    benefit: np.ndarray
    capacity: np.ndarray | Sequence[int]
    eligible: np.ndarray | None = None
    fixed: Iterable[Pair] = ()
    excluded: Iterable[Pair] = ()
    #: a group label per row; groups may span blocks (only used with a group cap)
    row_groups: np.ndarray | Sequence[int] | None = None


@dataclass(frozen=True)
class Assignment:
    pairs: tuple[Pair, ...]
    benefit: float
    method: str
    fixed: frozenset[Pair] = field(default_factory=frozenset)

    @property
    def new_pairs(self) -> tuple[Pair, ...]:
        """The pairs the solver chose (not the fixed ones)."""
        return tuple(p for p in self.pairs if p not in self.fixed)


@dataclass
class _Prepared:
    benefit: np.ndarray
    usable: np.ndarray  # bool: eligible, not excluded, positive, row and column free
    free_capacity: np.ndarray
    fixed: list[Pair]
    row_groups: np.ndarray | None


def _prepare(block: Block) -> _Prepared:
    benefit = np.asarray(block.benefit, dtype=float)
    if benefit.ndim != 2:
        raise ValueError("benefit must be a 2-d array")
    n_rows, n_cols = benefit.shape
    capacity = np.asarray(block.capacity, dtype=np.int64).reshape(-1)
    if capacity.shape != (n_cols,):
        raise ValueError("capacity needs one entry per column")
    if (capacity < 0).any():
        raise ValueError("capacities cannot be negative")
    usable = np.isfinite(benefit) & (benefit > 0)
    if block.eligible is not None:
        eligible = np.asarray(block.eligible, dtype=bool)
        if eligible.shape != benefit.shape:
            raise ValueError("eligible must have the shape of benefit")
        usable &= eligible

    def checked(pairs: Iterable[Pair]) -> list[Pair]:
        result = []
        for r, c in pairs:
            r, c = int(r), int(c)
            if not (0 <= r < n_rows and 0 <= c < n_cols):
                raise ValueError(f"pair ({r}, {c}) is outside the matrix")
            result.append((r, c))
        return result

    fixed = sorted(set(checked(block.fixed)))
    excluded = set(checked(block.excluded))
    if excluded & set(fixed):
        raise ValueError("a pair cannot be both fixed and excluded")
    fixed_rows = [r for r, _ in fixed]
    if len(set(fixed_rows)) != len(fixed_rows):
        raise ValueError("a row can be fixed to one column only")
    for r, c in excluded:
        usable[r, c] = False
    free_capacity = capacity.copy()
    for r, c in fixed:
        free_capacity[c] -= 1
        usable[r, :] = False  # the row is taken
    free_capacity = np.maximum(free_capacity, 0)
    usable[:, free_capacity == 0] = False
    row_groups = None
    if block.row_groups is not None:
        row_groups = np.asarray(block.row_groups).reshape(-1)
        if row_groups.shape != (n_rows,):
            raise ValueError("row_groups needs one label per row")
    return _Prepared(benefit, usable, free_capacity, fixed, row_groups)


def _solve_lsa(p: _Prepared) -> list[Pair]:
    from scipy.optimize import linear_sum_assignment

    rows = np.flatnonzero(p.usable.any(axis=1))
    cols = np.flatnonzero(p.usable.any(axis=0))
    if rows.size == 0 or cols.size == 0:
        return []
    # No column needs more slots than there are rows that could use it.
    slots = np.minimum(p.free_capacity[cols], rows.size)
    if rows.size == p.usable.shape[0] and cols.size == p.usable.shape[1]:
        sub_usable, sub_benefit = p.usable, p.benefit  # no copy of a large matrix
    else:
        sub_usable = p.usable[np.ix_(rows, cols)]
        sub_benefit = p.benefit[np.ix_(rows, cols)]
    sub = np.where(sub_usable, sub_benefit, 0.0)
    slot_cols = np.repeat(np.arange(cols.size), slots)
    matrix = sub if slot_cols.size == cols.size else sub[:, slot_cols]
    r_idx, s_idx = linear_sum_assignment(matrix, maximize=True)
    chosen = []
    for r, s in zip(r_idx, s_idx, strict=True):
        c = slot_cols[s]
        if sub_usable[r, c]:
            chosen.append((int(rows[r]), int(cols[c])))
    return chosen


def _solve_milp(prepared: Sequence[_Prepared], group_cap: int | None) -> list[list[Pair]]:
    from scipy import sparse
    from scipy.optimize import Bounds, LinearConstraint, milp

    # One binary variable per usable pair, over all blocks.
    var_block, var_rows, var_cols, weights = [], [], [], []
    for b, p in enumerate(prepared):
        r, c = np.nonzero(p.usable)
        var_block.append(np.full(r.size, b))
        var_rows.append(r)
        var_cols.append(c)
        weights.append(p.benefit[r, c])
    blocks = np.concatenate(var_block) if var_block else np.zeros(0, int)
    rows = np.concatenate(var_rows) if var_rows else np.zeros(0, int)
    cols = np.concatenate(var_cols) if var_cols else np.zeros(0, int)
    w = np.concatenate(weights) if weights else np.zeros(0)
    n = w.size
    result: list[list[Pair]] = [[] for _ in prepared]
    if n == 0:
        return result

    constraints = []
    var = np.arange(n)
    # each row at most once, each column at most its free capacity (per block)
    row_offsets = np.cumsum([0] + [p.benefit.shape[0] for p in prepared])
    col_offsets = np.cumsum([0] + [p.benefit.shape[1] for p in prepared])
    row_key = row_offsets[blocks] + rows
    col_key = col_offsets[blocks] + cols
    a_rows = sparse.csr_array((np.ones(n), (row_key, var)), shape=(row_offsets[-1], n))
    constraints.append(LinearConstraint(a_rows, -np.inf, 1))
    capacity = np.concatenate([p.free_capacity for p in prepared]).astype(float)
    a_cols = sparse.csr_array((np.ones(n), (col_key, var)), shape=(col_offsets[-1], n))
    constraints.append(LinearConstraint(a_cols, -np.inf, capacity))
    if group_cap is not None:
        labels = np.concatenate(
            [
                p.row_groups if p.row_groups is not None else np.arange(p.benefit.shape[0])
                for p in prepared
            ]
        )
        uniq, group_of_row = np.unique(labels, return_inverse=True)
        used = np.zeros(uniq.size)
        for b, p in enumerate(prepared):
            for row, _col in p.fixed:
                used[group_of_row[row_offsets[b] + row]] += 1
        cap = np.maximum(group_cap - used, 0)
        a_groups = sparse.csr_array(
            (np.ones(n), (group_of_row[row_key], var)), shape=(uniq.size, n)
        )
        constraints.append(LinearConstraint(a_groups, -np.inf, cap))

    res = milp(
        c=-w,
        constraints=constraints,
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
    )
    if res.x is None:  # pragma: no cover - x = 0 is always feasible
        raise RuntimeError(f"milp failed: {res.message}")
    chosen = np.flatnonzero(res.x > 0.5)
    for i in chosen:
        result[int(blocks[i])].append((int(rows[i]), int(cols[i])))
    return result


def _finish(p: _Prepared, chosen: list[Pair], method: str) -> Assignment:
    pairs = tuple(sorted(set(p.fixed) | set(chosen)))
    total = float(sum(p.benefit[r, c] for r, c in pairs))
    return Assignment(pairs=pairs, benefit=total, method=method, fixed=frozenset(p.fixed))


def assign_blocks(
    blocks: Sequence[Block], *, group_cap: int | None = None, method: str = "auto"
) -> list[Assignment]:
    """Solve independent blocks; with a group cap, all blocks together (one milp)."""
    if method not in ("auto", "lsa", "milp"):
        raise ValueError(f"unknown method {method!r}")
    if group_cap is not None and group_cap < 0:
        raise ValueError("group_cap cannot be negative")
    if group_cap is not None and method == "lsa":
        raise ValueError("a group cap needs the milp")
    prepared = [_prepare(b) for b in blocks]
    if group_cap is not None and len(prepared) > 1 and any(p.row_groups is None for p in prepared):
        raise ValueError("with several blocks and a group cap every block needs row_groups")
    if method == "milp" or group_cap is not None:
        chosen = _solve_milp(prepared, group_cap)
        return [_finish(p, c, "milp") for p, c in zip(prepared, chosen, strict=True)]
    return [_finish(p, _solve_lsa(p), "lsa") for p in prepared]


def assign(
    benefit: np.ndarray,
    capacity: np.ndarray | Sequence[int],
    *,
    eligible: np.ndarray | None = None,
    fixed: Iterable[Pair] = (),
    excluded: Iterable[Pair] = (),
    row_groups: np.ndarray | Sequence[int] | None = None,
    group_cap: int | None = None,
    method: str = "auto",
) -> Assignment:
    """Solve one block (see the module docstring)."""
    block = Block(benefit, capacity, eligible, tuple(fixed), tuple(excluded), row_groups)
    return assign_blocks([block], group_cap=group_cap, method=method)[0]
