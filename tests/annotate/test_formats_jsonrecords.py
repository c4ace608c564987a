"""JSON records of a file (JSONL, pretty-printed, one array) with the line each starts on."""

from __future__ import annotations

import json

import pytest

from annotate.formats.jsonrecords import each_record, iter_records
from annotate.formats.ours import read_ours
from annotate.formats.report import FormatReport
from annotate.textimport import ImportFileError


def test_records_know_the_line_they_start_on() -> None:
    rec = {"text": "نص"}
    jsonl = "\n".join([json.dumps(rec), "", json.dumps(rec, indent=2), json.dumps(rec)]) + "\n"
    assert [line for line, _ in iter_records("x", jsonl)] == [1, 3, 6]
    array = "[\n" + ",\n".join(json.dumps(rec, indent=1) for _ in range(3)) + "\n]\n"
    assert [line for line, _ in iter_records("x", array)] == [2, 5, 8]
    assert list(iter_records("x", " [ ] ")) == []
    for broken, line in (("[\n{},\n{]", 3), ("[{}\n{}]", 2), ("[{}]\n{}", 2)):
        with pytest.raises(ImportFileError) as err:
            list(iter_records("x", broken))
        assert err.value.line == line, broken


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('[{"text": "نص"},\n 5]', r"x:2: item 2 of the array is not a JSON object"),
        ('{"text": "نص"}\n"نص"\n', r"x:2: each record must be a JSON object"),
        ("\n\n", r"x: no records"),
    ],
)
def test_what_is_not_a_record_is_refused_with_its_line(text: str, why: str) -> None:
    with pytest.raises(ImportFileError, match=why):
        each_record("x", text, lambda _line, rec: rec)


@pytest.mark.parametrize(
    ("span", "why"),
    [
        ({"start": True, "end": 2, "label": "place"}, r"'start' must be an integer, got True"),
        ({"start": 0, "end": 2, "label": "place", "attributes": ["x"]}, r"attributes must be an object"),
        ({"start": 0, "end": 2, "label": "place", "provenance": "amal"}, r"provenance must be an object"),
    ],
)
def test_our_jsonl_refuses_a_malformed_span_with_its_line(span: dict, why: str) -> None:
    rec = {"text": "نص عن حلب", "spans": [{"id": "s1", **span}]}
    with pytest.raises(ImportFileError, match=rf"x\.jsonl:1: .*{why}"):
        read_ours("x.jsonl", json.dumps(rec), FormatReport("jsonl"))


def test_our_jsonl_refuses_a_relation_without_a_label_and_an_unknown_status() -> None:
    span = {"id": "s1", "start": 0, "end": 2, "label": "place"}
    for rec, why in (
        ({"relations": [{"head": "s1", "tail": "s1"}]}, r"relation 0 needs head, tail and a string label"),
        ({"status": "finished"}, r"status 'finished' is not one of"),
    ):
        line = json.dumps({"text": "نص عن حلب", "spans": [span], **rec})
        with pytest.raises(ImportFileError, match=rf"x\.jsonl:1: {why}"):
            read_ours("x.jsonl", line, FormatReport("jsonl"))
