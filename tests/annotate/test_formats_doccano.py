"""doccano's offsets as its browser counts them: UTF-16 units, a CRLF as one character; both ways."""

from __future__ import annotations

import json
import unicodedata

import pytest

from annotate.formats.doccano import read_doccano, to_doccano
from annotate.formats.offsetfix import cluster_starts
from annotate.formats.report import FormatReport
from annotate.model import make_span
from annotate.textimport import ImportFileError
from tests.annotate.test_formats_helpers import document, layer


def test_in_word_spans_after_an_emoji_without_span_text() -> None:
    # one emoji: each offset doccano's browser wrote is one more than the code point
    text = "😀 الطائرات ، لميليشيا وقسد بالرقة لميليشيا"
    s = text.index("ميليشيا")
    rec = {"text": text, "label": [[s + 1, s + 8, "organisation"]]}
    rep = FormatReport("doccano")
    (d,) = read_doccano("x.jsonl", json.dumps(rec, ensure_ascii=False), rep)
    assert [(x.start, x.end) for x in d.spans] == [(s, s + 7)]
    assert rep.count("offsets_utf16") == 1


def test_doccano_export_counts_utf16_units_as_doccano_shows_them() -> None:
    doc = document("🔥 اشتباكات عنيفة قرب 🇸🇾 درعا")
    sp = make_span(doc, "amal", doc.text.index("درعا"), doc.text.index("درعا") + 4, "place")
    (rec,) = to_doccano([layer(doc, [sp])], FormatReport("doccano"))
    ent = rec["entities"][0]
    u16 = doc.text.encode("utf-16-le")
    assert u16[2 * ent["start_offset"] : 2 * ent["end_offset"]].decode("utf-16-le") == "درعا"
    (back,) = read_doccano("x.jsonl", json.dumps(rec, ensure_ascii=False), FormatReport("doccano"))
    assert [(x.start, x.end) for x in back.spans] == [(sp.start, sp.end)]


def _browser(text: str, cp: int) -> int:
    """The offset doccano's editor writes: UTF-16 units over the text with each CRLF as one character."""
    shown = text[:cp].replace("\r\n", "\n")
    return len(shown.encode("utf-16-le")) // 2


def test_crlf_counted_by_the_browser_or_by_a_script_lands_on_the_same_words() -> None:
    text = "اندلعت اشتباكاتٌ في ريفِ\r\nإدلبَ الجنوبي 🔥 بين فصائل المعارضة\r\nوقوات النظام."
    words = ["اشتباكاتٌ", "إدلبَ", "فصائل", "قوات النظام"]
    spans = [(text.index(w), text.index(w) + len(w)) for w in words]
    stored = text.replace("\r\n", "\n")
    for count in (_browser, lambda _t, cp: cp):
        rec = {"text": text, "label": [[count(text, s), count(text, e), "place"] for s, e in spans]}
        (d,) = read_doccano("x.jsonl", json.dumps(rec, ensure_ascii=False), FormatReport("doccano"))
        assert [stored[x.start : x.end] for x in d.spans] == words


def test_a_declared_unit_is_taken_without_guessing() -> None:
    # in-word spans after emoji fit both readings; the file's offset_unit decides (older exports of ours
    # said codepoint, newer ones utf16)
    text = "😀😀 بالرقة وبدرعا"
    s1, s2 = text.index("الرقة"), text.index("درعا")
    for unit, shift in (("codepoint", 0), ("utf16", 2)):
        rec = {"text": text, "offset_unit": unit, "label": [[s1 + shift, s1 + 5 + shift, "place"]]}
        rec["label"].append([s2 + shift, s2 + 4 + shift, "place"])
        rep = FormatReport("doccano")
        (d,) = read_doccano("x.jsonl", json.dumps(rec, ensure_ascii=False), rep)
        assert [(x.start, x.end) for x in d.spans] == [(s1, s1 + 5), (s2, s2 + 4)], unit
        assert rep.count("offsets_guessed") == 0


def test_offsets_counted_in_grapheme_clusters_are_found() -> None:
    # doccano's "count grapheme clusters as one character": a letter with its harakat is one; in a
    # vocalised text every offset is smaller than the code point, and fits it silently as code points
    text = "قَصَفَتْ الطَّائِرَاتُ بَلْدَةَ سَرَاقِب، وَاعْتَقَلَتِ القُوَّاتُ طَيَّاراً."
    words = ["قَصَفَتْ", "سَرَاقِب", "اعْتَقَلَتِ", "القُوَّاتُ"]
    spans = [(text.index(w), text.index(w) + len(w)) for w in words]

    def cluster(cp: int) -> int:
        return sum(1 for i, ch in enumerate(text[:cp]) if not unicodedata.category(ch).startswith("M"))

    rec = {"text": text, "label": [[cluster(s), cluster(e), "x"] for s, e in spans]}
    rep = FormatReport("doccano")
    (d,) = read_doccano("x.jsonl", json.dumps(rec, ensure_ascii=False), rep)
    assert [text[x.start : x.end] for x in d.spans] == words
    assert rep.count("offsets_graphemes") == 1


def test_an_entity_id_used_twice_in_a_record_is_refused_with_its_line() -> None:
    # Relations name entities by id: two entities under one id would leave a relation pointing at either.
    ents = [
        {"id": 1, "start_offset": 0, "end_offset": 3, "label": "attack"},
        {"id": 1, "start_offset": 4, "end_offset": 9, "label": "state_forces"},
    ]
    lines = [
        json.dumps({"text": "قصف الجيش حلب", "label": []}),
        json.dumps({"text": "قصف الجيش حلب", "entities": ents}),
    ]
    with pytest.raises(ImportFileError, match=r"x\.jsonl:2: span id '1' is used twice"):
        read_doccano("x.jsonl", "\n".join(lines), FormatReport("doccano"))


def test_a_record_with_no_text_is_refused_with_its_line() -> None:
    with pytest.raises(ImportFileError, match=r"x\.jsonl:1: empty text"):
        read_doccano("x.jsonl", json.dumps({"text": " \n ", "label": []}), FormatReport("doccano"))


def test_a_text_classification_record_is_refused_as_such() -> None:
    # doccano's text classification project writes "label": ["cat"]: not spans, and the message says so.
    with pytest.raises(ImportFileError, match=r"x\.jsonl:1: 'label' holds document categories, not spans"):
        read_doccano("x.jsonl", json.dumps({"text": "قصف", "label": ["security"]}), FormatReport("doccano"))


def test_entities_and_relations_without_a_string_label_or_type_are_refused() -> None:
    ent = {"id": 1, "start_offset": 0, "end_offset": 3}
    for rec, why in (
        ({"text": "قصف حلب", "entities": [{**ent, "label": 7}]}, r"entity 1: no string 'label'"),
        (
            {
                "text": "قصف حلب",
                "entities": [{**ent, "label": "a"}],
                "relations": [{"from_id": 1, "to_id": 1}],
            },
            r"relation 0 needs from_id, to_id and a string type",
        ),
    ):
        with pytest.raises(ImportFileError, match=rf"x\.jsonl:1: {why}"):
            read_doccano("x.jsonl", json.dumps(rec), FormatReport("doccano"))


def test_a_records_meta_object_and_other_fields_become_document_metadata() -> None:
    rec = {"text": "قصف حلب", "label": [], "meta": {"source": "sana", "page": 2}, "date": "2024-05-01"}
    (d,) = read_doccano("x.jsonl", json.dumps(rec), FormatReport("doccano"))
    assert {k: d.meta[k] for k in ("source", "page", "date")} == {
        "source": "sana",
        "page": 2,
        "date": "2024-05-01",
    }


@pytest.mark.parametrize("unit", ["codepoints", "graphemes"])
def test_the_plural_spellings_of_a_unit_are_taken_as_said_too(unit: str) -> None:
    # the README and the metadata say codepoints and graphemes: a file written after them is not guessed
    text = "😀😀 بالرقّة وبدرعا"
    words = ["الرقّة", "درعا"]
    spans = [(text.index(w), text.index(w) + len(w)) for w in words]
    at = (lambda cp: cp) if unit == "codepoints" else cluster_starts(text).index
    rec = {"text": text, "offset_unit": unit, "label": [[at(s), at(e), "place"] for s, e in spans]}
    rep = FormatReport("doccano")
    (d,) = read_doccano("x.jsonl", json.dumps(rec, ensure_ascii=False), rep)
    assert [(x.start, x.end) for x in d.spans] == spans and rep.count("offsets_guessed") == 0


def test_a_record_with_both_label_and_entities_is_refused_with_its_line() -> None:
    # either list alone is a shape of doccano's; both in one record leave which holds the annotation open
    both = {
        "text": "قصف على حلب",
        "label": [[8, 11, "place"]],
        "entities": [{"id": 1, "start_offset": 0, "end_offset": 3, "label": "shelling"}],
    }
    lines = [json.dumps({"text": "قصف على حلب", "label": [], "entities": both["entities"]}), json.dumps(both)]
    with pytest.raises(ImportFileError, match=r"x\.jsonl:2: record has spans in both 'entities' and 'label'"):
        read_doccano("x.jsonl", "\n".join(lines), FormatReport("doccano"))
    (d,) = read_doccano("x.jsonl", lines[0], FormatReport("doccano"))  # an empty list is no second shape
    assert [s.label for s in d.spans] == ["shelling"]


def test_an_empty_entities_list_does_not_hide_the_label_spans() -> None:
    rec = {"text": "قصف على حلب", "label": [[8, 11, "place"]], "entities": []}
    (d,) = read_doccano("x.jsonl", json.dumps(rec), FormatReport("doccano"))
    assert [(s.start, s.end, s.label) for s in d.spans] == [(8, 11, "place")]


@pytest.mark.parametrize("item", [[True, 3, "shelling"], [0, False, "shelling"]])
def test_a_boolean_offset_in_a_label_list_is_refused_with_its_line(item: list[object]) -> None:
    # JSON true is a Python int: read as an offset it would be 1
    lines = [
        json.dumps({"text": "قصف على حلب", "label": []}),
        json.dumps({"text": "قصف على حلب", "label": [item]}),
    ]
    with pytest.raises(ImportFileError, match=r"x\.jsonl:2: label item 0: '(start|end)' must be an integer"):
        read_doccano("x.jsonl", "\n".join(lines), FormatReport("doccano"))


def test_an_offset_unit_we_do_not_know_is_refused_with_its_line() -> None:
    # reading the offsets some other way would be the guess the record said not to make
    lines = [
        json.dumps({"text": "قصف حلب", "label": []}),
        json.dumps({"text": "قصف حلب", "offset_unit": "utf8"}),
    ]
    with pytest.raises(ImportFileError, match=r"x\.jsonl:2: 'offset_unit' is 'utf8'; expected one of"):
        read_doccano("x.jsonl", "\n".join(lines), FormatReport("doccano"))


def test_a_prodigy_record_read_as_doccano_is_refused_not_emptied() -> None:
    """Its 'spans' are no doccano key: read as doccano the text came in with no span, and no word."""
    rec = {"text": "قصف الرقة", "spans": [{"start": 4, "end": 9, "label": "place"}]}
    with pytest.raises(
        ImportFileError, match=r"x\.jsonl:2: record holds Prodigy's 'spans'.*--format prodigy"
    ):
        read_doccano(
            "x.jsonl",
            json.dumps({"text": "نص", "label": []}) + "\n" + json.dumps(rec),
            FormatReport("doccano"),
        )


def test_a_conversion_is_reported_only_for_spans_it_moved() -> None:
    """Our doccano export says "utf16"; without an emoji before a span nothing moves, and nothing is said."""
    plain = "قصف على الرقة"
    after = "قصف 😀 على الرقة"
    recs = [
        {"id": "a", "text": plain, "offset_unit": "utf16", "label": [[8, 13, "place"]]},
        {"id": "b", "text": "نص بلا أوسمة", "offset_unit": "utf16", "label": []},
        {"id": "c", "text": after, "offset_unit": "utf16", "label": [[0, 3, "strike"], [11, 16, "place"]]},
    ]
    rep = FormatReport("doccano")
    docs = read_doccano("x.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in recs), rep)
    assert [d.text[s.start : s.end] for d in docs for s in d.spans] == ["الرقة", "قصف", "الرقة"]
    assert rep.count("offsets_utf16") == 1
    assert any("c: 1 span offset(s) converted from UTF-16 units" in ln for ln in rep.lines())
