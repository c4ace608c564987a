"""Who works on what: assignments of documents to annotators.

An assignment names a document that exists and a person who can annotate it.
Unknown names and ids are refused with a message that says which ones, before
anything is written (the foreign keys would only say "constraint failed").
``create=True`` adds unknown names as annotators in the same transaction,
which is what ``python main.py assign`` and the dashboard do (README: "Working
as a team"), so a refused assignment never leaves a half-made team behind.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from annotate.model import DocId, now
from store.errors import ProjectError
from store.project import Project

_INSERT = "INSERT OR IGNORE INTO assignments(doc_id, annotator, assigned_at) VALUES (?,?,?)"


def _names(annotators: Sequence[str]) -> list[str]:
    names = list(dict.fromkeys(a.strip() for a in annotators))
    if not names or "" in names:
        raise ProjectError("assign: every annotator needs a name")
    return names


def _prepare(
    project: Project, c: sqlite3.Connection, doc_ids: Sequence[DocId], names: list[str], create: bool
) -> None:
    """Refuse unknown documents and (unless ``create``) unknown annotators; add them otherwise."""
    ids = sorted(set(doc_ids))
    missing_docs: list[int] = []
    for i in range(0, len(ids), 900):
        part = ids[i : i + 900]
        found = {
            r[0]
            for r in c.execute(f"SELECT id FROM documents WHERE id IN ({','.join('?' * len(part))})", part)
        }
        missing_docs += [d for d in part if d not in found]
    if missing_docs:
        shown = ", ".join(map(str, missing_docs[:10])) + (" …" if len(missing_docs) > 10 else "")
        raise ProjectError(f"{project.path}: no document with id {shown}; nothing was assigned")
    marks = ",".join("?" * len(names))
    known = {r[0] for r in c.execute(f"SELECT name FROM annotators WHERE name IN ({marks})", names)}
    unknown = [n for n in names if n not in known]
    if unknown and not create:
        everyone = ", ".join(r[0] for r in c.execute("SELECT name FROM annotators ORDER BY name"))
        raise ProjectError(
            f"{project.path}: no annotator named {', '.join(map(repr, unknown))} (known: {everyone or 'none'});"
            " add them first, or assign with create=True; nothing was assigned"
        )
    stamp = now()
    c.executemany(
        "INSERT OR IGNORE INTO annotators(name, role, created_at) VALUES (?, 'annotator', ?)",
        [(n, stamp) for n in unknown],
    )


def assign(
    project: Project, doc_ids: Sequence[DocId], annotators: Sequence[str], *, create: bool = False
) -> int:
    """Assign every document to every named annotator (idempotent); returns rows added.

    ``create`` adds unknown annotators (role ``annotator``); without it they are refused.
    """
    names = _names(annotators)
    stamp = now()
    with project.write() as c:
        _prepare(project, c, doc_ids, names, create)
        before = c.total_changes
        c.executemany(_INSERT, [(d, a, stamp) for d in doc_ids for a in names])
        return c.total_changes - before


def assign_in(c: sqlite3.Connection, pairs: Sequence[tuple[DocId, str]], stamp: str) -> None:
    """(document, annotator) assignments inside the caller's transaction, for names it has made sure of.

    An annotated import assigns each document to the layers it received in the
    same transaction that stored them (``store.annotated_import``).
    """
    c.executemany(_INSERT, [(d, a, stamp) for d, a in pairs])


def assign_rotation(
    project: Project, doc_ids: Sequence[DocId], annotators: Sequence[str], k: int, *, create: bool = False
) -> int:
    """Each document to ``k`` annotators in rotation, so the load is even and pairs vary."""
    names = _names(annotators)
    if not 1 <= k <= len(names):
        raise ValueError(f"k must be between 1 and {len(names)} (the number of annotators), got {k}")
    stamp = now()
    rows = [(d, names[(i + j) % len(names)], stamp) for i, d in enumerate(doc_ids) for j in range(k)]
    with project.write() as c:
        _prepare(project, c, doc_ids, names, create)
        before = c.total_changes
        c.executemany(_INSERT, rows)
        return c.total_changes - before


def assigned_to(project: Project, annotator: str) -> list[DocId]:
    rows = project.conn.execute(
        "SELECT doc_id FROM assignments WHERE annotator = ? ORDER BY doc_id", (annotator,)
    ).fetchall()
    return [DocId(r[0]) for r in rows]


def assignees(project: Project, doc_id: DocId) -> list[str]:
    rows = project.conn.execute(
        "SELECT annotator FROM assignments WHERE doc_id = ? ORDER BY annotator", (doc_id,)
    ).fetchall()
    return [r[0] for r in rows]
