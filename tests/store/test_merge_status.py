"""Statuses set in two copies: the later change wins, whatever order the copies are merged in.

A tester found that ``merge L A B`` kept A's earlier 'done' and ``merge L B A`` B's later
'in_progress': the status brought in from the first copy took the merge's time, so it
looked newer than the second copy's real change.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from annotate.model import DocId
from store.annotations import status_of
from store.merge import merge_projects
from store.project import Project
from store.team import assign
from tests.store.teamdata import dump, mark, new_project, offline_copy


def status_time(path: Path, doc_id: int, who: str) -> str:
    """When ``who``'s status of a document was set, as the file stores it."""
    with Project.open(path) as p:
        return p.conn.execute(
            "SELECT updated_at FROM doc_status WHERE doc_id = ? AND annotator = ?", (doc_id, who)
        ).fetchone()[0]


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The lead, copy A where ali marked document 1 done, then copy B where he later set it in progress."""
    lead = tmp_path / "lead.hashiya"
    with new_project(lead) as p:
        p.ensure_annotator("ali")
        assign(p, [DocId(1)], ["ali"])
    a = offline_copy(lead, tmp_path / "a.hashiya")
    b = offline_copy(lead, tmp_path / "b.hashiya")
    with Project.open(a) as o:
        mark(o, 1, "ali", "done")
    time.sleep(0.01)  # B's change is the later one, and the merge later still
    with Project.open(b) as o:
        mark(o, 1, "ali", "in_progress")
    time.sleep(0.01)
    return lead, a, b


@pytest.mark.parametrize(
    "runs",
    [[["a", "b"]], [["b", "a"]], [["a"], ["b"]], [["b"], ["a"]]],
    ids=["one-run-a-b", "one-run-b-a", "two-runs-a-then-b", "two-runs-b-then-a"],
)
def test_the_later_status_change_wins_in_any_merge_order(
    copies: tuple[Path, Path, Path], runs: list[list[str]]
) -> None:
    lead, a, b = copies
    named = {"a": a, "b": b}
    for run in runs:
        with Project.open(lead) as p:
            merge_projects(p, [named[n] for n in run])
    with Project.open(lead) as p:
        assert status_of(p, DocId(1), "ali") == "in_progress"
    assert status_time(lead, 1, "ali") == status_time(b, 1, "ali")  # the change's time, not the merge's
    for again in (a, b, a):
        before = dump(lead)
        with Project.open(lead) as p:
            rep = merge_projects(p, [again])
        assert rep.sources[0].conflicts == [] and rep.sources[0].changed == 0
        assert dump(lead) == before


def test_a_status_taken_from_a_copy_keeps_its_time(copies: tuple[Path, Path, Path]) -> None:
    lead, a, _ = copies
    with Project.open(lead) as p:
        rep = merge_projects(p, [a])
        assert rep.sources[0].statuses_changed == 1
        assert status_of(p, DocId(1), "ali") == "done"
    assert status_time(lead, 1, "ali") == status_time(a, 1, "ali")
