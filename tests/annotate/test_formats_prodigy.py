"""Prodigy records: relation ends found by offsets (and label), what is not data left out, both ways."""

from __future__ import annotations

import json
from typing import Any

import pytest

from annotate.formats.prodigy import read_prodigy, to_prodigy
from annotate.formats.report import FormatReport
from annotate.textimport import ImportFileError
from tests.annotate.test_formats_helpers import document, layer, span_at

TEXT = "اعتقلت قوات الأمن ناشطاً في بانياس."


def _span(word: str, label: str) -> dict[str, Any]:
    s = TEXT.index(word)
    return {"start": s, "end": s + len(word), "label": label, "text": word}


def _read(*records: dict[str, Any]) -> tuple[list, FormatReport]:
    rep = FormatReport("prodigy")
    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    return read_prodigy("x.jsonl", lines, rep), rep


def test_relation_ends_are_found_by_offsets_and_label() -> None:
    # Two spans over the same words with different labels: the relation names which by its label.
    rec = {
        "text": TEXT,
        "spans": [_span("اعتقلت", "arrest"), _span("قوات الأمن", "state"), _span("قوات الأمن", "police")],
        "relations": [{"head_span": _span("اعتقلت", "arrest"), "child_span": _span("قوات الأمن", "police")}],
    }
    ((d,), _) = _read(rec)
    by_key = {s.key: s.label for s in d.spans}
    ((head, tail, role),) = [(r.head, r.tail, r.role) for r in d.relations]
    assert (by_key[head], by_key[tail], role) == ("arrest", "police", "related")  # no label: "related"


def test_a_relation_end_that_is_no_span_becomes_one() -> None:
    # rel.manual may link tokens never labelled as spans: the end is kept as a span, not lost.
    rec = {
        "text": TEXT,
        "spans": [_span("اعتقلت", "arrest")],
        "relations": [
            {"head_span": _span("اعتقلت", "arrest"), "child_span": _span("بانياس", "place"), "label": "place"}
        ],
    }
    ((d,), _) = _read(rec)
    assert sorted((s.label, d.text[s.start : s.end]) for s in d.spans) == [
        ("arrest", "اعتقلت"),
        ("place", "بانياس"),
    ]
    assert [r.role for r in d.relations] == ["place"]


def test_prodigys_own_fields_are_not_metadata() -> None:
    rec = {
        "text": TEXT,
        "spans": [],
        "_input_hash": 1,
        "_timestamp": 2,
        "_annotator_id": "x-amal",
        "source": "sana",
    }
    ((d,), _) = _read(rec)
    assert d.meta == {"source": "sana"}


def test_a_file_with_no_accepted_record_is_refused() -> None:
    with pytest.raises(ImportFileError, match=r"x\.jsonl: no accepted records"):
        _read(
            {"text": TEXT, "spans": [], "answer": "reject"}, {"text": TEXT, "spans": [], "answer": "ignore"}
        )


def test_a_span_over_no_token_keeps_its_offsets_and_is_reported() -> None:
    doc = document("قصف  حلب")
    gap = span_at(doc, "  ", "place")
    rep = FormatReport("prodigy")
    (rec,) = to_prodigy([layer(doc, [gap])], rep)
    (sp,) = rec["spans"]
    assert (sp["start"], sp["end"]) == (3, 5) and "token_start" not in sp and "token_end" not in sp
    (note,) = rep.items
    assert note.kind == "note" and "covers no token" in note.detail


@pytest.mark.parametrize("bad", ["oops", 42, None])
def test_a_relation_that_is_not_an_object_refuses_the_file_with_its_line(bad: object) -> None:
    rel = {"head_span": _span("اعتقلت", "arrest"), "child_span": _span("بانياس", "place"), "label": "place"}
    good = {"text": TEXT, "spans": [_span("اعتقلت", "arrest")]}
    with pytest.raises(ImportFileError, match=r"x\.jsonl:2: relation 1 is not an object"):
        _read(good, {**good, "relations": [rel, bad]})


def test_the_export_names_its_layer_where_a_session_names_its_annotator() -> None:
    doc = document(TEXT)
    (rec,) = to_prodigy([layer(doc, [span_at(doc, "بانياس", "place")])], FormatReport("prodigy"), "gold")
    assert (rec["_annotator_id"], rec["_session_id"]) == ("gold", "gold")
    rep = FormatReport("prodigy")
    (d,) = read_prodigy("x.jsonl", json.dumps(rec, ensure_ascii=False), rep, layers=True)
    assert d.annotator == "gold" and [s.label for s in d.spans] == ["place"]


@pytest.mark.parametrize(
    "rec",
    [
        {"text": TEXT, "label": [[0, 6, "arrest"]]},
        {"text": TEXT, "entities": [{"id": 1, "start_offset": 0, "end_offset": 6, "label": "arrest"}]},
    ],
)
def test_a_doccano_record_read_as_prodigy_is_refused_not_emptied(rec: dict[str, Any]) -> None:
    """Read as Prodigy its spans became document metadata: the text came in with no span, and no word."""
    with pytest.raises(ImportFileError, match=r"x\.jsonl:1: record holds doccano's .*--format doccano"):
        read_prodigy("x.jsonl", json.dumps(rec), FormatReport("prodigy"))


def test_prodigys_own_text_category_label_is_no_doccano_sign() -> None:
    drafts = read_prodigy("x.jsonl", json.dumps({"text": TEXT, "label": "SECURITY"}), FormatReport("prodigy"))
    assert drafts[0].meta == {"label": "SECURITY"} and not drafts[0].spans
