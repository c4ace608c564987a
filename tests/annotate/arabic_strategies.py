"""Hypothesis strategies for Arabic text with the characters that break naive offset code."""

from __future__ import annotations

from hypothesis import strategies as st

LETTERS = list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي") + list("أإآٱؤئءةى")
MARKS = list("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0654")
TRICKY = [
    "لا",
    "لأ",
    "لَا",
    "لإ",
    "ال",
    "بال",
    "لل",
    "و",
    "ـ",
    " ",
    " ",
    "\n",
    "،",
    "؛",
    "؟",
    "«",
    "»",
    '"',
    ".",
    ",",
    "!",
    "(",
    ")",
    "-",
    "…",
    "٫",
    "١",
    "٢",
    "٣",
    "۴",
    "0",
    "9",
    "a",
    "B",
    "ß",
    "İ",
    "👍🏽",
    "🇸🇾",
    "😀",
    "\u200c",
    "\u200f",
    "ﻻ",
    "ﺍ",
    "ﷲ",
    "\ufe70",
    "e\u0301",
]
PIECES = LETTERS + MARKS + TRICKY

arabic_text = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
"""Short texts mixing letters, harakat, ligatures, clitics, digits, punctuation and emoji."""

any_text = st.one_of(arabic_text, st.text(max_size=30))


@st.composite
def text_and_span(draw: st.DrawFn, texts: st.SearchStrategy[str] = arabic_text) -> tuple[str, int, int]:
    text = draw(texts.filter(bool))
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return text, start, end
