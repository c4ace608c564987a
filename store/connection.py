"""The SQLite connection of an open project: how it is opened, and errors that name the file.

Two things a bare ``sqlite3.connect`` gets wrong for a person using Hashiya:

- a damaged page, a disk I/O error or a lock held too long can surface on any
  read, long after a good open; every statement and every row fetched through
  a project's connection turns those into a ``ProjectError`` naming the file
  (programming errors such as a misspelt column stay ``sqlite3`` errors);
- a project in WAL mode cannot be opened, even read-only, where the user may
  not create files (a shared folder, read-only media): SQLite needs a ``-shm``
  beside it.  See ``connect`` for when a read-only open falls back to
  ``immutable=1`` and why that is safe.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from store.errors import (
    NotAProjectError,
    ProjectBusyError,
    ProjectError,
    ProjectWriteError,
    ReadOnlyProjectError,
)

BUSY_TIMEOUT_S = 30.0
_FETCH_CHUNK = 256
_KNOWN = (
    "locked",
    "busy",
    "readonly",
    "read-only",
    "full",
    "not a database",
    "malformed",
    "corrupt",
    "disk i/o",
)


def translate(exc: sqlite3.Error, path: Path) -> ProjectError:
    """Turn an SQLite error into one a person can act on."""
    msg = str(exc).lower()
    if "locked" in msg or "busy" in msg:
        return ProjectBusyError(
            f"{path}: another program kept the project busy for {BUSY_TIMEOUT_S:.0f} s; nothing was written, try again"
        )
    if "readonly" in msg or "read-only" in msg:
        return ReadOnlyProjectError(
            f"{path}: the project file or its folder is read-only; nothing was written"
        )
    if "full" in msg:
        return ProjectWriteError(
            f"{path}: the disk is full; nothing was written, free some space and try again"
        )
    if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
        return NotAProjectError(f"{path}: the project file is damaged ({exc}); it was left untouched")
    if "disk i/o" in msg:
        return ProjectWriteError(f"{path}: disk I/O error ({exc}); nothing was written")
    return ProjectWriteError(f"{path}: {exc}")


def _about_the_file(exc: sqlite3.Error) -> bool:
    """Damage, I/O, locks, a read-only or full disk: the file's state, which the user can act on.

    Anything else (no such column, a constraint a caller checks) is the program's
    business and keeps its ``sqlite3`` type.
    """
    if type(exc) is sqlite3.DatabaseError:  # SQLITE_CORRUPT and SQLITE_NOTADB have no subclass of their own
        return True
    msg = str(exc).lower()
    return any(k in msg for k in _KNOWN)


class ProjectCursor(sqlite3.Cursor):
    """A cursor whose file-level errors name the project (``ProjectConnection.project_path``)."""

    def _fail(self, exc: sqlite3.Error) -> BaseException:
        if _about_the_file(exc):
            return translate(exc, self.connection.project_path)  # type: ignore[attr-defined]
        return exc

    def execute(self, sql: str, parameters: Any = (), /) -> ProjectCursor:
        try:
            return super().execute(sql, parameters)
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> ProjectCursor:
        try:
            return super().executemany(sql, seq_of_parameters)
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc

    def executescript(self, sql_script: str, /) -> ProjectCursor:
        try:
            return super().executescript(sql_script)
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc

    def fetchmany(self, size: int | None = None) -> list[Any]:
        try:
            return super().fetchmany(self.arraysize if size is None else size)
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc

    def __iter__(self) -> Iterator[Any]:
        """Rows in chunks, so a damaged page met half-way through a scan is translated too.

        ``fetchmany`` of a few hundred rows costs ~40 ns a row over the C iterator.
        """
        fetch = super().fetchmany
        while True:
            try:
                rows = fetch(_FETCH_CHUNK)
            except sqlite3.Error as exc:
                raise self._fail(exc) from exc
            if not rows:
                return
            yield from rows


class ProjectConnection(sqlite3.Connection):
    """``sqlite3.Connection`` whose statements and cursors translate file-level errors (see the module)."""

    project_path: Path

    def cursor(self, factory: Any = ProjectCursor) -> Any:  # type: ignore[override]
        return super().cursor(factory)

    # The C ``Connection.execute`` makes a plain cursor whatever ``cursor()`` says: go through ours.
    def execute(self, sql: str, parameters: Any = (), /) -> ProjectCursor:  # type: ignore[override]
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> ProjectCursor:  # type: ignore[override]
        return self.cursor().executemany(sql, parameters)

    def executescript(self, sql_script: str, /) -> ProjectCursor:  # type: ignore[override]
        return self.cursor().executescript(sql_script)


def _open(path: Path, mode: str, immutable: bool = False) -> ProjectConnection:
    uri = f"{path.resolve().as_uri()}?mode={mode}" + ("&immutable=1" if immutable else "")
    conn = sqlite3.connect(
        uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None, factory=ProjectConnection
    )
    assert isinstance(conn, ProjectConnection)
    conn.project_path = path
    return conn


def connect(path: Path, readonly: bool) -> ProjectConnection:
    """Open ``path`` (``mode=rw`` or ``mode=ro``); a read-only open may fall back to ``immutable=1``.

    A WAL-mode file needs a ``-shm`` beside it even to be read, and SQLite cannot
    create one in a folder the user may not write.  Then, and only when no
    ``-shm`` and no ``-wal`` with content are there, the file is opened
    ``immutable=1``: no locks, no ``-shm``, the main file read as is.  That is
    safe because every connection to a WAL file keeps a ``-shm`` beside it while
    it is open, and the last one to close checkpoints the ``-wal`` into the file
    and deletes both: no ``-shm`` means no writer now and nothing committed
    outside the file.  A writer that starts later (someone allowed to write
    there) is not seen by this snapshot; if it checkpoints pages under us, the
    damaged read becomes a ``ProjectError``, never a silent wrong answer written
    back (the connection is read-only).  The other way out, switching the file
    back to rollback journaling when the last writer closes, needs an exclusive
    lock at every close and does nothing for a file left in WAL mode by a crash,
    a copy or an older version.  A ``-wal`` with content means committed work not
    yet in the file (a crash): refused with what to do rather than shown stale.
    """
    conn = _open(path, "ro" if readonly else "rw")
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        if not readonly:
            # A statement that fires a trigger or checks a foreign key keeps a journal of the pages it
            # changes, to undo itself alone; in a temporary file that was 40% of an annotated import.
            conn.execute("PRAGMA temp_store = MEMORY")
        if readonly:
            sqlite3.Connection.execute(
                conn, "PRAGMA schema_version"
            ).fetchone()  # the first read needs the -shm
        conn.execute("PRAGMA foreign_keys = ON")
        return conn
    except sqlite3.Error as exc:
        conn.close()
        why = f"{getattr(exc, 'sqlite_errorname', '')} {exc}".lower()
        if not readonly or not isinstance(exc, sqlite3.OperationalError):
            raise translate(exc, path) from exc
        if not ("readonly" in why or "unable to open" in why):
            raise translate(exc, path) from exc
        return _open_at_rest(path, exc)
    except BaseException:
        conn.close()
        raise


def _open_at_rest(path: Path, exc: sqlite3.Error) -> ProjectConnection:
    shm = path.with_name(path.name + "-shm")
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise ReadOnlyProjectError(
            f"{path}: changes from its last session are still in {wal.name}, and the folder is read-only;"
            " open it once where the folder is writable (copy both files there) to fold them in"
        ) from exc
    if shm.exists():
        raise ReadOnlyProjectError(
            f"{path}: the project seems open in another program ({shm.name} is there) and this folder is"
            " read-only for you; close it there, or copy the project to a folder you can write"
        ) from exc
    conn = _open(path, "ro", immutable=True)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn
