from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotate.tokens import Token, sentences, split_at, tokenize
from tests.annotate.test_arabic import any_text, arabic_text


def texts(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "قالت «قسد»، أمس: اعتقلنا ١٢ شخصاً؟!",
            ["قالت", "«", "قسد", "»", "،", "أمس", ":", "اعتقلنا", "١٢", "شخصاً", "؟", "!"],
        ),
        ("قتل ٢٫٥ ألف و3.5 مليون و1,200 شخص.", ["قتل", "٢٫٥", "ألف", "و3.5", "مليون", "و1,200", "شخص", "."]),
        ("وفق (Reuters) و[AFP]…", ["وفق", "(", "Reuters", ")", "و", "[", "AFP", "]", "…"]),
        ('قال "نعم" - لا', ["قال", '"', "نعم", '"', "-", "لا"]),
        ("وبالرَّقَّةِ ـ قســد", ["وبالرَّقَّةِ", "ـ", "قســد"]),
        ("👍🏽الرقة🇸🇾👨‍👩‍👧 قسد", ["👍🏽", "الرقة", "🇸🇾", "👨‍👩‍👧", "قسد"]),
        ("ميّ‌خانه", ["ميّ‌خانه"]),  # a zero-width non-joiner stays inside its word
    ],
)
def test_tokenize_examples(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@given(any_text)
def test_tokens_cover_the_text_exactly(text: str) -> None:
    toks = tokenize(text)
    covered = [False] * len(text)
    previous_end = 0
    for tok in toks:
        assert text[tok.start : tok.end] == tok.text
        assert previous_end <= tok.start < tok.end
        assert not any(ch.isspace() for ch in tok.text)
        previous_end = tok.end
        for i in range(tok.start, tok.end):
            covered[i] = True
    assert all(covered[i] or ch.isspace() for i, ch in enumerate(text))


@given(arabic_text)
def test_emoji_before_arabic_shifts_tokens_by_its_length(text: str) -> None:
    emoji = "👍🏽"
    shifted = tokenize(emoji + " " + text)
    assert shifted[0] == Token(0, len(emoji), emoji)
    k = len(emoji) + 1
    assert shifted[1:] == [Token(t.start + k, t.end + k, t.text) for t in tokenize(text)]


def test_sentences_split_on_terminators_and_newlines() -> None:
    text = "قال المصدر: «انتهى الهجوم.» هل انسحبوا؟! نعم\n\nفقرة ثانية بلا نقطة\n  بلغ العدد 3.5 ألف. "
    assert [text[s:e] for s, e in sentences(text)] == [
        "قال المصدر: «انتهى الهجوم.»",
        "هل انسحبوا؟!",
        "نعم",
        "فقرة ثانية بلا نقطة",
        "بلغ العدد 3.5 ألف.",
    ]


@given(any_text)
def test_sentences_are_ordered_trimmed_and_within_lines(text: str) -> None:
    previous_end = 0
    for start, end in sentences(text):
        assert previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip() and "\n" not in piece
        previous_end = end
    kept = "".join("".join(text[s:e].split()) for s, e in sentences(text))
    assert kept == "".join(text.split())  # no visible character is lost


def test_split_at_cuts_clitics_off_at_span_edges() -> None:
    text = "قال بالرقة وللجيش"
    toks = tokenize(text)
    start = text.index("الرقة")
    lam = text.index("لجيش")
    assert [t.text for t in split_at(toks, [start, start + 5, lam, 0, 999])] == [
        "قال",
        "ب",
        "الرقة",
        "ول",
        "لجيش",
    ]


@given(any_text, st.lists(st.integers(-2, 50), max_size=6))
def test_split_at_keeps_exact_cover_and_cuts_where_asked(text: str, offsets: list[int]) -> None:
    toks = tokenize(text)
    pieces = split_at(toks, offsets)
    assert "".join(t.text for t in pieces) == "".join(t.text for t in toks)
    for tok in pieces:
        assert text[tok.start : tok.end] == tok.text and tok.start < tok.end
        assert not any(tok.start < o < tok.end for o in offsets)
    edges = {t.start for t in pieces} | {t.end for t in pieces}
    for o in offsets:
        if any(t.start < o < t.end for t in toks):
            assert o in edges
