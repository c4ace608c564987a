"""Reading CoNLL as corpora write it: a line missing a column is an error, never a column read as another."""

from __future__ import annotations

import pytest

from annotate.formats.conll import read_conll
from annotate.formats.report import FormatReport
from annotate.textimport import ImportFileError

FOUR = "-DOCSTART- -X- -X- O\n\nقال VBD B-VP O\nالجيش NN B-NP B-ORG\nإن IN B-SBAR O\n"


def _read(text: str) -> list:
    return read_conll("x.conll", text, FormatReport("conll"))


def test_four_columns_read_the_last_as_the_tag() -> None:
    (d,) = _read(FOUR)
    assert [(s.label, d.text[s.start : s.end]) for s in d.spans] == [("ORG", "الجيش")]


@pytest.mark.parametrize(
    "bad",
    [
        "إن IN B-SBAR",  # the NER column missing: the chunk tag would be read as an entity
        "إن B-SBAR O",  # the part of speech missing: chunk and NER would be read as two nesting levels
        "إن O",
    ],
)
def test_a_line_missing_a_column_among_part_of_speech_lines_names_its_line(bad: str) -> None:
    text = FOUR.replace("إن IN B-SBAR O", bad)
    with pytest.raises(ImportFileError, match=r"x\.conll:5: .*3 columns|x\.conll:5: .*2 columns"):
        _read(text)


def test_nesting_levels_may_vary_line_by_line_as_wojood_writes_them() -> None:
    text = "بلدية\tB-ORG\nنابلس\tI-ORG\tB-GPE\n.\tO\n"
    (d,) = _read(text)
    assert {(s.label, d.text[s.start : s.end]) for s in d.spans} == {("ORG", "بلدية نابلس"), ("GPE", "نابلس")}


def test_sentences_of_different_shapes_in_one_file_as_spacy_tests_them() -> None:
    text = "قال\tO\nالجيش\tB-ORG\n\nقال VBD O\nالجيش NN B-ORG\n\nقال VBD _ O\nالجيش NN _ B-ORG\n"
    (d,) = _read(text)
    assert len(d.spans) == 3
