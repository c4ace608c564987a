"""Project files as older Hashiya versions wrote them, for the upgrade tests."""

from __future__ import annotations

import sqlite3

from annotate.schema import Schema
from store.schema_store import write_schema


def write_schema_before_m008(conn: sqlite3.Connection, schema: Schema) -> None:
    """The schema's rows in a file from before m008, whose attributes had no value names yet.

    Today's ``write_schema`` writes the ``value_names_ar`` column too, so the column is added
    for it and dropped again: the file keeps the columns m001 to m007 gave it (m009's tags are added and dropped the same way), and the rows
    are those today's writer writes (no second copy of it to fall out of step).
    """
    conn.execute("ALTER TABLE attributes ADD COLUMN value_names_ar TEXT NOT NULL DEFAULT '{}'")
    for table in ("labels", "roles"):  # m009's
        conn.execute(f"ALTER TABLE {table} ADD COLUMN tag TEXT NOT NULL DEFAULT ''")
    write_schema(conn, schema)
    conn.execute("ALTER TABLE attributes DROP COLUMN value_names_ar")
    for table in ("labels", "roles"):
        conn.execute(f"ALTER TABLE {table} DROP COLUMN tag")
