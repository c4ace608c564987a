"""Command objects: inverses, span arithmetic and validation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotate import commands as C
from annotate.model import DocId, Document, Span, SpanId, make_span

DOC = Document(DocId(1), "d", "t", "قصف مدفعي على بلدة 😀 في ريف حماة", "s", "h")


@given(st.integers(0, len(DOC.text)), st.integers(0, len(DOC.text)))
def test_make_span_takes_exactly_the_covered_text(a: int, b: int) -> None:
    if a < b:
        s = make_span(DOC, "ali", a, b, "x")
        assert s.text == DOC.text[a:b] and len(s.text) == s.end - s.start
    else:
        with pytest.raises(ValueError):
            make_span(DOC, "ali", a, b, "x")


def test_span_refuses_inconsistent_snapshot() -> None:
    with pytest.raises(ValueError, match="text length"):
        Span(SpanId("x"), DocId(1), "ali", 0, 3, "x", "ab")


@given(st.lists(st.tuples(st.integers(0, 20), st.integers(1, 5)), min_size=1, max_size=6))
def test_inverse_of_inverse_is_the_same_operations(pairs: list[tuple[int, int]]) -> None:
    spans = [make_span(DOC, "ali", a, min(len(DOC.text), a + n), "x") for a, n in pairs]
    cmd = C.add_spans(spans)
    assert cmd.inverse().inverse().ops == cmd.ops
    assert [op.kind for op in cmd.inverse().ops] == ["delete"] * len(spans)
    assert [op.before for op in cmd.inverse().ops] == list(reversed(spans))


def test_update_must_keep_identity() -> None:
    a = make_span(DOC, "ali", 0, 3, "x")
    b = make_span(DOC, "ali", 0, 3, "y")
    with pytest.raises(ValueError):
        C.update_span(a, b)


def test_a_relabel_drops_the_links_its_new_label_cannot_hold_and_undo_brings_them_back() -> None:
    from annotate.model import Relation, RelationId
    from annotate.schema import default_schema

    schema = default_schema()
    doc = Document(DocId(1), "d", "", "قصفت الطائرات الرقة أمس", "t", "s", {})
    strike = make_span(doc, "ali", 0, 4, "air_strike")
    city = make_span(doc, "ali", 14, 19, "town")
    jets = make_span(doc, "ali", 5, 13, "state_forces")
    place = Relation(RelationId("r1"), DocId(1), "ali", strike.id, city.id, "place", "t")
    agent = Relation(RelationId("r2"), DocId(1), "ali", strike.id, jets.id, "agent", "t")
    labels = {s.id: s.label for s in (strike, city, jets)}
    # الرقة relabelled as an event: a place must be an entity, so that link goes; the agent stays
    assert schema.links_broken(city.id, "killing", [place, agent], labels) == [place]
    assert schema.links_broken(city.id, "village", [place, agent], labels) == []
    cmd = C.relabel_span(city, city.with_(label="killing"), [place])
    assert [(op.kind, op.entity) for op in cmd.ops] == [("delete", "relation"), ("update", "span")]
    assert [(op.kind, op.entity) for op in cmd.inverse().ops] == [("update", "span"), ("insert", "relation")]
