"""Two processes annotating one project at once: nothing lost, and no raw "database is locked" ever.

Each worker adds spans of its own and, in the same rounds, relabels one span
both share, re-reading it after a ConflictError.  A lost update would show as
a change-log entry whose ``before`` is not the previous entry's ``after``.
"""

from __future__ import annotations

import itertools
import json
import threading
from pathlib import Path

import pytest

from annotate.commands import add_span
from annotate.model import DocId, make_span
from store.annotations import apply, changes, spans
from store.documents import get_document
from store.project import Project
from tests.faults.conftest import worker

ROUNDS = 150
WORKERS = ("amal", "badr")


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_two_processes_annotate_at_once_without_lost_updates(project_path: Path) -> None:
    with Project.open(project_path) as p:
        doc = get_document(p, DocId(1))
        shared = make_span(doc, "shared", 0, 5, "arrest")
        apply(p, add_span(shared), "lead")
    procs = [worker("contend", str(project_path), who, str(ROUNDS), shared.id) for who in WORKERS]
    for proc in procs:  # both opened the project; now let them go at the same moment
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    Path(str(project_path) + ".go").touch()
    outs: dict[str, tuple[str, str]] = {}
    threads = [
        threading.Thread(target=lambda w=w, pr=pr: outs.__setitem__(w, pr.communicate(timeout=100)))
        for w, pr in zip(WORKERS, procs, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    edits = conflicts = 0
    for who, proc in zip(WORKERS, procs, strict=True):
        out, err = outs[who]
        assert "locked" not in (out + err).lower(), f"{who} saw a raw lock error:\n{out}\n{err}"
        assert proc.returncode == 0, f"{who} failed:\n{out}\n{err}"
        done = [ln for ln in out.splitlines() if ln.startswith("done")]
        assert done, out
        _, e, c = done[0].split()
        edits += int(e)
        conflicts += int(c)
        assert sum(1 for ln in out.splitlines() if ln.startswith("ack add")) == ROUNDS
    with Project.open(project_path, readonly=True) as p:
        assert p.integrity_ok()
        for who in WORKERS:
            assert len(spans(p, DocId(1), who)) == ROUNDS, f"{who}: an added span is missing"
        log = [c for c in changes(p) if c.op.kind == "update"]
        assert len(log) == edits == len(WORKERS) * ROUNDS
        prev = shared
        for ch in log:  # each edit started from exactly what the previous edit left: no lost update
            assert ch.op.before is not None and ch.op.after is not None
            assert ch.op.before.label == prev.label, json.dumps([ch.op.before.label, prev.label])
            prev = ch.op.after
        switches = sum(1 for a, b in itertools.pairwise(log) if a.actor != b.actor)
        assert switches >= 10, f"the workers hardly overlapped ({switches} switches): the test proved little"
        final = spans(p, DocId(1), "shared")
        assert [s.label for s in final] == [prev.label]
    print(
        f"concurrency: {len(WORKERS)} processes x {ROUNDS} rounds, {edits} edits of one shared span,"
        f" {conflicts} conflicts re-read and retried, {switches} writer switches, 0 lost updates, 0 lock errors"
    )
