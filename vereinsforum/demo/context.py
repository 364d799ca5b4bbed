"""What the demo steps share: the programme, the key organisations and the demo accounts."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from vereinsforum.lib.actors import DEMO, Actor


@dataclass
class DemoContext:
    stdout: Any
    rng: random.Random = field(default_factory=lambda: random.Random(20070509))  # noqa: S311
    programme: Any = None
    city: Any = None
    department: Any = None
    committee: Any = None
    contractor: Any = None
    #: All 60 invited associations, in a stable order; the first 30 attended, the first 25 enrolled.
    associations: list = field(default_factory=list)
    welfare_services: list = field(default_factory=list)
    #: Demo accounts by role value.
    users: dict = field(default_factory=dict)
    #: The system actor recorded in the audit log for demo writes.
    actor: Actor = DEMO

    def say(self, message: str) -> None:
        self.stdout.write(message)
