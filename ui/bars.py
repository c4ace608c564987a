"""Where the label bars go: pure geometry, no painting, so it can be tested without a screen.

Each span gets a thin bar under every line it covers.  Spans that overlap on
a line take different bar rows: the greedy interval colouring below gives a
nested span the row under its parent and staggers partial overlaps, using no
more rows than the deepest overlap on that line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LineBox:
    """One laid-out text line: positions [start, end) and its box in viewport/document pixels."""

    start: int
    end: int
    top: float
    height: float


@dataclass(frozen=True, slots=True)
class SpanRange:
    key: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Bar:
    key: str
    line: int
    row: int
    x1: float
    x2: float
    y: float
    height: float

    def contains(self, x: float, y: float, slop: float = 1.0) -> bool:
        return self.x1 - slop <= x <= self.x2 + slop and self.y - slop <= y <= self.y + self.height + slop


Extent = Callable[[LineBox, int, int], Sequence[tuple[float, float]]]
"""Visual x ranges (x1 <= x2) that positions [a, b) of a line occupy."""


def assign_rows(ranges: Sequence[tuple[int, int]]) -> list[int]:
    """Smallest free row for each range, visiting longer ranges first among equal starts."""
    order = sorted(range(len(ranges)), key=lambda i: (ranges[i][0], -ranges[i][1], i))
    row_end: list[int] = []
    out = [0] * len(ranges)
    for i in order:
        start, end = ranges[i]
        for row, busy_until in enumerate(row_end):
            if busy_until <= start:
                row_end[row] = end
                out[i] = row
                break
        else:
            out[i] = len(row_end)
            row_end.append(end)
    return out


def max_depth(ranges: Sequence[tuple[int, int]]) -> int:
    """Largest number of ranges covering one position (the rows a line may need)."""
    events = sorted([(s, 1) for s, _ in ranges] + [(e, -1) for _, e in ranges])
    depth = best = 0
    for _, step in events:
        depth += step
        best = max(best, depth)
    return best


def layout_bars(
    lines: Sequence[LineBox],
    spans: Sequence[SpanRange],
    extent: Extent,
    bar_height: float = 3.0,
    gap: float = 1.0,
    pad: float = 1.0,
) -> list[Bar]:
    """Bars for ``spans`` on ``lines``: rows per line, placed under the line's text box."""
    bars: list[Bar] = []
    pending = sorted(spans, key=lambda s: (s.start, -s.end))
    nxt = 0
    active: list[SpanRange] = []
    for li, line in sorted(enumerate(lines), key=lambda t: t[1].start):
        # Sweep in text order: each span joins once and leaves after its last line.
        while nxt < len(pending) and pending[nxt].start < line.end:
            active.append(pending[nxt])
            nxt += 1
        active = [s for s in active if s.end > line.start]
        on_line = [s for s in active if s.start < line.end]
        if not on_line:
            continue
        clipped = [(max(s.start, line.start), min(s.end, line.end)) for s in on_line]
        rows = assign_rows(clipped)
        base = line.top + line.height + pad
        for s, (a, b), row in zip(on_line, clipped, rows, strict=True):
            y = base + row * (bar_height + gap)
            for x1, x2 in extent(line, a, b):
                bars.append(Bar(s.key, li, row, x1, x2, y, bar_height))
    return bars


def bar_at(bars: Sequence[Bar], x: float, y: float) -> Bar | None:
    """The bar under a point; the deepest row wins, since it is the most specific span."""
    hits = [b for b in bars if b.contains(x, y)]
    return max(hits, key=lambda b: b.row) if hits else None


def space_needed(rows: int, bar_height: float = 3.0, gap: float = 1.0, pad: float = 1.0) -> float:
    """Extra line spacing that fits ``rows`` bar rows under each line."""
    return pad + rows * (bar_height + gap) + pad if rows else 0.0
