"""Team progress: per annotator, how many documents are done, in progress, not started.

Counts are single aggregate queries so the dashboard stays instant on large
projects.  An annotator with assignments is counted over the assigned
documents; one without (a project that does not assign) over all documents.
Progress over time is read back from the change log, which has every status
change with its time.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from annotate.model import GOLD
from store.documents import document_count
from store.project import Project


@dataclass(frozen=True, slots=True)
class AnnotatorProgress:
    name: str
    role: str
    assigned: int
    """Documents this annotator is counted over (assigned ones, or all when none are assigned)."""
    done: int
    in_progress: int
    not_started: int
    spans: int

    @property
    def share_done(self) -> float:
        return self.done / self.assigned if self.assigned else 0.0


def team_progress(project: Project, include_gold: bool = False) -> list[AnnotatorProgress]:
    c = project.conn
    total = document_count(project)
    assigned = dict(c.execute("SELECT annotator, count(*) FROM assignments GROUP BY annotator").fetchall())
    spans = dict(c.execute("SELECT annotator, count(*) FROM spans GROUP BY annotator").fetchall())
    # statuses counted over the documents an annotator is counted over
    counted: dict[tuple[str, str], int] = {}
    q = """
    SELECT st.annotator, st.status, count(*) FROM doc_status st
    WHERE NOT EXISTS (SELECT 1 FROM assignments a WHERE a.annotator = st.annotator)
       OR EXISTS (SELECT 1 FROM assignments a WHERE a.annotator = st.annotator AND a.doc_id = st.doc_id)
    GROUP BY st.annotator, st.status
    """
    for name, status, n in c.execute(q):
        counted[(name, status)] = n
    out: list[AnnotatorProgress] = []
    for name, role in c.execute("SELECT name, role FROM annotators ORDER BY name").fetchall():
        if name == GOLD and not include_gold:
            continue
        base = assigned.get(name, total)
        done = counted.get((name, "done"), 0)
        doing = counted.get((name, "in_progress"), 0)
        out.append(
            AnnotatorProgress(name, role, base, done, doing, max(0, base - done - doing), spans.get(name, 0))
        )
    return out


def progress_json(rows: list[AnnotatorProgress]) -> dict[str, Any]:
    return {"annotators": [{**asdict(r), "share_done": round(r.share_done, 4)} for r in rows]}


def done_over_time(project: Project) -> dict[str, list[tuple[str, int]]]:
    """Per annotator, (day, documents done at the end of that day), from the change log."""
    q = "SELECT at, layer, before, after FROM changes WHERE entity = 'status' ORDER BY seq"
    running: dict[str, int] = {}
    days: dict[str, dict[str, int]] = {}
    for at, layer, before, after in project.conn.execute(q):
        if layer == GOLD:
            continue
        was = before is not None and json.loads(before)["status"] == "done"
        now_done = after is not None and json.loads(after)["status"] == "done"
        if was == now_done:
            continue
        running[layer] = running.get(layer, 0) + (1 if now_done else -1)
        days.setdefault(layer, {})[at[:10]] = running[layer]
    return {name: sorted(per_day.items()) for name, per_day in sorted(days.items())}
