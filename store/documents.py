"""Documents in the project: adding them in batches, reading them back, paging the list.

Documents are immutable once stored (a trigger refuses changes to text), which
is what lets every span keep exact code-point offsets forever.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from annotate.model import DocId, DocSummary, Document, DocumentDraft, Status, now
from store.project import Project
from store.search import add_shadows, shadow


@dataclass(slots=True)
class AddResult:
    """What storing a stream of drafts did; ``duplicates`` pairs the new source with the stored id."""

    added: list[DocId] = field(default_factory=list)
    duplicates: list[tuple[str, DocId | None, str]] = field(default_factory=list)
    """(source of the skipped draft, id of the stored twin or None if the twin was in the same batch, its source)"""


def _row(d: DocumentDraft, stamp: str) -> tuple[object, ...]:
    return (
        d.ext_id or d.sha256[:16],
        d.title,
        d.text,
        d.source,
        d.sha256,
        json.dumps(dict(d.meta), ensure_ascii=False),
        d.encoding,
        stamp,
    )


def add_documents(
    project: Project,
    drafts: Sequence[DocumentDraft],
    shadows: Mapping[str, tuple[str, str]] | None = None,
) -> AddResult:
    """Store drafts and their folded search shadows in ONE transaction, skipping texts already present (by sha256).

    The importer hands over whole files (or groups of whole files), so a file
    lands whole or not at all even when the disk fills up half-way.  Every
    document has its shadow from the moment it exists, so search never has to
    look for documents without one.  ``shadows`` (sha256 -> (title, text)
    shadow) are ones the caller folded already (the importer's read-ahead);
    the rest are folded here, before the write lock is taken.
    """
    result = AddResult()
    if not drafts:
        return result
    folded = dict(shadows or {})
    for d in drafts:
        if d.sha256 not in folded:
            folded[d.sha256] = (shadow(d.title), shadow(d.text))
    with project.write() as c:
        known: dict[str, tuple[DocId, str]] = {}
        hashes = [d.sha256 for d in drafts]
        for i in range(0, len(hashes), 900):
            chunk = hashes[i : i + 900]
            q = f"SELECT sha256, id, source FROM documents WHERE sha256 IN ({','.join('?' * len(chunk))})"
            known.update({h: (DocId(i_), src) for h, i_, src in c.execute(q, chunk)})
        stamp = now()
        fresh: list[DocumentDraft] = []
        seen: dict[str, str] = {}
        for d in drafts:
            if d.sha256 in known:
                result.duplicates.append((d.source, known[d.sha256][0], known[d.sha256][1]))
            elif d.sha256 in seen:
                result.duplicates.append((d.source, None, seen[d.sha256]))
            else:
                seen[d.sha256] = d.source
                fresh.append(d)
        c.executemany(
            "INSERT INTO documents(ext_id, title, text, source, sha256, meta, encoding, imported_at)"
            " VALUES (?,?,?,?,?,?,?,?)",
            [_row(d, stamp) for d in fresh],
        )
        by_hash = _ids_by_hash(c, [d.sha256 for d in fresh])
        if fresh:
            add_shadows(c, [by_hash[d.sha256] for d in fresh], folded)
    result.added.extend(by_hash[d.sha256] for d in fresh)
    return result


def _ids_by_hash(conn: sqlite3.Connection, hashes: list[str]) -> dict[str, DocId]:
    out: dict[str, DocId] = {}
    for i in range(0, len(hashes), 900):
        chunk = hashes[i : i + 900]
        q = f"SELECT sha256, id FROM documents WHERE sha256 IN ({','.join('?' * len(chunk))})"
        out.update({h: DocId(i_) for h, i_ in conn.execute(q, chunk)})
    return out


_DOC_COLS = "id, ext_id, title, text, source, sha256, meta, imported_at"


def _doc(r: tuple) -> Document:
    return Document(DocId(r[0]), r[1], r[2], r[3], r[4], r[5], json.loads(r[6]), r[7])


def get_document(project: Project, doc_id: DocId) -> Document:
    r = project.conn.execute(f"SELECT {_DOC_COLS} FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if r is None:
        raise KeyError(f"no document {doc_id}")
    return _doc(r)


def find_by_hash(project: Project, sha: str) -> Document | None:
    r = project.conn.execute(f"SELECT {_DOC_COLS} FROM documents WHERE sha256 = ?", (sha,)).fetchone()
    return _doc(r) if r else None


def iter_documents(project: Project, ids: Iterable[DocId] | None = None) -> Iterator[Document]:
    """Stream documents in id order without holding the corpus in memory."""
    if ids is None:
        last = -1
        while True:
            rows = project.conn.execute(
                f"SELECT {_DOC_COLS} FROM documents WHERE id > ? ORDER BY id LIMIT 1000", (last,)
            ).fetchall()
            if not rows:
                return
            for r in rows:
                yield _doc(r)
            last = rows[-1][0]
    else:
        for i in ids:
            yield get_document(project, i)


def document_count(project: Project) -> int:
    return project.conn.execute("SELECT count(*) FROM documents").fetchone()[0]


def document_ids(project: Project) -> list[DocId]:
    return [DocId(r[0]) for r in project.conn.execute("SELECT id FROM documents ORDER BY id")]


def _status_clause(status: Status | None) -> tuple[str, list[object]]:
    if status is None:
        return "", []
    if status == "new":
        return " AND coalesce(st.status, 'new') = 'new'", []
    return " AND st.status = ?", [status]


def count_summaries(project: Project, annotator: str, status: Status | None = None) -> int:
    clause, args = _status_clause(status)
    if not clause:
        return document_count(project)
    q = (
        "SELECT count(*) FROM documents d LEFT JOIN doc_status st ON st.doc_id = d.id AND st.annotator = ?"
        f" WHERE 1{clause}"
    )
    return project.conn.execute(q, [annotator, *args]).fetchone()[0]


def summaries(
    project: Project, annotator: str, offset: int, limit: int, status: Status | None = None
) -> list[DocSummary]:
    """One page of the document list: the lazy list model asks for the rows it is about to show."""
    clause, args = _status_clause(status)
    q = (
        "SELECT d.id, d.ext_id, d.title, coalesce(st.status, 'new'),"
        " (SELECT count(*) FROM spans s WHERE s.doc_id = d.id AND s.annotator = ?)"
        " FROM documents d LEFT JOIN doc_status st ON st.doc_id = d.id AND st.annotator = ?"
        f" WHERE 1{clause} ORDER BY d.id LIMIT ? OFFSET ?"
    )
    rows = project.conn.execute(q, [annotator, annotator, *args, limit, offset]).fetchall()
    return [DocSummary(DocId(r[0]), r[1], r[2], r[3], r[4]) for r in rows]


def summaries_for(project: Project, annotator: str, ids: list[DocId]) -> list[DocSummary]:
    """Summaries of given documents (search results), in the given order."""
    out: dict[int, DocSummary] = {}
    for i in range(0, len(ids), 900):
        chunk = ids[i : i + 900]
        q = (
            "SELECT d.id, d.ext_id, d.title, coalesce(st.status, 'new'),"
            " (SELECT count(*) FROM spans s WHERE s.doc_id = d.id AND s.annotator = ?)"
            " FROM documents d LEFT JOIN doc_status st ON st.doc_id = d.id AND st.annotator = ?"
            f" WHERE d.id IN ({','.join('?' * len(chunk))})"
        )
        for r in project.conn.execute(q, [annotator, annotator, *chunk]):
            out[r[0]] = DocSummary(DocId(r[0]), r[1], r[2], r[3], r[4])
    return [out[i] for i in ids if i in out]
