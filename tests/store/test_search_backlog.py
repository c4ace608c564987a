"""The deferred FTS index: search is complete and the same however far indexing got.

Shadows land with their documents; ``doc_fold_pending`` holds those not yet in
the FTS index, which search scans instead.  These tests index part of a corpus
(a batch, a cancel) and compare every answer with a reference computed in
Python from the texts themselves.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate.arabic import HARAKAT, TATWEEL, fold, fold_text
from annotate.model import DocId
from annotate.schema import default_schema
from annotate.textimport import draft
from store import migrations as mig
from store.documents import add_documents
from store.importer import import_paths
from store.project import Project
from store.search import (
    backlog_count,
    index_documents,
    index_missing,
    index_pending,
    needs_indexing,
    search_documents,
    shadow,
    unindexed_count,
)

ARTICLES = [
    "أعلنت اللجنة إعادة فتح المعبر الحدودي بعد أسبوعين من الإغلاق.",
    "قالت مصادر طبية إن حصيلة القصف ارتفعت إلى خمسة قتلى في القرية.",
    "عُقِدَ اجتماعٌ في المدينة لبحث مسألة المياه.",
    "أعلنت الهيئة وقف\n  إطلاق النار في المنطقة.",
    "اعتقلت دورية ثلاثة شبان عند حاجز المدينة فجر اليوم.",
    "وصلت الحملة الأمنية إلى بادية الميادين وتابعت التمشيط.",
]
QUERIES = ["اعاده", "المدينه", "اطلاق النار", "في", "حاجز", "ثلاثه شبان", "غير موجود", "ال"]


def reference(project: Project, query: str) -> list[DocId]:
    """What search must answer: computed from the stored texts, not from any index."""
    needle = shadow(query)
    rows = project.conn.execute("SELECT id, title, text FROM documents ORDER BY id")
    return [DocId(i) for i, t, x in rows if needle and (needle in shadow(t) or needle in shadow(x))]


def fts_ok(project: Project) -> None:
    """FTS5's own check of its index structure (raises on a damaged index)."""
    project.conn.execute("INSERT INTO doc_fold_fts(doc_fold_fts) VALUES ('integrity-check')")


def imported(project: Project, tmp_path: Path, texts: list[str]) -> list[DocId]:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for i, t in enumerate(texts):
        (folder / f"{i:03}.txt").write_text(t, encoding="utf-8")
    return import_paths(project, [folder]).added_ids


def test_an_import_is_searchable_at_once_and_the_same_once_indexed(project: Project, tmp_path: Path) -> None:
    ids = imported(project, tmp_path, ARTICLES)
    assert unindexed_count(project) == 0  # every shadow landed with its document
    assert backlog_count(project) == len(ids) and needs_indexing(project)
    before = {q: search_documents(project, q) for q in QUERIES}
    assert before == {q: reference(project, q) for q in QUERIES}
    assert before["اطلاق النار"] == [ids[3]]
    assert index_missing(project) == len(ids)
    assert backlog_count(project) == 0 and not needs_indexing(project)
    assert {q: search_documents(project, q) for q in QUERIES} == before
    fts_ok(project)


def test_partly_indexed_corpus_gives_complete_results_with_status_filter(
    project: Project, tmp_path: Path
) -> None:
    from annotate.commands import StatusRecord, set_status
    from store.annotations import apply

    ids = imported(project, tmp_path, [f"{a} ({k})" for k in range(3) for a in ARTICLES])
    assert index_pending(project, batch=4, cancelled=iter([False, False, True]).__next__) == 8
    assert backlog_count(project) == len(ids) - 8
    project.ensure_annotator("salma")
    for d in ids[::2]:
        apply(project, set_status(None, StatusRecord(d, "salma", "done")), "salma")
    for q in QUERIES:
        expect = reference(project, q)
        assert search_documents(project, q) == expect
        assert search_documents(project, q, "salma", "done") == [d for d in expect if d in ids[::2]]
        assert search_documents(project, q, "salma", "new") == [d for d in expect if d not in ids[::2]]
    fts_ok(project)


@given(
    texts=st.lists(st.text(alphabet="ابتةهيأإى ـَ\n", min_size=1, max_size=30), min_size=1, max_size=12),
    indexed=st.integers(min_value=0, max_value=12),
    data=st.data(),
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_search_equals_the_reference_whatever_part_is_indexed(
    texts: list[str], indexed: int, data: st.DataObject
) -> None:
    source = data.draw(st.sampled_from(texts))
    start = data.draw(st.integers(0, len(source)))
    query = data.draw(st.sampled_from([source[start : start + n] for n in (2, 3, 5, 8)] + ["ابة"]))
    with tempfile.TemporaryDirectory() as d, Project.create(Path(d) / "p.sqlite", default_schema()) as p:
        drafts = [draft(t, f"{i}", "utf-8") for i, t in enumerate(texts) if t.strip()]
        add_documents(p, drafts)
        index_pending(p, batch=1, cancelled=iter([False] * indexed + [True]).__next__)
        assert search_documents(p, query) == reference(p, query)


def test_deleting_a_document_removes_it_from_results_indexed_or_pending(
    project: Project, tmp_path: Path
) -> None:
    ids = imported(project, tmp_path, ARTICLES)
    index_pending(
        project, batch=3, cancelled=iter([False, True]).__next__
    )  # ids[:3] indexed, the rest pending
    assert search_documents(project, "المدينه") == [ids[2], ids[4]]
    with project.write() as c:  # the shadow goes with its document (ON DELETE CASCADE)
        c.execute("DELETE FROM documents WHERE id IN (?, ?)", (ids[2], ids[4]))
    assert search_documents(project, "المدينه") == []
    assert backlog_count(project) == len(ids) - 3 - 1
    fts_ok(project)
    index_missing(project)
    fts_ok(project)
    assert {q: search_documents(project, q) for q in QUERIES} == {q: reference(project, q) for q in QUERIES}


def test_a_shadow_is_never_updated_in_place(project: Project, tmp_path: Path) -> None:
    imported(project, tmp_path, ARTICLES[:1])
    with pytest.raises(Exception, match="never updated"), project.write() as c:
        c.execute("UPDATE doc_fold SET text = 'x'")


def _drop_shadows(project: Project, ids: list[DocId]) -> None:
    """What an old project, or a database edited by hand, may hold: documents without a shadow."""
    with project.write() as c:
        c.execute(f"DELETE FROM doc_fold WHERE doc_id IN ({','.join('?' * len(ids))})", ids)


def test_index_documents_indexes_fully_and_index_missing_folds_what_has_no_shadow(project: Project) -> None:
    ids = add_documents(project, [draft(t, f"{i}", "utf-8") for i, t in enumerate(ARTICLES)]).added
    assert unindexed_count(project) == 0 and search_documents(project, "اعاده") == [ids[0]]
    assert index_documents(project, ids[:2]) == 2
    _drop_shadows(project, ids[2:])
    assert unindexed_count(project) == len(ids) - 2 and backlog_count(project) == 0
    seen: list[tuple[int, int]] = []
    assert index_missing(project, progress=lambda d, t: seen.append((d, t))) == len(ids) - 2
    assert seen[-1] == (len(ids) - 2, len(ids) - 2)
    assert unindexed_count(project) == backlog_count(project) == 0
    fts_ok(project)


def _m004_project(path: Path) -> None:
    """A project as m004 left it: shadows indexed row by row by the old trigger."""
    from sqlite_utils import Database

    from tests.store.oldfiles import write_schema_before_m008

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {mig.APPLICATION_ID}")
    mig.migrations.apply(Database(conn), stop_before="m005_search_backlog")
    conn.execute("PRAGMA user_version = 5")
    conn.execute("BEGIN")
    write_schema_before_m008(conn, default_schema())
    for i, t in enumerate(ARTICLES):
        conn.execute(
            "INSERT INTO documents(ext_id, title, text, source, sha256, imported_at) VALUES (?, ?, ?, ?, ?, 'now')",
            (str(i), t[:20], t, f"s{i}", f"h{i}"),
        )
        conn.execute("INSERT INTO doc_fold VALUES (?, ?, ?)", (i + 1, shadow(t[:20]), shadow(t)))
    conn.execute("COMMIT")
    conn.close()


def test_a_project_indexed_by_the_old_trigger_is_upgraded_with_an_empty_backlog(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _m004_project(path)
    with Project.open(path) as p:
        assert p.backup_path is not None and p.backup_path.exists()
        assert backlog_count(p) == 0 and not needs_indexing(p)
        assert {q: search_documents(p, q) for q in QUERIES} == {q: reference(p, q) for q in QUERIES}
        with p.write() as c:  # an FTS 'delete' of an indexed shadow: the index stays sound
            c.execute("DELETE FROM documents WHERE id = 1")
        assert search_documents(p, "اعاده") == []
        fts_ok(p)
        names = {r[0] for r in p.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "spans_annotator_doc" in names and "spans_annotator" not in names


def test_documents_an_old_project_left_without_shadow_are_folded_on_upgrade(tmp_path: Path) -> None:
    """m007: from then on every document has its shadow, so search never looks for stragglers."""
    path = tmp_path / "old.sqlite"
    _m004_project(path)
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM doc_fold WHERE doc_id > 2")  # as a project from before m003 would hold them
    conn.commit()
    conn.close()
    with Project.open(path) as p:
        assert unindexed_count(p) == 0 and backlog_count(p) == len(ARTICLES) - 2
        assert {q: search_documents(p, q) for q in QUERIES} == {q: reference(p, q) for q in QUERIES}
        assert index_missing(p) == len(ARTICLES) - 2 and backlog_count(p) == 0
        fts_ok(p)


# -- the shadow itself ---------------------------------------------------------------------------------
_ALPHABET = (
    "ابتثأإآٱةهىيیؤئكک٠١٩۴٫٬٪ "
    + HARAKAT[:12]
    + TATWEEL
    + "\u200b\u200f\ufeff\u00ad"
    + "\ufefb\ufe8d\ufdf2"  # presentation forms (the slow path)
    + "AbßİΣς"
    + "".join(c for c in map(chr, range(0x3001)) if c.isspace())
)


@given(st.text(alphabet=_ALPHABET, max_size=60))
@settings(max_examples=400, deadline=None)
def test_shadow_and_fold_text_equal_their_slow_definitions(text: str) -> None:
    assert fold_text(text) == fold(text).text
    assert shadow(text) == " ".join(fold(text).text.split())


def test_the_whitespace_list_is_what_str_split_splits_on() -> None:
    from store.search import _OTHER_SPACES

    every = {c for c in map(chr, range(0x110000)) if c.isspace()}
    assert set(_OTHER_SPACES) | {" "} == every and len(_OTHER_SPACES) == len(every) - 1


def test_shadows_folded_before_the_transaction_are_matched_to_their_documents(project: Project) -> None:
    drafts = [draft(t, f"{i}", "utf-8") for i, t in enumerate(ARTICLES)]
    folded = {
        d.sha256: (shadow(d.title), shadow(d.text)) for d in drafts[:3]
    }  # the rest: folded from the table
    ids = add_documents(project, drafts, shadows=folded).added
    assert unindexed_count(project) == 0 and backlog_count(project) == len(ids)
    rows = dict(project.conn.execute("SELECT doc_id, text FROM doc_fold").fetchall())
    assert rows == {i: shadow(t) for i, t in zip(ids, ARTICLES, strict=True)}
