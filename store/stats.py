"""Project figures for ``stats`` and the GUI's dashboard: counts only, so they stay fast on large files."""

from __future__ import annotations

from typing import Any

from store.documents import document_count
from store.project import Project


def project_stats(project: Project) -> dict[str, Any]:
    c = project.conn
    per_annotator = {
        name: {"spans": n, "documents": d}
        for name, n, d in c.execute(
            "SELECT annotator, count(*), count(DISTINCT doc_id) FROM spans GROUP BY annotator ORDER BY annotator"
        )
    }
    status: dict[str, dict[str, int]] = {}
    for name, st, n in c.execute(
        "SELECT annotator, status, count(*) FROM doc_status GROUP BY annotator, status"
    ):
        status.setdefault(name, {})[st] = n
    return {
        "project": str(project.path),
        "documents": document_count(project),
        "spans": c.execute("SELECT count(*) FROM spans").fetchone()[0],
        "relations": c.execute("SELECT count(*) FROM relations").fetchone()[0],
        "annotators": c.execute("SELECT count(*) FROM annotators").fetchone()[0],
        "labels": c.execute("SELECT count(*) FROM labels").fetchone()[0],
        "changes": c.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0],
        "per_annotator": per_annotator,
        "status": status,
        "per_label": dict(
            c.execute("SELECT label, count(*) FROM spans GROUP BY label ORDER BY label").fetchall()
        ),
    }
