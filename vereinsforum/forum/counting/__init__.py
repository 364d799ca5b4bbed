"""Counting of forum polls, in small pure functions over numpy arrays.

Options are numbered 0..n-1 by the caller; nothing here touches the database, so every
function can be tested against an independent implementation (pref_voting) and timed.

- `ranked`: ranked ballots → rank matrix, pairwise matrix d[a, b], Borda points.
- `schulze`: widest paths (Schulze 2011, winning votes), ranking and explanation.
- `scores`: dot voting and approval totals, ranking by a key with tie detection.
- `weights`: shares of the total and rank-order-centroid weights.
- `lots`: resolving a remaining tie by a seeded, recorded drawing of lots.
- `tally`: one entry point per method that returns a `Tally`.
"""
