"""Folded search over titles and texts that stays fast on a corpus of 100,000+ documents.

SQLite FTS5 does not fold hamza forms, ta marbuta, alef maqsura, tatweel or
harakat, so each document gets a folded shadow (``doc_fold``, from
``annotate.arabic.fold``) indexed by an FTS5 trigram table.  A query is folded
the same way; matches inside one text map back to original code-point offsets
by folding that text again, which is deterministic and so needs no stored map.

A shadow lands with its document, in the same transaction; the FTS index is
filled later, in bulk (migration m005): a new shadow's id waits in
``doc_fold_pending`` until ``index_pending`` (the end of a CLI import, or the
GUI's background worker) indexes it.  Search looks up the FTS index for indexed
shadows and scans the pending ones with ``instr()``, so its results are the
same however far indexing got; only its speed changes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence

from annotate.arabic import fold_text
from annotate.model import DocId, Status
from annotate.search import find_all
from store.project import Project

INDEX_BATCH = 500
"""Documents folded per transaction when shadows are missing (Python work, short transactions)."""
FTS_BATCH = 1000
"""Shadows indexed per transaction.  The GUI indexes in the background while the annotator works, and
each batch holds the write lock: 2,000 took ~0.5 s (10,000 1.8-KB articles, 2.4 s), 1,000 keeps a
click's wait near a quarter of a second for a few percent more total time."""
_TRIGRAM = 3  # the trigram tokenizer cannot match a needle shorter than this; those scan instead

# Every character ``str.split()`` splits on but the space (Python 3.11's Py_UNICODE_ISSPACE); a test
# holds this list to it.
_OTHER_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def shadow(text: str) -> str:
    """What the index holds: the folded text with every run of whitespace made one space.

    So a query finds a name broken across lines, as ``annotate.search.find_all`` does
    inside the document; offsets never come from the shadow, so nothing needs mapping.
    Equal to ``" ".join(fold(text).text.split())`` (a property test holds it), built
    with C-level passes (``str.replace`` and ``in`` scan a 3-KB article in well under
    a microsecond) instead of a list of words: every import folds each article.
    """
    folded = fold_text(text)
    for ch in _OTHER_SPACES:
        if ch in folded:
            folded = folded.replace(ch, " ")
    while "  " in folded:
        folded = folded.replace("  ", " ")
    return folded.strip(" ")


def _fold_rows(c: sqlite3.Connection, ids: Sequence[int]) -> list[tuple[int, str, str]]:
    q = f"SELECT id, title, text FROM documents WHERE id IN ({','.join('?' * len(ids))})"
    return [(i, shadow(t), shadow(x)) for i, t, x in c.execute(q, list(ids))]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def index_in(c: sqlite3.Connection, doc_ids: Sequence[DocId]) -> int:
    """Add the folded shadow of these documents inside the caller's transaction.

    The importer calls this in the same transaction that stores the documents,
    so a file lands with its shadow or not at all (a full disk leaves neither).
    The shadow's id joins the backlog of ``index_pending`` (a trigger does it):
    search finds the document at once, by scanning, until it is indexed.
    """
    done = 0
    for i in range(0, len(doc_ids), INDEX_BATCH):
        chunk = list(doc_ids[i : i + INDEX_BATCH])
        have = {
            r[0]
            for r in c.execute(f"SELECT doc_id FROM doc_fold WHERE doc_id IN ({_marks(len(chunk))})", chunk)
        }
        todo = [d for d in chunk if d not in have]
        if todo:
            c.executemany("INSERT INTO doc_fold(doc_id, title, text) VALUES (?,?,?)", _fold_rows(c, todo))
        done += len(todo)
    return done


def add_shadows(
    c: sqlite3.Connection, doc_ids: Sequence[DocId], shadows: Mapping[str, tuple[str, str]]
) -> int:
    """Store shadows folded before the transaction, for these new documents, inside the caller's transaction.

    ``shadows`` maps a text's sha256 to its (title, text) shadow.  The importer
    folds while it holds no lock and hands the result here, instead of
    ``index_in`` reading every new text back (a second of 20 at 100,000
    articles); ids are matched through the small sha256 index alone.  A new
    document the mapping does not cover is folded by ``index_in``.
    """
    new = set(doc_ids)
    rows: list[tuple[int, str, str]] = []
    hashes = list(shadows)
    for i in range(0, len(hashes), 900):
        chunk = hashes[i : i + 900]
        q = f"SELECT sha256, id FROM documents WHERE sha256 IN ({_marks(len(chunk))})"
        rows += [(d, *shadows[h]) for h, d in c.execute(q, chunk) if d in new]
    c.executemany("INSERT INTO doc_fold(doc_id, title, text) VALUES (?,?,?)", rows)
    left = new.difference(r[0] for r in rows)
    return len(rows) + (index_in(c, sorted(left)) if left else 0)  # type: ignore[arg-type]


def _index_pending_in(c: sqlite3.Connection, doc_ids: Sequence[int]) -> int:
    """Move these pending shadows into the FTS index, inside the caller's transaction.

    The ids come from ``doc_fold_pending`` read in the same transaction, so no
    shadow is indexed twice (a second copy in an external-content FTS index
    could never be deleted cleanly).
    """
    if not doc_ids:
        return 0
    marks = _marks(len(doc_ids))
    c.execute(
        "INSERT INTO doc_fold_fts(rowid, title, text)"
        f" SELECT doc_id, title, text FROM doc_fold WHERE doc_id IN ({marks}) ORDER BY doc_id",
        list(doc_ids),
    )
    c.execute(f"DELETE FROM doc_fold_pending WHERE doc_id IN ({marks})", list(doc_ids))
    return len(doc_ids)


def _fold_and_index(project: Project, doc_ids: list[DocId]) -> tuple[int, int]:
    """One transaction: fold these documents' missing shadows and index them; returns (folded, indexed)."""
    with project.write() as c:
        folded = index_in(c, doc_ids)
        pending = [
            r[0]
            for r in c.execute(
                f"SELECT doc_id FROM doc_fold_pending WHERE doc_id IN ({_marks(len(doc_ids))})", doc_ids
            )
        ]
        return folded, _index_pending_in(c, pending)


def index_documents(project: Project, doc_ids: Sequence[DocId]) -> int:
    """Put these documents' shadows into the FTS index now, in transactions of their own; returns how many.

    For tests and benchmarks that want the FTS path itself; a shadow somehow
    missing is folded first.  The app brings the whole backlog up to date with
    ``index_missing`` instead.
    """
    done = 0
    for i in range(0, len(doc_ids), INDEX_BATCH):
        done += _fold_and_index(project, list(doc_ids[i : i + INDEX_BATCH]))[1]
    return done


def needs_indexing(project: Project) -> bool:
    """Cheap check on open (a few ms for 100,000 documents): does any document lack its shadow, or
    any shadow wait for the FTS index?

    Shadows are deleted with their documents, so equal counts mean none is missing.
    """
    return unshadowed_guess(project) or backlog_count(project, limit=1) > 0


def unshadowed_guess(project: Project) -> bool:
    """True when some documents have no shadow (counts differ); counting reads two small indexes."""
    docs = project.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    return docs != project.conn.execute("SELECT count(*) FROM doc_fold").fetchone()[0]


def unindexed_count(project: Project) -> int:
    """Documents with no shadow at all (projects from before m003, or an interrupted merge)."""
    return project.conn.execute(
        "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM doc_fold f WHERE f.doc_id = d.id)"
    ).fetchone()[0]


def backlog_count(project: Project, limit: int | None = None) -> int:
    """Shadows waiting for the FTS index (found by scanning until then); ``limit`` caps the count."""
    q = "SELECT count(*) FROM (SELECT 1 FROM doc_fold_pending" + (" LIMIT ?)" if limit else ")")
    return project.conn.execute(q, (limit,) if limit else ()).fetchone()[0]


def index_pending(
    project: Project,
    *,
    batch: int = FTS_BATCH,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Bring the FTS index up to date in committed batches; returns the shadows indexed.

    A cancel or a crash keeps every committed batch: the rest stays pending and
    is still found by search, by scanning.
    """
    total = backlog_count(project)
    done = 0
    while done < total:
        if cancelled and cancelled():
            break
        with project.write() as c:
            ids = [
                r[0]
                for r in c.execute("SELECT doc_id FROM doc_fold_pending ORDER BY doc_id LIMIT ?", (batch,))
            ]
            n = _index_pending_in(c, ids)
        if not n:
            break
        done += n
        if progress:
            progress(done, max(total, done))
    return done


def index_missing(
    project: Project,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Make search fully indexed: fold and index documents that have no shadow, then index the backlog.

    What the GUI's background worker runs on open and after an import.  Works in
    committed batches, so a cancel or a crash keeps what was done; returns the
    number of documents put into the FTS index (``progress`` counts the same).
    """
    total = unindexed_count(project) + backlog_count(project)
    done = 0
    while True:
        if cancelled and cancelled():
            return done
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
        done += _fold_and_index(project, ids)[1]
        if progress:
            progress(done, max(total, done))
    before = done

    def step(n: int, _total: int) -> None:
        if progress:
            progress(before + n, max(total, before + n))

    return before + index_pending(project, progress=step, cancelled=cancelled)


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
    Complete whatever the state of the index: indexed shadows through FTS5,
    pending ones by ``instr()``; every document has its shadow from the
    transaction that stored it (m007 folded the older ones).
    """
    needle = fold_query(query)
    if not needle:
        return []
    if len(needle) >= _TRIGRAM:
        phrase = '"' + needle.replace('"', '""') + '"'
        inner = (
            "SELECT rowid AS doc_id FROM doc_fold_fts WHERE doc_fold_fts MATCH ?"
            # CROSS JOIN keeps the (usually empty) backlog as the outer loop: SQLite has no statistics
            # on it and would otherwise scan every shadow and probe the backlog for each.
            " UNION SELECT f.doc_id FROM doc_fold_pending p CROSS JOIN doc_fold f ON f.doc_id = p.doc_id"
            " WHERE instr(f.title, ?) > 0 OR instr(f.text, ?) > 0"
        )
        args: list[object] = [phrase, needle, needle]
    else:
        inner = "SELECT doc_id FROM doc_fold WHERE instr(title, ?) > 0 OR instr(text, ?) > 0"
        args = [needle, needle]
    join, jargs = _status_join(annotator, status)
    q = f"SELECT m.doc_id FROM ({inner}) m{join} ORDER BY m.doc_id"
    return [DocId(r[0]) for r in project.conn.execute(q, [*args, *jargs])]


def hits_in(text: str, query: str) -> list[tuple[int, int]]:
    """Code-point ranges of ``text`` that match ``query`` once both are folded (``annotate.search``).

    Each range covers whole original characters (harakat after the last
    letter included), ready to highlight or to turn into a span.
    """
    return find_all(text, query, folded=True)
