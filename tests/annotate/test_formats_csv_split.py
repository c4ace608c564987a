"""The analysts' event table and the deterministic train/dev/test split."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotate.formats.csv_events import columns, event_rows
from annotate.formats.report import FormatReport
from annotate.formats.split import parse_ratios, split_ids
from annotate.model import make_span
from annotate.schema import schema_from_dict
from tests.annotate.test_formats_helpers import document, layer, relation, span_at
from tests.store.conftest import SCHEMA

schema = schema_from_dict(SCHEMA)


def test_one_row_per_event_with_roles_attributes_and_sentence() -> None:
    doc = document("قال ناشطون إن اشتباكاً اندلع أمس. واعتقلت قوات الأمن شابين في حمص؟ ولم يعلق أحد.")
    ev = span_at(doc, "اعتقلت", "arrest", certainty="claimed")
    st_ = span_at(doc, "قوات الأمن", "state")
    pl = span_at(doc, "حمص", "place")
    cl = span_at(doc, "اشتباكاً", "clash")
    lonely = span_at(doc, "ناشطون", "state")
    rep = FormatReport("csv")
    rows = event_rows(
        layer(doc, [ev, st_, pl, cl, lonely], [relation(ev, st_, "agent"), relation(ev, pl, "place")]),
        schema,
        rep,
    )
    assert [r["event_type"] for r in rows] == ["clash", "arrest"]
    arrest = rows[1]
    assert (
        arrest["actors"] == "state: قوات الأمن"
        and arrest["agent"] == "قوات الأمن"
        and arrest["place"] == "حمص"
    )
    assert arrest["attributes"] == "certainty=claimed"
    assert arrest["sentence"] == "واعتقلت قوات الأمن شابين في حمص؟"
    assert rows[0]["sentence"] == "قال ناشطون إن اشتباكاً اندلع أمس."
    assert list(arrest) == columns(schema)
    assert rep.count("note") == 1  # ناشطون is linked to no event


def test_an_event_over_a_sentence_end_shows_both_sentences() -> None:
    doc = document("قال شاهد إن القصف بدأ. واستمر حتى الفجر. ثم هدأ.")
    a = doc.text.index("القصف")
    ev = make_span(doc, "amal", a, doc.text.index("واستمر") + len("واستمر"), "clash")
    (row,) = event_rows(layer(doc, [ev]), schema, FormatReport("csv"))
    assert row["sentence"] == "قال شاهد إن القصف بدأ. واستمر حتى الفجر."


def test_what_has_no_column_is_reported() -> None:
    # A role the schema lacks, a relation between two non-events, a label the schema lacks (an entity here).
    doc = document("اعتقلت قوات الأمن شابين في حمص")
    ev = span_at(doc, "اعتقلت", "arrest")
    st_ = span_at(doc, "قوات الأمن", "state")
    pl = span_at(doc, "حمص", "place")
    odd = span_at(doc, "شابين", "detainee")
    rels = [relation(ev, st_, "agent"), relation(ev, odd, "victim"), relation(st_, pl, "place")]
    rep = FormatReport("csv")
    (row,) = event_rows(layer(doc, [ev, st_, pl, odd], rels), schema, rep)
    assert row["agent"] == "قوات الأمن" and "victim" not in row
    dropped = sorted(i.detail for i in rep.items if i.kind == "dropped_relation")
    assert dropped == [
        "place from a non-event span has no place in an event table",
        "role 'victim' is not in the schema; no column for it",
    ]


def test_an_arguments_attributes_are_reported_once_the_events_are_written() -> None:
    doc = document("اعتقلت قوات الأمن شابين في حمص")
    ev = span_at(doc, "اعتقلت", "arrest", certainty="claimed")
    pl = span_at(doc, "حمص", "place", certainty="alleged")
    again = span_at(doc, "اعتقلت قوات", "arrest")
    rep = FormatReport("csv")
    rows = event_rows(
        layer(doc, [ev, again, pl], [relation(ev, pl, "place"), relation(again, pl, "place")]), schema, rep
    )
    assert [r["attributes"] for r in rows] == ["", "certainty=claimed"]  # the longer span first
    assert [i.detail for i in rep.items if i.kind == "dropped_attribute"] == [
        "place 'حمص': {'certainty': 'alleged'}"
    ]


@given(st.lists(st.integers(1, 10_000), unique=True, max_size=300), st.integers(0, 99))
def test_split_is_a_deterministic_partition(ids: list[int], seed: int) -> None:
    parts = split_ids(ids, parse_ratios("80,10,10"), seed)
    assert sorted(i for p in parts.values() for i in p) == sorted(ids)
    assert parts == split_ids(list(reversed(ids)), parse_ratios("0.8,0.1,0.1"), seed)
    assert abs(len(parts["train"]) - 0.8 * len(ids)) <= 1


@pytest.mark.parametrize(
    "bad", ["80", "a,b", "-1,2", "0,0", "1,2,3,4", "80,30,10", "80,10", "8,1,1", "0.5,0.4"]
)
def test_bad_split_spec_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="--split"):
        parse_ratios(bad)


def test_a_split_that_does_not_add_up_says_what_it_adds_up_to() -> None:
    with pytest.raises(ValueError, match=r"add up to 120; give percentages that add up to 100"):
        parse_ratios("80,30,10")
    assert parse_ratios("70,20,10") == pytest.approx((0.7, 0.2, 0.1))
    assert parse_ratios("50,50") == parse_ratios("0.5,0.5")
