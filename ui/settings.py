"""User preferences kept between runs in QSettings: interface language, recent projects, who annotates.

Tests hand in a QSettings on a file of their own, so they never touch the
user's real preferences.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QLocale, QSettings

LANGUAGES: dict[str, str] = {"en": "English", "ar": "العربية"}
"""Interface languages, each named in itself (a menu of languages must be readable in any of them)."""
MAX_RECENT = 8


def system_language() -> str:
    """Arabic when the system locale is Arabic, English otherwise."""
    return "ar" if QLocale.system().language() == QLocale.Language.Arabic else "en"


def project_key(path: str | Path) -> str:
    """A settings key for one project file: its resolved path, hashed (paths may hold '/' and Arabic)."""
    return hashlib.sha1(str(Path(path).resolve()).encode("utf-8")).hexdigest()[:16]


class AppSettings:
    """Typed access to the few preferences Hashiya keeps."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else QSettings("Hashiya", "Hashiya")

    # -- language ---------------------------------------------------------------------------------
    def language(self) -> str:
        code = str(self.store.value("ui/language", "") or "")
        return code if code in LANGUAGES else system_language()

    def set_language(self, code: str) -> None:
        if code not in LANGUAGES:
            raise ValueError(f"unknown interface language {code!r}")
        self.store.setValue("ui/language", code)
        self.store.sync()

    # -- recent projects ----------------------------------------------------------------------
    def recent_projects(self) -> list[str]:
        raw = self.store.value("projects/recent", []) or []
        items = [raw] if isinstance(raw, str) else list(raw)
        return [str(p) for p in items if p][:MAX_RECENT]

    def add_recent(self, path: str | Path) -> None:
        p = str(Path(path).resolve())
        items = [p, *(q for q in self.recent_projects() if q != p)][:MAX_RECENT]
        self.store.setValue("projects/recent", items)
        self.store.sync()

    # -- annotator per project ----------------------------------------------------------------
    def annotator_for(self, path: str | Path) -> str:
        return str(self.store.value(f"annotators/{project_key(path)}", "") or "")

    def set_annotator_for(self, path: str | Path, name: str) -> None:
        self.store.setValue(f"annotators/{project_key(path)}", name)
        self.store.sync()
