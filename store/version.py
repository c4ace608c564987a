"""What identifies a Hashiya project file, without loading the migrations (and sqlite-utils) to know it.

Opening a project that is already at this file format is the common case and
must be fast (the app's first paint, ``hashiya stats``): it reads two pragmas
and compares them with these constants.  ``store.migrations`` refuses to load
if ``FILE_FORMAT`` is not its number of migrations, so the two cannot drift.
"""

from __future__ import annotations

APPLICATION_ID = 0x48534859  # "HSHY": lets us tell our files from other SQLite databases
FILE_FORMAT = 7  # the number of migrations in store.migrations: the file format this version writes
