"""Document-level labels in the project file: one value per document, layer and key.

They are small and rarely change, so each write is its own transaction and
the previous value is returned, which is all an undo needs.  (They are not in
the span change log; merge carries them with "the later update wins".)
"""

from __future__ import annotations

import json

from annotate.doclabels import DocLabel
from annotate.model import DocId, now
from store.project import Project


def doc_labels(project: Project, doc_id: DocId, annotator: str | None = None) -> list[DocLabel]:
    q = "SELECT doc_id, annotator, key, value, updated_at, provenance FROM doc_labels WHERE doc_id = ?"
    args: list[object] = [doc_id]
    if annotator is not None:
        q += " AND annotator = ?"
        args.append(annotator)
    rows = project.conn.execute(q + " ORDER BY key, annotator", args)
    return [DocLabel(DocId(d), a, k, v, at, json.loads(pv)) for d, a, k, v, at, pv in rows]


def _get(project: Project, doc_id: DocId, annotator: str, key: str) -> DocLabel | None:
    found = [lab for lab in doc_labels(project, doc_id, annotator) if lab.key == key]
    return found[0] if found else None


def set_doc_label(project: Project, label: DocLabel) -> DocLabel | None:
    """Write one value (creating the layer's annotator if needed); returns the value it replaced."""
    before = _get(project, label.doc_id, label.annotator, label.key)
    with project.write() as c:
        c.execute(
            "INSERT OR IGNORE INTO annotators(name, role, created_at) VALUES (?, ?, ?)",
            (label.annotator, "gold" if label.annotator == "gold" else "annotator", now()),
        )
        c.execute(
            "INSERT OR REPLACE INTO doc_labels(doc_id, annotator, key, value, updated_at, provenance)"
            " VALUES (?,?,?,?,?,?)",
            (
                label.doc_id,
                label.annotator,
                label.key,
                label.value,
                label.updated_at or now(),
                json.dumps(dict(label.provenance), ensure_ascii=False),
            ),
        )
    return before


def delete_doc_label(project: Project, doc_id: DocId, annotator: str, key: str) -> DocLabel | None:
    before = _get(project, doc_id, annotator, key)
    with project.write() as c:
        c.execute(
            "DELETE FROM doc_labels WHERE doc_id = ? AND annotator = ? AND key = ?", (doc_id, annotator, key)
        )
    return before


def restore_doc_label(
    project: Project, doc_id: DocId, annotator: str, key: str, before: DocLabel | None
) -> None:
    """Undo of a set: put back ``before``, or remove the key when there was none."""
    if before is None:
        delete_doc_label(project, doc_id, annotator, key)
    else:
        set_doc_label(project, before)
