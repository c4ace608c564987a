from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotate.model import DocId
from store.annotations import spans
from store.project import Project
from store.team import assignees
from tests.store.teamdata import doc, fill, mark, new_project, offline_copy

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=120,
    )


def run_json(*args: str) -> dict:
    res = run(*args, "--json")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.strip().splitlines()
    assert len(lines) == 1, res.stdout
    return json.loads(lines[0])


@pytest.fixture
def lead(tmp_path: Path) -> Path:
    path = tmp_path / "lead.hashiya"
    new_project(path).close()
    return path


def test_assign_in_rotation_and_by_hand(lead: Path) -> None:
    out = run_json("assign", str(lead), "--annotators", "ali,badr,chadi", "--k", "2")
    assert (out["documents"], out["k"], out["added"]) == (3, 2, 6)
    with Project.open(lead, readonly=True) as p:
        per_doc = [assignees(p, DocId(d)) for d in (1, 2, 3)]
    assert all(len(a) == 2 for a in per_doc)
    # the load is even: each annotator gets two of the three documents
    counts = {n: sum(n in a for a in per_doc) for n in ("ali", "badr", "chadi")}
    assert counts == {"ali": 2, "badr": 2, "chadi": 2}
    again = run_json("assign", str(lead), "--annotators", "ali,badr,chadi", "--k", "2")
    assert again["added"] == 0
    assert (
        run_json("assign", str(lead), "--annotators", "ali,badr,chadi", "--docs", "unassigned")["documents"]
        == 0
    )
    assert run_json("assign", str(lead), "--annotators", "dana", "--ids", "2")["added"] == 1
    bad = run("assign", str(lead), "--annotators", "ali", "--k", "3")
    assert bad.returncode == 1 and "k must be between" in bad.stderr


def test_assign_refuses_unknown_ids_clearly_and_writes_nothing(lead: Path) -> None:
    bad = run("assign", str(lead), "--annotators", "ali,nadia", "--ids", "2,99")
    assert bad.returncode == 1
    assert "no document with id 99" in bad.stderr and "nothing was assigned" in bad.stderr
    assert "FOREIGN KEY" not in bad.stderr and "Traceback" not in bad.stderr
    with Project.open(lead, readonly=True) as p:
        assert p.conn.execute("SELECT count(*) FROM assignments").fetchone()[0] == 0
        assert "nadia" not in {a.name for a in p.annotators()}  # no half-made team
    typo = run("assign", str(lead), "--annotators", "ali", "--ids", "2,x")
    assert typo.returncode == 1 and "--ids takes document ids" in typo.stderr
    # a new name is the documented way to add an annotator: it is created with its assignments
    assert run_json("assign", str(lead), "--annotators", "nadia", "--ids", "2,3")["added"] == 2
    with Project.open(lead, readonly=True) as p:
        assert {a.name: a.role for a in p.annotators()}["nadia"] == "annotator"
        assert assignees(p, DocId(3)) == ["nadia"]


def test_progress_per_annotator(lead: Path) -> None:
    run_json("assign", str(lead), "--annotators", "ali,badr", "--ids", "1,2")
    with Project.open(lead) as p:
        mark(p, 1, "ali")
        mark(p, 2, "ali", "in_progress")
        mark(p, 1, "badr", "in_progress")
    rows = {r["name"]: r for r in run_json("progress", str(lead))["annotators"]}
    assert (rows["ali"]["done"], rows["ali"]["in_progress"], rows["ali"]["not_started"]) == (1, 1, 0)
    assert (rows["badr"]["done"], rows["badr"]["in_progress"], rows["badr"]["not_started"]) == (0, 1, 1)
    text = run("--no-shaping", "progress", str(lead))
    assert text.returncode == 0 and "ali" in text.stdout


def test_merge_command_reports_and_is_idempotent(lead: Path, tmp_path: Path) -> None:
    other = offline_copy(lead, tmp_path / "badr.hashiya")
    with Project.open(other) as o:
        fill(o, doc(o, 2), "badr", 6, seed=4)
        mark(o, 2, "badr")
    out = run_json("merge", str(lead), str(other))
    assert out["sources"][0]["spans_added"] == 6
    assert "updated_at" in out["rule"]
    assert out["conflicts"] == 0
    again = run_json("merge", str(lead), str(other))
    assert again["sources"][0]["changed"] == 0
    with Project.open(lead, readonly=True) as p:
        assert len(spans(p, DocId(2), "badr")) == 6
    missing = run("merge", str(lead), str(tmp_path / "nope.hashiya"))
    assert missing.returncode == 1 and "nope.hashiya" in missing.stderr


def test_agreement_json_keys_and_filters(lead: Path) -> None:
    with Project.open(lead) as p:
        for d in (1, 2):
            base = fill(p, doc(p, d), "ali", 6, seed=d)
            from annotate.commands import add_spans
            from store.annotations import apply

            apply(p, add_spans([s.with_(id=f"{s.id}-b", annotator="badr") for s in base[:4]]), "badr")
    out = run_json("agreement", str(lead))
    assert set(out["span_f1"]) == {"exact", "overlap"}
    for kind in ("exact", "overlap"):
        f1 = out["span_f1"][kind]
        assert {"mean", "sd", "pairs", "per_label"} <= set(f1)
        (pair,) = f1["pairs"]
        assert (pair["a"], pair["b"]) == ("ali", "badr")
        assert pair["f1"] == pytest.approx(2 * 8 / (12 + 8))  # badr copied 8 of ali's 12 spans
    assert {"pairs", "mean"} <= set(out["token_kappa"])
    assert "alpha" in out
    only = run_json("agreement", str(lead), "--annotators", "ali,badr", "--labels", "shelling,place")
    assert set(only["labels"]) <= {"shelling", "place"}
    text = run("--no-shaping", "agreement", str(lead))
    assert text.returncode == 0 and "span F1" in text.stdout


def _adjudicated(lead: Path) -> str:
    from annotate.adjudication import accept
    from store.gold import decide, load_board

    with Project.open(lead) as p:
        d = doc(p, 1)
        base = fill(p, d, "ali", 3, seed=1)
        from annotate.commands import add_spans
        from store.annotations import apply

        apply(p, add_spans([s.with_(id=s.id + "-b", annotator="badr") for s in base]), "badr")
        view = load_board(p, DocId(1)).views[0]
        decide(p, accept(view.group, view.group.spans[0], "rania", "2026-11-27T01:00:00"), "rania")
        (gold,) = spans(p, DocId(1), "gold")
        return gold.id


def test_export_gold_writes_the_adjudicated_layer(lead: Path, tmp_path: Path) -> None:
    gold_id = _adjudicated(lead)
    out = tmp_path / "gold.jsonl"
    res = run_json("export", str(lead), "--gold", "--out", str(out))
    assert res["layer"] == "gold" and res["spans"] == 1
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    exported = [s for rec in lines for s in rec["spans"]]
    assert [s["id"] for s in exported] == [gold_id]
    ali = run_json("export", str(lead), "--annotator", "ali", "--out", str(tmp_path / "ali.jsonl"))
    assert ali["spans"] == 3


def test_export_gold_keeps_provenance(lead: Path, tmp_path: Path) -> None:
    _adjudicated(lead)
    with Project.open(lead, readonly=True) as p:
        (stored,) = spans(p, DocId(1), "gold")
        proposers = sorted(
            s.id for s in spans(p, DocId(1)) if s.annotator != "gold" and s.start == stored.start
        )
    out = tmp_path / "gold.jsonl"
    run_json("export", str(lead), "--gold", "--out", str(out))
    (span,) = [s for line in out.read_text(encoding="utf-8").splitlines() for s in json.loads(line)["spans"]]
    prov = span["provenance"]
    assert prov["decided_by"] == "rania"
    assert prov["decided_at"] == "2026-11-27T01:00:00"
    assert prov["proposed_by"] == ["ali", "badr"]
    assert sorted(prov["from_span_ids"]) == proposers and len(proposers) == 2
    assert prov == dict(stored.provenance)
    # and it comes back: the gold file imported into another project keeps every span's provenance
    other = tmp_path / "other.hashiya"
    run_json("init", str(other))
    run_json("import", str(other), str(out), "--format", "jsonl", "--annotator", "gold")
    with Project.open(other, readonly=True) as p:
        (back,) = spans(p, DocId(1), "gold")
    assert dict(back.provenance) == prov
    # an annotator's layer has no provenance to carry: the key is absent, not empty
    run_json("export", str(lead), "--annotator", "ali", "--out", str(tmp_path / "ali.jsonl"))
    ali = [
        s
        for line in (tmp_path / "ali.jsonl").read_text(encoding="utf-8").splitlines()
        for s in json.loads(line)["spans"]
    ]
    assert ali and all("provenance" not in s for s in ali)
