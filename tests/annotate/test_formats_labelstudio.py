"""Label Studio results beyond plain regions: per-region answers as attributes, arrows drawn either way."""

from __future__ import annotations

import json
from typing import Any

import pytest

from annotate.formats.labelstudio import read_labelstudio, to_labelstudio
from annotate.formats.records import AnnotatedDraft, LayerDoc
from annotate.formats.report import FormatReport
from annotate.model import DocId, Document, make_span
from annotate.textimport import ImportFileError

TEXT = "🔥 اعتقلت قوات الأمن ناشطاً في بانياس."


def _region(rid: str, word: str, label: str, kind: str = "labels", **extra: Any) -> dict[str, Any]:
    s = TEXT.index(word)
    u16 = len(TEXT[:s].encode("utf-16-le")) // 2
    value: dict[str, Any] = {"start": u16, "end": u16 + len(word), "text": word, **extra}
    if kind == "labels":
        value["labels"] = [label]
    return {"id": rid, "from_name": label if kind != "labels" else "label", "to_name": "text", "type": kind,
            "value": value}  # fmt: skip


def _read(results: list[dict[str, Any]]) -> tuple[AnnotatedDraft, FormatReport]:
    task = [{"id": 1, "data": {"text": TEXT}, "annotations": [{"result": results}]}]
    rep = FormatReport("labelstudio")
    (d,) = read_labelstudio("x.json", json.dumps(task, ensure_ascii=False), rep)
    return d, rep


def test_per_region_answers_become_attributes_of_their_region() -> None:
    # Label Studio writes a perRegion answer with the region's id, before or after the region itself
    d, rep = _read(
        [
            _region("r1", "اعتقلت", "certainty", "choices", choices=["claimed"]),
            _region("r1", "اعتقلت", "arrest"),
            {**_region("r1", "اعتقلت", "source_text", "textarea"), "value": {"start": 2, "end": 8, "text": ["ناشطون"]}},
            _region("r2", "بانياس", "place"),
            _region("r2", "بانياس", "confidence", "rating", rating=4),
        ]
    )  # fmt: skip
    got = {d.text[s.start : s.end]: dict(s.attributes) for s in d.spans}
    assert got == {
        "اعتقلت": {"certainty": "claimed", "source_text": "ناشطون"},
        "بانياس": {"confidence": "4"},
    }
    assert rep.count("offsets_utf16") == 1 and rep.count("note") == 0


def test_an_answer_with_offsets_but_no_region_is_reported_not_made_a_span() -> None:
    d, rep = _read(
        [_region("r1", "اعتقلت", "arrest"), _region("r9", "بانياس", "certainty", "choices", choices=["x"])]
    )
    assert [s.label for s in d.spans] == ["arrest"]
    (note,) = [i for i in rep.items if i.kind == "note"]
    assert "r9" in note.detail and "belongs to no region" in note.detail


def test_arrows_drawn_leftwards_point_from_to_id_back_to_from_id() -> None:
    rel = {"type": "relation", "labels": ["agent"]}
    regions = [_region("ev", "اعتقلت", "arrest"), _region("ac", "قوات الأمن", "state")]
    for arrow in (
        {"from_id": "ev", "to_id": "ac", "direction": "right"},
        {"from_id": "ac", "to_id": "ev", "direction": "left"},
    ):
        d, _ = _read([*regions, {**rel, **arrow}])
        ((head, tail),) = [(r.head, r.tail) for r in d.relations]
        assert (head, tail) == ("ev", "ac"), arrow
    d, rep = _read([*regions, {**rel, "from_id": "ev", "to_id": "ac", "direction": "bi"}])
    assert [(r.head, r.tail) for r in d.relations] == [("ev", "ac")] and rep.count("note") == 1


def test_an_arrow_without_labels_is_kept_as_related() -> None:
    # Label Studio draws relations without a label unless the config names some: the link is still there.
    regions = [_region("ev", "اعتقلت", "arrest"), _region("ac", "قوات الأمن", "state")]
    d, _ = _read([*regions, {"type": "relation", "from_id": "ev", "to_id": "ac", "direction": "right"}])
    assert [(r.head, r.tail, r.role) for r in d.relations] == [("ev", "ac", "related")]


def test_a_region_with_two_labels_gives_two_spans() -> None:
    d, _ = _read([{**_region("r1", "بانياس", "place"), "value": {**_region("r1", "بانياس", "place")["value"],
                                                                   "labels": ["place", "city"]}}])  # fmt: skip
    assert sorted((s.key, s.label, d.text[s.start : s.end]) for s in d.spans) == [
        ("r1", "place", "بانياس"),
        ("r1#1", "city", "بانياس"),
    ]


def test_a_region_known_by_its_labels_alone_and_taxonomy_answers() -> None:
    # An older export leaves out "type"; a taxonomy answer is a list of paths, written a/b.
    region = _region("r1", "اعتقلت", "arrest")
    del region["type"]
    d, rep = _read(
        [
            region,
            _region("r1", "اعتقلت", "actor_type", "taxonomy", taxonomy=[["state", "police"], ["militia"]]),
        ]
    )
    ((label, attrs),) = [(s.label, dict(s.attributes)) for s in d.spans]
    assert (label, attrs) == ("arrest", {"actor_type": "state/police, militia"}) and rep.count("note") == 0


def test_what_cannot_be_kept_is_reported() -> None:
    d, rep = _read(
        [
            _region("r1", "اعتقلت", "arrest"),
            {
                **_region("r1", "اعتقلت", "where", "choices"),
                "value": {"start": 2, "end": 8, "choices": {"x": 1}},
            },
            {"id": "c1", "type": "choices", "from_name": "topic", "value": {"choices": ["security"]}},
        ]
    )
    assert [s.label for s in d.spans] == ["arrest"] and not dict(d.spans[0].attributes)
    notes = sorted(i.detail for i in rep.items if i.kind == "note")
    assert len(notes) == 2
    assert "has no value we can keep" in notes[0] and "'where'" in notes[0]
    assert "result of type 'choices' is not a text span" in notes[1]


# -- the unit a task states, cancelled annotations, what is not an object, the layer of our export -----
FLAG = "🇸🇾 و و و و"  # a flag is two code points and four UTF-16 units: a shift of one word either way


def _region_at(rid: str, start: int, end: int, text: str, label: str = "place") -> dict[str, Any]:
    value = {"start": start, "end": end, "text": text, "labels": [label]}
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels", "value": value}


@pytest.mark.parametrize(("stated", "start"), [("codepoint", 5), ("codepoints", 5), ("utf16", 7)])
def test_a_unit_stated_in_the_tasks_data_is_taken_without_guessing(stated: str, start: int) -> None:
    # the second و: 5 in code points, 7 in UTF-16 units; each would fit another و in the other unit
    task = {"data": {"text": FLAG, "offset_unit": stated}, "annotations": [{"result": [_region_at("r", start, start + 1, "و")]}]}  # fmt: skip
    rep = FormatReport("labelstudio")
    (d,) = read_labelstudio("x.json", json.dumps([task], ensure_ascii=False), rep)
    assert [(s.start, s.end) for s in d.spans] == [(5, 6)] and rep.count("offsets_guessed") == 0


def _last_task_line(raw: str) -> int:
    """The line the last task of an indented array starts on, as the reader names it."""
    return raw[: raw.rindex("\n {")].count("\n") + 2


def test_a_unit_we_do_not_know_refuses_the_file_at_its_task() -> None:
    raw = json.dumps([{"data": {"text": FLAG}}, {"data": {"text": FLAG, "offset_unit": "bytes"}}], indent=1)
    with pytest.raises(ImportFileError, match=rf"x\.json:{_last_task_line(raw)}: 'offset_unit' is 'bytes'"):
        read_labelstudio("x.json", raw, FormatReport("x"))


def _cluster_doc(meta: dict[str, object]) -> tuple[LayerDoc, int]:
    text = "🇸🇾 قُتل مدنيان"
    at = text.index("قُتل")
    doc = Document(DocId(1), "d1", "t", text, "s", "h", meta, "now")
    return LayerDoc(doc, (make_span(doc, "amal", at, at + 1, "place"),), ()), at  # ق without its damma


def test_the_export_states_the_unit_it_wrote_not_the_one_the_document_came_with() -> None:
    # no cluster count can name an edge between ق and its damma: the task goes out in UTF-16 units
    item, at = _cluster_doc({"offset_unit": "graphemes", "source": "sana"})
    rep = FormatReport("labelstudio")
    (task,) = to_labelstudio([item], rep)
    assert task["data"]["offset_unit"] == "utf16" and task["data"]["source"] == "sana"
    (d,) = read_labelstudio("x.json", json.dumps([task], ensure_ascii=False), FormatReport("x"))
    assert [(s.start, s.end) for s in d.spans] == [(at, at + 1)]


CANCELLED = {"id": 1, "completed_by": 1, "was_cancelled": True, "result": [_region_at("a", 4, 7, "على")]}


def test_a_cancelled_annotation_is_reported_with_annotator_too() -> None:
    """As ``--annotator-from-file`` reports it: the README promises it for either option."""
    text = "قصف على حلب وإدلب"
    live = {"id": 2, "completed_by": 2, "result": [_region_at("b", 8, 11, "حلب")]}
    tasks = [
        {"id": 1, "data": {"text": text}, "annotations": [CANCELLED, live]},
        {"id": 2, "data": {"text": text + "."}, "annotations": [CANCELLED]},  # cancelled alone
    ]
    rep = FormatReport("labelstudio")
    drafts = read_labelstudio("x.json", json.dumps(tasks, ensure_ascii=False), rep)
    assert sorted(d.text[s.start : s.end] for d in drafts for s in d.spans) == ["حلب"]
    notes = [(i.document, i.detail) for i in rep.items if i.kind == "note"]
    assert notes == [(doc, "annotation 1 by labelstudio-1 was cancelled; not imported") for doc in ("1", "2")]


@pytest.mark.parametrize("layers", [False, True])
def test_an_annotation_that_is_not_an_object_refuses_the_file_at_its_task(layers: bool) -> None:
    good = {"data": {"text": "قصف على حلب"}, "annotations": []}
    bad = {"data": {"text": "قصف على حلب"}, "annotations": [{"completed_by": 2, "result": []}, "oops"]}
    raw = json.dumps([good, bad], indent=1)
    with pytest.raises(
        ImportFileError, match=rf"x\.json:{_last_task_line(raw)}: annotation 1 is not an object"
    ):
        read_labelstudio("x.json", raw, FormatReport("x"), layers=layers)


def test_our_export_names_its_layer_for_the_reader_of_layers() -> None:
    item, _ = _cluster_doc({})
    (task,) = to_labelstudio([item], FormatReport("x"), layer="gold")
    assert "completed_by" not in task["annotations"][0]  # Label Studio would refuse a name it does not know
    (d,) = read_labelstudio("x.json", json.dumps([task], ensure_ascii=False), FormatReport("x"), layers=True)
    assert d.annotator == "gold" and len(d.spans) == 1
