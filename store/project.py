"""Opening, creating and upgrading a project file, and the one way to write to it (the connection
itself, its read-only fallback and its error translation: ``store.connection``).

Every write goes through ``Project.write()``: ``BEGIN IMMEDIATE`` so two
processes queue for the lock instead of failing half-way, ``synchronous=FULL``
in WAL so a committed action survives a crash, and SQLite errors translated into
messages that name the file.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from annotate.model import Annotator, AnnotatorRole, now
from annotate.schema import Schema
from store.connection import ProjectConnection, connect, translate
from store.version import APPLICATION_ID, FILE_FORMAT, MIGRATION_SET, MIGRATIONS

if TYPE_CHECKING:
    from sqlite_utils import Database
from store.errors import (
    NewerVersionError,
    NotAProjectError,
    ProjectError,
    ReadOnlyProjectError,
    UpgradeNeededError,
)

SQLITE_MAGIC = b"SQLite format 3\x00"


def _check_header(path: Path) -> None:
    if not path.exists():
        raise NotAProjectError(f"{path}: no such project file")
    if path.is_dir():
        raise NotAProjectError(f"{path}: is a folder, not a project file")
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise NotAProjectError(f"{path}: cannot be read ({exc.strerror})") from exc
    if head != SQLITE_MAGIC:
        raise NotAProjectError(
            f"{path}: is not a Hashiya project (not an SQLite file); it was left untouched"
        )


class Project:
    """An open project file.  Use ``Project.create`` or ``Project.open``; close it when done."""

    def __init__(self, path: Path, conn: ProjectConnection, readonly: bool) -> None:
        self.path = path
        self.conn = conn
        self.readonly = readonly
        self.backup_path: Path | None = None
        """The copy of an older file made before this open upgraded it (None when nothing was upgraded)."""
        self.upgraded_from: int | None = None
        """The file format the file had before this open upgraded it."""
        self._schema: Schema | None = None

    @cached_property
    def db(self) -> Database:
        """sqlite-utils over the same connection, loaded on first use (it costs ~100 ms of start-up)."""
        from sqlite_utils import Database

        return Database(self.conn)

    # -- lifecycle ---------------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | Path, schema: Schema) -> Project:
        """Create a new project atomically: built in a temporary file, then renamed into place."""
        from sqlite_utils import Database

        from store import migrations as mig
        from store.schema_store import write_schema

        path = Path(path)
        if path.exists() and path.stat().st_size > 0:
            raise ProjectError(f"{path}: already exists; open it, or choose another name")
        if not path.parent.exists():
            raise ProjectError(f"{path.parent}: no such folder")
        tmp = path.with_name(f".{path.name}.creating-{os.getpid()}")
        try:
            conn = sqlite3.connect(str(tmp), isolation_level=None)
            try:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute("PRAGMA journal_mode = DELETE")
                conn.execute("PRAGMA foreign_keys = ON")
                db = Database(conn)
                mig.migrations.apply(db)
                conn.execute(f"PRAGMA user_version = {mig.schema_version()}")
                conn.execute("BEGIN IMMEDIATE")
                write_schema(conn, schema)
                conn.execute("COMMIT")
            finally:
                conn.close()
            os.replace(tmp, path)
        except sqlite3.Error as exc:
            raise translate(exc, path) from exc
        finally:
            with suppress(FileNotFoundError):
                tmp.unlink()
        return cls.open(path)

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False) -> Project:
        """Open, refusing files that are not ours or are newer; back up then upgrade older ones."""
        path = Path(path)
        _check_header(path)
        if not readonly and not os.access(path, os.W_OK):
            raise ReadOnlyProjectError(
                f"{path}: the project file is read-only; make it writable, or open it read-only to look"
            )
        conn = connect(path, readonly)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as exc:
            conn.close()
            raise translate(exc, path) from exc
        except BaseException:
            conn.close()
            raise
        if app_id != APPLICATION_ID:
            conn.close()
            raise NotAProjectError(f"{path}: is an SQLite file of another program, not a Hashiya project")
        project = cls(path, conn, readonly)
        try:
            project._upgrade(version)
            if not readonly:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
        except sqlite3.Error as exc:
            conn.close()
            raise translate(exc, path) from exc
        except BaseException:
            conn.close()
            raise
        return project

    def _upgrade(self, version: int) -> None:
        """Refuse a newer file; back up, then migrate, an older one.  A current file reads no migration table."""
        if version == FILE_FORMAT and self._recorded_migrations() == set(MIGRATIONS):
            return
        from store import migrations as mig

        known = mig.known_names()
        applied = [m.name for m in mig.migrations.applied(self.db)]
        unknown = [name for name in applied if name not in known]
        if unknown or version > len(known):
            raise NewerVersionError(
                f"{self.path}: written by a newer version of Hashiya (file format {max(version, len(applied))}, "
                f"this version reads up to {len(known)}); update Hashiya to open it"
            )
        pending = [m.name for m in mig.migrations.pending(self.db)]
        if not pending:
            return
        if self.readonly:
            raise UpgradeNeededError(
                f"{self.path}: written by an older Hashiya (file format {version}) and opened read-only, so it"
                f" cannot be upgraded to file format {len(known)}; open it where it can be written, or copy it"
                " to a folder you can write and open the copy (the upgrade keeps a backup of the file as it was)"
            )
        self.upgraded_from = version
        self.backup_path = self._backup(version)
        mig.migrations.apply(self.db)
        self.conn.execute(f"PRAGMA user_version = {len(known)}")

    def _recorded_migrations(self) -> set[str]:
        try:
            rows = self.conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", (MIGRATION_SET,)
            ).fetchall()
        except sqlite3.OperationalError:  # no table: not migrated at all, the slow path explains it
            return set()
        return {r[0] for r in rows}

    def _backup(self, version: int) -> Path:
        """Copy the file through SQLite's backup API (consistent even with a WAL beside it)."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        dest = self.path.with_name(f"{self.path.stem}.v{version}-backup-{stamp}{self.path.suffix}")
        target = sqlite3.connect(str(dest))
        try:
            self.conn.backup(target)
        finally:
            target.close()
        shutil.copymode(self.path, dest)
        return dest

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ------------------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One durable transaction: all of it is committed, or none of it."""
        if self.readonly:
            raise ReadOnlyProjectError(f"{self.path}: opened read-only; nothing was written")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc
        try:
            yield self.conn
        except sqlite3.Error as exc:
            self._rollback()
            raise translate(exc, self.path) from exc
        except BaseException:
            self._rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise translate(exc, self.path) from exc

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    # -- annotators -----------------------------------------------------------------------------
    def ensure_annotator(self, name: str, role: AnnotatorRole = "annotator") -> Annotator:
        name = name.strip()
        if not name:
            raise ProjectError("an annotator needs a name")
        row = self.conn.execute("SELECT name, role FROM annotators WHERE name = ?", (name,)).fetchone()
        if row:
            return Annotator(row[0], row[1])
        with self.write() as c:
            c.execute(
                "INSERT OR IGNORE INTO annotators(name, role, created_at) VALUES (?, ?, ?)",
                (name, role, now()),
            )
        return Annotator(name, role)

    def set_annotator_role(self, name: str, role: AnnotatorRole) -> None:
        with self.write() as c:
            c.execute("UPDATE annotators SET role = ? WHERE name = ?", (role, name))

    def annotators(self) -> list[Annotator]:
        rows = self.conn.execute("SELECT name, role FROM annotators ORDER BY name").fetchall()
        return [Annotator(n, r) for n, r in rows]

    # -- schema -------------------------------------------------------------------------------
    def schema(self) -> Schema:
        if self._schema is None:
            from store.schema_store import read_schema

            self._schema = read_schema(self.conn)
        return self._schema

    def _schema_changed(self) -> None:
        self._schema = None

    def reread_schema(self) -> None:
        """Read the schema again on next use: another connection changed it (a worker's annotated import
        that added labels), and this one's cached copy would lack them."""
        self._schema = None

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
