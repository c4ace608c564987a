"""Project files as older Hashiya versions wrote them, for the upgrade tests."""

from __future__ import annotations

import json
import sqlite3

from annotate.schema import Schema


def write_schema_before_m008(conn: sqlite3.Connection, schema: Schema) -> None:
    """The schema's rows with the columns m001 to m007 gave them: attributes had no value names yet.

    ``store.schema_store.write_schema`` writes today's columns, which a file from before m008
    does not have, so an older file's schema is written here, column by column as it was then.
    """
    conn.executemany(
        "INSERT INTO labels(key, kind, name_en, name_ar, color, hotkey, parent, acled_event, acled_sub_event,"
        " description, ord) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
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
            )
            for i, lab in enumerate(schema.labels)
        ],
    )
    conn.executemany(
        "INSERT INTO roles(key, name_en, name_ar, head_kinds, tail_kinds, description, ord) VALUES (?,?,?,?,?,?,?)",
        [
            (
                r.key,
                r.name_en,
                r.name_ar,
                json.dumps(r.head_kinds),
                json.dumps(r.tail_kinds),
                r.description,
                i,
            )
            for i, r in enumerate(schema.roles)
        ],
    )
    conn.executemany(
        "INSERT INTO attributes(key, name_en, name_ar, applies_to, vals, default_value, description, ord)"
        " VALUES (?,?,?,?,?,?,?,?)",
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
            )
            for i, a in enumerate(schema.attributes)
        ],
    )
    conn.execute("INSERT INTO schema_meta(key, value) VALUES ('name', ?)", (schema.name,))
