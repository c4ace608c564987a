"""Train/dev/test by document, deterministic for a seed: the same project and seed give the same split."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

SPLIT_NAMES = ("train", "dev", "test")


def parse_ratios(spec: str) -> tuple[float, ...]:
    """``"80,10,10"`` -> (0.8, 0.1, 0.1): two or three non-negative percentages that add up to 100, or
    fractions that add up to 1.

    Other sums are refused, not scaled: ``80,30,10`` is a typo far more often than a wish for
    67/25/8, and a split that silently differs from the one asked for is found only in the results.
    """
    try:
        parts = [float(p) for p in spec.split(",")]
    except ValueError as exc:
        raise ValueError(f"--split {spec!r}: expected numbers like 80,10,10") from exc
    if not 2 <= len(parts) <= 3 or any(p < 0 for p in parts) or sum(parts) <= 0:
        raise ValueError(f"--split {spec!r}: give two or three non-negative parts, e.g. 80,10,10")
    total = sum(parts)
    if not (math.isclose(total, 100) or math.isclose(total, 1)):
        raise ValueError(
            f"--split {spec!r}: the parts add up to {total:g}; give percentages that add up to 100"
            " (80,10,10) or fractions that add up to 1 (0.8,0.1,0.1)"
        )
    return tuple(p / total for p in parts)


def split_ids(ids: Sequence[int], ratios: Sequence[float], seed: int) -> dict[str, list[int]]:
    """Shuffle the sorted ids with ``seed``, cut by cumulative ratio, return each part sorted."""
    order = sorted(ids)
    random.Random(seed).shuffle(order)
    out: dict[str, list[int]] = {}
    start = 0
    acc = 0.0
    for i, (name, ratio) in enumerate(zip(SPLIT_NAMES, ratios, strict=False)):
        acc += ratio
        end = len(order) if i == len(ratios) - 1 else round(acc * len(order))
        out[name] = sorted(order[start:end])
        start = end
    return out
