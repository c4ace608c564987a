"""The project's copy of its label schema, and changing it without losing annotations.

A project keeps the schema it was created with until the lead loads another.
Labels and roles in use can only go away through an explicit rename or merge
(``renames``), which moves their spans and relations in the same transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from annotate.schema import Attribute, Label, Role, Schema, SchemaError, ordered_value_names
from store.project import Project


def write_schema(conn: sqlite3.Connection, schema: Schema) -> None:
    """Replace the schema tables' rows; the caller holds the transaction."""
    conn.execute("DELETE FROM attributes")
    conn.executemany(
        "INSERT INTO labels(key, kind, name_en, name_ar, color, hotkey, parent, acled_event, acled_sub_event,"
        " description, ord, tag) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT(key) DO UPDATE SET kind=excluded.kind, name_en=excluded.name_en,"
        " name_ar=excluded.name_ar, color=excluded.color, hotkey=excluded.hotkey, parent=excluded.parent,"
        " acled_event=excluded.acled_event, acled_sub_event=excluded.acled_sub_event,"
        " description=excluded.description, ord=excluded.ord, tag=excluded.tag",
        [
            (
                lab.key,
                lab.kind,
                lab.name_en,
                lab.name_ar,
                lab.color,
                lab.hotkey,
                lab.parent,
                lab.acled_event,
                lab.acled_sub_event,
                lab.description,
                i,
                lab.tag,
            )
            for i, lab in enumerate(schema.labels)
        ],
    )
    conn.executemany(
        "INSERT INTO roles(key, name_en, name_ar, head_kinds, tail_kinds, description, ord, tag)"
        " VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET name_en=excluded.name_en,"
        " name_ar=excluded.name_ar, head_kinds=excluded.head_kinds, tail_kinds=excluded.tail_kinds,"
        " description=excluded.description, ord=excluded.ord, tag=excluded.tag",
        [
            (
                r.key,
                r.name_en,
                r.name_ar,
                json.dumps(r.head_kinds),
                json.dumps(r.tail_kinds),
                r.description,
                i,
                r.tag,
            )
            for i, r in enumerate(schema.roles)
        ],
    )
    conn.executemany(
        "INSERT INTO attributes(key, name_en, name_ar, applies_to, vals, default_value, description, ord,"
        " value_names_ar, value_names_en) VALUES (?,?,?,?,?,?,?,?,?,?)",
        [
            (
                a.key,
                a.name_en,
                a.name_ar,
                json.dumps(a.applies_to),
                json.dumps(a.values, ensure_ascii=False),
                a.default,
                a.description,
                i,
                json.dumps(dict(a.value_names_ar), ensure_ascii=False),
                json.dumps(dict(a.value_names_en), ensure_ascii=False),
            )
            for i, a in enumerate(schema.attributes)
        ],
    )
    keep_labels = [lab.key for lab in schema.labels]
    keep_roles = [r.key for r in schema.roles]
    conn.execute(
        f"DELETE FROM labels WHERE key NOT IN ({','.join('?' * len(keep_labels))})",
        keep_labels,
    )
    conn.execute(
        f"DELETE FROM roles WHERE key NOT IN ({','.join('?' * len(keep_roles))})",
        keep_roles,
    )
    conn.execute("INSERT OR REPLACE INTO schema_meta(key, value) VALUES ('name', ?)", (schema.name,))


def read_schema(conn: sqlite3.Connection) -> Schema:
    labels = tuple(
        Label(
            key=r[0],
            kind=r[1],
            name_en=r[2],
            name_ar=r[3],
            color=r[4],
            hotkey=r[5],
            parent=r[6],
            acled_event=r[7],
            acled_sub_event=r[8],
            description=r[9],
            tag=r[10],
        )
        for r in conn.execute(
            "SELECT key, kind, name_en, name_ar, color, hotkey, parent, acled_event, acled_sub_event,"
            " description, tag FROM labels ORDER BY ord"
        )
    )
    roles = tuple(
        Role(r[0], r[1], r[2], tuple(json.loads(r[3])), tuple(json.loads(r[4])), r[5], r[6])
        for r in conn.execute(
            "SELECT key, name_en, name_ar, head_kinds, tail_kinds, description, tag FROM roles ORDER BY ord"
        )
    )
    attributes = tuple(
        _attribute(r)
        for r in conn.execute(
            "SELECT key, name_en, name_ar, applies_to, vals, default_value, description, value_names_ar,"
            " value_names_en FROM attributes ORDER BY ord"
        )
    )
    row = conn.execute("SELECT value FROM schema_meta WHERE key = 'name'").fetchone()
    return Schema(name=row[0] if row else "schema", labels=labels, roles=roles, attributes=attributes)


def _attribute(r: Sequence[Any]) -> Attribute:
    """One ``attributes`` row; its value names come back in the order of its values, as the file reader gives."""
    values = tuple(json.loads(r[4]))
    return Attribute(
        key=r[0],
        name_en=r[1],
        name_ar=r[2],
        applies_to=tuple(json.loads(r[3])),
        values=values,
        default=r[5],
        description=r[6],
        value_names_ar=ordered_value_names(values, json.loads(r[7])),
        value_names_en=ordered_value_names(values, json.loads(r[8])),
    )


@dataclass(frozen=True, slots=True)
class SchemaChange:
    """What loading a new schema did: for the CLI and GUI to report."""

    added_labels: tuple[str, ...]
    removed_labels: tuple[str, ...]
    renamed: tuple[tuple[str, str, int], ...]  # (old, new, spans moved)
    added_roles: tuple[str, ...]
    removed_roles: tuple[str, ...]


def replace_schema(project: Project, new: Schema, renames: Mapping[str, str] | None = None) -> SchemaChange:
    """Swap in ``new``; refuse to orphan any span or relation.

    ``renames`` maps an old label or role key to a key of the new schema: its
    annotations move there (a rename, or a merge when the target already has
    annotations).  A removed key still in use and not renamed is refused with
    its count, and nothing changes.
    """
    renames = dict(renames or {})
    old = project.schema()
    new_labels = {lab.key for lab in new.labels}
    new_roles = {r.key for r in new.roles}
    problems: list[str] = []
    for src, dst in renames.items():
        if dst not in new_labels and dst not in new_roles:
            problems.append(f"rename {src} -> {dst}: {dst!r} is not in the new schema")
    label_use = dict(project.conn.execute("SELECT label, count(*) FROM spans GROUP BY label").fetchall())
    role_use = dict(project.conn.execute("SELECT role, count(*) FROM relations GROUP BY role").fetchall())
    gone_labels = [lab.key for lab in old.labels if lab.key not in new_labels]
    gone_roles = [r.key for r in old.roles if r.key not in new_roles]
    for key in gone_labels:
        if label_use.get(key) and key not in renames:
            problems.append(
                f"label {key!r} is used by {label_use[key]} span(s); rename or merge it into a new label"
                f" (--rename {key}=NEW) instead of removing it"
            )
    for key in gone_roles:
        if role_use.get(key) and key not in renames:
            problems.append(
                f"role {key!r} is used by {role_use[key]} relation(s); rename or merge it (--rename {key}=NEW)"
            )
    if problems:
        raise SchemaError(str(project.path), problems)
    moved: list[tuple[str, str, int]] = []
    with project.write() as c:
        # New keys must exist before annotations move onto them, old ones go afterwards.
        _add_new_keys(c, new)
        for src, dst in renames.items():
            if src in {lab.key for lab in old.labels}:
                n = c.execute("UPDATE spans SET label = ? WHERE label = ?", (dst, src)).rowcount
            else:
                n = c.execute("UPDATE relations SET role = ? WHERE role = ?", (dst, src)).rowcount
            moved.append((src, dst, n))
        write_schema(c, new)
    project._schema_changed()
    return SchemaChange(
        added_labels=tuple(k for k in new_labels if k not in {lab.key for lab in old.labels}),
        removed_labels=tuple(gone_labels),
        renamed=tuple(moved),
        added_roles=tuple(k for k in new_roles if k not in {r.key for r in old.roles}),
        removed_roles=tuple(gone_roles),
    )


def _add_new_keys(conn: sqlite3.Connection, new: Schema) -> None:
    """Upsert the new labels and roles without deleting anything yet (renames still point at old keys)."""
    for i, lab in enumerate(new.labels):
        conn.execute(
            "INSERT INTO labels(key, kind, name_en, name_ar, color, ord) VALUES (?,?,?,?,?,?)"
            " ON CONFLICT(key) DO NOTHING",
            (lab.key, lab.kind, lab.name_en, lab.name_ar, lab.color, 10_000 + i),
        )
    for i, r in enumerate(new.roles):
        conn.execute(
            "INSERT INTO roles(key, name_en, name_ar, head_kinds, tail_kinds, ord) VALUES (?,?,?,?,?,?)"
            " ON CONFLICT(key) DO NOTHING",
            (r.key, r.name_en, r.name_ar, json.dumps(r.head_kinds), json.dumps(r.tail_kinds), 10_000 + i),
        )
