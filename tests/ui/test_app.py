"""The workbench window: opens a project or the demo, every action has a key, F1, Arabic, statuses, errors."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from annotate.model import DocId
from annotate.schema import default_schema
from annotate.textimport import draft
from store.annotations import status_of
from store.documents import add_documents, document_count
from store.export import ExportOptions
from store.project import Project
from store.search import index_documents
from ui import app as app_module
from ui import identity, messages
from ui.export_dialog import ExportChoice
from ui.i18n import Translations
from ui.main_window import MainWindow
from ui.settings import AppSettings
from ui.shortcuts import keys_of, plain

ME = "salma"
TEXTS = [
    "أعلن المجلس المحلي إعادة فتح المدارس في البلدة بعد توقف دام شهرًا.",
    "أفاد ناشطون بسماع دويّ انفجارات في محيط المطار العسكري ليلًا.",
    "<p>اجتمع وجهاء العشائر</p> لبحث &amp; حل الخلاف على الأراضي الزراعية.",
]


@pytest.fixture
def errors(shown: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """What would have been shown in message boxes (conftest's ``shown``, by this module's name for it)."""
    return shown


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    s = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    s.set_language("en")
    return s


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "news.sqlite"
    with Project.create(path, default_schema()) as p:
        ids = add_documents(p, [draft(t, f"{i}.txt", "utf-8") for i, t in enumerate(TEXTS)]).added
        index_documents(p, ids)
    return path


@pytest.fixture
def window(
    qtbot, project_path: Path, settings: AppSettings, translations: Translations, errors
) -> MainWindow:
    project = Project.open(project_path)
    project.ensure_annotator(ME)
    w = MainWindow(project, ME, settings, translations, ask_name=lambda *_: "karim")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_window_opens_on_the_project_and_shows_the_first_document(window: MainWindow) -> None:
    assert window.list_model.rowCount() == len(TEXTS)
    assert window.pane.current_document() == DocId(1)
    assert window.who.text() == f"Annotator: {ME}"
    assert window.where.text() == "Project: news.sqlite"


def test_every_action_has_a_key_and_no_key_is_taken_twice(window: MainWindow) -> None:
    actions = window.all_actions() + [window.acts[f"recent{i}"] for i in range(8)]
    assert len(window.pane.actions()) > 10
    unkeyed = [plain(a.text()) for a in actions if not keys_of(a)]
    assert unkeyed == []
    seen: dict[str, str] = {}
    clashes = []
    for a in set(actions):
        for seq in a.shortcuts():
            key = seq.toString()
            if key in seen and seen[key] != a.text():
                clashes.append((key, seen[key], a.text()))
            seen[key] = a.text()
    assert clashes == []


def test_f1_lists_every_action_of_the_window_and_the_pane(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.sheet is not None and window.sheet.isVisible()
    listed = {(text, keys) for _, text, keys in window.sheet.rows}
    for act in window.all_actions():
        if act.isVisible():
            assert (plain(act.text()), keys_of(act)) in listed
    texts = {text for _, text, _ in window.sheet.rows}
    assert "Mark done and go to the next" in texts
    assert any(a.text() in texts for a in window.pane.actions())
    window.sheet.filter.setText("undo")
    shown = [r for r in range(window.sheet.table.rowCount()) if not window.sheet.table.isRowHidden(r)]
    assert shown and all("undo" in " ".join(window.sheet.rows[r]).lower() for r in shown)


def test_arabic_mirrors_the_window_and_translates_menus(window: MainWindow, settings: AppSettings) -> None:
    window.acts["lang_ar"].trigger()
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.list_panel.table.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert [window.menus[m].title() for m in ("file", "edit", "document", "help")] == [
        "&ملف",
        "&تحرير",
        "&وثيقة",
        "م&ساعدة",
    ]
    assert window.list_model.headerData(0, Qt.Orientation.Horizontal) == "العنوان"
    assert window.who.text() == f"المُعلِّم: {ME}"
    QApplication.processEvents()  # the pane retranslates on the LanguageChange event Qt posts
    assert "تكبير (نص أكبر)" in [a.text() for a in window.pane.actions()]
    assert window.acts["lang_ar"].isChecked() and settings.language() == "ar"
    window.grab().save(
        str(Path(os.environ.get("HASHIYA_SHOTS", window.project.path.parent)) / "window-ar.png")
    )
    window.acts["lang_en"].trigger()
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.menus["file"].title() == "&File"


def test_mark_done_goes_to_the_next_and_undo_restores(window: MainWindow) -> None:
    project = window.project
    window.acts["done_next"].trigger()
    assert status_of(project, DocId(1), ME) == "done"  # committed before the list shows it
    assert window.pane.current_document() == DocId(2)
    assert window.list_model.data(window.list_model.index(0, 1)) == "Done"
    window.acts["undo"].trigger()
    assert status_of(project, DocId(1), ME) == "new"
    assert window.list_model.data(window.list_model.index(0, 1)) == "New"
    window.acts["redo"].trigger()
    assert status_of(project, DocId(1), ME) == "done"
    assert "mark done" in window.acts["undo"].text()


def test_done_with_the_new_filter_moves_on_without_skipping(window: MainWindow) -> None:
    window.list_panel.status.setCurrentIndex(1)  # new
    window.list_panel.select_row(0)
    window.acts["done_next"].trigger()
    assert window.pane.current_document() == DocId(2)
    window.acts["done_next"].trigger()
    assert window.pane.current_document() == DocId(3)
    assert window.list_model.rowCount() == 1
    window.acts["previous"].trigger()
    assert window.pane.current_document() == DocId(3)  # nothing before it in the list any more
    window.acts["done_next"].trigger()
    assert window.list_model.rowCount() == 0
    assert window.statusBar().currentMessage() == "That was the last document in the list"


def test_next_and_previous_document(window: MainWindow) -> None:
    window.acts["next"].trigger()
    assert window.pane.current_document() == DocId(2)
    window.acts["previous"].trigger()
    assert window.pane.current_document() == DocId(1)


def test_change_annotator_is_remembered_and_shown(window: MainWindow, settings: AppSettings) -> None:
    window.acts["annotator"].trigger()
    assert window.annotator == "karim"
    assert window.who.text() == "Annotator: karim"
    assert settings.annotator_for(window.project.path) == "karim"
    assert window.pane.current_document() == DocId(1) and window.pane.annotator() == "karim"
    window.acts["done_next"].trigger()
    assert status_of(window.project, DocId(1), "karim") == "done"
    assert status_of(window.project, DocId(1), ME) == "new"


def test_import_from_the_window_refreshes_the_list(qtbot, window: MainWindow, tmp_path: Path, errors) -> None:
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "a.txt").write_text("قُطِع التيار الكهربائي عن أحياء المدينة الشرقية.", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    job = window.transfers.start_import([str(folder)])
    qtbot.waitUntil(lambda: window.list_model.rowCount() == len(TEXTS) + 1, timeout=10_000)
    assert job.wait(5000)
    assert "Imported 1 document(s)" in window.statusBar().currentMessage()
    assert errors and errors[0][0] == "Some files were refused" and "bad.txt" in errors[0][1]


def test_export_from_the_window(qtbot, window: MainWindow, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    job = window.transfers.start_export(ExportChoice(str(out), "jsonl", ME, ExportOptions()))
    qtbot.waitUntil(
        lambda: out.exists() and "Exported" in window.statusBar().currentMessage(), timeout=10_000
    )
    assert job.wait(5000)
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(TEXTS)


# -- opening projects, and refusing them with a message -----------------------------------------------
def _damaged(tmp_path: Path) -> Path:
    bad = tmp_path / "damaged.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    return bad


def _newer(tmp_path: Path) -> Path:
    path = tmp_path / "newer.sqlite"
    Project.create(path, default_schema()).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations(migration_set, name, applied_at) VALUES ('hashiya', 'm999_future', '')"
    )
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (_damaged, "damaged"),
        (lambda tmp: (tmp / "x.sqlite").write_text("hello") and tmp / "x.sqlite", "not a Hashiya project"),
        (_newer, "newer version of Hashiya"),
        (lambda tmp: tmp / "missing.sqlite", "no such project file"),
    ],
)
def test_a_project_that_cannot_open_gives_a_message_not_a_crash(
    qtbot, tmp_path: Path, settings: AppSettings, errors, make, words: str
) -> None:
    path = make(tmp_path)
    w = MainWindow(None, "", settings)  # the window run_gui shows before its project opens
    qtbot.addWidget(w)
    assert not w.open_first(str(path)) and not w.has_project()
    assert len(errors) == 1
    title, text = errors[0]
    assert title == "Cannot open the project"
    assert words in text and str(path.name) in text


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a read-only file looks like to the store, even when the tests run as root."""
    monkeypatch.setattr("store.project.os.access", lambda *_a, **_k: False)


@pytest.mark.parametrize("look", [True, False])
def test_a_read_only_project_is_explained_and_can_be_opened_to_look(
    qtbot, project_path: Path, settings: AppSettings, errors, monkeypatch, read_only, look: bool
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_yes_no", lambda _p, _title, text, _q: asked.append(text) or look)
    monkeypatch.setattr(identity, "ask_name_dialog", lambda *_: "tester")
    w = MainWindow(None, "", settings)
    qtbot.addWidget(w)
    opened = w.open_first(str(project_path))
    assert "read-only" in asked[0] and errors == []
    if not look:
        assert not opened and not w.has_project()
        return
    assert opened
    assert w.project.readonly and w.list_model.rowCount() == len(TEXTS)
    assert w.where.text() == "Project: news.sqlite (read-only)"
    assert not w.acts["done_next"].isEnabled() and not w.acts["import"].isEnabled()
    assert not w.mark("done") and errors and "read-only" in errors[0][1]


def test_an_older_project_is_upgraded_on_opening_and_the_window_says_where_the_backup_is(
    window: MainWindow, project_path: Path, errors, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store.version import FILE_FORMAT
    from tests.store.oldfiles import as_before_m011

    older = project_path.with_name("older.sqlite")
    with Project.create(older, default_schema()) as p:
        add_documents(p, [draft(TEXTS[0], "0.txt", "utf-8")])
    as_before_m011(older)
    monkeypatch.setattr(identity, "ask_name_dialog", lambda *_: "karim")
    assert window.open_project_path(older)
    (backup,) = [f for f in older.parent.iterdir() if "backup" in f.name]
    assert errors == [
        (
            "The project was upgraded",
            f"older.sqlite was saved by an older version of Hashiya (file format {FILE_FORMAT - 1}) and now has"
            f" this version's file format {FILE_FORMAT}; an older version cannot open it any more. The file as"
            f" it was is kept as:\n{backup}",
        )
    ]
    assert window.project.path == older and window.list_model.rowCount() == 1
    window.open_project_path(project_path)
    errors.clear()
    assert window.open_project_path(older) and errors == []  # told once


def test_opening_a_damaged_file_from_the_window_keeps_the_current_project(
    window: MainWindow, tmp_path: Path, errors
) -> None:
    before = window.project.path
    assert not window.open_project_path(_damaged(tmp_path))
    assert window.project.path == before and errors[0][0] == "Cannot open the project"
    assert window.list_model.rowCount() == len(TEXTS)


def test_opening_another_project_switches_the_window(window: MainWindow, tmp_path: Path, settings) -> None:
    other = tmp_path / "other.sqlite"
    Project.create(other, default_schema()).close()
    assert window.open_project_path(other)
    assert window.project.path == other and window.annotator == "karim"
    assert window.list_model.rowCount() == 0
    assert settings.recent_projects()[0] == str(other.resolve())
    assert window.acts["recent0"].isVisible()


# -- run_gui: the entry point of `python main.py [PROJECT]` -------------------------------------------
@pytest.fixture
def user_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> Iterator[Path]:
    """run_gui reads the user's settings and data folder: point both into tmp_path."""
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(identity, "ask_name_dialog", lambda *_: "tester")
    AppSettings().set_language("en")
    font, org, name = qapp.font(), qapp.organizationName(), qapp.applicationName()
    yield tmp_path
    Translations(qapp).apply("en")
    # run_gui sets these on the one QApplication of the session: later tests (golden pictures) must not see them.
    qapp.setFont(font)
    qapp.setOrganizationName(org)
    qapp.setApplicationName(name)


def _run_and_capture(qapp: QApplication, project: str | None) -> tuple[int, dict[str, object]]:
    seen: dict[str, object] = {}

    def look() -> None:
        # The window is shown first and opens its project after its first paint.
        windows = [
            w
            for w in qapp.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible() and w.has_project()
        ]
        if not windows:
            QTimer.singleShot(20, look)
            return
        w = windows[0]
        seen.update(path=w.project.path, rows=w.list_model.rowCount(), who=w.annotator)
        w.close()

    QTimer.singleShot(0, look)
    return app_module.run_gui(project), seen


def test_run_gui_opens_the_given_project(
    qapp: QApplication, user_env: Path, project_path: Path, errors
) -> None:
    code, seen = _run_and_capture(qapp, str(project_path))
    assert code == 0 and errors == []
    assert seen == {"path": project_path, "rows": len(TEXTS), "who": "tester"}


def test_run_gui_without_a_project_creates_then_reopens_the_demo(
    qapp: QApplication, user_env: Path, errors
) -> None:
    from store.demo import sample_files

    code, seen = _run_and_capture(qapp, None)
    demo = user_env / "data" / "hashiya" / "demo.sqlite"
    assert code == 0 and errors == [] and seen["path"] == demo
    with Project.open(demo) as p:
        assert document_count(p) == len(sample_files()) == seen["rows"]
    code, seen = _run_and_capture(qapp, None)
    assert code == 0 and seen["path"] == demo


def test_run_gui_on_a_damaged_file_returns_1_with_a_message(
    qapp: QApplication, user_env: Path, tmp_path: Path, errors
) -> None:
    assert app_module.run_gui(str(_damaged(tmp_path))) == 1
    assert errors and "damaged" in errors[0][1]


def test_cancel_in_the_progress_dialog_stops_the_import(qtbot, window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(2000):
        (folder / f"{i:04}.txt").write_text(f"بيان رقم {i} صادر عن المجلس المحلي.", encoding="utf-8")
    job = window.transfers.start_import([str(folder)])
    dialogs = window.findChildren(QProgressDialog)
    assert len(dialogs) == 1
    dialogs[0].findChild(QPushButton).click()  # the dialog's Cancel button
    assert job.wait(20_000)
    qtbot.waitUntil(lambda: "Imported" in window.statusBar().currentMessage(), timeout=5000)
    assert "cancelled" in window.statusBar().currentMessage()
    assert window.list_model.rowCount() < len(TEXTS) + 2000


def test_an_unexpected_error_is_shown_not_printed_only(errors, capsys) -> None:
    try:
        raise ValueError("boom")
    except ValueError as exc:
        app_module._excepthook(ValueError, exc, exc.__traceback__)
    assert errors == [
        (
            "Unexpected error",
            "Something went wrong: ValueError: boom\nEverything you did before this is saved.",
        )
    ]
    assert "Traceback" in capsys.readouterr().err


def test_a_project_without_search_index_is_indexed_in_the_background(
    qtbot, tmp_path: Path, settings: AppSettings, translations: Translations, errors
) -> None:
    path = tmp_path / "old.sqlite"
    with Project.create(path, default_schema()) as p:
        add_documents(
            p, [draft(t, f"{i}.txt", "utf-8") for i, t in enumerate(TEXTS)]
        )  # no shadow, as before m003
    w = MainWindow(Project.open(path), ME, settings, translations)
    qtbot.addWidget(w)
    assert w.statusBar().currentMessage() == "Preparing the search index…"
    qtbot.waitUntil(lambda: w.statusBar().currentMessage() == "Search index ready", timeout=10_000)
    w.list_panel.search.setText("انفجارات")
    w.list_panel.apply_filter()
    assert w.list_model.rowCount() == 1 and w.list_model.doc_id_at(0) == DocId(2)


# -- the start: the window is painted first, its project opens right after ----------------------------
def test_the_window_paints_before_its_project_opens_then_opens_it(
    qtbot, project_path: Path, settings: AppSettings, errors
) -> None:
    settings.set_annotator_for(project_path, "tester")
    w = MainWindow(None, "", settings)
    qtbot.addWidget(w)
    w.open_after_first_paint(str(project_path))
    assert not w.has_project()
    assert w.where.text() == "Opening news.sqlite…" and w.windowTitle() == "Hashiya"
    assert w.acts["quit"].isEnabled() and w.acts["lang_ar"].isEnabled()
    assert not any(w.acts[n].isEnabled() for n in ("import", "export", "done_next", "shortcuts", "open"))
    painted: list[bool] = []  # whether the project was open, at each paint of the window

    class Watch(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.append(w.has_project())
            return False

    watch = Watch()
    w.installEventFilter(watch)
    with qtbot.waitSignal(w.opened, timeout=5000) as opened:
        w.show()
    w.removeEventFilter(watch)
    assert painted[:1] == [False]  # the first frame was on screen before the project opened
    assert opened.args == [True] and errors == []
    assert w.has_project() and w.project.path == project_path and w.annotator == "tester"
    assert w.list_model.rowCount() == len(TEXTS) and w.pane.current_document() is not None
    assert w.where.text() == "Project: news.sqlite" and w.acts["import"].isEnabled()
    assert settings.recent_projects()[0] == str(project_path.resolve())


def test_a_window_never_painted_still_opens_its_project(qtbot, project_path: Path, settings) -> None:
    settings.set_annotator_for(project_path, "tester")
    w = MainWindow(None, "", settings)
    qtbot.addWidget(w)
    w.open_after_first_paint(str(project_path))
    with qtbot.waitSignal(w.opened, timeout=5000) as opened:
        pass  # never shown (a start minimised): the fallback timer opens it
    assert opened.args == [True] and w.has_project()


def test_closing_the_window_before_its_project_opens_opens_nothing(
    qtbot, project_path: Path, settings: AppSettings, errors
) -> None:
    w = MainWindow(None, "", settings)
    qtbot.addWidget(w)
    w.open_after_first_paint(str(project_path))
    seen: list[bool] = []
    w.opened.connect(seen.append)
    w.show()
    w.close()
    qtbot.wait(1200)  # past the fallback timer
    assert seen == [] and not w.has_project() and errors == []


def test_a_project_that_cannot_open_after_the_first_paint_says_why(
    qtbot, tmp_path: Path, settings: AppSettings, errors
) -> None:
    w = MainWindow(None, "", settings)
    qtbot.addWidget(w)
    w.open_after_first_paint(str(_damaged(tmp_path)))
    with qtbot.waitSignal(w.opened, timeout=5000) as opened:
        w.show()
    assert opened.args == [False] and not w.has_project()
    assert errors and errors[0][0] == "Cannot open the project" and "damaged" in errors[0][1]


def test_the_first_frame_needs_neither_the_store_nor_the_workbench() -> None:
    """What the window imports before its first paint: Qt and the shell, not the session's modules.

    Each of these costs start time the window cannot show (``make bench``
    holds the first paint to 1.5x a bare PySide6 window); they are imported
    when the project opens.
    """
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys; import ui.app, ui.main_window; "
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in ('annotate', 'store', 'ui'))))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert set(out) == {
        "store",
        "store.errors",
        "ui",
        "ui.app",
        "ui.fonts",
        "ui.i18n",
        "ui.main_window",
        "ui.messages",
        "ui.settings",
        "ui.transfers",  # the File menu's import and export flows: their dialogs and workers load when used
    }


def test_in_arabic_the_window_opened_after_its_first_paint_shows_the_first_document(
    qtbot, project_path: Path, settings: AppSettings, translations: Translations, errors
) -> None:
    """Right-to-left, QTableView.selectRow on a list not laid out yet selected nothing: an empty reader."""
    translations.apply("ar")
    settings.set_annotator_for(project_path, "tester")
    w = MainWindow(None, "", settings, translations)
    qtbot.addWidget(w)
    w.open_after_first_paint(str(project_path))
    with qtbot.waitSignal(w.opened, timeout=5000):
        w.show()
    assert w.list_panel.current_row() == 0
    assert w.pane.current_document() == w.list_model.doc_id_at(0)
    assert w.layoutDirection() == Qt.LayoutDirection.RightToLeft and errors == []
