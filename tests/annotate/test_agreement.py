"""A small corpus whose every figure was worked out on paper first (see the comments).

Two documents, three annotators; carim annotated only document 2.
Tokens are the whitespace-separated words.
"""

from __future__ import annotations

import json
import math
import re

import pytest

from annotate.agreement import (
    MISSING,
    agreement_report,
    attribute_agreement,
    documents_by_disagreement,
    label_confusion,
    relation_f1,
    span_f1,
    token_kappa_alpha,
)
from annotate.model import DocId, Relation, RelationId, Span, SpanId

D1, D2 = DocId(1), DocId(2)
TEXT = {D1: "قصفت الطائرات مدينة حلب صباح الاثنين", D2: "اشتباكات عنيفة في درعا"}
TOKENS = {d: [(m.start(), m.end()) for m in re.finditer(r"\S+", t)] for d, t in TEXT.items()}
DOCS = {"amal": [D1, D2], "bilal": [D1, D2], "carim": [D2]}


def span(doc: DocId, who: str, first: int, last: int, label: str, **attributes: str) -> Span:
    """A span over tokens first..last (inclusive) of ``doc``."""
    start, end = TOKENS[doc][first][0], TOKENS[doc][last][1]
    return Span(
        SpanId(f"{who}-{doc}-{first}-{label}"),
        doc,
        who,
        start,
        end,
        label,
        TEXT[doc][start:end],
        tuple(sorted(attributes.items())),
    )


def link(who: str, head: Span, tail: Span, role: str) -> Relation:
    return Relation(RelationId(f"{head.id}>{tail.id}"), head.doc_id, who, head.id, tail.id, role)


# Document 1: قصفت | الطائرات | مدينة | حلب | صباح | الاثنين
a_event = span(D1, "amal", 0, 0, "EVENT", certainty="confirmed")
a_actor = span(D1, "amal", 1, 1, "ACTOR", type="state")
a_place = span(D1, "amal", 2, 3, "PLACE")
a_time = span(D1, "amal", 4, 5, "TIME")
b_event = span(D1, "bilal", 0, 0, "EVENT", certainty="confirmed")
b_actor = span(D1, "bilal", 1, 1, "ACTOR")
b_place = span(D1, "bilal", 3, 3, "PLACE")  # حلب only: overlaps amal's مدينة حلب
# Document 2: اشتباكات | عنيفة | في | درعا
SPANS = [
    a_event,
    a_actor,
    a_place,
    a_time,
    b_event,
    b_actor,
    b_place,
    span(D2, "amal", 0, 1, "EVENT", certainty="reported"),
    span(D2, "amal", 3, 3, "PLACE"),
    span(D2, "bilal", 0, 0, "EVENT"),
    span(D2, "bilal", 3, 3, "ACTOR"),  # same words as amal's PLACE, other label
    span(D2, "carim", 0, 1, "EVENT", certainty="confirmed"),
    span(D2, "carim", 3, 3, "PLACE"),
]
RELATIONS = [
    link("amal", a_event, a_actor, "agent"),
    link("amal", a_event, a_place, "place"),
    link("bilal", b_event, b_actor, "agent"),
    link("bilal", b_event, b_place, "place"),
]
PAIRS = [("amal", "bilal"), ("amal", "carim"), ("bilal", "carim")]


@pytest.fixture(scope="module")
def report() -> dict:
    return agreement_report(SPANS, RELATIONS, TOKENS, docs_per_annotator=DOCS).to_json()


def test_exact_span_f1(report: dict) -> None:
    exact = report["span_f1"]["exact"]
    # amal/bilal: doc1 TP 2 (EVENT, ACTOR), FN 2, FP 1; doc2 TP 0, FN 2, FP 2 -> 2*2/(4+3+4) = 4/11.
    # amal/carim: doc2 only, identical -> 1.  bilal/carim: doc2, TP 0, FP 2, FN 2 -> 0.
    assert [(p["a"], p["b"]) for p in exact["pairs"]] == PAIRS
    assert [p["f1"] for p in exact["pairs"]] == pytest.approx([4 / 11, 1.0, 0.0])
    assert [(p["tp"], p["fp"], p["fn"]) for p in exact["pairs"]] == [(2, 3, 4), (2, 0, 0), (0, 2, 2)]
    assert exact["mean"] == pytest.approx(5 / 11)
    assert exact["sd"] == pytest.approx(math.sqrt(62 / 363))  # deviations -1/11, 6/11, -5/11
    # EVENT: amal/bilal 2/4, amal/carim 1, bilal/carim 0 (B's EVENT is shorter) -> 1/2.
    # PLACE: amal/bilal TP 0 FN 2 FP 1 -> 0, amal/carim 1, bilal/carim FN 1 -> 0.
    # ACTOR: amal/bilal 2/3, amal/carim undefined, bilal/carim FP 1 -> 0.  TIME: only amal/bilal, 0.
    assert exact["per_label"] == pytest.approx({"ACTOR": 1 / 3, "EVENT": 0.5, "PLACE": 1 / 3, "TIME": 0.0})


def test_overlap_span_f1(report: dict) -> None:
    overlap = report["span_f1"]["overlap"]
    # amal/bilal: PLACE مدينة حلب ~ حلب and EVENT اشتباكات عنيفة ~ اشتباكات pair up: TP 4, FP 1, FN 2 -> 8/11.
    # bilal/carim: EVENT pairs, ACTOR/PLACE do not: 2/4.
    assert [p["f1"] for p in overlap["pairs"]] == pytest.approx([8 / 11, 1.0, 0.5])
    assert overlap["mean"] == pytest.approx((8 / 11 + 1 + 0.5) / 3)
    assert overlap["per_label"]["EVENT"] == pytest.approx(1.0)


def test_token_kappa_and_alpha(report: dict) -> None:
    # amal/bilal over 10 tokens: p_o = 4/10, p_e = 13/100 -> (0.4 - 0.13)/0.87 = 9/29.
    # amal/carim: doc2 identical -> 1.  bilal/carim: p_o = 1/2, p_e = 3/16 -> 5/13.
    kappas = [p["kappa"] for p in report["token_kappa"]["pairs"]]
    assert kappas == pytest.approx([9 / 29, 1.0, 5 / 13])
    assert [p["tokens"] for p in report["token_kappa"]["pairs"]] == [10, 4, 4]
    assert report["token_kappa"]["mean"] == pytest.approx((9 / 29 + 1 + 5 / 13) / 3)
    # 24 pairable values, sum of n_c^2 = 106, observed disagreement numerator 12 -> 1 - 23*12/470.
    assert report["alpha"] == pytest.approx(97 / 235)


def test_alpha_without_the_partial_annotator() -> None:
    result = token_kappa_alpha(SPANS, TOKENS, annotators=["amal", "bilal"], docs_per_annotator=DOCS)
    assert result.alpha == pytest.approx(49 / 163)  # 20 values, sum n_c^2 = 74: 1 - 19*12/326


def test_relations(report: dict) -> None:
    relations = report["relations"]
    # Only amal/bilal share links.  Exact: agent matches, place does not (tail spans differ) -> 2/4.
    assert [p["f1"] for p in relations["exact"]["pairs"]] == [0.5, None, None]
    assert relations["exact"]["mean"] == 0.5
    assert relations["exact"]["sd"] == 0.0
    assert relations["exact"]["per_role"] == {"agent": 1.0, "place": 0.0}
    assert relations["overlap"]["per_role"] == {"agent": 1.0, "place": 1.0}
    assert relation_f1(SPANS, RELATIONS, overlap=True, docs_per_annotator=DOCS).mean == 1.0


def test_attributes(report: dict) -> None:
    certainty = report["attributes"]["certainty"]
    # amal/bilal: confirmed = confirmed (kappa undefined: one category); amal/carim: reported vs confirmed.
    assert [(p["n"], p["agreement"], p["kappa"]) for p in certainty["pairs"]] == [
        (1, 1.0, None),
        (1, 0.0, 0.0),
        (0, None, None),
    ]
    assert certainty["agreement"] == 0.5
    assert certainty["kappa"] == 0.0
    kind = attribute_agreement(SPANS, docs_per_annotator=DOCS)["type"]
    assert (kind.pairs[0].n, kind.pairs[0].agreement) == (1, 0.0)  # state vs not set


def test_confusion(report: dict) -> None:
    table = label_confusion(SPANS, "amal", "bilal", docs_per_annotator=DOCS)
    assert table.labels == ("ACTOR", "EVENT", "PLACE", "TIME", MISSING)
    expected = {
        ("EVENT", "EVENT"): 2,
        ("ACTOR", "ACTOR"): 1,
        ("PLACE", "PLACE"): 1,
        ("PLACE", "ACTOR"): 1,
        ("TIME", MISSING): 1,
    }
    for x in table.labels:
        for y in table.labels:
            assert table.count(x, y) == expected.get((x, y), 0), (x, y)
    assert report["confusion"][0] == table.to_json()
    assert [(c["a"], c["b"]) for c in report["confusion"]] == PAIRS


def test_documents_by_disagreement(report: dict) -> None:
    # doc2: pair F1s 0, 1, 0 -> 1 - 1/3; doc1: amal/bilal only, 4/7 -> 3/7.
    ranked = report["documents_by_disagreement"]
    assert [d["doc_id"] for d in ranked] == [2, 1]
    assert [d["disagreement"] for d in ranked] == pytest.approx([2 / 3, 3 / 7])
    assert [d["pairs"] for d in ranked] == [3, 1]
    assert documents_by_disagreement(SPANS, docs_per_annotator=DOCS)[1].doc_id == D1


def test_json_is_strict_and_has_the_documented_keys(report: dict) -> None:
    text = json.dumps(report, allow_nan=False)
    assert json.loads(text) == report
    assert set(report) >= {"span_f1", "token_kappa", "alpha", "relations", "attributes", "confusion"}
    assert set(report["span_f1"]["exact"]) == {"mean", "sd", "pairs", "per_label"}
    assert set(report["token_kappa"]) == {"pairs", "mean"}


def test_spans_outside_the_declared_documents_are_ignored() -> None:
    stray = span(D1, "carim", 0, 0, "EVENT")  # carim did not annotate doc1
    with_stray = span_f1([*SPANS, stray], docs_per_annotator=DOCS)
    assert with_stray == span_f1(SPANS, docs_per_annotator=DOCS)


def test_default_compares_everyone_on_every_document_except_gold() -> None:
    gold = span(D1, "gold", 0, 0, "EVENT")
    result = span_f1([*SPANS, gold])
    # carim is now taken to have annotated doc1 too, and marked nothing there: FN 4 against amal.
    assert [(p.a, p.b) for p in result.pairs] == PAIRS
    assert (result.pairs[1].tp, result.pairs[1].fp, result.pairs[1].fn) == (2, 0, 4)


def test_label_filter_drops_other_labels_and_their_links() -> None:
    result = span_f1(SPANS, labels=["EVENT"], docs_per_annotator=DOCS)
    assert list(result.per_label) == ["EVENT"]
    assert result.pairs[0].f1 == pytest.approx(0.5)
    links = relation_f1(SPANS, RELATIONS, labels=["EVENT", "ACTOR"], docs_per_annotator=DOCS)
    assert links.per_label == {"agent": 1.0}


def test_confusion_needs_two_annotators() -> None:
    with pytest.raises(ValueError, match="two different annotators"):
        label_confusion(SPANS, "amal", "amal")
