"""A scripted annotator run as a subprocess by the fault tests (``python -m tests.faults.worker``).

``annotate PROJECT ACTOR N SEED``: N actions (add, relabel, delete a span) on
document 1 through ``store.annotations.apply``; prints ``try`` before each
action and ``ack`` once it is committed, so a parent that kills this process
knows which actions must have survived.

``contend PROJECT ACTOR N SHARED_SPAN_ID``: N rounds, each adding a span of
its own and relabelling one span every worker shares (re-reading it after a
ConflictError), starting when ``PROJECT.go`` exists; prints ``ack`` lines and,
at the end, ``done EDITS CONFLICTS``.  Any other
error is printed as ``error TYPE MESSAGE``.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from annotate.commands import add_span, delete_span, update_span
from annotate.model import DocId, SpanId, make_span
from store.annotations import apply, get_span, spans
from store.documents import get_document
from store.errors import ConflictError, ProjectError
from store.project import Project

LABELS = ("arrest", "armed_clash", "state_forces", "place")  # keys of the default schema


def say(*parts: object) -> None:
    print(*parts, flush=True)


def words(text: str) -> list[tuple[int, int]]:
    out, start = [], None
    for i, ch in enumerate(text + " "):
        if ch.isspace() or ch in ".،,":
            if start is not None:
                out.append((start, i))
            start = None
        elif start is None:
            start = i
    return out


def annotate(path: str, actor: str, n: int, seed: int) -> None:
    rng = random.Random(seed)
    with Project.open(path) as p:
        doc = get_document(p, DocId(1))
        ws = words(doc.text)
        say("ready")
        for k in range(n):
            mine = spans(p, doc.id, actor)
            r = rng.random()
            if mine and r < 0.2:
                s = rng.choice(mine)
                say("try", k, "delete", s.id, "-")
                apply(p, delete_span(s, []), actor)
                say("ack", k, "delete", s.id, "-")
            elif mine and r < 0.45:
                s = rng.choice(mine)
                lab = rng.choice([x for x in LABELS if x != s.label])
                say("try", k, "relabel", s.id, lab)
                apply(p, update_span(s, s.with_(label=lab)), actor)
                say("ack", k, "relabel", s.id, lab)
            else:
                a, b = rng.choice(ws)
                lab = rng.choice(LABELS)
                s = make_span(doc, actor, a, b, lab)
                say("try", k, "add", s.id, lab)
                apply(p, add_span(s), actor)
                say("ack", k, "add", s.id, lab)


def contend(path: str, actor: str, n: int, shared: str) -> None:
    with Project.open(path) as p:
        doc = get_document(p, DocId(1))
        ws = words(doc.text)
        say("ready")
        rng = random.Random(actor)
        go = Path(path + ".go")
        while not go.exists():  # start together with the other workers
            time.sleep(0.001)
        edits = conflicts = 0
        for k in range(n):
            a, b = ws[k % len(ws)]
            s = make_span(doc, actor, a, b, LABELS[k % len(LABELS)])
            apply(p, add_span(s), actor)
            say("ack", "add", s.id)
            while True:
                cur = get_span(p, SpanId(shared))
                assert cur is not None
                nxt = LABELS[(LABELS.index(cur.label) + 1) % len(LABELS)]
                try:
                    apply(p, update_span(cur, cur.with_(label=nxt)), actor)
                except ConflictError:
                    conflicts += 1
                    continue
                edits += 1
                break
            time.sleep(rng.uniform(0, 0.004))  # a pause, as between a person's actions, lets the other in
        say("done", edits, conflicts)


def main(argv: list[str]) -> int:
    cmd, path, actor, n, extra = argv[0], argv[1], argv[2], int(argv[3]), argv[4]
    try:
        if cmd == "annotate":
            annotate(path, actor, n, int(extra))
        else:
            contend(path, actor, n, extra)
    except ProjectError as exc:
        say("error", type(exc).__name__, exc)
        return 1
    except Exception as exc:
        say("error", type(exc).__name__, exc)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
