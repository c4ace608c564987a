"""The size the agreement report must handle: 10,000 documents × 3 annotators × ~20 spans in ≤ 5 s."""

from __future__ import annotations

import random
import time

import pytest

from annotate.agreement import agreement_report
from annotate.model import DocId, Relation, RelationId, Span, SpanId

LABELS = ["EVENT", "ACTOR", "PLACE", "WEAPON", "DATE"]
TOKENS = [(6 * k, 6 * k + 5) for k in range(200)]  # a 200-word article


def corpus(docs: int) -> tuple[list[Span], list[Relation]]:
    """Three annotators copy a shared truth, each dropping, stretching or relabelling a fifth of it."""
    rnd = random.Random(20261127)
    spans: list[Span] = []
    relations: list[Relation] = []
    for d in range(docs):
        truth = []
        for k in range(20):
            first = 10 * k + rnd.randrange(3)
            truth.append((first, first + rnd.randrange(1, 4), rnd.choice(LABELS)))
        for who in ("amal", "bilal", "carim"):
            mine: list[Span] = []
            for first, stop, label in truth:
                roll = rnd.random()
                if roll < 0.05:
                    continue
                stop += roll < 0.15
                if 0.15 <= roll < 0.2:
                    label = rnd.choice(LABELS)
                start, end = TOKENS[first][0], TOKENS[stop - 1][1]
                extra = (("polarity", rnd.choice("+-")),) if label == "EVENT" else ()
                sid = SpanId(f"{d}-{who}-{len(mine)}")
                mine.append(Span(sid, DocId(d), who, start, end, label, "x" * (end - start), extra))
            for k in range(0, len(mine) - 1, 4):
                rid = RelationId(f"{d}-{who}-{k}")
                relations.append(Relation(rid, DocId(d), who, mine[k].id, mine[k + 1].id, "agent"))
            spans.extend(mine)
    return spans, relations


@pytest.mark.slow
def test_ten_thousand_documents_in_five_seconds() -> None:
    spans, relations = corpus(10_000)
    tokens = {DocId(d): TOKENS for d in range(10_000)}
    started = time.process_time()  # CPU time: other processes on the machine do not count
    report = agreement_report(spans, relations, tokens).to_json()
    elapsed = time.process_time() - started
    assert elapsed <= 5.0, f"agreement_report took {elapsed:.2f} s of CPU"
    exact, overlap = report["span_f1"]["exact"], report["span_f1"]["overlap"]
    assert 0.5 < exact["mean"] < overlap["mean"] < 1.0
    assert 0.5 < report["alpha"] < 1.0
    assert len(report["documents_by_disagreement"]) == 10_000
