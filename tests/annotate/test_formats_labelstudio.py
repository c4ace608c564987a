"""Label Studio results beyond plain regions: per-region answers as attributes, arrows drawn either way."""

from __future__ import annotations

import json
from typing import Any

from annotate.formats.labelstudio import read_labelstudio
from annotate.formats.records import AnnotatedDraft
from annotate.formats.report import FormatReport

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
