"""Import and export off the GUI thread: own connection, progress, cancel, and no thread left running."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QObject, Qt

from annotate.schema import default_schema
from store.documents import document_count
from store.project import Project
from store.search import search_documents, unindexed_count
from ui.workers import ExportWorker, ImportWorker, IndexWorker, Job, running_threads, start_job

FILES = 12


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "w.sqlite"
    Project.create(path, default_schema()).close()
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "articles"
    d.mkdir()
    for i in range(FILES):
        (d / f"{i:02}.txt").write_text(
            f"أفاد مراسلنا بوقوع إطلاق نار في الحي رقم {i} صباح اليوم.", encoding="utf-8"
        )
    (d / "notes.md").write_text("not an article", encoding="utf-8")
    return d


def _run(qtbot, job_factory, **callbacks) -> dict[str, object]:
    seen: dict[str, object] = {"progress": []}
    job: Job = job_factory(
        on_done=lambda r: seen.__setitem__("done", r),
        on_failed=lambda m: seen.__setitem__("failed", m),
        on_cancelled=lambda: seen.__setitem__("cancelled", True),
        on_progress=lambda d, t: seen["progress"].append((d, t)),
        **callbacks,
    )
    qtbot.waitUntil(lambda: any(k in seen for k in ("done", "failed", "cancelled")), timeout=20_000)
    assert job.wait(5000)
    return seen


def test_import_worker_imports_a_folder_with_its_own_connection(
    qtbot, project_path: Path, folder: Path
) -> None:
    seen = _run(qtbot, lambda **cb: start_job(ImportWorker(project_path, [folder]), **cb))
    report = seen["done"]
    assert report.added == FILES and not report.cancelled
    assert report.skipped_paths == [str(folder / "notes.md")]
    assert seen["progress"][-1] == (FILES, FILES)
    with Project.open(project_path) as p:  # the GUI's own connection sees the committed import
        assert document_count(p) == FILES
        assert unindexed_count(p) == 0
        assert len(search_documents(p, "اطلاق النار")) == 0
        assert len(search_documents(p, "اطلاق نار")) == FILES


def test_cancelled_import_stops_and_writes_no_partial_batch(qtbot, project_path: Path, folder: Path) -> None:
    worker = ImportWorker(project_path, [folder])
    # Cancel from the worker's own thread after the third file: deterministic, unlike a GUI click.
    worker.progress.connect(
        lambda d, t: worker.cancel() if d >= 3 else None, Qt.ConnectionType.DirectConnection
    )
    worker.progress_interval_s = 0.0
    seen = _run(qtbot, lambda **cb: start_job(worker, **cb))
    report = seen["done"]
    assert report.cancelled
    assert seen["progress"][-1] == (3, FILES)
    assert report.added == 0
    with Project.open(project_path) as p:
        assert document_count(p) == 0


def test_import_into_a_damaged_project_fails_with_a_message(qtbot, tmp_path: Path, folder: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database at all" * 10)
    seen = _run(qtbot, lambda **cb: start_job(ImportWorker(bad, [folder]), **cb))
    assert "not a Hashiya project" in seen["failed"]


def test_export_worker_writes_jsonl_and_cancel_leaves_nothing(
    qtbot, project_path: Path, folder: Path
) -> None:
    _run(qtbot, lambda **cb: start_job(ImportWorker(project_path, [folder]), **cb))
    with Project.open(project_path) as p:
        p.ensure_annotator("salma")
    out = project_path.parent / "out.jsonl"
    seen = _run(qtbot, lambda **cb: start_job(ExportWorker(project_path, out, "salma"), **cb))
    assert seen["done"].results[0].documents == FILES
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == FILES and json.loads(lines[0])["text"].startswith("أفاد")

    out2 = project_path.parent / "cancelled.jsonl"
    worker = ExportWorker(project_path, out2, "salma")
    worker.cancel()
    seen = _run(qtbot, lambda **cb: start_job(worker, **cb))
    assert seen.get("cancelled") and "done" not in seen
    assert not out2.exists()
    assert not list(project_path.parent.glob(".cancelled.jsonl.partial-*"))


def test_index_worker_fills_missing_shadows(qtbot, project_path: Path) -> None:
    from annotate.textimport import draft
    from store.documents import add_documents

    with Project.open(project_path) as p:
        add_documents(p, [draft(f"نص تجريبي رقم {i}", f"{i}", "utf-8") for i in range(30)])
    seen = _run(qtbot, lambda **cb: start_job(IndexWorker(project_path), **cb))
    assert seen["done"] == 30
    with Project.open(project_path) as p:
        assert unindexed_count(p) == 0


def test_stop_joins_a_running_job(qtbot, project_path: Path, folder: Path) -> None:
    job = start_job(ImportWorker(project_path, [folder]))
    assert job.stop(10_000)
    assert not job.running()


def test_threads_deleted_with_their_parent_are_not_running(qtbot, project_path: Path) -> None:
    """A job's parent (a closed dialog) takes its QThread with it; the checks must not touch the dead object."""
    parent = QObject()
    job = start_job(IndexWorker(project_path), parent)
    assert job.wait(5000)
    shiboken6.delete(parent)  # what deleteLater does to a closed dialog, at once
    assert not shiboken6.isValid(job.thread)
    assert running_threads() == []  # without the isValid guard: RuntimeError, C++ object already deleted
    assert not job.running()
    assert job.stop(100)
