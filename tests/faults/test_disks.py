"""Hostile places for a project: a read-only file or medium, a full disk, a path with Arabic and spaces.

Each case must end in one clear message naming the file, and nothing written
before it may be lost.  A full disk is a small tmpfs when we may mount one
(root in a container that allows it); otherwise ``PRAGMA max_page_count``
makes SQLite's file "full" at the same point of the code.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from annotate.commands import add_span
from annotate.model import DocId, make_span
from store.annotations import apply, spans
from store.documents import document_count, get_document
from store.errors import ProjectError, ProjectWriteError
from store.export import export_jsonl
from store.importer import import_paths
from store.project import Project
from tests.faults.conftest import ARTICLE, ROOT, make_project
from tests.faults.worker import words

IS_ROOT = os.geteuid() == 0


@contextmanager
def shared_dir() -> Iterator[Path]:
    """A folder another user may enter (pytest's tmp_path is private to root)."""
    d = Path(tempfile.mkdtemp(prefix="hashiya-faults-", dir="/tmp"))
    d.chmod(0o755)
    try:
        yield d
    finally:
        shutil.rmtree(d, ignore_errors=True)


def as_other_user(code: str) -> subprocess.CompletedProcess[str]:
    """Run Python code as an unprivileged user (root ignores file modes), or as ourselves when not root."""
    prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if IS_ROOT else []
    return subprocess.run(
        [*prefix, sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


PROBE = """
import json, sys
from store.project import Project
from store.documents import document_count
from store.errors import ProjectError
out = {}
for ro in (False, True):
    try:
        with Project.open(sys.argv[1] if len(sys.argv) > 1 else %r, readonly=ro) as p:
            out[str(ro)] = ["ok", document_count(p)]
    except ProjectError as exc:
        out[str(ro)] = [type(exc).__name__, str(exc)]
print(json.dumps(out, ensure_ascii=False))
"""


def probe(path: Path) -> dict[str, list]:
    r = as_other_user(PROBE % str(path))
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.mark.skipif(
    IS_ROOT and not shutil.which("setpriv"), reason="root without setpriv cannot drop privileges"
)
def test_read_only_file_is_refused_for_writing_with_a_clear_message() -> None:
    with shared_dir() as d:
        path = make_project(d / "مشروع للقراءة.hashiya")
        path.chmod(0o444)
        d.chmod(0o777)  # the folder is writable: SQLite may create its -wal/-shm beside the file
        before = path.read_bytes()
        got = probe(path)
        print(f"read-only file: {got}")
        kind, msg = got["False"]
        assert kind == "ReadOnlyProjectError" and str(path) in msg and "read-only" in msg
        assert got["True"] == ["ok", 2]
        assert path.read_bytes() == before


@pytest.mark.skipif(
    IS_ROOT and not shutil.which("setpriv"), reason="root without setpriv cannot drop privileges"
)
def test_a_project_in_a_read_only_folder_can_be_opened_read_only() -> None:
    with shared_dir() as d:
        path = make_project(d / "p.hashiya")
        Project.open(path).close()  # a project that has been used is in WAL mode
        path.chmod(0o444)
        d.chmod(0o555)  # nobody but root may create the -shm here
        try:
            before = path.read_bytes()
            got = probe(path)
            print(f"read-only folder: {got}")
            assert got["False"][0] == "ReadOnlyProjectError"
            assert got["True"] == ["ok", 2]
            assert path.read_bytes() == before
            assert sorted(p.name for p in d.iterdir()) == ["p.hashiya"]
        finally:
            d.chmod(0o755)


CRASH_WITH_WAL = """
import os, sys
from annotate.textimport import draft
from store.documents import add_documents
from store.project import Project
p = Project.open(sys.argv[1])
p.conn.execute("PRAGMA wal_autocheckpoint = 0")
add_documents(p, [draft("خبر ثالث لم يدخل الملف بعد", "third.txt", "utf-8")])
os._exit(0)  # no close, no checkpoint: the committed document lives only in the -wal
"""


@pytest.mark.parametrize("shm", ["kept", "deleted"])
@pytest.mark.skipif(
    IS_ROOT and not shutil.which("setpriv"), reason="root without setpriv cannot drop privileges"
)
def test_a_read_only_folder_with_committed_work_in_the_wal_is_never_shown_stale(shm: str) -> None:
    with shared_dir() as d:
        path = make_project(d / "p.hashiya")
        r = subprocess.run([sys.executable, "-c", CRASH_WITH_WAL, str(path)], cwd=ROOT, check=False)
        assert r.returncode == 0 and path.with_name("p.hashiya-wal").stat().st_size > 0
        if shm == "deleted":
            path.with_name("p.hashiya-shm").unlink()
        for f in d.iterdir():
            f.chmod(0o444)
        d.chmod(0o555)
        try:
            got = probe(path)
        finally:
            d.chmod(0o755)
        print(f"read-only folder, work in the -wal, -shm {shm}: {got}")
        kind, detail = got["True"]
        if shm == "kept":  # SQLite reads through the existing -shm and sees the third document
            assert (kind, detail) == ("ok", 3)
        else:  # it would need a new -shm: refused, naming the -wal, rather than the main file alone shown
            assert kind == "ReadOnlyProjectError" and "p.hashiya-wal" in detail and str(path) in detail


# -- full disk ---------------------------------------------------------------------------------------
@contextmanager
def small_disk(size_kb: int) -> Iterator[Path | None]:
    """A tmpfs of ``size_kb``; yields None when mounting is not permitted here."""
    with shared_dir() as d:
        mnt = d / "disk"
        mnt.mkdir()
        r = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(mnt)],
            capture_output=True,
            check=False,
        )
        if not IS_ROOT or r.returncode != 0:
            yield None
            return
        try:
            yield mnt
        finally:
            subprocess.run(["umount", "-l", str(mnt)], check=False)


def jsonl_file(path: Path, n: int, tag: str) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(
                json.dumps({"id": f"{tag}-{i}", "text": f"{ARTICLE}\n({tag} {i})"}, ensure_ascii=False) + "\n"
            )
    return path


def fill_until_full(p: Project, src: Path, limit: Callable[[], None]) -> tuple[int, ProjectError]:
    """Import files of 40 documents until the disk refuses one; returns (documents stored, the error)."""
    limit()
    stored = 0
    for k in range(500):
        f = jsonl_file(src / f"batch-{k}.jsonl", 40, f"b{k}")
        try:
            stored += import_paths(p, [f]).added
        except ProjectError as exc:
            return stored, exc
    raise AssertionError("the disk never filled up")


@contextmanager
def full_disk_project(tmp_path: Path, how: str) -> Iterator[tuple[Path, Callable[[Project], None]]]:
    """A project on a disk about to fill up, and the function that makes it full (for ``how``)."""
    if how == "max_page_count":

        def cap(p: Project) -> None:
            pages = p.conn.execute("PRAGMA page_count").fetchone()[0]
            p.conn.execute(f"PRAGMA max_page_count = {pages + 60}")

        yield make_project(tmp_path / "ممتلئ.hashiya"), cap
        return
    with small_disk(1536) as mnt:
        if mnt is None:
            pytest.skip(
                "mounting a tmpfs is not permitted here; the max_page_count case covers the code path"
            )
        yield make_project(mnt / "ممتلئ.hashiya"), lambda p: None


@pytest.mark.parametrize("how", ["tmpfs", "max_page_count"])
def test_full_disk_gives_a_clear_message_and_loses_nothing(tmp_path: Path, how: str) -> None:
    with full_disk_project(tmp_path, how) as (path, make_full):
        with Project.open(path) as p:
            doc = get_document(p, DocId(1))
            ws = words(doc.text)
            first = [make_span(doc, "amal", a, b, "place") for a, b in ws[:10]]
            for s in first:
                apply(p, add_span(s), "amal")
            stored, err = fill_until_full(p, tmp_path, lambda: make_full(p))
            print(f"full disk ({how}): {stored} documents imported, then: {err}")
            assert isinstance(err, ProjectWriteError) and "full" in str(err) and str(path) in str(err)
            count_at_failure = document_count(p)
            acked = list(first)
            refused = None
            for a, b in ws[10:200]:  # annotating on the full disk: refused clearly, or done; never half
                s = make_span(doc, "amal", a, b, "arrest")
                try:
                    apply(p, add_span(s), "amal")
                except ProjectError as exc:
                    refused = exc
                    break
                acked.append(s)
            print(f"full disk ({how}): {len(acked) - len(first)} spans added after that; refusal: {refused}")
            assert refused is None or isinstance(refused, ProjectWriteError)
        with Project.open(path, readonly=True) as p:
            assert p.integrity_ok()
            assert document_count(p) == count_at_failure >= 2 + stored
            assert {s.id for s in spans(p, DocId(1), "amal")} == {s.id for s in acked}


def test_a_file_refused_for_a_full_disk_leaves_no_document(tmp_path: Path) -> None:
    with full_disk_project(tmp_path, "max_page_count") as (path, make_full), Project.open(path) as p:
        stored, err = fill_until_full(p, tmp_path, lambda: make_full(p))
        assert "nothing was written" in str(err)
        assert document_count(p) == 2 + stored


# -- a path with Arabic letters and spaces -------------------------------------------------------------
def test_arabic_path_with_spaces_round_trips(tmp_path: Path) -> None:
    folder = tmp_path / "مجلد المشروع" / "أخبار الرقة 2025"
    folder.mkdir(parents=True)
    src = tmp_path / "مقالات الأسبوع"
    src.mkdir()
    (src / "خبر أول عن الرقة.txt").write_text(ARTICLE, encoding="utf-8")
    path = make_project(folder / "حاشية تجريبية.hashiya")
    with Project.open(path) as p:
        report = import_paths(p, [src])
        assert report.added == 0 and report.duplicates == 1  # same text as the fixture's first document
        doc = get_document(p, DocId(1))
        a, b = words(doc.text)[3]
        apply(p, add_span(make_span(doc, "amal", a, b, "place")), "amal")
        out = folder / "تصدير أمل.jsonl"
        export_jsonl(p, out, "amal")
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["spans"][0]["text"] == doc.text[a:b]
    r = subprocess.run(
        [sys.executable, "main.py", "stats", str(path), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["documents"] == 2
    missing = folder / "غير موجود.hashiya"
    r = subprocess.run(
        [sys.executable, "main.py", "stats", str(missing)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    print(f"arabic path: round trip ok; missing file says: {r.stderr.strip()}")
    assert r.returncode == 1 and "غير موجود.hashiya" in r.stderr and "Traceback" not in r.stderr
