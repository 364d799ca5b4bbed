"""A drawing of lots for the ties that remain: seeded, so anyone can repeat it."""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence


def new_seed() -> str:
    """128 bits from the operating system's secure generator, drawn at the moment of the draw.

    Nobody may choose the seed: whoever knows it before the draw knows the order it gives,
    and could pick a seed (or a moment) that favours an option.
    """
    return secrets.token_hex(16)


def draw_lots(ranking: Sequence[Sequence[int]], seed: str) -> list[list[int]]:
    """The ranking with every tied place put into an order drawn with `seed`.

    Each tied place is sorted first and then shuffled by one generator seeded with `seed`,
    place after place, so the same ranking and seed always give the same order.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducibility is the point, not secrecy
    strict: list[list[int]] = []
    for place in ranking:
        order = sorted(place)
        if len(order) > 1:
            rng.shuffle(order)
        strict.extend([option] for option in order)
    return strict
