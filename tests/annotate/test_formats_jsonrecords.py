"""JSON records of a file (JSONL, pretty-printed, one array) with the line each starts on."""

from __future__ import annotations

import json

import pytest

from annotate.formats.jsonrecords import iter_records
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
