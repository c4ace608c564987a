"""UTF-16 and CRLF offsets from other tools land on the same characters of the stored text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotate.formats.offsetfix import GRAPHEMES, NewlineMap, RawSpan, Units, cluster_starts, resolve_units
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
    found = resolve_units(text, [RawSpan(om.to_utf16(s), om.to_utf16(e), text[s:e])], Units(utf16=True))
    assert text[found.pairs[0][0] : found.pairs[0][1]] == text[s:e]


def test_code_points_kept_when_they_match_the_stated_text() -> None:
    text = "😀 اشتباك في درعا"
    s = text.index("درعا")
    found = resolve_units(text, [RawSpan(s, s + 4, "درعا")], Units(utf16=True))
    assert found.pairs == [(s, s + 4)] and not found.units.utf16


def test_without_stated_text_word_boundaries_decide() -> None:
    text = "🔥🔥 اشتباكات عنيفة في ريف إدلب"
    s = text.index("اشتباكات")
    om = OffsetMap(text)
    found = resolve_units(text, [RawSpan(om.to_utf16(s), om.to_utf16(s + 8))], Units())
    assert found.units.utf16 and text[found.pairs[0][0] : found.pairs[0][1]] == "اشتباكات"


def _count(raw: str, cp: int, units: Units) -> int:
    """The offset a tool counting in ``units`` writes for code point ``cp`` of ``raw``."""
    if units.graphemes:
        return cluster_starts(raw).index(cp)
    if units.crlf_one:
        cp -= raw[:cp].count("\r\n")
        raw = normalize_newlines(raw)
    return len(raw[:cp].encode("utf-16-le")) // 2 if units.utf16 else cp


_READINGS = st.sampled_from([Units(), Units(utf16=True), Units(crlf_one=True), Units(True, True), GRAPHEMES])


@given(_TEXT.filter(str.strip), st.data(), _READINGS, _READINGS)
def test_any_counting_with_span_text_lands_on_that_text(
    raw: str, data: st.DataObject, units: Units, habit: Units
) -> None:
    # browsers count a CRLF as one character (doccano, issue #2114), scripts as two; emoji as one or two
    s = data.draw(st.integers(0, len(raw) - 1))
    e = data.draw(st.integers(s + 1, len(raw)))
    inside_crlf = {i for i in range(1, len(raw)) if raw[i - 1] == "\r" and raw[i] == "\n"}
    if s in inside_crlf or e in inside_crlf or not normalize_newlines(raw[s:e]).strip():
        return
    if units.graphemes and not {s, e} <= set(cluster_starts(raw)):
        return  # a tool counting clusters cannot cut one
    found = resolve_units(raw, [RawSpan(_count(raw, s, units), _count(raw, e, units), raw[s:e])], habit)
    (got,) = found.pairs
    assert normalize_newlines(raw[got[0] : got[1]]) == normalize_newlines(raw[s:e])


@given(_TEXT)
def test_stored_offsets_map_back_to_raw_offsets_outside_crlf(raw: str) -> None:
    nl = NewlineMap(raw)
    for p in range(len(nl.text) + 1):
        r = nl.to_raw(p)
        assert nl(r) == p
        assert not (0 < r < len(raw) and raw[r - 1] == "\r" and raw[r] == "\n")


def test_in_word_span_ending_in_a_harakah_after_a_flag_without_text() -> None:
    # قُتِلَ inside وقُتِلَ, after a flag (four UTF-16 units): the right reading ends on the fatha, a
    # shifted one starts between a letter and its harakah (a regex \w counts no harakah as a letter).
    raw = "🇸🇾 ، وقُتِلَ ،"
    s = raw.index("قُتِلَ")
    for units in (Units(utf16=True), Units()):
        spans = [RawSpan(_count(raw, s, units), _count(raw, s + 6, units))]
        for habit in (Units(utf16=True), Units()):
            found = resolve_units(raw, spans, habit)
            assert found.pairs == [(s, s + 6)] and found.units == units and found.guessed


def test_crlf_counted_as_one_without_text_is_found_and_marked_as_a_guess() -> None:
    raw = "اندلعت اشتباكاتٌ في ريفِ\r\nإدلبَ بين فصائل المعارضة\r\nوقوات النظام."
    truth = [
        (raw.index(w), raw.index(w) + len(w)) for w in ("اشتباكاتٌ", "ريفِ\r\nإدلبَ", "إدلبَ", "قوات النظام")
    ]
    browser = Units(utf16=True, crlf_one=True)
    spans = [RawSpan(_count(raw, s, browser), _count(raw, e, browser)) for s, e in truth]
    found = resolve_units(raw, spans, Units())
    assert found.pairs == truth and found.units == Units(crlf_one=True) and found.guessed


def test_clusters_hold_harakat_emoji_sequences_flags_and_crlf() -> None:
    text = "🇸🇾🇸🇾🇸 👨\u200d👩\u200d👧 قَصَ\r\n\u064ex👍🏽"
    assert cluster_starts(text) == [0, 2, 4, 5, 6, 11, 12, 14, 16, 18, 19, 20, 22]


def test_the_users_word_for_the_unit_settles_what_no_span_text_does() -> None:
    # Offsets 2..5 and no stated text: a whole word in code points, a space and two letters in UTF-16 units.
    text = "🔴 قال قال قال"
    auto = resolve_units(text, [RawSpan(2, 5)], Units(utf16=True))
    assert auto.guessed and auto.pairs == [(2, 5)]
    stated = resolve_units(text, [RawSpan(2, 5)], Units(), unit="utf16")
    assert stated.pairs == [(1, 4)] and stated.units.utf16 and not stated.guessed
    stated = resolve_units(text, [RawSpan(2, 5)], Units(utf16=True), unit="codepoints")
    assert stated.pairs == [(2, 5)] and not stated.units.utf16 and not stated.guessed
    with pytest.raises(ValueError):  # a stated text the stated unit cannot meet: refused, not read otherwise
        resolve_units(text, [RawSpan(3, 6, "قال")], Units(), unit="codepoints")
    assert resolve_units(text, [RawSpan(3, 6, "قال")], Units()).units.utf16  # auto finds it


# -- writing offsets back in the unit a file counted --------------------------------------------------
def _item(text: str, pairs: list[tuple[int, int]], unit: str | None):
    from annotate.formats.records import LayerDoc
    from annotate.model import DocId, Document, make_span

    meta = {} if unit is None else {"offset_unit": unit}
    doc = Document(DocId(1), "d", "t", text, "s", "h", meta, "now")
    return LayerDoc(doc, tuple(make_span(doc, "a", s, e, "place") for s, e in pairs), ())


def test_an_export_counts_in_the_unit_its_file_counted() -> None:
    from annotate.formats.offsetfix import exported_offsets
    from annotate.formats.report import FormatReport

    text = "👨‍👩‍👧 قُتل مدنيان في السوقِ"
    s = text.index("السوقِ")
    pairs = [(s, s + len("السوقِ"))]
    rep = FormatReport("doccano")
    assert exported_offsets(_item(text, pairs, "codepoints"), rep) == ("codepoints", pairs)
    u16 = OffsetMap(text).to_utf16
    assert exported_offsets(_item(text, pairs, "utf16"), rep) == ("utf16", [(u16(s), u16(pairs[0][1]))])
    assert exported_offsets(_item(text, pairs, None), rep)[0] == "utf16"  # not from such a file: an editor's
    starts = cluster_starts(text)
    want = [(starts.index(s), starts.index(pairs[0][1]))]
    assert exported_offsets(_item(text, pairs, "graphemes"), rep) == ("graphemes", want)
    assert not rep.items
    inside = text.index("قُتل") + 1  # between ق and its damma: no cluster count names it
    unit, _ = exported_offsets(_item(text, [(inside - 1, inside)], "graphemes"), rep)
    assert unit == "utf16" and rep.count("note") == 1


@pytest.mark.parametrize("unit", ["codepoints", "utf16", "graphemes"])
def test_doccano_and_label_studio_files_come_back_with_their_own_numbers(unit: str) -> None:
    """A file in, out again: the same offsets in the same unit, whichever of the three it counted."""
    import json

    from annotate.formats.doccano import read_doccano, to_doccano
    from annotate.formats.labelstudio import read_labelstudio, to_labelstudio
    from annotate.formats.report import FormatReport
    from annotate.model import DocId, Document, make_span

    text = "🇸🇾 عاجل: قصفت قواتُ النظامِ بلدةَ كفرنبل 👍🏽 وقُتل مدنيان"
    words = ["قصفت", "قواتُ النظامِ", "كفرنبل", "مدنيان"]
    at = {
        "codepoints": lambda i: i,
        "utf16": OffsetMap(text).to_utf16,
        "graphemes": cluster_starts(text).index,
    }[unit]
    spans = [(at(text.index(w)), at(text.index(w) + len(w)), w) for w in words]
    doccano = json.dumps({"text": text, "label": [[a, b, "place"] for a, b, _ in spans]}, ensure_ascii=False)
    task = {
        "data": {"text": text},
        "annotations": [
            {
                "result": [
                    {"id": f"r{k}", "from_name": "label", "to_name": "text", "type": "labels",
                     "value": {"start": a, "end": b, "text": w, "labels": ["place"]}}
                    for k, (a, b, w) in enumerate(spans)
                ]
            }
        ],
    }  # fmt: skip
    for read, write, raw in (
        (read_doccano, to_doccano, doccano),
        (read_labelstudio, to_labelstudio, json.dumps([task], ensure_ascii=False)),
    ):
        rep = FormatReport("x")
        (d,) = read("f", raw, rep, unit=unit)  # type: ignore[operator]
        doc = Document(DocId(1), d.ext_id, d.title, d.text, "s", "h", d.meta, "now")
        item = _layer(doc, [make_span(doc, "a", s.start, s.end, s.label) for s in d.spans])
        (out,) = write([item], rep)  # type: ignore[operator]
        if write is to_doccano:
            got = [(e["start_offset"], e["end_offset"]) for e in out["entities"]]
        else:
            got = [(r["value"]["start"], r["value"]["end"]) for r in out["annotations"][0]["result"]]
        assert sorted(got) == sorted((a, b) for a, b, _ in spans), (write.__name__, unit)


def _layer(doc, spans):
    from annotate.formats.records import LayerDoc

    return LayerDoc(doc, tuple(spans), ())


def test_a_tie_between_readings_goes_to_the_tools_habit() -> None:
    """Without span text, two readings that place a span equally well on words: the tool's habit decides.

    Read as code points, 3..7 starts inside قصف (1) and ends on د, a word's last letter (2); read as
    UTF-16 units it is 2..6, from the word's first letter (2) to after the comma (1).  A tie at 3.
    """
    text = "😀 قصف،د ثم"
    spans = [RawSpan(3, 7)]
    by_units = resolve_units(text, spans, Units(utf16=True))
    assert (by_units.pairs, by_units.units, by_units.guessed) == ([(2, 6)], Units(utf16=True), True)
    by_points = resolve_units(text, spans, Units())
    assert (by_points.pairs, by_points.units, by_points.guessed) == ([(3, 7)], Units(), True)


@pytest.mark.parametrize("emoji", ["👨\u200d👩", "👍🏽"])
def test_a_span_over_one_emoji_without_text_is_the_whole_emoji(emoji: str) -> None:
    """0..1 counted in code points would cut a family (joined by ZWJ) or a skin tone off its emoji;
    counted in grapheme clusters it is the whole emoji, and that reading wins (reported as a guess)."""
    text = f"{emoji} حلب قصف"
    found = resolve_units(text, [RawSpan(0, 1)], Units())
    assert text[found.pairs[0][0] : found.pairs[0][1]] == emoji
    assert found.units == GRAPHEMES and found.guessed


def test_an_underscore_joins_words_when_span_edges_are_scored() -> None:
    """A hashtag's words (#قصف_المدينة) are one word to the scoring of a file without span text: an end
    before its underscore ends inside a word and counts for nothing, as it would inside any word."""
    from annotate.formats.offsetfix import _edge_score

    assert _edge_score("قصف المدينة", [(0, 3)]) == 4  # a word start and a word end
    assert _edge_score("قصف_المدينة", [(0, 3)]) == 2  # the start only
    assert _edge_score("قصف_المدينة", [(4, 11)]) == 3  # a start inside the word, the word's end
