"""The project file: SQLite through sqlite-utils.  Never imports Qt."""
