"""Counting, per annotator pair, everything that rests on the span pairing.

One walk over documents × pairs does the span matching once and feeds span F1
(exact and overlap), role-link F1, attribute tables, the label confusion table
and the per-document scores from it, so the report costs one matching, not five.
Counts are summed over documents before any F1 is taken (bratiaa's convention).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from annotate.agreement_layers import Layers
from annotate.agreement_match import IndexPairs, add_overlap, exact_indices, span_pool
from annotate.agreement_stats import f1_score
from annotate.model import DocId, Relation, Span

MISSING = "(missing)"
"""Row/column of the confusion table for a span the other annotator has no partner for."""


@dataclass(slots=True)
class F1Tally:
    """Per label (or role): matched items, items of A, items of B."""

    matched: Counter[str] = field(default_factory=Counter)
    of_a: Counter[str] = field(default_factory=Counter)
    of_b: Counter[str] = field(default_factory=Counter)

    def counts(self, key: str | None = None) -> tuple[int, int, int]:
        """(TP, FP, FN) with A as reference: FP = B's unmatched items, FN = A's unmatched items."""
        if key is None:
            tp, na, nb = self.matched.total(), self.of_a.total(), self.of_b.total()
        else:
            tp, na, nb = self.matched[key], self.of_a[key], self.of_b[key]
        return tp, nb - tp, na - tp


@dataclass(slots=True)
class PairTally:
    a: str
    b: str
    exact: F1Tally = field(default_factory=F1Tally)
    overlap: F1Tally = field(init=False)
    relations_exact: F1Tally = field(default_factory=F1Tally)
    relations_overlap: F1Tally = field(init=False)
    attributes: dict[str, Counter[tuple[str | None, str | None]]] = field(default_factory=dict)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        # Both matchings see the same items; only the matched counts differ.
        self.overlap = F1Tally(of_a=self.exact.of_a, of_b=self.exact.of_b)
        self.relations_overlap = F1Tally(of_a=self.relations_exact.of_a, of_b=self.relations_exact.of_b)


@dataclass(frozen=True, slots=True)
class Tallies:
    pairs: tuple[PairTally, ...]
    doc_f1: dict[DocId, list[float | None]]
    """Exact F1 over all labels of each annotator pair that shares the document."""


def _count_relations(
    tally: F1Tally, rel_a: Sequence[Relation], rel_b: Sequence[Relation], mapping: dict[str, str]
) -> None:
    open_b = Counter((r.head, r.tail, r.role) for r in rel_b)
    for r in rel_a:
        key = (mapping.get(r.head), mapping.get(r.tail), r.role)
        if open_b[key] > 0:  # type: ignore[index]
            open_b[key] -= 1  # type: ignore[index]
            tally.matched[r.role] += 1


class _Side:
    """One annotator's layer in one document, with what every pair it is in will ask of it."""

    __slots__ = ("labels", "links", "pool", "roles", "spans")

    def __init__(self, spans: Sequence[Span], rels: Sequence[Relation]) -> None:
        self.spans = spans
        self.labels = [s.label for s in spans]
        self.pool = span_pool(spans)
        if rels:
            # Links whose two ends are among the compared spans (filtered labels drop their links).
            ids = {s.id for s in spans}
            self.links = [r for r in rels if r.head in ids and r.tail in ids]
        else:
            self.links = []
        self.roles = [r.role for r in self.links]


def _tally_doc(t: PairTally, sa: _Side, sb: _Side) -> int:
    a, b = sa.spans, sb.spans
    exact = exact_indices(a, b, sb.pool)
    overlap, across = add_overlap(a, b, exact)
    t.exact.matched.update([sa.labels[i] for i, _ in exact])
    t.overlap.matched.update([sa.labels[i] for i, _ in overlap])
    t.exact.of_a.update(sa.labels)
    t.exact.of_b.update(sb.labels)
    _tally_confusion(t.confusion, a, b, across)
    for i, j in exact:
        x, y = a[i], b[j]
        if x.attributes or y.attributes:
            ax, ay = dict(x.attributes), dict(y.attributes)
            for name in ax.keys() | ay.keys():
                t.attributes.setdefault(name, Counter())[(ax.get(name), ay.get(name))] += 1
    if sa.links or sb.links:
        t.relations_exact.of_a.update(sa.roles)
        t.relations_exact.of_b.update(sb.roles)
        for tally, pairs in ((t.relations_exact, exact), (t.relations_overlap, overlap)):
            _count_relations(tally, sa.links, sb.links, {a[i].id: b[j].id for i, j in pairs})
    return len(exact)


def _tally_confusion(
    table: Counter[tuple[str, str]], a: Sequence[Span], b: Sequence[Span], pairs: IndexPairs
) -> None:
    table.update((a[i].label, b[j].label) for i, j in pairs)
    paired_a = {i for i, _ in pairs}
    paired_b = {j for _, j in pairs}
    table.update((x.label, MISSING) for i, x in enumerate(a) if i not in paired_a)
    table.update((MISSING, y.label) for j, y in enumerate(b) if j not in paired_b)


def tally_pairs(layers: Layers) -> Tallies:
    """Walk every document once, counting for every pair of annotators who both annotated it."""
    tallies = {pair: PairTally(*pair) for pair in layers.pairs}
    doc_f1: dict[DocId, list[float | None]] = {}
    for doc in layers.docs:
        layer = layers.spans[doc]
        if len(layer) < 2:
            continue
        rel_layer = layers.relations[doc]
        present = list(layer)
        sides = {who: _Side(layer[who], rel_layer[who]) for who in present}
        scores: list[float | None] = []
        for x in range(len(present)):
            for y in range(x + 1, len(present)):
                p, q = present[x], present[y]
                tp = _tally_doc(tallies[(p, q)], sides[p], sides[q])
                scores.append(f1_score(tp, len(layer[q]) - tp, len(layer[p]) - tp))
        doc_f1[doc] = scores
    return Tallies(tuple(tallies.values()), doc_f1)
