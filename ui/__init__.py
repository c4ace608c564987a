"""PySide6 widgets: thin adapters over ``store`` and ``annotate``; no SQL here."""
