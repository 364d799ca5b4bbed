"""Benchmarks of the whole application (pages under gunicorn, contention, documents): run by
`make bench`; the algorithms' benchmarks live with their apps (`*/tests/test_bench.py`)."""
