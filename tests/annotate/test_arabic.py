from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotate.arabic import (
    Folded,
    expand_to_word,
    fold,
    is_harakah,
    snap_edges,
    strip_proclitics,
    trim,
)

# Strategies shared by the other tests of the Arabic text tools (they import them from here).
LETTERS = list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي") + list("أإآٱؤئءةى")
MARKS = list("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0654")
TRICKY = (  # noqa: SIM905 -- one line of pieces reads better than 46 list items
    'لا|لأ|لَا|لإ|ال|بال|لل|و|ـ| |\u00a0|\n|،|؛|؟|«|»|"|.|,|!|(|)|-|…|٫|١|٢|٣|۴|0|9|a|B|ß|İ|👍🏽|🇸🇾|😀'
    "|\u200c|\u200f|ﻻ|ﺍ|ﷲ|\ufe70|e\u0301"
).split("|")
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


EMOJI = "👍🏽"


def span_of(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def apply(fn, text: str, word: str, **kw: bool) -> str:
    start, end = fn(text, *span_of(text, word), **kw)
    return text[start:end]


def is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


def has_base(text: str, i: int) -> bool:
    """Whether the mark at ``i`` follows a letter (not whitespace, not the start of the text)."""
    j = i - 1
    while j >= 0 and is_mark(text[j]):
        j -= 1
    return j >= 0 and not text[j].isspace()


def is_snapped(text: str, start: int, end: int) -> bool:
    return snap_edges(text, start, end) == (start, end)


# ------------------------------------------------------------------------------------------ folding


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("أَحْمَدُ", "احمد"),
        ("إسلام آمن ٱلله", "اسلام امن الله"),
        ("مدرسة", "مدرسه"),
        ("على", "علي"),
        ("مسؤول رئيس", "مسوول رييس"),
        ("قــــسد", "قسد"),
        ("٢٠٢٤ و۱۲ و٣٫٥", "2024 و12 و3.5"),
        ("Straße AFP", "strasse afp"),
        ("ﻻ ﺍﻟﺮﻗﺔ", "لا الرقه"),
        ("ق\u200fسد", "قسد"),
    ],
)
def test_fold_examples(raw: str, folded: str) -> None:
    assert fold(raw).text == folded


def test_to_original_covers_trailing_harakat() -> None:
    text = "اعتقلت قواتٍ أمنيةٌ شخصاً"
    f = fold(text)
    i = f.text.index("امنيه")
    start, end = f.to_original(i, i + len("امنيه"))
    assert text[start:end] == "أمنيةٌ"
    i = f.text.index("شخصا")
    assert text[slice(*f.to_original(i, i + 4))] == "شخصاً"


def test_to_original_covers_whole_expanded_characters() -> None:
    text = "Straße ﻻ"
    f = fold(text)
    assert f.text == "strasse لا"
    assert text[slice(*f.to_original(4, 5))] == "ß"  # the first s of ss still takes all of ß
    assert text[slice(*f.to_original(8, 9))] == "ﻻ"


def test_to_original_rejects_empty_spans() -> None:
    f = fold("قسد")
    with pytest.raises(ValueError):
        f.to_original(1, 1)
    with pytest.raises(ValueError):
        f.to_original(0, 4)


@given(any_text)
def test_fold_is_per_character(text: str) -> None:
    assert fold(text).text == "".join(fold(ch).text for ch in text)


def _boundaries(f: Folded) -> list[int]:
    """Folded offsets where a new original character starts, plus the end."""
    n = len(f.text)
    return [i for i in range(n) if i == 0 or f.origin(i) != f.origin(i - 1)] + [n]


@given(any_text, st.data())
def test_folded_span_maps_back_to_slice_that_folds_to_it(text: str, data: st.DataObject) -> None:
    f = fold(text)
    if not f.text:
        return
    cuts = _boundaries(f)
    i = data.draw(st.sampled_from(cuts[:-1]))
    j = data.draw(st.sampled_from([c for c in cuts if c > i]))
    start, end = f.to_original(i, j)
    assert 0 <= start < end <= len(text)
    assert fold(text[start:end]).text == f.text[i:j]
    assert end == len(text) or not is_harakah(text[end])


@given(any_text, st.data())
def test_any_folded_span_is_inside_the_fold_of_its_original(text: str, data: st.DataObject) -> None:
    f = fold(text)
    if not f.text:
        return
    i = data.draw(st.integers(0, len(f.text) - 1))
    j = data.draw(st.integers(i + 1, len(f.text)))
    start, end = f.to_original(i, j)
    assert f.text[i:j] in fold(text[start:end]).text


def test_fold_of_long_text_keeps_map_exact() -> None:
    text = "وَبِالرَّقَّةِ قالَ مسؤولٌ ١٢ ـ " * 500
    f = fold(text)
    for k in range(0, len(f.text), 37):
        assert fold(text[f.origin(k)]).text == f.text[k]


# --------------------------------------------------------------------------------------- snap_edges


def test_is_harakah() -> None:
    assert all(is_harakah(ch) for ch in "\u064b\u064e\u0650\u0651\u0652\u0670")
    assert not any(is_harakah(ch) for ch in "اـ a٠")


def test_snap_end_before_fathatan_moves_past_it() -> None:
    text = "اعتقلوا شخصاً أمس"
    start = text.index("شخص")
    end = text.index("\u064b")  # the span stops between the alef and its tanween
    assert snap_edges(text, start, end) == (start, end + 1)


def test_snap_start_on_a_mark_moves_to_its_letter() -> None:
    text = "قُتِلَ"
    assert snap_edges(text, 3, 6) == (2, 6)  # on the kasra: back to its ت
    assert snap_edges(text, 1, 2) == (0, 2)  # on the damma
    assert snap_edges(text, 0, 3) == (0, 4)  # ending before the kasra


def test_snap_leaves_orphan_marks_alone() -> None:
    text = "قسد \u064e ُأمس"
    assert snap_edges(text, 4, 6) == (4, 6)
    assert snap_edges(text, 0, 4) == (0, 4)


@pytest.mark.parametrize("lam_alef", ["لا", "لأ", "لإ", "لآ", "لَا", "لّا"])
def test_snap_never_splits_lam_alef(lam_alef: str) -> None:
    text = f"قال {lam_alef}جئون"
    lam = text.index("ل", 3)
    alef = lam + len(lam_alef) - 1
    assert snap_edges(text, alef, len(text)) == (lam, len(text))  # start inside moves back to the lam
    assert snap_edges(text, 0, lam + 1) == (0, alef + 1)  # end inside moves past the alef


@pytest.mark.parametrize("emoji", ["👍🏽", "🇸🇾", "👨\u200d👩\u200d👧", "⚠️"])
def test_snap_takes_an_emoji_of_several_code_points_whole(emoji: str) -> None:
    # Shift+Arrow steps one code point: a step inside 👍🏽 stored 👍 alone (a helper found it)
    text = f"قال مراسلنا {emoji} أن"
    a = text.index(emoji)
    b = a + len(emoji)
    for cut in range(a + 1, b):
        assert snap_edges(text, 0, cut) == (0, b)  # an end inside moves past the whole emoji
        assert snap_edges(text, cut, len(text)) == (a, len(text))  # a start inside moves to its first


def test_snap_leaves_lam_tatweel_alef_alone() -> None:
    text = "لـا"  # a tatweel breaks the ligature
    assert snap_edges(text, 2, 3) == (2, 3)


@given(text_and_span(any_text))
def test_snap_widens_is_idempotent_and_leaves_no_split(case: tuple[str, int, int]) -> None:
    text, start, end = case
    s, e = snap_edges(text, start, end)
    assert 0 <= s <= start < end <= e <= len(text)
    assert snap_edges(text, s, e) == (s, e)
    assert not is_mark(text[s]) or not has_base(text, s)
    assert e == len(text) or not is_mark(text[e]) or not has_base(text, e)


@pytest.mark.parametrize("fn", [snap_edges, trim, expand_to_word, strip_proclitics])
@pytest.mark.parametrize(("start", "end"), [(2, 2), (3, 1), (-1, 2), (0, 9)])
def test_invalid_spans_raise(fn, start: int, end: int) -> None:
    with pytest.raises(ValueError):
        fn("قسد", start, end)


# --------------------------------------------------------------------------------------------- trim


@pytest.mark.parametrize(
    ("selected", "kept"),
    [
        ("«قسد»،", "قسد"),
        (" (قسد) ", "قسد"),
        ('"الرقة"؟', "الرقة"),
        ("ـقسدـ", "قسد"),
        ("ـَقسد؛", "قسد"),
        ("...AFP!", "AFP"),
        ("٪٥٠ ", "٪٥٠"),
        ("قسدٌ.", "قسدٌ"),
    ],
)
def test_trim_examples(selected: str, kept: str) -> None:
    text = f"قال {selected} أمس"
    assert apply(trim, text, selected) == kept


def test_trim_of_only_punctuation_returns_input() -> None:
    assert trim("قسد ، «» قسد", 3, 8) == (3, 8)


@given(text_and_span(any_text))
def test_trim_shrinks_and_is_idempotent(case: tuple[str, int, int]) -> None:
    text, start, end = case
    s, e = trim(text, start, end)
    assert start <= s < e <= end
    assert trim(text, s, e) == (s, e)
    if is_snapped(text, start, end):
        assert is_snapped(text, s, e)


# ----------------------------------------------------------------------------------- expand_to_word


def test_expand_takes_the_whole_word_with_harakat() -> None:
    text = "قالَ وبالرَّقَّةِ أمس"
    start = text.index("ر")
    assert text[slice(*expand_to_word(text, start, start + 1))] == "وبالرَّقَّةِ"


def test_expand_keeps_edges_at_spaces_and_numbers_whole() -> None:
    text = "قتل ٢٫٥ ألف"
    one = text.index("٥")
    assert text[slice(*expand_to_word(text, one, one + 1))] == "٢٫٥"
    assert expand_to_word(text, 3, 4) == (3, 4)  # a lone space stays a lone space


@given(text_and_span(any_text))
def test_expand_contains_input_and_is_idempotent(case: tuple[str, int, int]) -> None:
    text, start, end = case
    s, e = expand_to_word(text, start, end)
    assert 0 <= s <= start < end <= e <= len(text)
    assert expand_to_word(text, s, e) == (s, e)
    assert is_snapped(text, s, e)


# -------------------------------------------------------------------------------------- proclitics


@pytest.mark.parametrize(
    ("word", "default", "no_article"),
    [
        ("بالرقة", "الرقة", "رقة"),
        ("وبالرقة", "الرقة", "رقة"),
        ("فالجيش", "الجيش", "جيش"),
        ("كالعادة", "العادة", "عادة"),
        ("وقسد", "قسد", "قسد"),
        ("لميليشيا", "ميليشيا", "ميليشيا"),
        ("للجيش", "لجيش", "جيش"),
        ("وللجيش", "لجيش", "جيش"),
        ("ولبنان", "لبنان", "لبنان"),  # one clitic only when no article anchors the rest
        ("الرقة", "الرقة", "رقة"),
        ("لأن", "لأن", "لأن"),  # stripping ل would split the lam-alef
        ("بالاعتقال", "الاعتقال", "الاعتقال"),  # so would stripping the article here
        ("وبِالرَّقَّةِ", "الرَّقَّةِ", "رَّقَّةِ"),
        ("بـالرقة", "الرقة", "رقة"),
        ("بك", "بك", "بك"),  # at least two letters stay
        ("قسد", "قسد", "قسد"),
        ("Reuters", "Reuters", "Reuters"),
    ],
)
def test_strip_proclitics_examples(word: str, default: str, no_article: str) -> None:
    text = f"قال {word}، أمس"
    assert apply(strip_proclitics, text, word) == default
    assert apply(strip_proclitics, text, word, strip_article=True) == no_article


def test_strip_analyses_the_whole_word_when_the_span_starts_inside_it() -> None:
    text = "قال بالرقة"
    start = text.index("الرقة")
    assert strip_proclitics(text, start, len(text)) == (start, len(text))
    assert strip_proclitics(text, start, len(text), strip_article=True) == (start + 2, len(text))


def test_strip_touches_only_the_first_word_and_never_empties() -> None:
    text = "وقسد وبالرقة"
    assert text[slice(*strip_proclitics(text, 0, len(text)))] == "قسد وبالرقة"
    assert strip_proclitics(text, 0, 1) == (0, 1)  # only the clitic selected: nothing left to keep
    assert strip_proclitics(text, 4, 6) == (4, 6)  # starts at a space: nothing to strip


@given(text_and_span(any_text), st.booleans())
def test_strip_moves_only_the_start_forward_and_is_idempotent(
    case: tuple[str, int, int], strip_article: bool
) -> None:
    text, start, end = case
    s, e = strip_proclitics(text, start, end, strip_article=strip_article)
    assert start <= s < e == end
    assert strip_proclitics(text, s, e, strip_article=strip_article) == (s, e)
    if is_snapped(text, start, end):
        assert is_snapped(text, s, e)


@given(arabic_text.filter(bool), st.sampled_from([snap_edges, trim, expand_to_word, strip_proclitics]))
def test_emoji_before_arabic_shifts_nothing(text: str, fn) -> None:
    prefixed = EMOJI + " " + text
    shift = len(EMOJI) + 1
    for start in range(len(text)):
        end = len(text)
        s, e = fn(text, start, end)
        assert fn(prefixed, start + shift, end + shift) == (s + shift, e + shift)
