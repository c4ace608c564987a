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


def exact_indices(a: Sequence[Span], b: Sequence[Span]) -> IndexPairs:
    """Exact pairs as positions into ``a`` and ``b``, which must already be in ``span_order``."""
    pool: dict[tuple[int, int, str], list[int]] = {}
    for j, y in enumerate(b):
        pool.setdefault((y.start, y.end, y.label), []).append(j)
    pairs: IndexPairs = []
    for i, x in enumerate(a):
        free = pool.get((x.start, x.end, x.label))
        if free:
            pairs.append((i, free.pop(0)))
    return pairs


def _greedy_indices(
    a: Sequence[Span], b: Sequence[Span], free_a: list[int], free_b: list[int], same_label: bool
) -> IndexPairs:
    candidates = []
    for i in free_a:
        x = a[i]
        for j in free_b:  # ascending start, since ``b`` is in span_order
            y = b[j]
            if y.start >= x.end:
                break
            if y.end <= x.start or (same_label and x.label != y.label):
                continue
            shared = min(x.end, y.end) - max(x.start, y.start)
            pa, pb = (x.start, x.end), (y.start, y.end)
            distance = abs(x.start - y.start) + abs(x.end - y.end)
            rank = (pa != pb, -shared, x.label != y.label, distance, min(pa, pb), max(pa, pb), i, j)
            candidates.append(rank)
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: IndexPairs = []
    for rank in candidates:
        i, j = rank[-2], rank[-1]
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return pairs


def add_overlap(
    a: Sequence[Span], b: Sequence[Span], exact: IndexPairs, same_label: bool = True
) -> IndexPairs:
    """Extend exact pairs (from ``exact_indices``) to the overlap pairing."""
    if len(exact) == min(len(a), len(b)):
        return list(exact)
    taken_a = {i for i, _ in exact}
    taken_b = {j for _, j in exact}
    free_a = [i for i in range(len(a)) if i not in taken_a]
    free_b = [j for j in range(len(b)) if j not in taken_b]
    return exact + _greedy_indices(a, b, free_a, free_b, same_label)


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
        pairs = add_overlap(sa, sb, pairs, same_label)
    return [(sa[i], sb[j]) for i, j in pairs]
