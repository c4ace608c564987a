"""The token view agreement uses: offsets without Token objects, equal to ``tokenize``'s."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from annotate.agreement import iob2_tags
from annotate.agreement_stats import mean_of, mean_sd
from annotate.agreement_tokens import TokenOffsets
from annotate.model import DocId, Span, SpanId
from annotate.tokens import tokenize
from tests.annotate.test_arabic import any_text

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "resources" / "samples").glob("*.txt"))
TRICKY = [
    "قالت «قسد»، أمس: اعتقلنا ١٢ شخصاً؟!",
    "قتل ٢٫٥ ألف و3.5 مليون و1,200 شخص.",
    "👍🏽الرقة🇸🇾👨‍👩‍👧 قسد 1️⃣ #️⃣",
    "ميّ‌خانه وبالرَّقَّةِ ـ قســد",
    "",
    "   \n\t ",
]


def _reference(text: str) -> list[tuple[int, int]]:
    return [(t.start, t.end) for t in tokenize(text)]


@pytest.mark.parametrize("text", TRICKY + [p.read_text(encoding="utf-8") for p in SAMPLES])
def test_offsets_are_the_tokenizers(text: str) -> None:
    got = TokenOffsets.of(text)
    assert list(got) == _reference(text)
    assert got.starts == [s for s, _ in _reference(text)] and got.ends == [e for _, e in _reference(text)]


@given(any_text)
def test_offsets_are_the_tokenizers_on_any_text(text: str) -> None:
    assert list(TokenOffsets.of(text)) == _reference(text)


def test_behaves_as_a_sequence_of_pairs() -> None:
    text = "قصف الطيران بلدة سراقب."
    got, ref = TokenOffsets.of(text), _reference(text)
    assert len(got) == len(ref) == 5
    assert got[0] == ref[0] and got[-1] == ref[-1]
    assert got[1:3] == ref[1:3]
    assert got == ref and ref == got and got == TokenOffsets.of(text)
    assert got != ref[:-1] and got != "not offsets"
    assert (0, 3) in got


def test_tags_are_the_same_from_either_form() -> None:
    text = "قصف الطيران بلدة سراقب فجر اليوم"
    doc = DocId(1)
    spans = [
        Span(SpanId("a"), doc, "ali", 0, 11, "air_strike", text[0:11]),
        Span(SpanId("b"), doc, "ali", 17, 22, "place", text[17:22]),
        Span(SpanId("c"), doc, "ali", 13, 16, "place", text[13:16]),  # inside a word: touches it
    ]
    assert iob2_tags(spans, TokenOffsets.of(text)) == iob2_tags(spans, _reference(text))
    assert iob2_tags(spans, TokenOffsets.of(text)) == [
        "B-air_strike",
        "I-air_strike",
        "B-place",
        "B-place",
        "O",
        "O",
    ]


def test_mean_alone_equals_the_mean_with_the_sd() -> None:
    values = [0.25, None, 0.5, 1.0, 1 / 3]
    assert mean_of(values) == mean_sd(values)[0]
    assert mean_of([None, None]) is None and mean_of([]) is None
