"""Importing the layers a file names (``annotator=None``): annotators made, documents assigned, one transaction."""

from __future__ import annotations

import json
from pathlib import Path

from annotate.model import GOLD
from store.annotated_import import import_annotated
from store.annotations import relations, spans
from store.documents import document_count, document_ids, get_document
from store.importer import import_paths
from store.project import Project
from store.team import assigned_to
from tests.annotate.layersdata import EXPECTED, TASK_1, TASK_2, annotation, labelstudio_tasks
from tests.annotate.test_formats_helpers import FIXTURES


def _write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _marks(project: Project, annotator: str) -> dict[str, set[tuple[str, str]]]:
    out: dict[str, set[tuple[str, str]]] = {}
    for i in document_ids(project):
        layer = {(s.label, s.text) for s in spans(project, i, annotator)}
        if layer:
            out[get_document(project, i).text] = layer
    return out


def _prodigy(path: Path, *who: str) -> Path:
    text = "قصفت الطائرات مدينة إدلب فجر اليوم."
    lines = [
        json.dumps({"text": text, "spans": [{"start": 20, "end": 24, "label": "place"}], "_annotator_id": w})
        for w in who
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_each_annotator_named_in_the_file_gets_a_layer_an_account_and_the_documents(
    project: Project, tmp_path: Path
) -> None:
    rep = import_annotated(
        project, [(_write(tmp_path / "ls.json", labelstudio_tasks()), "labelstudio")], None
    )
    assert not rep.refused, rep.files
    assert {n: _marks(project, n) for n in EXPECTED} == EXPECTED
    assert {a.name: a.role for a in project.annotators()} == dict.fromkeys(EXPECTED, "annotator")
    for name in EXPECTED:
        assert assigned_to(project, name) == document_ids(project)
    (f,) = rep.files
    assert (f.documents, f.attached, f.spans, f.relations) == (2, 0, 11, 1)
    counts = {n: (c.documents, c.spans, c.relations) for n, c in rep.layers.items()}
    assert counts == {"amal@example.org": (2, 5, 1), "karim": (2, 3, 0), "labelstudio-7": (2, 3, 0)}
    assert rep.to_json()["layers"]["karim"] == {"documents": 2, "spans": 3, "relations": 0}
    amal_1 = next(i for i in document_ids(project) if get_document(project, i).text == TASK_1)
    assert [r.role for r in relations(project, amal_1, "amal@example.org")] == ["agent"]


def test_a_document_already_in_the_project_gets_the_new_layers_and_keeps_the_old(
    project: Project, tmp_path: Path
) -> None:
    plain = tmp_path / "t2.txt"
    plain.write_text(TASK_2, encoding="utf-8")
    import_paths(project, [str(plain)])  # TASK_2 without annotations
    first = _write(tmp_path / "first.json", labelstudio_tasks()[:1])
    import_annotated(
        project, [(first, "labelstudio")], "karim"
    )  # TASK_1's first annotation (amal's) as karim
    rep = import_annotated(
        project, [(_write(tmp_path / "ls.json", labelstudio_tasks()), "labelstudio")], None
    )
    (f,) = rep.files
    assert (f.documents, f.attached) == (0, 2)
    (skipped,) = [i.detail for i in rep.report.items if i.kind == "skipped_layer"]
    assert "karim's spans" in skipped
    karim = EXPECTED["karim"] | {TASK_1: EXPECTED["amal@example.org"][TASK_1]}  # the old layer stays
    assert _marks(project, "karim") == karim
    assert _marks(project, "labelstudio-7") == EXPECTED["labelstudio-7"]
    assert (rep.layers["karim"].documents, len(rep.layers)) == (1, 3)
    again = import_annotated(project, [(tmp_path / "ls.json", "labelstudio")], None)
    assert again.report.count("skipped_layer") == 6 and sum(f.spans for f in again.files) == 0


def test_two_prodigy_annotators_of_one_text_share_its_document(project: Project, tmp_path: Path) -> None:
    rep = import_annotated(
        project, [(_prodigy(tmp_path / "p.jsonl", "events-huda", "events-sami"), "prodigy")], None
    )
    assert document_count(project) == 1 and rep.files[0].documents == 1
    assert (
        _marks(project, "events-huda")
        == _marks(project, "events-sami")
        == {"قصفت الطائرات مدينة إدلب فجر اليوم.": {("place", "إدلب")}}
    )


def test_our_export_of_the_gold_layer_comes_back_as_gold(project: Project, tmp_path: Path) -> None:
    rec = json.loads((FIXTURES / "ours.jsonl").read_text(encoding="utf-8").splitlines()[0])
    f = tmp_path / "gold.jsonl"
    f.write_text(json.dumps({**rec, "annotator": GOLD}, ensure_ascii=False) + "\n", encoding="utf-8")
    import_annotated(project, [(f, "jsonl")], None)
    assert {a.name: a.role for a in project.annotators()} == {GOLD: "gold"}
    assert len(spans(project, document_ids(project)[0], GOLD)) == len(rec["spans"])


def test_a_bad_name_on_a_later_line_leaves_nothing_of_its_file(project: Project, tmp_path: Path) -> None:
    tasks = labelstudio_tasks()
    tasks[1]["annotations"].append(annotation(9, None, TASK_2, []))
    bad = _write(tmp_path / "bad.json", tasks)
    good = _prodigy(tmp_path / "p.jsonl", "events-huda")
    rep = import_annotated(project, [(bad, "labelstudio"), (good, "prodigy")], None)
    (refused,) = rep.refused
    line = bad.read_text(encoding="utf-8").splitlines().index(" {", 2) + 1
    assert refused.error.startswith(f"{bad}:{line}: ") and "completed_by" in refused.error
    assert [a.name for a in project.annotators()] == ["events-huda"]  # none of bad.json's annotators
    assert document_count(project) == 1


def test_a_format_naming_no_annotators_is_refused_and_the_others_land(
    project: Project, tmp_path: Path
) -> None:
    brat = FIXTURES / "brat/kafranbel.ann"
    rep = import_annotated(
        project, [(brat, "brat"), (_prodigy(tmp_path / "p.jsonl", "events-huda"), "prodigy")], None
    )
    (refused,) = rep.refused
    assert refused.path == str(brat) and "--annotator NAME" in refused.error
    assert [a.name for a in project.annotators()] == ["events-huda"] and document_count(project) == 1


def test_a_task_nobody_annotated_lands_as_a_document_in_no_layer(project: Project, tmp_path: Path) -> None:
    tasks = [
        {
            "id": 1,
            "data": {"text": TASK_1},
            "annotations": [annotation(1, 3, TASK_1, [], was_cancelled=True)],
        },
        {"id": 2, "data": {"text": TASK_2}, "annotations": [annotation(2, 3, TASK_2, [("حلب", "place")])]},
    ]
    rep = import_annotated(project, [(_write(tmp_path / "ls.json", tasks), "labelstudio")], None)
    assert document_count(project) == 2 and rep.files[0].documents == 2
    assert [a.name for a in project.annotators()] == ["labelstudio-3"] and list(rep.layers) == [
        "labelstudio-3"
    ]
    (assigned,) = assigned_to(project, "labelstudio-3")  # TASK_2's document only
    assert get_document(project, assigned).text == TASK_2
