"""Rows of the benchmark table and the one way to time things: the median of several runs.

A figure without the floor it is compared to says little on a shared 2-core
machine, so each row carries the reference measured in the same run and the
budget it is judged against.
"""

from __future__ import annotations

import gc
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Kind = Literal["max_s", "max_ratio", "min_ratio", "max_mb", "info"]


@dataclass(slots=True)
class Row:
    """One line of the table.

    ``kind`` says how ``budget`` judges the row: ``max_s`` (value in seconds at
    most budget), ``max_ratio`` (value / reference at most budget), ``min_ratio``
    (reference / value at least budget: "fraction of raw speed"), ``max_mb``,
    or ``info`` (reported, not judged).
    """

    area: str
    figure: str
    value: float | None
    unit: str = "s"
    reference: float | None = None
    reference_name: str = ""
    budget: float | None = None
    kind: Kind = "info"
    runs: int = 1
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.value is None or self.reference in (None, 0) or not self.value:
            return None
        if self.kind == "min_ratio":
            return self.reference / self.value  # type: ignore[operator]
        return self.value / self.reference  # type: ignore[operator]

    @property
    def ok(self) -> bool | None:
        if self.value is None or self.budget is None or self.kind == "info":
            return None
        if self.kind in ("max_s", "max_mb"):
            return self.value <= self.budget
        r = self.ratio
        if r is None:
            return None
        return r <= self.budget if self.kind == "max_ratio" else r >= self.budget

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["ratio"] = self.ratio
        d["ok"] = self.ok
        return d


def missing(area: str, figure: str, why: str) -> Row:
    """The row of a benchmark whose feature is not in the tree yet."""
    return Row(area, figure, None, note=f"not available yet: {why}")


def timed(fn: Callable[[], Any]) -> float:
    gc.collect()
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def median_time(
    fn: Callable[[], Any],
    runs: int = 5,
    setup: Callable[[], Any] | None = None,
    warmup: int = 1,
    cap_s: float = 60.0,
) -> tuple[float, list[float]]:
    """Median wall time of ``fn`` over ``runs`` runs after ``warmup`` unmeasured ones.

    Stops early once the measured runs took ``cap_s`` together (at least one
    run always counts), so a figure far over its budget cannot eat the
    10-minute bench; ``len(samples)`` says how many runs the median is of.
    """
    samples: list[float] = []
    for i in range(warmup + runs):
        if setup is not None:
            setup()
        t = timed(fn)
        if i >= warmup:
            samples.append(t)
            if sum(samples) >= cap_s:
                break
    return statistics.median(samples), samples


def alternating(
    ours: Callable[[], Any], reference: Callable[[], Any], runs: int = 3
) -> tuple[float, float, list[float], list[float]]:
    """Median wall times of ``ours`` and ``reference``, run one after the other ``runs`` times.

    For long figures measured against a floor on a machine whose speed drifts
    (this one's moved 30% within minutes): alternating puts both under the same
    conditions, and the medians drop a run that hit a slow spell.  Each run
    starts with nothing left for the disk to write (``os.sync``, not timed): the
    exports and their floors write half a gigabyte each and fsync it, and the
    first of them would otherwise also wait for what the area before left
    behind (the import's search index, a gigabyte and more).
    """
    mine: list[float] = []
    ref: list[float] = []
    for _ in range(runs):
        os.sync()
        ref.append(timed(reference))
        os.sync()
        mine.append(timed(ours))
    return statistics.median(mine), statistics.median(ref), mine, ref


def rss_mb(pid: int | None = None) -> float:
    """Resident memory of a process (this one by default) from /proc, in MB."""
    path = f"/proc/{pid or 'self'}/status"
    with open(path) as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")
