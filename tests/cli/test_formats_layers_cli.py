"""`import --annotator-from-file` as a user runs it: a Label Studio export of three annotators becomes three layers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.annotate.layersdata import EXPECTED, labelstudio_tasks
from tests.annotate.test_formats_helpers import FIXTURES


@pytest.fixture
def ls_file(tmp_path: Path) -> Path:
    f = tmp_path / "export.json"
    f.write_text(json.dumps(labelstudio_tasks(), ensure_ascii=False, indent=1), encoding="utf-8")
    return f


def _layer(cli, proj: Path, name: str, tmp_path: Path) -> dict[str, set[tuple[str, str]]]:
    out = tmp_path / f"{name}.jsonl"
    r = cli("export", str(proj), "--format", "jsonl", "--out", str(out), "--annotator", name)
    assert r.code == 0, r.err
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return {rec["text"]: {(s["label"], s["text"]) for s in rec["spans"]} for rec in recs if rec["spans"]}


def test_three_annotators_of_a_labelstudio_export_become_three_layers(
    cli, proj: Path, ls_file: Path, tmp_path: Path
) -> None:
    r = cli("--no-shaping", "import", str(proj), str(ls_file), "--annotator-from-file")
    assert r.code == 0, r.err
    assert "11 span(s), 1 relation(s) as 3 layer(s) named in the file" in r.out
    assert "layer amal@example.org: 2 document(s), 5 span(s), 1 relation(s)" in r.out.splitlines()
    assert "layer karim: 2 document(s), 3 span(s), 0 relation(s)" in r.out.splitlines()
    assert "layer labelstudio-7: 2 document(s), 3 span(s), 0 relation(s)" in r.out.splitlines()
    assert {name: _layer(cli, proj, name, tmp_path) for name in EXPECTED} == EXPECTED
    agreement = cli("agreement", str(proj), "--json")
    assert agreement.code == 0, agreement.err
    report = agreement.json()
    assert report["annotators"] == sorted(EXPECTED) and report["documents"] == 2
    rows = cli("progress", str(proj), "--json").json()["annotators"]
    progress = {row["name"]: row["assigned"] for row in rows}
    assert progress == dict.fromkeys(EXPECTED, 2)


def test_the_json_summary_counts_each_layer(cli, proj: Path, ls_file: Path) -> None:
    r = cli("import", str(proj), str(ls_file), "--annotator-from-file", "--json")
    assert r.code == 0, r.err
    ann = r.json()["annotated"]
    assert ann["annotator"] is None
    assert {k: (v["spans"], v["relations"]) for k, v in ann["layers"].items()} == {
        "amal@example.org": (5, 1), "karim": (3, 0), "labelstudio-7": (3, 0),
    }  # fmt: skip
    assert ann["files"][0]["layers"]["labelstudio-7"]["documents"] == 2


def test_without_the_flag_the_first_annotation_goes_to_the_named_layer(
    cli, proj: Path, ls_file: Path
) -> None:
    r = cli("import", str(proj), str(ls_file), "--annotator", "sami", "--json")
    assert r.code == 0, r.err
    ann = r.json()["annotated"]
    assert ann["annotator"] == "sami" and list(ann["layers"]) == ["sami"] and ann["spans"] == 4
    # twice "further annotation(s) ... not imported (first kept)", once "... was cancelled; not imported"
    assert ann["report"]["counts"]["note"] == 3
    assert cli("agreement", str(proj), "--json").json()["annotators"] == ["sami"]
    # the same file again, by its annotators: sami's layer stays beside theirs
    r = cli("import", str(proj), str(ls_file), "--annotator-from-file", "--json")
    assert r.code == 0, r.err
    assert r.json()["annotated"]["files"][0]["attached"] == 2
    assert cli("agreement", str(proj), "--json").json()["annotators"] == sorted([*EXPECTED, "sami"])


def test_a_format_that_names_no_annotators_is_refused_naming_the_file(cli, proj: Path) -> None:
    brat = FIXTURES / "brat" / "kafranbel.ann"
    r = cli("import", str(proj), str(brat), "--annotator-from-file")
    assert r.code == 1 and str(brat) in r.err and "--annotator NAME" in r.err
    assert cli("stats", str(proj), "--json").json()["documents"] == 0


def test_a_prodigy_record_naming_nobody_refuses_its_file_at_the_line(cli, proj: Path, tmp_path: Path) -> None:
    f = tmp_path / "p.jsonl"
    text = "قصفت الطائرات مدينة إدلب فجر اليوم."
    rec = {"text": text, "spans": [{"start": 20, "end": 24, "label": "place"}], "answer": "accept"}
    f.write_text(
        json.dumps({**rec, "_annotator_id": "events-huda"}, ensure_ascii=False) + "\n"
        + json.dumps({**rec, "_session_id": None}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    r = cli("import", str(proj), str(f), "--format", "prodigy", "--annotator-from-file")
    assert r.code == 1 and f"{f}:2:" in r.err
    assert cli("stats", str(proj), "--json").json()["annotators"] == 0


def test_the_two_ways_of_naming_layers_exclude_each_other(cli, proj: Path, ls_file: Path) -> None:
    r = cli("import", str(proj), str(ls_file), "--annotator", "sami", "--annotator-from-file")
    assert r.code == 2 and "not allowed with" in r.err
    r = cli("import", str(proj), str(ls_file))
    assert r.code == 1 and "--annotator-from-file" in r.err
