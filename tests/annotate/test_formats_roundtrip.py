"""ours -> X -> ours keeps every span and relation X can hold (in-word, overlapping, nested, after emoji)."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.formats.brat import read_brat, to_brat
from annotate.formats.doccano import read_doccano, to_doccano
from annotate.formats.labelstudio import read_labelstudio, to_labelstudio
from annotate.formats.ours import read_ours
from annotate.formats.prodigy import read_prodigy, to_prodigy
from annotate.formats.records import AnnotatedDraft, LayerDoc
from annotate.formats.report import FormatReport
from annotate.jsonl import document_line
from annotate.model import make_span
from annotate.schema import schema_from_dict
from tests.annotate.test_formats_helpers import document, layer, relation
from tests.store.conftest import SCHEMA

TEXT = "🔥 قَصَفَتْ الطائراتُ بلدةَ سراقب فجرَ اليوم،\nواعتقلت القوات 😀 ثلاثة شبان بالرقة.\n\nوقال شاهد: «انتهى»."
LABELS = ["arrest", "clash", "state", "place"]
schema = schema_from_dict(SCHEMA)


def _ours(item: LayerDoc) -> AnnotatedDraft:
    (d,) = read_ours(
        "x.jsonl",
        json.dumps(document_line(item.doc, item.spans, item.relations, "amal", "done")),
        FormatReport(""),
    )
    return d


def _brat(item: LayerDoc) -> AnnotatedDraft:
    txt, ann = to_brat(item, schema, FormatReport("brat"))
    return read_brat("x.txt", txt, "x.ann", ann, FormatReport("brat"))


def _doccano(item: LayerDoc) -> AnnotatedDraft:
    (rec,) = to_doccano([item], FormatReport(""))
    (d,) = read_doccano("x.jsonl", json.dumps(rec, ensure_ascii=False), FormatReport(""))
    return d


def _labelstudio(item: LayerDoc) -> AnnotatedDraft:
    tasks = to_labelstudio([item], FormatReport(""))
    (d,) = read_labelstudio("x.json", json.dumps(tasks, ensure_ascii=False), FormatReport(""))
    return d


def _prodigy(item: LayerDoc) -> AnnotatedDraft:
    (rec,) = to_prodigy([item], FormatReport(""))
    (d,) = read_prodigy("x.jsonl", json.dumps(rec, ensure_ascii=False), FormatReport(""))
    return d


def _span_set(text: str, spans) -> list[tuple[int, int, str]]:
    return sorted((s.start, s.end, s.label) for s in spans)


def _rel_set(spans, relations, key: str) -> list[tuple]:
    by = {getattr(s, key): s for s in spans}
    return sorted(
        ((by[r.head].start, by[r.head].end, by[r.head].label), r.role, (by[r.tail].start, by[r.tail].end))
        for r in relations
    )


@st.composite
def layers(draw: st.DrawFn) -> LayerDoc:
    doc = document(TEXT)
    n = draw(st.integers(1, 8))
    spans = []
    for _ in range(n):
        s = draw(st.integers(0, len(TEXT) - 1))
        e = draw(st.integers(s + 1, min(len(TEXT), s + 25)))
        if not TEXT[s:e].strip():
            continue
        spans.append(make_span(doc, "amal", s, e, draw(st.sampled_from(LABELS))))
    rels = []
    events = [s for s in spans if s.label in ("arrest", "clash")]
    for ev in events:
        for tail in draw(st.lists(st.sampled_from(spans), max_size=3, unique_by=lambda s: s.id)):
            if tail.id != ev.id:
                rels.append(relation(ev, tail, draw(st.sampled_from(["agent", "place"]))))
    return layer(doc, spans, list({r.id: r for r in rels}.values()))


@settings(max_examples=80, deadline=None)
@given(layers())
def test_round_trips_keep_spans_and_relations(item: LayerDoc) -> None:
    want_spans = _span_set(TEXT, item.spans)
    want_rels = _rel_set(item.spans, item.relations, "id")
    for via in (_ours, _brat, _doccano, _labelstudio, _prodigy):
        back = via(item)
        assert back.text == TEXT, via.__name__
        assert _span_set(back.text, back.spans) == want_spans, via.__name__
        assert _rel_set(back.spans, back.relations, "key") == want_rels, via.__name__


def test_brat_keeps_attributes_with_spaces_through_notes() -> None:
    doc = document(TEXT)
    ev = make_span(doc, "amal", 2, 9, "clash", {"certainty": "claimed", "source_text": "قال ناشطون محليون"})
    back = _brat(layer(doc, [ev]))
    assert dict(back.spans[0].attributes) == {"certainty": "claimed", "source_text": "قال ناشطون محليون"}


def test_brat_span_over_a_line_break_is_written_as_fragments_and_read_back() -> None:
    doc = document(TEXT)
    s = TEXT.index("اليوم")
    sp = make_span(doc, "amal", s, TEXT.index("القوات") + 6, "place")
    rep = FormatReport("brat")
    txt, ann = to_brat(layer(doc, [sp]), schema, rep)
    assert ";" in ann.split("\t")[1] and rep.count("newline_split") == 1
    back = read_brat("x.txt", txt, "x.ann", ann, FormatReport("brat"))
    assert (back.spans[0].start, back.spans[0].end) == (sp.start, sp.end)


def test_json_tools_report_attributes_they_cannot_hold() -> None:
    doc = document(TEXT)
    item = layer(doc, [make_span(doc, "amal", 2, 9, "clash", {"certainty": "claimed"})])
    for fn in (to_doccano, to_prodigy):
        rep = FormatReport("")
        fn([item], rep)
        assert rep.count("dropped_attribute") == 1, fn.__name__


def test_label_studio_holds_attributes_as_per_region_choices() -> None:
    """Label Studio keeps a region's answers under the region's id: attributes go out and come back."""
    doc = document(TEXT)
    sp = make_span(doc, "amal", 2, 9, "clash", {"certainty": "claimed", "source_text": "بحسب ناشطين"})
    rep = FormatReport("labelstudio")
    tasks = to_labelstudio([layer(doc, [sp])], rep)
    assert rep.count("dropped_attribute") == 0
    choices = [r for r in tasks[0]["annotations"][0]["result"] if r["type"] == "choices"]
    assert {(r["id"], r["from_name"], r["value"]["choices"][0]) for r in choices} == {
        (sp.id, "certainty", "claimed"),
        (sp.id, "source_text", "بحسب ناشطين"),
    }
    (back,) = read_labelstudio("x.json", json.dumps(tasks, ensure_ascii=False), FormatReport("labelstudio"))
    assert dict(back.spans[0].attributes) == dict(sp.attributes)
    assert back.ext_id == doc.ext_id


def test_document_metadata_rides_along_where_the_format_has_a_place_for_it() -> None:
    """Prodigy's ``meta``, Label Studio's ``data`` and doccano's other fields carry the document's metadata."""
    from dataclasses import replace

    doc = replace(document(TEXT, ext_id="rq-7"), meta={"section": "أخبار", "source": "رويترز"})
    item = LayerDoc(doc, (make_span(doc, "amal", 0, 1, "place"),), ())
    for back in (_prodigy(item), _labelstudio(item), _doccano(item)):
        assert back.ext_id == "rq-7"
        assert {k: back.meta[k] for k in ("section", "source")} == {"section": "أخبار", "source": "رويترز"}


def test_prodigy_export_has_tokens_and_every_span_is_whole_tokens() -> None:
    """As Prodigy's manual recipes write it; they refuse a span that is not whole tokens (الرقة in بالرقة)."""
    from tests.annotate.test_formats_helpers import span_at

    doc = document(TEXT)
    ev, place, actor = (
        span_at(doc, "اعتقلت", "arrest"),
        span_at(doc, "الرقة", "place"),
        span_at(doc, "القوات", "state"),
    )
    item = LayerDoc(doc, (ev, actor, place), (relation(ev, place, "place"), relation(ev, actor, "agent")))
    rep = FormatReport("prodigy")
    (rec,) = to_prodigy([item], rep)
    toks = rec["tokens"]
    assert [t["id"] for t in toks] == list(range(len(toks)))
    assert all(TEXT[t["start"] : t["end"]] == t["text"] for t in toks)
    assert [t["text"] for t in toks if t["text"] in ("ب", "الرقة", "😀")] == ["😀", "ب", "الرقة"]
    for sp in rec["spans"]:
        first, last = toks[sp["token_start"]], toks[sp["token_end"]]
        assert (first["start"], last["end"]) == (sp["start"], sp["end"])
    head, child = rec["relations"][0]["head_span"], rec["relations"][0]["child_span"]
    assert (
        rec["relations"][0]["head"] == head["token_end"]
        and rec["relations"][0]["child"] == child["token_end"]
    )
    assert [i.detail for i in rep.items] == [  # both inside their words: واعتقلت، بالرقة
        "arrest 'اعتقلت': token cut at its edge",
        "place 'الرقة': token cut at its edge",
    ]
    assert toks[0]["ws"] and not next(t for t in toks if t["text"] == "ب")["ws"]
