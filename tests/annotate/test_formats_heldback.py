"""The reviewer's held-back check, on files of our own in each tool's shape (fixtures/formats/heldback).

Three Arabic documents of ours (``truth.jsonl``: stored text, code points) with a flag emoji, a
skin-tone emoji and a ZWJ family emoji before spans, CRLF, harakat, shadda, in-word spans after
proclitics, nested and overlapping spans, a span crossing the line break and a label and role
missing from the schema, written the way each tool writes them:

- ``doccano_label.jsonl``: ``label`` lists as doccano's browser counts (UTF-16 units, CRLF one
  character), no span text to check against;
- ``doccano_rel.jsonl``: ``entities``/``relations``, pretty-printed, code points over CRLF (a
  script's conversion);
- ``labelstudio.json``: ``annotations`` of three annotators (one cancelled), UTF-16 units with
  ``value.text``, relations drawn in both directions, per-region ``choices``;
  ``labelstudio_legacy.json``: ``completions``;
- ``prodigy.jsonl``: ``tokens``, spans with ``token_start``/``token_end``, relations, an ignored
  answer; ``ours.jsonl``: attributes, relations, status;
- ``bad_*``: a second document broken on a later line.
"""

from __future__ import annotations

import json

import pytest

from annotate.formats.read import detect, read_annotated
from annotate.formats.records import AnnotatedDraft
from annotate.formats.report import FormatReport
from annotate.textimport import ImportFileError
from tests.annotate.test_formats_helpers import FIXTURES

HELD = FIXTURES / "heldback"
TRUTH = [json.loads(line) for line in (HELD / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
BY_TEXT = {t["text"]: t for t in TRUTH}
FILES = {
    "doccano_label.jsonl": "doccano",
    "doccano_rel.jsonl": "doccano",
    "labelstudio.json": "labelstudio",
    "labelstudio_legacy.json": "labelstudio",
    "prodigy.jsonl": "prodigy",
    "ours.jsonl": "jsonl",
}


def _read(name: str, fmt: str | None = None) -> tuple[list[AnnotatedDraft], FormatReport]:
    rep = FormatReport("x")
    return read_annotated(HELD / name, fmt or FILES[name], rep), rep  # type: ignore[arg-type]


def truth_spans(text: str) -> list[tuple[int, int, str]]:
    return sorted((s, e, lab) for s, e, lab, _ in BY_TEXT[text]["spans"])


def truth_relations(text: str) -> list[tuple[tuple[int, int, str], str, tuple[int, int, str]]]:
    sp = BY_TEXT[text]["spans"]
    return sorted((tuple(sp[h][:3]), role, tuple(sp[t][:3])) for h, t, role in BY_TEXT[text]["relations"])


def draft_spans(d: AnnotatedDraft) -> list[tuple[int, int, str]]:
    return sorted((s.start, s.end, s.label) for s in d.spans)


def draft_relations(d: AnnotatedDraft) -> list[tuple[tuple[int, int, str], str, tuple[int, int, str]]]:
    by = {s.key: (s.start, s.end, s.label) for s in d.spans}
    return sorted((by[r.head], r.role, by[r.tail]) for r in d.relations)


def test_truth_is_our_own_text_at_its_offsets() -> None:
    for t in TRUTH:
        assert "\r" not in t["text"]
        assert all(t["text"][s:e] == said for s, e, _, said in t["spans"])


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_shape_is_recognised(name: str) -> None:
    assert detect(HELD / name) == FILES[name]


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_offset_label_and_relation_lands_on_the_truth(name: str) -> None:
    drafts, _ = _read(name)
    docs = {"labelstudio.json": "AB", "labelstudio_legacy.json": "C"}.get(name, "ABC")
    assert sorted(BY_TEXT[d.text]["doc"] for d in drafts) == list(docs)
    for d in drafts:
        assert draft_spans(d) == truth_spans(d.text), (name, d.text[:12])
        if name != "doccano_label.jsonl":  # the label shape has no relations
            assert draft_relations(d) == truth_relations(d.text), (name, d.text[:12])


def test_doccano_browser_counts_are_converted_and_reported() -> None:
    _, rep = _read("doccano_label.jsonl")
    assert rep.count("offsets_utf16") == 2  # the two documents with emoji
    assert rep.count("offsets_crlf") == 2  # the two documents with CRLF
    assert rep.count("offsets_guessed") == 3  # no span text: each reading is a guess, and said to be


def test_stated_span_texts_leave_nothing_to_guess() -> None:
    for name in ("labelstudio.json", "labelstudio_legacy.json"):
        _, rep = _read(name)
        assert rep.count("offsets_guessed") == 0, name


def test_labelstudio_first_live_annotation_with_per_region_choices_as_attributes() -> None:
    drafts, rep = _read("labelstudio.json")
    a = next(d for d in drafts if d.text.startswith("🇸🇾"))
    attrs = {(s.start, s.end, s.label): dict(s.attributes) for s in a.spans if s.attributes}
    want = BY_TEXT[a.text]
    assert attrs == {tuple(want["spans"][int(i)][:3]): v for i, v in want["attributes"].items()}
    assert [i.detail.split(" by ")[-1] for i in rep.items if i.kind == "note"] == [
        "labelstudio-3 was cancelled; not imported",
        "1 further annotation(s) of this task not imported (first kept)",
    ]


def test_ours_keeps_attributes_and_status() -> None:
    drafts, _ = _read("ours.jsonl")
    a = next(d for d in drafts if d.text.startswith("🇸🇾"))
    assert a.status == "done"
    certainty = {s.label: dict(s.attributes) for s in a.spans if s.attributes}["shelling"]
    assert certainty == {"certainty": "claimed", "source_text": "قال ناشطون"}


@pytest.mark.parametrize(
    ("name", "fmt", "where"),
    [
        ("bad_doccano.jsonl", "doccano", "bad_doccano.jsonl:3:"),
        ("bad_labelstudio.json", "labelstudio", "bad_labelstudio.json:326:"),
        ("bad_prodigy.jsonl", "prodigy", "bad_prodigy.jsonl:2:"),
        ("bad_ours.jsonl", "jsonl", "bad_ours.jsonl:2:"),
    ],
)
def test_a_broken_later_document_names_file_and_its_line(name: str, fmt: str, where: str) -> None:
    with pytest.raises(ImportFileError) as err:
        _read(name, fmt)
    assert str(err.value).startswith(str(HELD / where)), str(err.value)


def test_labelstudio_mismatch_message_shows_the_text_at_the_utf16_reading() -> None:
    with pytest.raises(ImportFileError, match="says 'غلط' but the text there is 'اعتقال'"):
        _read("bad_labelstudio.json", "labelstudio")


def test_an_empty_span_is_refused_as_empty_not_as_outside_the_text(tmp_path) -> None:
    f = tmp_path / "empty.jsonl"
    f.write_text(
        json.dumps({"text": "قصف على حلب", "spans": [{"start": 4, "end": 4, "label": "place"}]}) + "\n"
    )
    with pytest.raises(ImportFileError, match=r"4\.\.4 is empty or reversed"):
        read_annotated(f, "prodigy", FormatReport("prodigy"))
