"""The token view agreement uses: offsets without Token objects, equal to ``tokenize``'s."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotate.agreement import iob2_tags
from annotate.agreement_layers import index_layers
from annotate.agreement_stats import mean_of, mean_sd
from annotate.agreement_tokens import TextTokens, TokenOffsets, tag_patterns
from annotate.model import DocId, Span, SpanId
from annotate.tokens import tokenize
from tests.annotate.test_arabic import any_text, arabic_text

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


@pytest.mark.parametrize("text", TRICKY + [p.read_text(encoding="utf-8") for p in SAMPLES])
def test_text_tokens_count_and_list_as_the_tokenizer(text: str) -> None:
    tokens = TextTokens(text)
    assert len(tokens) == len(_reference(text))  # counted, not listed
    assert tokens == _reference(text) and list(tokens) == _reference(text)


@st.composite
def layered_text(draw: st.DrawFn) -> tuple[str, list[Span]]:
    """A text (spaces, newlines, emoji, harakat) and spans of three annotators, overlapping as they like."""
    text = draw(
        st.lists(st.one_of(arabic_text, st.sampled_from([" ", "\n", "  ", "\t"])), max_size=8).map("".join)
    )
    text = text or "قصف"
    spans = []
    for i in range(draw(st.integers(0, 12))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        who = draw(st.sampled_from(["ali", "badr", "chadi"]))
        label = draw(st.sampled_from(["place", "shelling"]))
        spans.append(Span(SpanId(f"s{i}"), DocId(1), who, start, end, label, text[start:end]))
    return text, spans


@given(layered_text())
def test_tags_near_spans_give_the_same_patterns_as_every_token(case: tuple[str, list[Span]]) -> None:
    text, spans = case
    layers = index_layers(spans, (), ["ali", "badr", "chadi"], extra_docs=[DocId(1)])
    every = tag_patterns(layers, {DocId(1): TokenOffsets.of(text)})
    near = tag_patterns(layers, {DocId(1): TextTokens(text)})
    assert near == every


@given(layered_text())
def test_the_stretches_hold_every_token_a_span_touches(case: tuple[str, list[Span]]) -> None:
    text, spans = case
    starts, ends = TextTokens(text).around((s.start, s.end) for s in spans)
    listed = list(zip(starts, ends, strict=True))
    reference = _reference(text)
    assert listed == [t for t in reference if t in set(listed)]  # a subsequence, in order, no duplicates
    touched = {t for t in reference for s in spans if t[0] < s.end and s.start < t[1]}
    assert touched <= set(listed)
