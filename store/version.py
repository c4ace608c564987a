"""What identifies a current Hashiya project file, without loading the migrations (and sqlite-utils) to know it.

Opening a project that is already at this file format is the common case and
must be fast (the app's first paint, ``hashiya stats``): it reads two pragmas
and the migration names the file records, and compares them with these
constants.  Anything else (older, newer, or a migration we do not know) goes
through ``store.migrations``, which refuses to load if ``MIGRATIONS`` is not
its own list, so the two cannot drift.
"""

from __future__ import annotations

APPLICATION_ID = 0x48534859  # "HSHY": lets us tell our files from other SQLite databases
MIGRATION_SET = "hashiya"
MIGRATIONS = (
    "m001_initial",
    "m002_provenance_assignments",
    "m003_adjudication",
    "m003_doc_fold",
    "m004_doc_fold_count",
    "m005_search_backlog",
    "m006_spans_by_annotator_doc",
    "m007_every_document_has_a_shadow",
    "m008_attribute_value_names",
    "m009_tags",
    "m010_attribute_value_names_en",
    "m011_spans_with_attributes",
)
FILE_FORMAT = len(MIGRATIONS)  # PRAGMA user_version of a file this version writes
