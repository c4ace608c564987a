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
from annotate.agreement_match import IndexPairs, add_overlap, exact_indices
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


def _links(rels: Sequence[Relation], spans: Sequence[Span]) -> list[Relation]:
    """Relations whose two ends are among the compared spans (labels filtered out drop their links)."""
    ids = {s.id for s in spans}
    return [r for r in rels if r.head in ids and r.tail in ids]


def _tally_doc(
    t: PairTally, a: Sequence[Span], b: Sequence[Span], rel_a: list[Relation], rel_b: list[Relation]
) -> int:
    exact = exact_indices(a, b)
    overlap = add_overlap(a, b, exact, same_label=True)
    across = add_overlap(a, b, exact, same_label=False)
    for i, _ in exact:
        t.exact.matched[a[i].label] += 1
    for i, _ in overlap:
        t.overlap.matched[a[i].label] += 1
    t.exact.of_a.update(s.label for s in a)
    t.exact.of_b.update(s.label for s in b)
    _tally_confusion(t.confusion, a, b, across)
    for i, j in exact:
        x, y = a[i], b[j]
        if x.attributes or y.attributes:
            ax, ay = dict(x.attributes), dict(y.attributes)
            for name in ax.keys() | ay.keys():
                t.attributes.setdefault(name, Counter())[(ax.get(name), ay.get(name))] += 1
    if rel_a or rel_b:
        t.relations_exact.of_a.update(r.role for r in rel_a)
        t.relations_exact.of_b.update(r.role for r in rel_b)
        for tally, pairs in ((t.relations_exact, exact), (t.relations_overlap, overlap)):
            _count_relations(tally, rel_a, rel_b, {a[i].id: b[j].id for i, j in pairs})
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
        links = {who: _links(rel_layer[who], layer[who]) if rel_layer[who] else [] for who in present}
        scores: list[float | None] = []
        for x in range(len(present)):
            for y in range(x + 1, len(present)):
                p, q = present[x], present[y]
                a, b = layer[p], layer[q]
                tp = _tally_doc(tallies[(p, q)], a, b, links[p], links[q])
                scores.append(f1_score(tp, len(b) - tp, len(a) - tp))
        doc_f1[doc] = scores
    return Tallies(tuple(tallies.values()), doc_f1)
