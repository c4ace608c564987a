"""SIGKILL while the deferred search index is being built: the project stays sound and search complete.

The FTS index is filled in committed batches after an import; each batch
indexes shadows and takes them off the backlog in one transaction, so a kill
leaves every shadow either indexed or pending, never both nor neither.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from annotate.textimport import draft
from store.documents import add_documents
from store.project import Project
from store.search import backlog_count, index_missing, search_documents, shadow
from tests.faults.conftest import ARTICLE, ROOT, make_project

DOCS = 3000

INDEXER = """
import sys
from store.project import Project
from store.search import index_pending
with Project.open(sys.argv[1]) as p:
    index_pending(p, batch=20, progress=lambda d, t: print(d, flush=True))
print("finished", flush=True)
"""


def _answers(p: Project) -> dict[str, list[int]]:
    return {q: search_documents(p, q) for q in ("اطلاق النار", "(17", "حي الفردوس", "مسيره")}


def _reference(p: Project) -> dict[str, list[int]]:
    rows = p.conn.execute("SELECT id, title, text FROM documents ORDER BY id").fetchall()
    out = {}
    for q in ("اطلاق النار", "(17", "حي الفردوس", "مسيره"):
        needle = shadow(q)
        out[q] = [i for i, t, x in rows if needle in shadow(t) or needle in shadow(x)]
    return out


def test_sigkill_while_indexing_keeps_every_shadow_indexed_or_pending(tmp_path: Path) -> None:
    path = make_project(tmp_path / "p.hashiya")
    with Project.open(path) as p:
        add_documents(p, [draft(f"{ARTICLE}\n({i})", f"s{i}", "utf-8") for i in range(DOCS)])
        total = backlog_count(p)
    proc = subprocess.Popen(
        [sys.executable, "-c", INDEXER, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True, bufsize=1
    )
    assert proc.stdout is not None
    seen = [proc.stdout.readline() for _ in range(3)]
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert all(line.strip().isdigit() for line in seen), seen
    with Project.open(path) as p:
        assert p.integrity_ok()
        p.conn.execute("INSERT INTO doc_fold_fts(doc_fold_fts) VALUES ('integrity-check')")
        indexed = p.conn.execute("SELECT count(*) FROM doc_fold_fts_docsize").fetchone()[0]
        left = backlog_count(p)
        print(f"killed after {seen[-1].strip()} acknowledged; {indexed} indexed, {left} pending of {total}")
        assert 0 < left < total and indexed + left == total
        assert _answers(p) == _reference(p)
        index_missing(p)
        assert backlog_count(p) == 0
        p.conn.execute("INSERT INTO doc_fold_fts(doc_fold_fts) VALUES ('integrity-check')")
        assert _answers(p) == _reference(p)
