"""Store errors in the interface's language: a translated lead before the store's own (English) words."""

from __future__ import annotations

import inspect
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from annotate.schema import default_schema
from annotate.textimport import ImportFileError
from store import errors
from store.project import Project
from ui import messages
from ui.i18n import Translations


@pytest.fixture
def arabic(qapp: QApplication) -> Iterator[None]:
    tr = Translations(qapp)
    tr.apply("ar")
    yield
    tr.apply("en")


def _newer_version_error(tmp_path: Path) -> errors.NewerVersionError:
    path = tmp_path / "newer.sqlite"
    Project.create(path, default_schema()).close()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations(migration_set, name, applied_at) VALUES ('hashiya', 'm999_future', '')"
        )
    with pytest.raises(errors.NewerVersionError) as caught:
        Project.open(path)
    return caught.value


def test_every_kind_named_is_a_real_error_class() -> None:
    real = {c.__name__ for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, Exception)}
    assert set(messages._KINDS) <= real | {ImportFileError.__name__}
    assert {"NewerVersionError", "ProjectWriteError", "ConflictError", "ProjectError"} <= set(messages._KINDS)


def test_an_arabic_interface_leads_with_arabic_and_keeps_the_store_words(arabic, tmp_path: Path) -> None:
    exc = _newer_version_error(tmp_path)
    shown = messages.explain(exc)
    lead, detail = shown.split("\n\n", 1)
    assert lead == "حُفظ هذا المشروع بإصدار أحدث من حاشية؛ حدّث البرنامج لتفتحه."
    assert detail == str(exc) and "newer.sqlite" in detail  # the file is still named
    bad = ImportFileError("news.jsonl", "relation 2 needs from_id", 7)
    assert messages.explain(bad).startswith("تعذّرت قراءة ملف") and str(bad) in messages.explain(bad)
    # a subclass not listed gets its nearest listed class's words; a bug's error is shown as it is
    from store.export import ExportCancelled

    assert messages.explain(ExportCancelled("x")).startswith("تعذّر إتمام هذا")
    assert messages.explain(KeyError("x")) == str(KeyError("x"))


def test_an_english_interface_shows_the_store_words_alone(qapp: QApplication, tmp_path: Path) -> None:
    exc = _newer_version_error(tmp_path)
    assert messages.explain(exc) == str(exc)
