from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.adjudication import (
    accept,
    accept_all_agreed,
    edit,
    group_candidates,
    next_open,
    readiness,
    reject,
    review,
)
from annotate.model import GOLD, DocId, Document, Span, make_span

TEXT = "قصفت قوات النظام بلدة في ريف الرقة صباح اليوم الأحد وقتل ثلاثة مدنيين"
DOC = Document(DocId(1), "d1", "t", TEXT, "src", "h")
STAMP = "2026-11-27T00:00:00.000000+00:00"


def sp(who: str, start: int, end: int, label: str, **attributes: str) -> Span:
    return make_span(DOC, who, start, end, label, attributes or None)


def test_groups_are_marked_by_kind() -> None:
    spans = [
        # all agree
        sp("ali", 0, 4, "shelling"),
        sp("badr", 0, 4, "shelling"),
        sp("chadi", 0, 4, "shelling"),
        # label differs (same offsets)
        sp("ali", 5, 16, "state_forces"),
        sp("badr", 5, 16, "militia"),
        sp("chadi", 5, 16, "state_forces"),
        # boundary differs (overlap, same label)
        sp("ali", 26, 34, "place"),
        sp("badr", 29, 34, "place"),
        sp("chadi", 26, 34, "place"),
        # missing in some
        sp("ali", 52, 56, "killing"),
        sp("chadi", 52, 56, "killing"),
    ]
    groups = group_candidates(spans, ["ali", "badr", "chadi"])
    assert [(g.start, g.end, g.kind) for g in groups] == [
        (0, 4, "agree"),
        (5, 16, "label"),
        (26, 34, "boundary"),
        (52, 56, "missing"),
    ]
    assert groups[3].missing == ("badr",)
    assert groups[1].annotators == ("ali", "badr", "chadi")


def test_a_group_never_holds_two_spans_of_one_annotator() -> None:
    # ali marks one long actor; badr marks two short ones inside it.
    spans = [sp("ali", 5, 16, "actor"), sp("badr", 5, 9, "actor"), sp("badr", 10, 16, "actor")]
    groups = group_candidates(spans)
    assert len(groups) == 2
    for g in groups:
        assert len(set(g.annotators)) == len(g.annotators)
    assert sorted(g.kind for g in groups) == ["boundary", "missing"]


def test_overlap_with_different_labels_stays_apart() -> None:
    groups = group_candidates([sp("ali", 5, 16, "actor"), sp("badr", 5, 10, "place")])
    assert [g.kind for g in groups] == ["missing", "missing"]


def test_gold_spans_are_not_candidates() -> None:
    groups = group_candidates([sp("ali", 0, 4, "x"), sp(GOLD, 0, 4, "x")], ["ali"])
    assert len(groups) == 1
    assert groups[0].annotators == ("ali",)


def test_accept_gives_gold_with_provenance_and_rejects_the_rest() -> None:
    a, b, c = (
        sp("ali", 5, 16, "state_forces"),
        sp("badr", 5, 16, "militia"),
        sp("chadi", 5, 16, "state_forces"),
    )
    (g,) = group_candidates([a, b, c])
    plan = accept(g, c, "rania", STAMP)
    (gold,) = plan.gold
    assert (gold.annotator, gold.start, gold.end, gold.label, gold.text) == (
        GOLD,
        5,
        16,
        "state_forces",
        TEXT[5:16],
    )
    assert gold.id not in {a.id, b.id, c.id}
    assert gold.provenance == {
        "proposed_by": ["ali", "chadi"],
        "decided_by": "rania",
        "decided_at": STAMP,
        "from_span_ids": sorted([a.id, c.id]),
        "decision": "accept",
    }
    by_span = {d.span_id: d for d in plan.decisions}
    assert by_span[a.id].decision == "accept" and by_span[a.id].gold_span_id == gold.id
    assert by_span[b.id].decision == "reject" and by_span[b.id].gold_span_id is None
    (view,) = review([g], plan.gold, plan.decisions)
    assert view.state == "accepted"
    assert view.gold == (gold,)


def test_edit_takes_new_offsets_and_keeps_the_proposer() -> None:
    a, b = sp("ali", 26, 34, "place"), sp("badr", 29, 34, "place")
    (g,) = group_candidates([a, b])
    plan = edit(g, b, TEXT, 29, 34, "town", None, "rania", STAMP)
    (gold,) = plan.gold
    assert (gold.label, gold.text) == ("town", TEXT[29:34])
    assert gold.provenance["proposed_by"] == ["badr"]
    assert gold.provenance["decision"] == "edit"
    assert review([g], plan.gold, plan.decisions)[0].state == "edited"


def test_reject_and_reopened_candidates() -> None:
    a, b = sp("ali", 0, 4, "shelling"), sp("badr", 0, 4, "air_strike")
    (g,) = group_candidates([a, b])
    plan = reject(g, "rania", STAMP)
    assert plan.gold == ()
    assert review([g], (), plan.decisions)[0].state == "rejected"
    # badr reopens the document and edits the span: that group is open again,
    # and ali's earlier decision is still on record.
    b2 = b.with_(label="shelling", updated_at="2026-11-28T00:00:00.000000+00:00")
    (g2,) = group_candidates([a, b2])
    (view,) = review([g2], (), plan.decisions)
    assert view.state == "open"
    assert g2.kind == "agree"


def test_deleting_the_gold_span_reopens_the_group() -> None:
    a, b = sp("ali", 0, 4, "shelling"), sp("badr", 0, 4, "shelling")
    (g,) = group_candidates([a, b])
    plan = accept(g, a, "rania", STAMP)
    assert review([g], plan.gold, plan.decisions)[0].state == "accepted"
    assert review([g], (), plan.decisions)[0].state == "open"


def test_accept_all_agreed_and_next_disagreement() -> None:
    spans = [
        sp("ali", 0, 4, "shelling"),
        sp("badr", 0, 4, "shelling"),
        sp("ali", 5, 16, "state_forces"),
        sp("badr", 5, 16, "militia"),
        sp("ali", 52, 56, "killing"),
        sp("badr", 52, 56, "killing"),
    ]
    groups = group_candidates(spans)
    views = review(groups, (), ())
    assert next_open(views) == 1
    assert next_open(views, 1) == 1  # wraps around to the only disagreement
    assert next_open(views, disagreements_only=False) == 0
    plan = accept_all_agreed(views, "rania", STAMP)
    assert len(plan.gold) == 2
    views = review(groups, plan.gold, plan.decisions)
    assert [v.state for v in views] == ["accepted", "open", "accepted"]
    assert next_open(views, disagreements_only=False) == 1
    views = review(groups, plan.gold, (*plan.decisions, *reject(groups[1], "rania", STAMP).decisions))
    assert next_open(views) is None


def test_readiness_follows_assigned_annotators() -> None:
    assert readiness({"ali": "done", "badr": "in_progress"}, ["ali", "badr"]).waiting_for == ("badr",)
    assert readiness({"ali": "done", "badr": "done"}, ["ali", "badr"]).ready
    assert not readiness({"ali": "done"}, ["ali", "badr"]).ready
    assert readiness({"ali": "done"}, []).ready
    assert not readiness({}, []).ready


spans_strategy = st.lists(
    st.tuples(
        st.sampled_from(["ali", "badr", "chadi"]),
        st.integers(0, 60),
        st.integers(1, 8),
        st.sampled_from(["a", "b"]),
    ),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(spans_strategy)
def test_grouping_properties(raw: list[tuple[str, int, int, str]]) -> None:
    spans = [sp(w, s, min(s + n, len(TEXT)), lab) for w, s, n, lab in raw if s < len(TEXT)]
    groups = group_candidates(spans, ["ali", "badr", "chadi"])
    seen = [s.id for g in groups for s in g.spans]
    # every candidate is in exactly one group
    assert sorted(seen) == sorted(s.id for s in spans)
    for g in groups:
        assert len(set(g.annotators)) == len(g.annotators)
        assert g.start == min(s.start for s in g.spans) and g.end == max(s.end for s in g.spans)
        if g.kind == "agree":
            assert len({(s.start, s.end, s.label) for s in g.spans}) == 1 and not g.missing
    # grouping does not depend on input order
    again = group_candidates(list(reversed(spans)), ["ali", "badr", "chadi"])
    assert [[s.id for s in g.spans] for g in again] == [[s.id for s in g.spans] for g in groups]


def test_document_labels_are_compared_and_decided() -> None:
    from annotate.doclabels import DocLabel, accept_agreed_doc_labels, compare_doc_labels, decide_doc_label

    d = DocId(1)
    labels = [
        DocLabel(d, "ali", "relevance", "relevant"),
        DocLabel(d, "badr", "relevance", "relevant"),
        DocLabel(d, "ali", "region", "الرقة"),
        DocLabel(d, "badr", "region", "دير الزور"),
        DocLabel(d, "ali", "topic", "arrest"),
    ]
    groups = {g.key: g for g in compare_doc_labels(labels, ["ali", "badr"])}
    assert {k: g.kind for k, g in groups.items()} == {
        "relevance": "agree",
        "region": "differs",
        "topic": "missing",
    }
    assert groups["topic"].missing == ("badr",)
    (agreed,) = accept_agreed_doc_labels(groups.values(), "rania", STAMP)
    assert (agreed.annotator, agreed.key, agreed.value) == (GOLD, "relevance", "relevant")
    assert agreed.provenance["proposed_by"] == ["ali", "badr"]
    gold = decide_doc_label(groups["region"], "الرقة", "rania", STAMP)
    assert gold.provenance == {
        "proposed_by": ["ali"],
        "decided_by": "rania",
        "decided_at": STAMP,
        "decision": "accept",
    }
    assert decide_doc_label(groups["region"], "ريف الرقة", "rania", STAMP).provenance["decision"] == "edit"
    regrouped = {g.key: g for g in compare_doc_labels([*labels, gold], ["ali", "badr"])}
    assert regrouped["region"].decided and not regrouped["relevance"].decided
    assert accept_agreed_doc_labels(regrouped.values(), "rania", STAMP)[0].key == "relevance"


def test_a_span_joins_the_one_that_agrees_in_position_and_label_first() -> None:
    # badr marked the same words twice (area, zone); ali once (zone): ali's goes with badr's zone.
    ali, area, zone = sp("ali", 5, 16, "zone"), sp("badr", 5, 16, "area"), sp("badr", 5, 16, "zone")
    groups = group_candidates([ali, area, zone])
    assert sorted((g.kind, tuple(s.label for s in g.spans)) for g in groups) == [
        ("agree", ("zone", "zone")),
        ("missing", ("area",)),
    ]


def test_same_words_and_label_but_other_attributes_is_a_disagreement() -> None:
    groups = group_candidates(
        [
            sp("ali", 0, 4, "shelling", certainty="claimed"),
            sp("badr", 0, 4, "shelling", certainty="confirmed"),
        ]
    )
    assert [g.kind for g in groups] == ["label"]


def test_an_edit_outside_the_document_is_refused() -> None:
    a, b = sp("ali", 26, 34, "place"), sp("badr", 29, 34, "place")
    (g,) = group_candidates([a, b])
    with pytest.raises(ValueError, match="outside the document"):
        edit(g, b, TEXT, 29, len(TEXT) + 1, "town", None, "rania", STAMP)
    with pytest.raises(ValueError, match="outside the document"):
        edit(g, b, TEXT, 30, 30, "town", None, "rania", STAMP)
