"""`vereinsforum generate_synthetic --associations N [--seed S]`: a state-scale data set on
top of the loaded demo (see vereinsforum/demo/synthetic/), for the benchmarks.

Prints what each part built and how long it took, then the rows written per model."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from vereinsforum.demo.synthetic import generate


class Command(BaseCommand):
    help = (
        "Add N synthetic associations, their people, events, registrations, interviews, "
        "forum polls and the rest in the demo's proportions, on top of `load_demo`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--associations",
            type=int,
            required=True,
            help="How many associations to add (3000 for the state of NRW).",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="The same seed gives the same data (default 1)."
        )

    def handle(self, *args: Any, associations: int, seed: int, **options: Any) -> None:
        started = time.perf_counter()
        report = generate(associations=associations, seed=seed, say=self.stdout.write)
        self.stdout.write("\nRows written per model:")
        for label, count in report.counts.items():
            self.stdout.write(f"  {label:<36} {count:>9,}")
        self.stdout.write(f"  {'total':<36} {sum(report.counts.values()):>9,}")
        self.stdout.write("\nSeconds per part:")
        for name, seconds in report.timings:
            self.stdout.write(f"  {name:<48} {seconds:>7.1f}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic data: {associations:,} associations (seed {seed}) in "
                f"{time.perf_counter() - started:.1f} s."
            )
        )
