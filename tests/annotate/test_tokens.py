from __future__ import annotations

import re
from itertools import pairwise

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from annotate.tokens import (
    _NOT_PLAIN,
    _SENTENCE_END,
    _TOKEN,
    SENTENCE_MARK,
    Token,
    count_tokens,
    is_plain,
    is_token_edge,
    mark_sentence_ends,
    plain_spots,
    sentence_starts_within,
    sentence_tokens,
    sentences,
    spaced_tokens,
    split_at,
    tokenize,
    word_window,
)
from tests.annotate.test_arabic import PIECES, any_text, arabic_text


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


# -- the whole-string route of the CoNLL writer -----------------------------------------------------
_FIRST_SENTENCE_END = re.compile(r"(?:[!?؟]|(?<!\d)\.|\.(?!\d))+[\"'»”’)\]]*|\n")  # as first written
_NUMBERS = ["1", "2", "3.5", ",", ".", "؟!", '."', ".»", "_", "٫", "١٬٢", "  ", "\t", "\u2028"]
_NUMBERS += ["©", "ℹ", "❶", "⌚", "☺\ufe0f", "#\u20e3", "1\ufe0f\u20e3"]  # emoji in the BMP, keycaps
plain_texts = st.one_of(any_text, st.lists(st.sampled_from(PIECES + _NUMBERS), max_size=50).map("".join))


@given(plain_texts)
def test_spaced_tokens_are_the_tokenizers(text: str) -> None:
    if is_plain(text):
        assert spaced_tokens(text) == " ".join(t.text for t in tokenize(text))
    else:
        assert plain_spots(text)


@given(plain_texts)
def test_counted_tokens_are_the_tokenizers(text: str) -> None:
    """Plain or not (emoji, keycaps, the reserved markers): as many as ``tokenize`` finds."""
    assert count_tokens(text) == len(tokenize(text))


@pytest.mark.parametrize(
    ("text", "n"),
    [("", 0), ("  \n ", 0), ("قصف", 1), ("«قسد»، أمس: 3.5", 7), ("قصف😀 حلب", 3), ("❤\ufe0fحلب", 2)],
)
def test_counted_tokens_examples(text: str, n: int) -> None:
    assert count_tokens(text) == n == len(tokenize(text))


@given(plain_texts)
def test_sentence_end_pattern_is_the_first_one_rewritten(text: str) -> None:
    assert [m.span() for m in _SENTENCE_END.finditer(text)] == [
        m.span() for m in _FIRST_SENTENCE_END.finditer(text)
    ]
    if "|" not in text:
        marked = mark_sentence_ends(text, "|")
        assert "".join(marked.replace("|", "").split()) == "".join(text.split())  # only whitespace moves
        # one mark where the text after one or more sentence ends goes on (at its next visible character)
        starts = {len(text) - len(text[m.end() :].lstrip()) for m in _FIRST_SENTENCE_END.finditer(text)}
        assert marked.count(" | ") == len(starts)
        after = ["".join(p.split()) for p in marked.split(" | ")[1:]]
        assert after == ["".join(text[i:j].split()) for i, j in pairwise([*sorted(starts), len(text)])]
        assert {s for s, _ in sentences(text)[1:]} <= starts


@given(st.one_of(plain_texts, st.text(st.sampled_from('قال 3.5.!?؟\n\u2003"»)x٫'))))
def test_mark_sentence_ends_equals_a_split_on_the_pattern(text: str) -> None:
    """Trying the pattern at the characters ``str.find`` finds marks the ends a regex split finds, each
    mark between spaces in place of the whitespace after its end (a newline end: and before it)."""
    parts = re.split(rf"({_SENTENCE_END.pattern})(\s*)", text)
    out = [parts[0]]
    for k in range(1, len(parts), 3):
        if parts[k] == "\n":
            out[-1] = out[-1].rstrip()
        else:
            out.append(parts[k])
        out += [" | ", parts[k + 2]]
    assert mark_sentence_ends(text, "|") == "".join(out)


@given(plain_texts)
def test_sentence_marks_stand_between_the_tokens_of_two_sentences(text: str) -> None:
    assume(is_plain(text))
    spaced = spaced_tokens(mark_sentence_ends(text, SENTENCE_MARK))
    got = [part.split() for part in f" {spaced} ".split(f" {SENTENCE_MARK} ")]
    want = [[t.text for t in tokenize(text[a:b])] for a, b in sentences(text)]
    assert [p for p in got if p] == want


@given(
    st.one_of(
        plain_texts,
        st.text(st.sampled_from('قال 3.5.!?؟\n\u2003"»”)x٫،. ␂␃')),  # with the markers a caller puts
    )
)
def test_sentence_tokens_are_the_spaced_tokens_of_the_marked_text(text: str) -> None:
    """The token split that leaves . ! ? ؟ to the spaced sentence ends gives the same tokens."""
    assert sentence_tokens(text, SENTENCE_MARK) == spaced_tokens(mark_sentence_ends(text, SENTENCE_MARK))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال.» ثم؟! لا", "قال . » | ثم ؟ ! | لا"),
        ("بلغ 3.5. ثم", "بلغ 3.5 . | ثم"),  # the decimal point is no end, the point after it is
        ("قال ...\n\n«لا»", "قال . . . | « لا »"),
        ("؟ قال", "؟ | قال"),
    ],
)
def test_sentence_tokens_examples(text: str, expected: str) -> None:
    assert sentence_tokens(text, "|") == expected


def test_spaced_sentence_ends() -> None:
    """Only the ends are spaced, each of their characters standing alone; the rest is left to the split."""
    assert mark_sentence_ends("قال.» ثم؟!لا «نعم»", "|", spaced_ends=True) == "قال . » | ثم ؟ ! | لا «نعم»"
    assert mark_sentence_ends("قال.» ثم", "|") == "قال.» | ثم"


@given(plain_texts, st.data())
def test_a_sentence_starts_within_a_span_as_sentences_says(text: str, data: st.DataObject) -> None:
    starts = [s for s, _ in sentences(text)[1:]]
    for _ in range(5):
        a = data.draw(st.integers(0, len(text)))
        b = data.draw(st.integers(a, len(text)))
        assert sentence_starts_within(text, a, b) == any(a < s < b for s in starts), (a, b)


def test_a_sentence_start_behind_a_run_of_ends_is_found_from_inside_the_run() -> None:
    text = "قال.» ثم"  # a span from the closing quote: no end starts there, the one it closes ends there
    assert sentence_starts_within(text, text.index("»"), len(text))
    assert not sentence_starts_within(text, 0, text.index("ثم"))
    text = "قال؟!  ثم"  # a span from the space after the end (found by the reference writer's property test)
    assert sentence_starts_within(text, text.index(" ") + 1, len(text))
    assert not sentence_starts_within("\nً", 0, 2)  # the end before the first sentence ends nothing


@given(plain_texts)
def test_token_edges_and_word_windows_agree_with_tokenize(text: str) -> None:
    toks = tokenize(text)
    inside = {i for t in toks for i in range(t.start + 1, t.end)}
    if is_plain(text):
        assert [i for i in range(len(text) + 1) if not is_token_edge(text, i)] == sorted(inside)
    for start in range(len(text)):
        a, b = word_window(text, start, start + 1)
        assert a <= start < b
        assert [m.span() for m in _TOKEN.finditer(text, a, b)] == [
            (t.start, t.end) for t in toks if a <= t.start and t.end <= b
        ]


def test_spaced_tokens_examples() -> None:
    text = "قالت «قسد»، أمس: قتل ٢٫٥ ألف و3.5 مليون و1,200\u00a0شخص.\nfoo_bar 3. 5"
    assert spaced_tokens(text) == "قالت « قسد » ، أمس : قتل ٢٫٥ ألف و3.5 مليون و1,200 شخص . foo _ bar 3 . 5"
    assert plain_spots("الرقة 👍🏽 قسد") == [6, 7] and plain_spots("1\u20e3 ℹ") == [1, 3]
    assert plain_spots("Ꚙ ␂") == [2]  # reserved: a caller's marker (Ꚙ is a letter like any other)


def test_plain_spots_finds_every_spot_the_regex_finds() -> None:
    """The check of UTF-16 high bytes that spares most texts the regex misses no spot: every BMP
    character among common Arabic and punctuation, and every one beyond the BMP's first plane."""
    around = "قال “حلب” – ١٢، "
    for c in map(chr, range(0x10000)):
        text = around + c + around
        assert plain_spots(text) == [m.start() for m in _NOT_PLAIN.finditer(text)], hex(ord(c))
    for c in map(chr, range(0x10000, 0x110000, 0x101)):
        assert plain_spots(around + c) == [len(around)], hex(ord(c))


@given(st.text(st.sampled_from("قال حلب“”–©®‼⁉\u20e3␂␃ℹ⌚☎🇸👍🏽\u200f\xa0.،\n")))
def test_plain_spots_equals_the_regex(text: str) -> None:
    assert plain_spots(text) == [m.start() for m in _NOT_PLAIN.finditer(text)]


def test_every_whitespace_between_two_words_is_one_space() -> None:
    """The token split cuts at every whitespace character but the space, and drops it: a tab, a newline,
    a no-break or thin space, alone or beside spaces, leaves the two words one space apart."""
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    assert len(spaces) > 20
    for c in spaces:
        for text in (f"قال{c}حلب", f"قال {c} حلب", f"{c}قال،{c}{c}حلب.{c}"):
            assert spaced_tokens(text) == " ".join(t.text for t in tokenize(text)), repr(text)
