"""One-to-one pairing of two annotators' spans in one document.

Exact matching pairs identical spans (same start, end and label); duplicates
pair off one by one.  Overlap matching first takes every exact pair, then
pairs the leftovers greedily, best candidate first, where candidates are span
pairs sharing at least one code point and are ranked by: identical bounds,
longer shared stretch, same label (only matters for the confusion table, which
pairs across labels), smaller total boundary distance, then position.  Greedy
by overlap rather than a maximum matching on purpose: for A = {[0,10), [2,3)}
and B = {[0,9), [7,8)} a maximum matching pairs both short spans with the
long ones (TP 2), where a reader sees one agreement and two disagreements.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotate.agreement_layers import span_order
from annotate.model import Span

IndexPairs = list[tuple[int, int]]


SpanKey = tuple[int, int, str]


def span_pool(spans: Sequence[Span]) -> dict[SpanKey, list[int]]:
    """Positions of each (start, end, label), built once per layer and reused for every pair."""
    pool: dict[SpanKey, list[int]] = {}
    for j, y in enumerate(spans):
        pool.setdefault((y.start, y.end, y.label), []).append(j)
    return pool


def exact_indices(
    a: Sequence[Span], b: Sequence[Span], pool_b: dict[SpanKey, list[int]] | None = None
) -> IndexPairs:
    """Exact pairs as positions into ``a`` and ``b``, which must already be in ``span_order``."""
    if pool_b is None:
        pool_b = span_pool(b)
    used: dict[SpanKey, int] = {}
    pairs: IndexPairs = []
    for i, x in enumerate(a):
        key = (x.start, x.end, x.label)
        free = pool_b.get(key)
        if free is not None:
            n = used.get(key, 0)
            if n < len(free):
                pairs.append((i, free[n]))
                used[key] = n + 1
    return pairs


def _candidates(a: Sequence[Span], b: Sequence[Span], free_a: list[int], free_b: list[int]) -> list[tuple]:
    """Overlapping leftover pairs of any label, best first, each ending in (same label, i, j)."""
    candidates = []
    for i in free_a:
        x = a[i]
        for j in free_b:  # ascending start, since ``b`` is in span_order
            y = b[j]
            if y.start >= x.end:
                break
            if y.end <= x.start:
                continue
            shared = min(x.end, y.end) - max(x.start, y.start)
            pa, pb = (x.start, x.end), (y.start, y.end)
            distance = abs(x.start - y.start) + abs(x.end - y.end)
            other = x.label != y.label
            candidates.append((pa != pb, -shared, other, distance, min(pa, pb), max(pa, pb), not other, i, j))
    candidates.sort()
    return candidates


def _greedy(candidates: list[tuple], same_label: bool) -> IndexPairs:
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: IndexPairs = []
    for *_, same, i, j in candidates:
        if (same or not same_label) and i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return pairs


def add_overlap(a: Sequence[Span], b: Sequence[Span], exact: IndexPairs) -> tuple[IndexPairs, IndexPairs]:
    """Extend exact pairs (from ``exact_indices``) to the overlap pairing: (same label, any label).

    One candidate list serves both: restricted to same-label pairs, the any-label
    ranking orders them exactly as the same-label ranking would.
    """
    if len(exact) == min(len(a), len(b)):
        return list(exact), list(exact)
    taken_a = {i for i, _ in exact}
    taken_b = {j for _, j in exact}
    free_a = [i for i in range(len(a)) if i not in taken_a]
    free_b = [j for j in range(len(b)) if j not in taken_b]
    candidates = _candidates(a, b, free_a, free_b)
    return exact + _greedy(candidates, True), exact + _greedy(candidates, False)


def match_spans(
    a: Sequence[Span], b: Sequence[Span], overlap: bool = False, same_label: bool = True
) -> list[tuple[Span, Span]]:
    """The one-to-one pairing described in the module docstring, for one document.

    ``overlap=False`` gives exact matching (label always required);
    ``same_label=False`` lets overlap matching pair spans across labels.
    """
    sa, sb = sorted(a, key=span_order), sorted(b, key=span_order)
    pairs = exact_indices(sa, sb)
    if overlap:
        pairs = add_overlap(sa, sb, pairs)[0 if same_label else 1]
    return [(sa[i], sb[j]) for i, j in pairs]
