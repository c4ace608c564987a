"""Ids of the documents the list shows without a query: all of them, or one status of one annotator.

The document list pages over an ascending id sequence with ``summaries_for``
(primary-key lookups).  Reading and sorting every id into a Python list cost
~450 ms for 1,000,000 documents, a third of the window's start.  But ids are
usually contiguous (an import numbers them 1..n, and documents are rarely
deleted): then the list is a ``range`` and costs three index look-ups.  Only
when ids have gaps, or a status filter is on, are they fetched, into a compact
``array('q')`` (8 bytes an id instead of ~36 for a list of ints).
"""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Sequence

from annotate.model import DocId, Status
from store.project import Project


def id_span(project: Project) -> tuple[int, int, int]:
    """(smallest id, largest id, count) of the documents; (0, -1, 0) when there are none.

    Three scalar subqueries, so min and max each take the rowid B-tree's edge
    (together in one SELECT they would scan); count(*) walks the smallest index.
    """
    lo, hi, n = project.conn.execute(
        "SELECT (SELECT min(id) FROM documents), (SELECT max(id) FROM documents),"
        " (SELECT count(*) FROM documents)"
    ).fetchone()
    return (0, -1, 0) if not n else (lo, hi, n)


def _sorted_ids(rows: sqlite3.Cursor) -> array[int]:
    ids = [r[0] for r in rows]
    ids.sort()
    return array("q", ids)


def listed_ids(
    project: Project, annotator: str | None = None, status: Status | None = None
) -> Sequence[DocId]:
    """Ascending ids of every document, or of those with ``status`` for ``annotator``.

    Every document, ids without gaps: a ``range`` (nothing is read).  Otherwise an
    ``array('q')``.  The queries have no ORDER BY on purpose: it would make SQLite
    walk the table (and its texts) instead of the small covering index on sha256,
    so the ids are sorted here.
    """
    conn = project.conn
    if status is None or annotator is None:
        lo, hi, n = id_span(project)
        if hi - lo + 1 == n:
            return _as_doc_ids(range(lo, hi + 1))
        return _as_doc_ids(_sorted_ids(conn.execute("SELECT id FROM documents")))
    if status == "new":
        rows = conn.execute(
            "SELECT d.id FROM documents d LEFT JOIN doc_status st ON st.doc_id = d.id AND st.annotator = ?"
            " WHERE coalesce(st.status, 'new') = 'new'",
            (annotator,),
        )
    else:
        rows = conn.execute(
            "SELECT d.id FROM documents d JOIN doc_status st ON st.doc_id = d.id AND st.annotator = ?"
            " WHERE st.status = ?",
            (annotator, status),
        )
    return _as_doc_ids(_sorted_ids(rows))


def _as_doc_ids(ids: Sequence[int]) -> Sequence[DocId]:
    """DocId is a NewType of int: a sequence of ints is one of DocIds at run time, without copying."""
    return ids  # type: ignore[return-value]
