"""Project files as older Hashiya versions wrote them, for the upgrade tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotate.schema import Schema
from store.schema_store import write_schema
from store.version import MIGRATIONS


def write_schema_before_m008(conn: sqlite3.Connection, schema: Schema) -> None:
    """The schema's rows in a file from before m008, whose attributes had no value names yet.

    Today's ``write_schema`` writes the ``value_names_ar`` column too, so the column is added
    for it and dropped again: the file keeps the columns m001 to m007 gave it (m009's tags and
    m010's English value names are added and dropped the same way), and the rows are those
    today's writer writes (no second copy of it to fall out of step).
    """
    added = [
        ("attributes", "value_names_ar"),
        ("labels", "tag"),
        ("roles", "tag"),
        ("attributes", "value_names_en"),
    ]
    for table, column in added:
        conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    write_schema(conn, schema)
    for table, column in added:
        conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")


def as_before_m011(path: Path) -> None:
    """Turn a closed current project into the file m010 left: m011 only added the partial index of
    spans with attributes."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP INDEX spans_with_attributes")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm011_spans_with_attributes'")
    conn.execute(f"PRAGMA user_version = {MIGRATIONS.index('m011_spans_with_attributes')}")
    conn.close()
