"""Folded search over titles and texts that stays fast on a corpus of 100,000+ documents.

SQLite FTS5 does not fold hamza forms, ta marbuta, alef maqsura, tatweel or
harakat, so each document gets a folded shadow (``doc_fold``, from
``annotate.arabic.fold``) indexed by an FTS5 trigram table.  A query is folded
the same way; matches inside one text map back to original code-point offsets
by folding that text again, which is deterministic and so needs no stored map.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from annotate.arabic import fold
from annotate.model import DocId, Status
from annotate.search import find_all
from store.project import Project

INDEX_BATCH = 500
_TRIGRAM = 3  # the trigram tokenizer cannot match a needle shorter than this; those scan instead


def shadow(text: str) -> str:
    """What the index holds: the folded text with every run of whitespace made one space.

    So a query finds a name broken across lines, as ``annotate.search.find_all`` does
    inside the document; offsets never come from the shadow, so nothing needs mapping.
    """
    return " ".join(fold(text).text.split())


def _fold_rows(c: sqlite3.Connection, ids: Sequence[int]) -> list[tuple[int, str, str]]:
    q = f"SELECT id, title, text FROM documents WHERE id IN ({','.join('?' * len(ids))})"
    return [(i, shadow(t), shadow(x)) for i, t, x in c.execute(q, list(ids))]


def index_in(c: sqlite3.Connection, doc_ids: Sequence[DocId]) -> int:
    """Add the folded shadow of these documents inside the caller's transaction.

    The importer calls this in the same transaction that stores the documents,
    so a file lands with its shadow or not at all (a full disk leaves neither).
    """
    done = 0
    for i in range(0, len(doc_ids), INDEX_BATCH):
        chunk = list(doc_ids[i : i + INDEX_BATCH])
        have = {
            r[0]
            for r in c.execute(
                f"SELECT doc_id FROM doc_fold WHERE doc_id IN ({','.join('?' * len(chunk))})", chunk
            )
        }
        todo = [d for d in chunk if d not in have]
        if todo:
            c.executemany("INSERT INTO doc_fold(doc_id, title, text) VALUES (?,?,?)", _fold_rows(c, todo))
        done += len(todo)
    return done


def index_documents(project: Project, doc_ids: Sequence[DocId]) -> int:
    """Add missing shadows in transactions of their own (repair of projects indexed before m003)."""
    done = 0
    for i in range(0, len(doc_ids), INDEX_BATCH):
        with project.write() as c:
            done += index_in(c, doc_ids[i : i + INDEX_BATCH])
    return done


def needs_indexing(project: Project) -> bool:
    """Cheap check on open (~20 ms for 100,000 documents): does any document lack its shadow?

    Shadows are deleted with their documents, so equal counts mean none is missing.
    """
    docs = project.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    return docs != project.conn.execute("SELECT count(*) FROM doc_fold").fetchone()[0]


def unindexed_count(project: Project) -> int:
    return project.conn.execute(
        "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM doc_fold f WHERE f.doc_id = d.id)"
    ).fetchone()[0]


def index_missing(
    project: Project,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Fold every document that has no shadow yet (projects from before m003, or an interrupted import).

    Works in committed batches, so a cancel or a crash keeps what was indexed.
    """
    total = unindexed_count(project)
    done = 0
    while done < total:
        if cancelled and cancelled():
            break
        ids = [
            DocId(r[0])
            for r in project.conn.execute(
                "SELECT id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM doc_fold f WHERE f.doc_id = d.id)"
                " ORDER BY id LIMIT ?",
                (INDEX_BATCH,),
            )
        ]
        if not ids:
            break
        done += index_documents(project, ids)
        if progress:
            progress(done, total)
    return done


def fold_query(query: str) -> str:
    """The query as the index holds text; blank means "no search"."""
    return shadow(query)


def _status_join(annotator: str | None, status: Status | None) -> tuple[str, list[object]]:
    if status is None or annotator is None:
        return "", []
    join = " LEFT JOIN doc_status st ON st.doc_id = m.doc_id AND st.annotator = ?"
    if status == "new":
        return join + " WHERE coalesce(st.status, 'new') = 'new'", [annotator]
    return join + " WHERE st.status = ?", [annotator, status]


def search_documents(
    project: Project, query: str, annotator: str | None = None, status: Status | None = None
) -> list[DocId]:
    """Ids (ascending) of documents whose folded title or text contains the folded query.

    ``status`` keeps only documents with that status for ``annotator``.  An
    empty query matches nothing: the caller shows the unfiltered list instead.
    """
    needle = fold_query(query)
    if not needle:
        return []
    if len(needle) >= _TRIGRAM:
        phrase = '"' + needle.replace('"', '""') + '"'
        inner = "SELECT rowid AS doc_id FROM doc_fold_fts WHERE doc_fold_fts MATCH ?"
        args: list[object] = [phrase]
    else:
        inner = "SELECT doc_id FROM doc_fold WHERE instr(title, ?) > 0 OR instr(text, ?) > 0"
        args = [needle, needle]
    join, jargs = _status_join(annotator, status)
    q = f"SELECT m.doc_id FROM ({inner}) m{join} ORDER BY m.doc_id"
    return [DocId(r[0]) for r in project.conn.execute(q, [*args, *jargs])]


def list_ids(project: Project, annotator: str | None = None, status: Status | None = None) -> list[DocId]:
    """Ids (ascending) of every document, or of those with ``status`` for ``annotator``: the list without a query.

    The document list pages over this id list with ``summaries_for`` (primary-key
    lookups) instead of LIMIT/OFFSET, which must step over every earlier row
    and its text: 350 ms for the last page of 100,000 1-KB articles, against
    ~80 ms for this whole list once.  There is deliberately no ORDER BY: it
    would make SQLite walk the table itself instead of the small covering
    index on sha256, so the ids are sorted here.
    """
    if status is None or annotator is None:
        rows = project.conn.execute("SELECT id FROM documents")
    elif status == "new":
        rows = project.conn.execute(
            "SELECT d.id FROM documents d LEFT JOIN doc_status st ON st.doc_id = d.id AND st.annotator = ?"
            " WHERE coalesce(st.status, 'new') = 'new'",
            (annotator,),
        )
    else:
        rows = project.conn.execute(
            "SELECT d.id FROM documents d JOIN doc_status st ON st.doc_id = d.id AND st.annotator = ?"
            " WHERE st.status = ?",
            (annotator, status),
        )
    ids: list[DocId] = [r[0] for r in rows]
    ids.sort()
    return ids


def hits_in(text: str, query: str) -> list[tuple[int, int]]:
    """Code-point ranges of ``text`` that match ``query`` once both are folded (``annotate.search``).

    Each range covers whole original characters (harakat after the last
    letter included), ready to highlight or to turn into a span.
    """
    return find_all(text, query, folded=True)
