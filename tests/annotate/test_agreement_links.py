"""Role links, attributes and the confusion table on random layers, against straightforward recounts.

The recounts use only ``match_spans`` (itself checked against the written rule
in test_agreement_match.py) and scikit-learn for kappa, one document at a time.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from annotate.agreement import (
    MISSING,
    agreement_report,
    attribute_agreement,
    label_confusion,
    match_spans,
    relation_f1,
)
from annotate.model import DocId, Relation, RelationId, Span, SpanId

LABELS = ["EVENT", "ACTOR"]
WHO = ["amal", "bilal", "carim"]


@st.composite
def corpus(draw: st.DrawFn) -> tuple[list[Span], list[Relation], dict[str, list[DocId]]]:
    spans: list[Span] = []
    relations: list[Relation] = []
    done: dict[str, list[DocId]] = {a: [] for a in WHO}
    for d in range(draw(st.integers(1, 3))):
        doc = DocId(d)
        for who in WHO:
            if not draw(st.integers(0, 3)):
                continue
            done[who].append(doc)
            mine = []
            for n in range(draw(st.integers(0, 6))):
                start = draw(st.integers(0, 12))
                end = draw(st.integers(start + 1, start + 4))
                values = draw(
                    st.dictionaries(st.sampled_from(["polarity", "certainty"]), st.sampled_from("xyz"))
                )
                mine.append(
                    Span(
                        SpanId(f"{who}{d}-{n}"),
                        doc,
                        who,
                        start,
                        end,
                        draw(st.sampled_from(LABELS)),
                        "x" * (end - start),
                        tuple(sorted(values.items())),
                    )
                )
            if mine:
                for n in range(draw(st.integers(0, 5))):
                    head, tail = draw(st.sampled_from(mine)), draw(st.sampled_from(mine))
                    role = draw(st.sampled_from(["agent", "target"]))
                    relations.append(Relation(RelationId(f"r{who}{d}-{n}"), doc, who, head.id, tail.id, role))
            spans.extend(mine)
    return spans, relations, done


def layer(items: list, who: str, doc: DocId) -> list:
    return [x for x in items if x.annotator == who and x.doc_id == doc]


def shared_docs(done: dict[str, list[DocId]], a: str, b: str) -> list[DocId]:
    return [d for d in done[a] if d in done[b]]


@settings(max_examples=100, deadline=None)
@given(corpus(), st.booleans())
def test_relation_counts_match_a_recount(case: tuple, overlap: bool) -> None:
    spans, relations, done = case
    result = relation_f1(spans, relations, overlap=overlap, annotators=WHO, docs_per_annotator=done)
    for pair, (a, b) in zip(result.pairs, combinations(WHO, 2), strict=True):
        tp = na = nb = 0
        for doc in shared_docs(done, a, b):
            partner = {
                x.id: y.id for x, y in match_spans(layer(spans, a, doc), layer(spans, b, doc), overlap)
            }
            links_a, links_b = layer(relations, a, doc), layer(relations, b, doc)
            na, nb = na + len(links_a), nb + len(links_b)
            open_b = Counter((r.head, r.tail, r.role) for r in links_b)
            for r in links_a:
                key = (partner.get(r.head), partner.get(r.tail), r.role)
                if open_b[key] > 0:
                    open_b[key] -= 1
                    tp += 1
        assert (pair.a, pair.b, pair.tp, pair.fp, pair.fn) == (a, b, tp, nb - tp, na - tp)


@settings(max_examples=100, deadline=None)
@given(corpus())
def test_attribute_kappa_matches_sklearn_on_matched_spans(case: tuple) -> None:
    spans, _, done = case
    result = attribute_agreement(spans, annotators=WHO, docs_per_annotator=done)
    for name in ("polarity", "certainty"):
        for k, (a, b) in enumerate(combinations(WHO, 2)):
            xs: list[str] = []
            ys: list[str] = []
            for doc in shared_docs(done, a, b):
                for x, y in match_spans(layer(spans, a, doc), layer(spans, b, doc)):
                    if name in x.attrs or name in y.attrs:
                        xs.append(x.attrs.get(name, "(not set)"))
                        ys.append(y.attrs.get(name, "(not set)"))
            if name not in result:
                assert not xs
                continue
            pair = result[name].pairs[k]
            assert pair.n == len(xs)
            if not xs:
                assert pair.agreement is None and pair.kappa is None
                continue
            assert pair.agreement == sum(x == y for x, y in zip(xs, ys, strict=True)) / len(xs)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                theirs = cohen_kappa_score(xs, ys)
            assert (pair.kappa is None and math.isnan(theirs)) or abs(pair.kappa - theirs) <= 1e-9


@settings(max_examples=100, deadline=None)
@given(corpus())
def test_confusion_rows_and_columns_add_up_to_each_annotators_spans(case: tuple) -> None:
    spans, _, done = case
    table = label_confusion(spans, "amal", "bilal", docs_per_annotator=done)
    docs = shared_docs(done, "amal", "bilal")
    of_a = Counter(s.label for d in docs for s in layer(spans, "amal", d))
    of_b = Counter(s.label for d in docs for s in layer(spans, "bilal", d))
    for label in table.labels[:-1]:
        assert sum(table.count(label, y) for y in table.labels) == of_a[label]
        assert sum(table.count(x, label) for x in table.labels) == of_b[label]
    assert table.count(MISSING, MISSING) == 0
    report = agreement_report(spans, [], {}, annotators=WHO, docs_per_annotator=done).to_json()
    same_axes = label_confusion(spans, "amal", "bilal", labels=report["labels"], docs_per_annotator=done)
    assert report["confusion"][0] == same_axes.to_json()
