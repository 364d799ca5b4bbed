"""Writes for the forum, one module per reason to change.

- `bodies`: the forum itself (its rules) and its members (associations, delegates, deputies).
- `sessions`: a session's record, its agenda and its minutes.
- `polls`: creating a poll, closing and counting it, drawing lots for a remaining tie.
- `ballots`: casting, changing and entering (paper) ballots, and the change code.

The count itself is pure and lives in `forum/counting/` (`counting/official.py`).
"""
