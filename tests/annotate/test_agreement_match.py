"""The one-to-one span pairing: the fast path (exact first, sweep over leftovers) against the rule as written."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.agreement import match_spans, relation_f1, span_f1
from annotate.agreement_layers import span_order
from annotate.model import DocId, Relation, RelationId, Span, SpanId

LABELS = ["EVENT", "ACTOR"]


def make(who: str, start: int, end: int, label: str = "EVENT", n: int = 0, doc: int = 1) -> Span:
    return Span(SpanId(f"{who}{doc}-{n}"), DocId(doc), who, start, end, label, "x" * (end - start))


@st.composite
def layer(draw: st.DrawFn, who: str) -> list[Span]:
    spans = []
    for n in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, 20))
        end = draw(st.integers(start + 1, start + 6))
        spans.append(make(who, start, end, draw(st.sampled_from(LABELS)), n))
    return spans


def naive_pairs(a: list[Span], b: list[Span], same_label: bool) -> set[tuple[int, int]]:
    """docs/agreement.md, literally: rank every overlapping candidate pair, take greedily."""
    a, b = sorted(a, key=span_order), sorted(b, key=span_order)
    ranked = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            shared = min(x.end, y.end) - max(x.start, y.start)
            if shared <= 0 or (same_label and x.label != y.label):
                continue
            pa, pb = (x.start, x.end), (y.start, y.end)
            identical = pa == pb and x.label == y.label
            distance = abs(x.start - y.start) + abs(x.end - y.end)
            ranked.append(
                (
                    not identical,
                    pa != pb,
                    -shared,
                    x.label != y.label,
                    distance,
                    min(pa, pb),
                    max(pa, pb),
                    i,
                    j,
                )
            )
    taken_a: set[int] = set()
    taken_b: set[int] = set()
    chosen = set()
    for *_, i, j in sorted(ranked):
        if i not in taken_a and j not in taken_b:
            taken_a.add(i)
            taken_b.add(j)
            chosen.add((i, j))
    return chosen


def as_indices(pairs: list[tuple[Span, Span]], a: list[Span], b: list[Span]) -> set[tuple[int, int]]:
    sa, sb = sorted(a, key=span_order), sorted(b, key=span_order)
    return {(sa.index(x), sb.index(y)) for x, y in pairs}


@settings(max_examples=500, deadline=None)
@given(layer("a"), layer("b"), st.booleans())
def test_overlap_pairing_is_the_documented_greedy(a: list[Span], b: list[Span], same_label: bool) -> None:
    pairs = match_spans(a, b, overlap=True, same_label=same_label)
    assert as_indices(pairs, a, b) == naive_pairs(a, b, same_label)
    assert len({id(x) for x, _ in pairs}) == len(pairs) == len({id(y) for _, y in pairs})


@settings(max_examples=500, deadline=None)
@given(layer("a"), layer("b"))
def test_exact_pairs_are_identical_spans_one_to_one(a: list[Span], b: list[Span]) -> None:
    pairs = match_spans(a, b)
    assert all((x.start, x.end, x.label) == (y.start, y.end, y.label) for x, y in pairs)
    keys_a = Counter((s.start, s.end, s.label) for s in a)
    keys_b = Counter((s.start, s.end, s.label) for s in b)
    assert len(pairs) == (keys_a & keys_b).total()


@settings(max_examples=300, deadline=None)
@given(layer("a"), layer("b"))
def test_pairwise_figures_do_not_depend_on_who_is_first(a: list[Span], b: list[Span]) -> None:
    for overlap in (False, True):
        ab = span_f1([*a, *b], overlap=overlap, annotators=["a", "b"]).pairs[0]
        ba = span_f1([*a, *b], overlap=overlap, annotators=["b", "a"]).pairs[0]
        assert (ab.tp, ab.fp, ab.fn) == (ba.tp, ba.fn, ba.fp)


@settings(max_examples=300, deadline=None)
@given(layer("a"), layer("b"), st.data())
def test_overlap_never_agrees_less_than_exact(a: list[Span], b: list[Span], data: st.DataObject) -> None:
    exact = span_f1([*a, *b], annotators=["a", "b"]).pairs[0]
    overlap = span_f1([*a, *b], overlap=True, annotators=["a", "b"]).pairs[0]
    assert overlap.tp >= exact.tp
    links = []
    for who, spans in (("a", a), ("b", b)):
        if len(spans) >= 2:
            for n in range(data.draw(st.integers(0, 4))):
                head, tail = data.draw(st.sampled_from(spans)), data.draw(st.sampled_from(spans))
                links.append(Relation(RelationId(f"{who}{n}"), DocId(1), who, head.id, tail.id, "agent"))
    rel_exact = relation_f1([*a, *b], links, annotators=["a", "b"]).pairs[0]
    rel_overlap = relation_f1([*a, *b], links, overlap=True, annotators=["a", "b"]).pairs[0]
    assert rel_overlap.tp >= rel_exact.tp


def test_greedy_by_overlap_not_maximum_matching() -> None:
    """A long span plus a short one inside it, on both sides: one agreement, not two."""
    a = [make("a", 0, 10), make("a", 2, 3, n=1)]
    b = [make("b", 0, 9), make("b", 7, 8, n=1)]
    pairs = match_spans(a, b, overlap=True)
    assert [((x.start, x.end), (y.start, y.end)) for x, y in pairs] == [((0, 10), (0, 9))]


def test_identical_bounds_pair_across_labels_before_a_same_label_sliver() -> None:
    a = [make("a", 0, 10, "EVENT")]
    b = [make("b", 0, 10, "ACTOR"), make("b", 8, 12, "EVENT", n=1)]
    pairs = match_spans(a, b, overlap=True, same_label=False)
    assert [(x.label, y.label) for x, y in pairs] == [("EVENT", "ACTOR")]
    same = match_spans(a, b, overlap=True)
    assert [((y.start, y.end)) for _, y in same] == [(8, 12)]
