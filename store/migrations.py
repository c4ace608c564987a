"""Numbered schema migrations of the project file.

Each migration is applied once, inside a transaction, and recorded by name in
sqlite-utils' ``_sqlite_migrations`` table.  The list only ever grows: a file
that records a migration we do not know was written by a newer Hashiya.
"""

from __future__ import annotations

import json
import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from store.version import APPLICATION_ID, FILE_FORMAT, MIGRATION_SET, MIGRATIONS

__all__ = ["APPLICATION_ID", "FILE_FORMAT", "known_names", "migrations", "schema_version"]

migrations = Migrations(MIGRATION_SET)


def _run_script(db: Database, script: str) -> None:
    """Run statements one by one: ``executescript`` would COMMIT and break the migration's transaction."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            db.execute(buf)
            buf = ""
    if buf.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buf[:80]!r}")


@migrations(name="m001_initial")
def m001_initial(db: Database) -> None:
    _run_script(
        db,
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            ext_id TEXT NOT NULL,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            source TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            meta TEXT NOT NULL DEFAULT '{}',
            encoding TEXT NOT NULL DEFAULT 'utf-8',
            imported_at TEXT NOT NULL
        );
        CREATE TRIGGER documents_immutable BEFORE UPDATE OF text, sha256 ON documents
        BEGIN SELECT RAISE(ABORT, 'document text is immutable'); END;

        CREATE TABLE annotators (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('annotator', 'reviewer', 'gold')),
            created_at TEXT NOT NULL
        );

        CREATE TABLE schema_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE labels (
            key TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('event', 'actor', 'entity')),
            name_en TEXT NOT NULL,
            name_ar TEXT NOT NULL,
            color TEXT NOT NULL,
            hotkey TEXT NOT NULL DEFAULT '',
            parent TEXT NOT NULL DEFAULT '',
            acled_event TEXT NOT NULL DEFAULT '',
            acled_sub_event TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            ord INTEGER NOT NULL
        );
        CREATE TABLE roles (
            key TEXT PRIMARY KEY,
            name_en TEXT NOT NULL,
            name_ar TEXT NOT NULL,
            head_kinds TEXT NOT NULL,
            tail_kinds TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            ord INTEGER NOT NULL
        );
        CREATE TABLE attributes (
            key TEXT PRIMARY KEY,
            name_en TEXT NOT NULL,
            name_ar TEXT NOT NULL,
            applies_to TEXT NOT NULL,
            vals TEXT NOT NULL,
            default_value TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            ord INTEGER NOT NULL
        );

        CREATE TABLE spans (
            id TEXT PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id),
            annotator TEXT NOT NULL REFERENCES annotators(name),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL REFERENCES labels(key) ON UPDATE CASCADE,
            attributes TEXT NOT NULL DEFAULT '{}',
            text TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (start >= 0 AND "end" > start)
        );
        CREATE INDEX spans_doc ON spans(doc_id, annotator, start);
        CREATE INDEX spans_label ON spans(label);
        CREATE INDEX spans_annotator ON spans(annotator);
        -- The database itself refuses a span whose snapshot is not the text it covers:
        -- substr() counts code points, exactly like Python slicing.
        CREATE TRIGGER spans_text_insert BEFORE INSERT ON spans
        WHEN NEW.text IS NOT (SELECT substr(d.text, NEW.start + 1, NEW."end" - NEW.start)
                              FROM documents d WHERE d.id = NEW.doc_id)
          OR NEW."end" > (SELECT length(d.text) FROM documents d WHERE d.id = NEW.doc_id)
        BEGIN SELECT RAISE(ABORT, 'span text does not match the document at its offsets'); END;
        CREATE TRIGGER spans_text_update BEFORE UPDATE OF start, "end", text, doc_id ON spans
        WHEN NEW.text IS NOT (SELECT substr(d.text, NEW.start + 1, NEW."end" - NEW.start)
                              FROM documents d WHERE d.id = NEW.doc_id)
          OR NEW."end" > (SELECT length(d.text) FROM documents d WHERE d.id = NEW.doc_id)
        BEGIN SELECT RAISE(ABORT, 'span text does not match the document at its offsets'); END;

        CREATE TABLE relations (
            id TEXT PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id),
            annotator TEXT NOT NULL REFERENCES annotators(name),
            head TEXT NOT NULL REFERENCES spans(id),
            tail TEXT NOT NULL REFERENCES spans(id),
            role TEXT NOT NULL REFERENCES roles(key) ON UPDATE CASCADE,
            created_at TEXT NOT NULL
        );
        CREATE INDEX relations_doc ON relations(doc_id, annotator);
        CREATE INDEX relations_head ON relations(head);
        CREATE INDEX relations_tail ON relations(tail);

        CREATE TABLE doc_status (
            doc_id INTEGER NOT NULL REFERENCES documents(id),
            annotator TEXT NOT NULL REFERENCES annotators(name),
            status TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'done')),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (doc_id, annotator)
        );
        CREATE INDEX doc_status_annotator ON doc_status(annotator, status);

        CREATE TABLE changes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            txn TEXT NOT NULL,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            entity TEXT NOT NULL CHECK (entity IN ('span', 'relation', 'status')),
            op TEXT NOT NULL CHECK (op IN ('insert', 'delete', 'update')),
            entity_id TEXT NOT NULL,
            doc_id INTEGER,
            layer TEXT,
            before TEXT,
            after TEXT
        );
        CREATE INDEX changes_entity ON changes(entity_id);
        CREATE INDEX changes_layer ON changes(layer, seq);
        CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes
        BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
        CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes
        BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
        """,
    )


@migrations(name="m002_provenance_assignments")
def m002_provenance_assignments(db: Database) -> None:
    """Gold spans remember who proposed and who decided; documents can be assigned to annotators."""
    _run_script(
        db,
        """
        ALTER TABLE spans ADD COLUMN provenance TEXT NOT NULL DEFAULT '{}';
        CREATE TABLE assignments (
            doc_id INTEGER NOT NULL REFERENCES documents(id),
            annotator TEXT NOT NULL REFERENCES annotators(name),
            assigned_at TEXT NOT NULL,
            PRIMARY KEY (doc_id, annotator)
        );
        CREATE INDEX assignments_annotator ON assignments(annotator);
        """,
    )


@migrations(name="m003_adjudication")
def m003_adjudication(db: Database) -> None:
    """Reviewer decisions per candidate span (rejections leave no gold span, so they need a row of
    their own), and document-level labels per layer, adjudicated like spans."""
    _run_script(
        db,
        """
        CREATE TABLE gold_decisions (
            doc_id INTEGER NOT NULL REFERENCES documents(id),
            span_id TEXT NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject', 'edit')),
            gold_span_id TEXT,
            decided_by TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            span_updated_at TEXT NOT NULL,
            PRIMARY KEY (doc_id, span_id)
        );
        CREATE TABLE doc_labels (
            doc_id INTEGER NOT NULL REFERENCES documents(id),
            annotator TEXT NOT NULL REFERENCES annotators(name),
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            provenance TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (doc_id, annotator, key)
        );
        """,
    )


@migrations(name="m003_doc_fold")
def m003_doc_fold(db: Database) -> None:
    """A folded shadow of every document for search (filled by ``store.search``, not by SQL).

    FTS5 cannot fold hamza forms, ta marbuta or harakat, so the folded text is
    computed in Python (``annotate.arabic.fold``) and indexed with the trigram
    tokenizer, which finds substrings inside Arabic words with their clitics.
    """
    _run_script(
        db,
        """
        CREATE TABLE doc_fold (
            doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            text TEXT NOT NULL
        );
        CREATE VIRTUAL TABLE doc_fold_fts USING fts5(
            title, text, content='doc_fold', content_rowid='doc_id', tokenize='trigram'
        );
        CREATE TRIGGER doc_fold_ai AFTER INSERT ON doc_fold BEGIN
            INSERT INTO doc_fold_fts(rowid, title, text) VALUES (NEW.doc_id, NEW.title, NEW.text);
        END;
        CREATE TRIGGER doc_fold_ad AFTER DELETE ON doc_fold BEGIN
            INSERT INTO doc_fold_fts(doc_fold_fts, rowid, title, text)
            VALUES ('delete', OLD.doc_id, OLD.title, OLD.text);
        END;
        """,
    )


@migrations(name="m004_doc_fold_count")
def m004_doc_fold_count(db: Database) -> None:
    """An index on doc_fold's key, so counting shadows reads a small b-tree, not every folded text.

    Checking whether a project needs indexing (on every open) went from 430 ms to 1 ms on 100,000
    1-KB articles; SQLite's count(*) uses the smallest index and the table itself holds the texts.
    """
    db.execute("CREATE INDEX doc_fold_ids ON doc_fold(doc_id)")


@migrations(name="m005_search_backlog")
def m005_search_backlog(db: Database) -> None:
    """The FTS index is filled in bulk, not row by row: a new shadow waits in ``doc_fold_pending``.

    Indexing each shadow through a trigger inside the import transaction cost
    135 s of a 145 s import of 100,000 articles.  Now a shadow still lands with
    its document (same transaction), and its id lands in ``doc_fold_pending``;
    ``store.search.index_pending`` moves ids from there into the FTS index in
    committed batches (bulk ``INSERT ... SELECT``), and search scans the shadows
    of pending ids with ``instr()`` so results never depend on how far it got.
    Every shadow is either in the FTS index or pending, never both: the delete
    trigger removes it from the one it is in (an FTS 'delete' of a row the index
    does not hold would corrupt the index).  Shadows are never updated.
    ``hashsize`` lets FTS5 gather 16 MB of terms before writing a segment (the
    default 1 MB made 2,000-document batches 1.4x slower).  Existing shadows
    were indexed by the old trigger, so the backlog starts empty.
    """
    _run_script(
        db,
        """
        CREATE TABLE doc_fold_pending (doc_id INTEGER PRIMARY KEY);
        DROP TRIGGER doc_fold_ai;
        CREATE TRIGGER doc_fold_ai AFTER INSERT ON doc_fold BEGIN
            INSERT INTO doc_fold_pending(doc_id) VALUES (NEW.doc_id);
        END;
        DROP TRIGGER doc_fold_ad;
        CREATE TRIGGER doc_fold_ad AFTER DELETE ON doc_fold BEGIN
            INSERT INTO doc_fold_fts(doc_fold_fts, rowid, title, text)
            SELECT 'delete', OLD.doc_id, OLD.title, OLD.text
            WHERE NOT EXISTS (SELECT 1 FROM doc_fold_pending WHERE doc_id = OLD.doc_id);
            DELETE FROM doc_fold_pending WHERE doc_id = OLD.doc_id;
        END;
        CREATE TRIGGER doc_fold_immutable BEFORE UPDATE ON doc_fold
        BEGIN SELECT RAISE(ABORT, 'a search shadow is never updated: delete it and insert it again'); END;
        INSERT INTO doc_fold_fts(doc_fold_fts, rank) VALUES ('hashsize', 16777216);
        """,
    )


@migrations(name="m006_spans_by_annotator_doc")
def m006_spans_by_annotator_doc(db: Database) -> None:
    """Spans counted per annotator and document read a small covering index, not the span rows.

    ``project_stats`` counts spans and distinct documents per annotator: 170 ms
    on a million spans through ``spans_annotator`` (every row fetched, then a
    temporary b-tree for the DISTINCT), a few tens of ms over this index.  It
    starts with ``annotator``, so it also serves every lookup the old
    single-column index served, which is dropped (one index less to write).
    """
    _run_script(
        db,
        """
        CREATE INDEX spans_annotator_doc ON spans(annotator, doc_id);
        DROP INDEX spans_annotator;
        """,
    )


@migrations(name="m007_every_document_has_a_shadow")
def m007_every_document_has_a_shadow(db: Database) -> None:
    """Fold the documents that have no search shadow yet (projects from before m003, or cut-short repairs).

    From this version on a document and its shadow are always written in the
    same transaction (``store.documents.add_documents``, merge, annotated
    import), so search can rely on every document having one instead of
    checking for stragglers on every query.  The shadows land in the FTS
    backlog, which the app indexes in the background.
    """
    from store.search import shadow  # folding is Python: migrations run it, SQL cannot

    missing = "SELECT id, title, text FROM documents d WHERE NOT EXISTS (SELECT 1 FROM doc_fold f WHERE f.doc_id = d.id)"
    while rows := db.execute(missing + " LIMIT 1000").fetchall():
        db.conn.executemany(
            "INSERT INTO doc_fold(doc_id, title, text) VALUES (?, ?, ?)",
            [(i, shadow(title), shadow(text)) for i, title, text in rows],
        )


# The Arabic value names of the default schema's attributes when m008 was written, frozen here:
# a migration must do the same thing whenever it runs, whatever the default schema says later.
_M008_DEFAULT_VALUE_NAMES_AR: dict[tuple[str, tuple[str, ...]], dict[str, str]] = {
    ("certainty", ("confirmed", "claimed", "alleged")): {
        "confirmed": "مؤكَّد",
        "claimed": "مُعلَن من طرف",
        "alleged": "غير مؤكَّد",
    },
    ("polarity", ("happened", "denied", "did_not_happen")): {
        "happened": "وقع",
        "denied": "نُفي وقوعه",
        "did_not_happen": "لم يقع",
    },
}


@migrations(name="m008_attribute_value_names")
def m008_attribute_value_names(db: Database) -> None:
    """Arabic display names for attribute values (``Attribute.value_names_ar``), a JSON object per attribute.

    Spans keep storing the value key; the names are only what an Arabic interface shows.
    An attribute whose key and values are exactly those of the default schema's
    ``certainty`` or ``polarity`` (a project started from the default schema, like the
    demo) gets the default's names, so upgrading is enough for its values to read in
    Arabic; any other attribute starts without names until the lead loads a schema with them.
    """
    db.execute("ALTER TABLE attributes ADD COLUMN value_names_ar TEXT NOT NULL DEFAULT '{}'")
    for key, vals in db.execute("SELECT key, vals FROM attributes").fetchall():
        names = _M008_DEFAULT_VALUE_NAMES_AR.get((key, tuple(json.loads(vals))))
        if names is not None:
            db.execute(
                "UPDATE attributes SET value_names_ar = ? WHERE key = ?",
                [json.dumps(names, ensure_ascii=False), key],
            )


@migrations(name="m009_tags")
def m009_tags(db: Database) -> None:
    """The name exports write for a label or role instead of its key (``Label.tag``), empty for the key.

    Labels an earlier version added from an imported file keep their key: their
    English name is the file's spelling, but nothing recorded that it came from a file.
    """
    db.execute("ALTER TABLE labels ADD COLUMN tag TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE roles ADD COLUMN tag TEXT NOT NULL DEFAULT ''")


# The English value names the default schema gave its attributes when m010 was written, frozen as m008's.
_M010_DEFAULT_VALUE_NAMES_EN: dict[tuple[str, tuple[str, ...]], dict[str, str]] = {
    ("certainty", ("confirmed", "claimed", "alleged")): {
        "confirmed": "Confirmed",
        "claimed": "Claimed",
        "alleged": "Alleged",
    },
    ("polarity", ("happened", "denied", "did_not_happen")): {
        "happened": "Happened",
        "denied": "Denied",
        "did_not_happen": "Did not happen",
    },
}


@migrations(name="m010_attribute_value_names_en")
def m010_attribute_value_names_en(db: Database) -> None:
    """English display names for attribute values (``Attribute.value_names_en``), as m008 gave Arabic ones.

    Before, an English interface showed the value key itself (``did_not_happen``).  The
    default schema's ``certainty`` and ``polarity``, held unchanged, get the default's names;
    any other attribute keeps showing its keys until the lead loads a schema that names them.
    """
    db.execute("ALTER TABLE attributes ADD COLUMN value_names_en TEXT NOT NULL DEFAULT '{}'")
    for key, vals in db.execute("SELECT key, vals FROM attributes").fetchall():
        names = _M010_DEFAULT_VALUE_NAMES_EN.get((key, tuple(json.loads(vals))))
        if names is not None:
            db.execute("UPDATE attributes SET value_names_en = ? WHERE key = ?", [json.dumps(names), key])


@migrations(name="m011_spans_with_attributes")
def m011_spans_with_attributes(db: Database) -> None:
    """An index of the spans that have attributes, and only those (a partial index).

    A CoNLL export lists every attribute it cannot hold.  Reading the
    attributes of every span to find the few that have some cost 1% of a
    100,000-article export that has none; over this index the export reads
    only those spans, and a span without attributes costs no index entry.
    """
    db.execute("CREATE INDEX spans_with_attributes ON spans(annotator, doc_id) WHERE attributes != '{}'")


def known_names() -> list[str]:
    return [m.name for m in migrations._migrations]


def schema_version() -> int:
    """The number of migrations this version of Hashiya knows: the file format version it writes."""
    return len(known_names())


if tuple(known_names()) != MIGRATIONS:
    raise RuntimeError(
        f"store/version.py MIGRATIONS {MIGRATIONS} differ from store/migrations.py {tuple(known_names())}:"
        " a new migration is named in both"
    )
