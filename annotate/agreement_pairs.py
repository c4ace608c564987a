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
from annotate.agreement_match import add_overlap, exact_indices, span_pool
from annotate.agreement_stats import f1_score
from annotate.model import DocId, Relation, Span

MISSING = "(missing)"
"""Row/column of the confusion table for a span the other annotator has no partner for."""


class F1Tally:
    """Per label (or role): matched items, items of A, items of B.

    Labels are appended to plain lists while documents are walked and counted
    once on first use: one list.extend per document is far cheaper than a
    Counter.update per document.
    """

    __slots__ = ("_counted", "matched", "of_a", "of_b")

    def __init__(self, of_a: list[str] | None = None, of_b: list[str] | None = None) -> None:
        self.matched: list[str] = []
        self.of_a: list[str] = [] if of_a is None else of_a
        self.of_b: list[str] = [] if of_b is None else of_b
        self._counted: tuple[Counter[str], Counter[str], Counter[str]] | None = None

    def keys(self) -> set[str]:
        return set(self.of_a) | set(self.of_b)

    def counts(self, key: str | None = None) -> tuple[int, int, int]:
        """(TP, FP, FN) with A as reference: FP = B's unmatched items, FN = A's unmatched items."""
        if key is None:
            tp, na, nb = len(self.matched), len(self.of_a), len(self.of_b)
        else:
            if self._counted is None:
                self._counted = (Counter(self.matched), Counter(self.of_a), Counter(self.of_b))
            matched, of_a, of_b = self._counted
            tp, na, nb = matched[key], of_a[key], of_b[key]
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
    paired_labels: list[tuple[str, str]] = field(default_factory=list)
    """Label pairs for the confusion table, unpaired spans against MISSING."""

    def __post_init__(self) -> None:
        # Both matchings see the same items; only the matched counts differ.
        self.overlap = F1Tally(self.exact.of_a, self.exact.of_b)
        self.relations_overlap = F1Tally(self.relations_exact.of_a, self.relations_exact.of_b)

    def confusion(self) -> Counter[tuple[str, str]]:
        return Counter(self.paired_labels)


@dataclass(frozen=True, slots=True)
class Tallies:
    pairs: tuple[PairTally, ...]
    doc_f1: dict[DocId, list[float | None]]
    """Exact F1 over all labels of each annotator pair that shares the document."""


def _count_relations(
    matched: list[str], rel_a: Sequence[Relation], rel_b: Sequence[Relation], mapping: dict[str, str]
) -> None:
    open_b: dict[tuple[str, str, str], int] = {}
    for r in rel_b:
        key = (r.head, r.tail, r.role)
        open_b[key] = open_b.get(key, 0) + 1
    for r in rel_a:
        head, tail = mapping.get(r.head), mapping.get(r.tail)
        if head is None or tail is None:
            continue
        key = (head, tail, r.role)
        if open_b.get(key, 0) > 0:
            open_b[key] -= 1
            matched.append(r.role)


class _Side:
    """One annotator's layer in one document, with what every pair it is in will ask of it."""

    __slots__ = ("has_attributes", "labels", "links", "pool", "roles", "spans")

    def __init__(self, spans: Sequence[Span], rels: Sequence[Relation]) -> None:
        self.spans = spans
        self.labels = [s.label for s in spans]
        self.pool = span_pool(spans)
        self.has_attributes = any(s.attributes for s in spans)
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
    labels_a, labels_b = sa.labels, sb.labels
    t.exact.matched.extend([labels_a[i] for i, _ in exact])
    t.overlap.matched.extend([labels_a[i] for i, _ in overlap])
    t.exact.of_a.extend(labels_a)
    t.exact.of_b.extend(labels_b)
    paired = t.paired_labels
    paired.extend([(labels_a[i], labels_b[j]) for i, j in across])
    if len(across) < len(a):
        done_a = {i for i, _ in across}
        paired.extend([(x, MISSING) for i, x in enumerate(labels_a) if i not in done_a])
    if len(across) < len(b):
        done_b = {j for _, j in across}
        paired.extend([(MISSING, y) for j, y in enumerate(labels_b) if j not in done_b])
    if sa.has_attributes or sb.has_attributes:
        for i, j in exact:
            x, y = a[i], b[j]
            if x.attributes or y.attributes:
                ax, ay = dict(x.attributes), dict(y.attributes)
                for name in ax.keys() | ay.keys():
                    t.attributes.setdefault(name, Counter())[(ax.get(name), ay.get(name))] += 1
    if sa.links or sb.links:
        t.relations_exact.of_a.extend(sa.roles)
        t.relations_exact.of_b.extend(sb.roles)
        for tally, pairs in ((t.relations_exact, exact), (t.relations_overlap, overlap)):
            _count_relations(tally.matched, sa.links, sb.links, {a[i].id: b[j].id for i, j in pairs})
    return len(exact)


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
