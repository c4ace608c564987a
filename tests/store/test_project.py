"""Opening, creating, refusing and upgrading project files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotate.schema import Schema
from store import migrations as mig
from store.errors import NewerVersionError, NotAProjectError, ProjectError, ReadOnlyProjectError
from store.project import Project


def test_create_then_open_keeps_schema(tmp_path: Path, schema: Schema) -> None:
    path = tmp_path / "new.sqlite"
    Project.create(path, schema).close()
    assert [p.name for p in tmp_path.iterdir()] == ["new.sqlite"] or all(
        not p.name.startswith(".") for p in tmp_path.iterdir()
    )
    with Project.open(path) as p:
        assert p.schema() == schema
        assert p.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert p.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert p.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL: durable at commit
        assert p.conn.execute("PRAGMA user_version").fetchone()[0] == mig.schema_version()


def test_create_refuses_existing_file(tmp_path: Path, schema: Schema) -> None:
    path = tmp_path / "x.sqlite"
    path.write_bytes(b"precious")
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(path, schema)
    assert path.read_bytes() == b"precious"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"hello, this is a text file\n" * 100, "not an SQLite file"),
        (b"SQLite format 3\x00" + b"\xff" * 5000, "damaged"),
        (b"", "not an SQLite file"),
    ],
)
def test_non_projects_are_refused_and_never_written(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.sqlite"
    path.write_bytes(content)
    with pytest.raises(NotAProjectError, match=message) as info:
        Project.open(path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.sqlite"]


def test_another_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotAProjectError, match="another program"):
        Project.open(path)
    assert path.read_bytes() == before


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NotAProjectError, match="no such project file"):
        Project.open(tmp_path / "nope.sqlite")


@pytest.mark.parametrize("bump", [1, 0], ids=["version-raised", "same-version"])
def test_newer_file_is_refused(tmp_path: Path, schema: Schema, bump: int) -> None:
    """A migration we do not know means a newer Hashiya wrote the file, even if its version number looks current."""
    path = tmp_path / "future.sqlite"
    Project.create(path, schema).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations(migration_set, name, applied_at) VALUES (?, 'm999_from_the_future', 'x')",
        (mig.MIGRATION_SET,),
    )
    conn.execute(f"PRAGMA user_version = {mig.schema_version() + bump}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerVersionError, match="newer version of Hashiya"):
        Project.open(path)
    assert path.read_bytes() == before


def _old_file(path: Path, schema: Schema) -> None:
    """A project as the first release wrote it: only migration 1 applied."""
    from sqlite_utils import Database

    from tests.store.oldfiles import write_schema_before_m008

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {mig.APPLICATION_ID}")
    db = Database(conn)
    mig.migrations.apply(db, stop_before="m002_provenance_assignments")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("BEGIN")
    write_schema_before_m008(conn, schema)
    conn.execute(
        "INSERT INTO documents(ext_id, title, text, source, sha256, imported_at) VALUES ('d', 't', 'نص قديم', 's', 'h', 'now')"
    )
    conn.execute("INSERT INTO annotators(name, role, created_at) VALUES ('ali', 'annotator', 'now')")
    conn.execute(
        'INSERT INTO spans(id, doc_id, annotator, start, "end", label, text, created_at, updated_at)'
        " VALUES ('s1', 1, 'ali', 0, 2, 'place', 'نص', 'now', 'now')"
    )
    conn.execute("COMMIT")
    conn.close()


def test_older_file_is_backed_up_then_upgraded(tmp_path: Path, schema: Schema) -> None:
    path = tmp_path / "old.sqlite"
    _old_file(path, schema)
    original = path.read_bytes()
    with Project.open(path) as p:
        assert p.backup_path is not None and p.backup_path.exists()
        cols = [r[1] for r in p.conn.execute("PRAGMA table_info(spans)")]
        assert "provenance" in cols
        assert p.conn.execute("SELECT text FROM spans WHERE id = 's1'").fetchone()[0] == "نص"
        assert p.conn.execute("PRAGMA user_version").fetchone()[0] == mig.schema_version()
        backup = p.backup_path
    old = sqlite3.connect(backup)
    assert "provenance" not in [r[1] for r in old.execute("PRAGMA table_info(spans)")]
    assert old.execute("SELECT count(*) FROM spans").fetchone()[0] == 1
    old.close()
    assert original  # the upgrade went through the backup first, never a rewrite in place
    with Project.open(path) as again:
        assert again.backup_path is None  # nothing pending the second time


def test_readonly_open_refuses_writes(project: Project) -> None:
    path = project.path
    project.close()
    with (
        Project.open(path, readonly=True) as p,
        pytest.raises(ReadOnlyProjectError, match="read-only"),
        p.write(),
    ):
        pass


def test_failed_transaction_leaves_no_trace(project: Project) -> None:
    before = project.conn.execute("SELECT count(*) FROM annotators").fetchone()[0]
    with pytest.raises(RuntimeError), project.write() as c:
        c.execute("INSERT INTO annotators(name, role, created_at) VALUES ('x', 'annotator', 'now')")
        raise RuntimeError("power cut")
    assert project.conn.execute("SELECT count(*) FROM annotators").fetchone()[0] == before
    assert not project.conn.in_transaction


def test_documents_are_immutable(project: Project, docs: list) -> None:
    with pytest.raises(ProjectError, match="immutable"), project.write() as c:
        c.execute("UPDATE documents SET text = 'x' WHERE id = ?", (docs[0],))


def test_sql_mistakes_keep_their_sqlite_type_file_trouble_names_the_project(project: Project) -> None:
    """Only the file's state (damage, I/O, locks, read-only, full) becomes a ProjectError; a bug stays a bug."""
    from store.connection import ProjectCursor, translate

    with pytest.raises(sqlite3.OperationalError, match="no such column"):
        project.conn.execute("SELECT nope FROM documents")
    with pytest.raises(sqlite3.IntegrityError):
        project.conn.execute("INSERT INTO annotators(name, role, created_at) VALUES ('x', 'nobody', 'now')")
    assert isinstance(project.conn.execute("SELECT 1"), ProjectCursor)
    damaged = translate(sqlite3.DatabaseError("database disk image is malformed"), project.path)
    assert str(project.path) in str(damaged) and "damaged" in str(damaged)


def test_opening_a_current_project_reads_no_migrations(tmp_path: Path, schema: Schema) -> None:
    """The common open is two pragmas: sqlite-utils and the migration list load only for an upgrade."""
    import subprocess
    import sys

    path = tmp_path / "current.sqlite"
    Project.create(path, schema).close()
    probe = (
        "import sys; from store.project import Project\n"
        f"p = Project.open({str(path)!r}); n = p.conn.execute('SELECT count(*) FROM labels').fetchone()[0]\n"
        "p.close(); print(n, 'sqlite_utils' in sys.modules, 'store.migrations' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True)
    assert out.stdout.split() == [str(len(schema.labels)), "False", "False"]


def test_file_format_constant_is_the_number_of_migrations() -> None:
    from store.version import FILE_FORMAT, MIGRATIONS

    assert FILE_FORMAT == mig.schema_version() == len(mig.known_names())
    assert tuple(mig.known_names()) == MIGRATIONS
