"""UTF-16 and CRLF offsets from other tools land on the same characters of the stored text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotate.formats.offsetfix import NewlineMap, RawSpan, resolve_units
from annotate.offsets import OffsetMap
from annotate.textimport import normalize_newlines

_ALPHABET = st.sampled_from([*"قصفتالرقةَُِّ ", "😀", "🔥", "\r\n", "\r", "\n", "،"])
_TEXT = st.lists(_ALPHABET, min_size=2, max_size=40).map("".join)


@given(_TEXT, st.data())
def test_newline_map_keeps_every_character(raw: str, data: st.DataObject) -> None:
    nl = NewlineMap(raw)
    assert nl.text == normalize_newlines(raw)
    s = data.draw(st.integers(0, len(raw) - 1))
    e = data.draw(st.integers(s + 1, len(raw)))
    inside_crlf = {i for i in range(1, len(raw)) if raw[i - 1] == "\r" and raw[i] == "\n"}
    if s not in inside_crlf and e not in inside_crlf:  # an edge between CR and LF cannot survive CRLF -> LF
        assert nl.text[nl(s) : nl(e)] == normalize_newlines(raw[s:e])


@given(_TEXT.filter(lambda t: any(ord(c) > 0xFFFF for c in t) and t.strip()), st.data())
def test_utf16_offsets_with_span_text_are_converted(text: str, data: st.DataObject) -> None:
    s = data.draw(st.integers(0, len(text) - 1))
    e = data.draw(st.integers(s + 1, len(text)))
    om = OffsetMap(text)
    pairs, _ = resolve_units(text, [RawSpan(om.to_utf16(s), om.to_utf16(e), text[s:e])], utf16_default=True)
    assert text[pairs[0][0] : pairs[0][1]] == text[s:e]


def test_code_points_kept_when_they_match_the_stated_text() -> None:
    text = "😀 اشتباك في درعا"
    s = text.index("درعا")
    pairs, was16 = resolve_units(text, [RawSpan(s, s + 4, "درعا")], utf16_default=True)
    assert pairs == [(s, s + 4)] and not was16


def test_without_stated_text_word_boundaries_decide() -> None:
    text = "🔥🔥 اشتباكات عنيفة في ريف إدلب"
    s = text.index("اشتباكات")
    om = OffsetMap(text)
    pairs, was16 = resolve_units(text, [RawSpan(om.to_utf16(s), om.to_utf16(s + 8))], utf16_default=False)
    assert was16 and text[pairs[0][0] : pairs[0][1]] == "اشتباكات"
