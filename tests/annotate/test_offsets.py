"""Code points versus UTF-16 units: the conversion Qt and some tools need, checked against Python's codec."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotate.offsets import OffsetMap, cp_to_utf16, utf16_to_cp

texts = st.text(
    alphabet=st.sampled_from(list("ابتثالرقةً ٌ😀👍ab1\n")) | st.characters(exclude_categories=("Cs",)),
    max_size=60,
)


@given(texts, st.data())
def test_to_utf16_matches_encoding_length(text: str, data: st.DataObject) -> None:
    cp = data.draw(st.integers(0, len(text)))
    assert cp_to_utf16(text, cp) == len(text[:cp].encode("utf-16-le")) // 2


@given(texts)
def test_round_trip_every_boundary(text: str) -> None:
    m = OffsetMap(text)
    assert m.u16_length == len(text.encode("utf-16-le")) // 2
    for cp in range(len(text) + 1):
        assert m.to_cp(m.to_utf16(cp)) == cp


@given(texts)
def test_offsets_inside_a_surrogate_pair_are_refused_or_snapped(text: str) -> None:
    m = OffsetMap(text)
    valid = {m.to_utf16(cp) for cp in range(len(text) + 1)}
    for u in range(m.u16_length + 1):
        if u in valid:
            continue
        with pytest.raises(ValueError, match="surrogate"):
            m.to_cp(u)
        snapped = m.to_cp(u, strict=False)
        assert m.to_utf16(snapped) == u - 1


def test_emoji_shifts_utf16_but_not_code_points() -> None:
    text = "😀 بالرقة"
    start = text.index("الرقة")
    assert start == 3
    assert cp_to_utf16(text, start) == 4
    assert utf16_to_cp(text, 4) == 3


def test_out_of_range() -> None:
    with pytest.raises(ValueError):
        OffsetMap("abc").to_utf16(4)
    with pytest.raises(ValueError):
        OffsetMap("abc").to_cp(-1)
