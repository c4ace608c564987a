"""Reading the annotators a file names (``layers=True``): one draft per annotator, names checked per line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotate.formats.labelstudio import read_labelstudio
from annotate.formats.ours import read_ours
from annotate.formats.prodigy import read_prodigy
from annotate.formats.read import read_annotated
from annotate.formats.records import AnnotatedDraft
from annotate.formats.report import FormatReport
from annotate.textimport import ImportFileError
from tests.annotate.layersdata import EXPECTED, TASK_1, TASK_2, annotation, labelstudio_tasks
from tests.annotate.test_formats_helpers import FIXTURES

PRODIGY_TEXT = "قصفت الطائرات مدينة إدلب فجر اليوم."


def _ls(tasks: list[dict[str, Any]], layers: bool = True) -> tuple[list[AnnotatedDraft], FormatReport]:
    rep = FormatReport("labelstudio")
    return read_labelstudio(
        "ls.json", json.dumps(tasks, ensure_ascii=False, indent=1), rep, layers=layers
    ), rep


def _layers(drafts: list[AnnotatedDraft]) -> dict[str | None, dict[str, set[tuple[str, str]]]]:
    out: dict[str | None, dict[str, set[tuple[str, str]]]] = {}
    for d in drafts:
        marks = {(s.label, d.text[s.start : s.end]) for s in d.spans}
        out.setdefault(d.annotator, {})[d.text] = marks
    return out


def test_every_live_annotation_of_a_task_is_its_annotators_own_draft() -> None:
    drafts, rep = _ls(labelstudio_tasks())
    # the cancelled annotation, the prediction and the draft (nour, a model) give no layer
    assert _layers(drafts) == EXPECTED
    amal_1 = next(d for d in drafts if d.annotator == "amal@example.org" and d.text == TASK_1)
    assert [r.role for r in amal_1.relations] == ["agent"]
    notes = [i.detail for i in rep.items if i.kind == "note"]
    assert notes == [
        "annotation 4 by nour@example.org was cancelled; not imported",
        "annotation 7 by labelstudio-7 not imported: their later annotation 5 kept",
    ]


def test_without_layers_the_first_live_annotation_is_kept_as_before() -> None:
    assert len(_ls(labelstudio_tasks(), layers=True)[0]) == 6  # with them, one draft per annotator and task
    drafts, rep = _ls(labelstudio_tasks(), layers=False)
    first = {TASK_1: EXPECTED["amal@example.org"][TASK_1], TASK_2: EXPECTED["labelstudio-7"][TASK_2]}
    assert _layers(drafts) == {None: first}  # each task's first live annotation, in no named layer
    assert [i.detail for i in rep.items if i.kind == "note"] == [
        "annotation 4 by nour@example.org was cancelled; not imported",  # said with either option
        "2 further annotation(s) of this task not imported (first kept)",
        "3 further annotation(s) of this task not imported (first kept)",
    ]


@pytest.mark.parametrize(
    ("completed_by", "layer"),
    [
        ({"id": 4, "email": " huda@example.org ", "username": "huda"}, "huda@example.org"),
        ({"id": 4, "email": "", "username": "huda"}, "huda"),
        ({"id": 4}, "labelstudio-4"),
        (4, "labelstudio-4"),
    ],
)
def test_completed_by_names_the_layer(completed_by: Any, layer: str) -> None:
    (d,), _ = _ls(
        [
            {
                "id": 1,
                "data": {"text": TASK_1},
                "annotations": [annotation(1, completed_by, TASK_1, [("بانياس", "place")])],
            }
        ]
    )
    assert d.annotator == layer


@pytest.mark.parametrize("completed_by", [None, "  ", True, [3]])
def test_an_annotation_naming_nobody_refuses_the_file_at_its_task(completed_by: Any) -> None:
    good = {"id": 1, "data": {"text": TASK_1}, "annotations": [annotation(1, 3, TASK_1, [])]}
    bad = {"id": 2, "data": {"text": TASK_1}, "annotations": [annotation(2, completed_by, TASK_1, [])]}
    with pytest.raises(ImportFileError) as err:
        _ls([good, bad])
    line = json.dumps([good, bad], ensure_ascii=False, indent=1).splitlines().index(" {", 2) + 1
    assert str(err.value).startswith(f"ls.json:{line}: ") and "completed_by" in str(err.value)


def test_a_task_nobody_annotated_is_a_document_in_no_layer() -> None:
    cancelled = annotation(1, 3, TASK_1, [("بانياس", "place")], was_cancelled=True)
    done = annotation(2, 3, TASK_2, [("حلب", "place")])
    nobody, karim = _ls([
        {"id": 1, "data": {"text": TASK_1}, "annotations": [cancelled]},
        {"id": 2, "data": {"text": TASK_2}, "annotations": [done]},
    ])[0]  # fmt: skip
    assert (nobody.annotator, nobody.spans, nobody.text) == (None, (), TASK_1)
    assert (karim.annotator, len(karim.spans)) == ("labelstudio-3", 1)


def _prodigy(records: list[dict[str, Any]], layers: bool = True) -> list[AnnotatedDraft]:
    text = "\n".join(
        json.dumps({"text": PRODIGY_TEXT, "spans": [], **r}, ensure_ascii=False) for r in records
    )
    return read_prodigy("p.jsonl", text, FormatReport("prodigy"), layers=layers)


def test_prodigy_names_the_annotator_then_the_session() -> None:
    drafts = _prodigy([
        {"_annotator_id": "events-huda", "_session_id": "events-old"},
        {"_session_id": "events-sami"},
        {"_annotator_id": None, "_session_id": "events-rana"},
    ])  # fmt: skip
    assert [d.annotator for d in drafts] == ["events-huda", "events-sami", "events-rana"]
    assert [d.annotator for d in _prodigy([{}], layers=False)] == [None]  # without layers nobody is asked


@pytest.mark.parametrize("nameless", [{}, {"_session_id": None}, {"_annotator_id": " "}, {"_session_id": 5}])
def test_a_prodigy_record_naming_nobody_refuses_the_file_at_its_line(nameless: dict[str, Any]) -> None:
    with pytest.raises(ImportFileError) as err:
        _prodigy([{"_annotator_id": "events-huda"}, nameless])
    assert str(err.value).startswith("p.jsonl:2: ")


def test_our_jsonl_goes_to_the_layer_of_its_annotator_field() -> None:
    rec = json.loads((FIXTURES / "ours.jsonl").read_text(encoding="utf-8").splitlines()[0])
    lines = [json.dumps({**rec, "annotator": name}, ensure_ascii=False) for name in ("huda", " gold ")]
    drafts = read_ours("o.jsonl", "\n".join(lines), FormatReport("jsonl"), layers=True)
    assert [d.annotator for d in drafts] == ["huda", "gold"]
    for bad in ({"annotator": ""}, {"annotator": 3}):
        text = "\n".join([lines[0], json.dumps({**rec, **bad}, ensure_ascii=False)])
        with pytest.raises(ImportFileError, match=r"^o\.jsonl:2: .*'annotator'"):
            read_ours("o.jsonl", text, FormatReport("jsonl"), layers=True)
    no_field = {k: v for k, v in rec.items() if k != "annotator"}
    with pytest.raises(ImportFileError, match=r"^o\.jsonl:1: "):
        read_ours("o.jsonl", json.dumps(no_field, ensure_ascii=False), FormatReport("jsonl"), layers=True)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("brat/kafranbel.ann", "brat"), ("doccano.jsonl", "doccano"), ("conll/iob1_4col.conll", "conll")],
)
def test_formats_that_name_no_annotators_are_refused_with_the_way_out(name: str, fmt: str) -> None:
    path = FIXTURES / name
    assert read_annotated(path, fmt, FormatReport(fmt))  # type: ignore[arg-type]  # readable as one layer
    with pytest.raises(ImportFileError) as err:
        read_annotated(path, fmt, FormatReport(fmt), layers=True)  # type: ignore[arg-type]
    assert str(err.value).startswith(str(Path(path))) and "--annotator NAME" in str(err.value)


def test_read_annotated_hands_layers_to_the_readers_that_name_annotators(tmp_path: Path) -> None:
    f = tmp_path / "ls.json"
    f.write_text(json.dumps(labelstudio_tasks(), ensure_ascii=False), encoding="utf-8")
    drafts = read_annotated(f, "labelstudio", FormatReport("labelstudio"), layers=True)
    assert _layers(drafts) == EXPECTED
