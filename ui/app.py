"""Starting the workbench: the application, fonts, language, the project to open, the window.

``python main.py PROJECT`` opens that project; with no project the demo
project in the user's data folder opens (built on first run).  A project that
cannot be opened (damaged, newer, read-only, not ours) is explained in a
message box, and an unexpected error while running is shown the same way
instead of a traceback: everything already committed stays committed.
"""

from __future__ import annotations

import sys
import traceback
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from store.errors import ProjectError
from ui import identity, messages
from ui.fonts import load_arabic_fonts
from ui.i18n import Translations
from ui.settings import AppSettings

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def _tr(text: str) -> str:
    return QCoreApplication.translate("App", text)


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("Hashiya")
    app.setApplicationName("Hashiya")
    family = load_arabic_fonts()
    font = app.font()
    if family not in font.families():
        # Latin text keeps the system font; Arabic falls back to the bundled one, everywhere.
        font.setFamilies([*font.families(), family])
        app.setFont(font)
    return app


def open_window(
    project_path: str | None, settings: AppSettings, translations: Translations | None
) -> MainWindow | None:
    """The window on ``project_path`` (or the demo); None after telling the user why it cannot open.

    The demo builder (and the importer it needs) is imported only when there is no project to open.
    """
    from ui.main_window import MainWindow, open_or_look

    try:
        if project_path:
            project = open_or_look(project_path, None)
        else:
            from store.demo import open_demo

            project = open_demo()
        if project is None:
            return None
    except ProjectError as exc:
        messages.show_error(None, _tr("Cannot open the project"), str(exc))
        return None
    except OSError as exc:
        messages.show_error(None, _tr("Cannot open the project"), f"{project_path or ''}: {exc}")
        return None
    try:
        annotator = identity.choose_annotator(project, settings, None, identity.ask_name_dialog)
    except ProjectError as exc:
        project.close()
        messages.show_error(None, _tr("Cannot open the project"), str(exc))
        return None
    if annotator is None:
        project.close()
        return None
    settings.add_recent(project.path)
    return MainWindow(project, annotator, settings, translations, ask_name=identity.ask_name_dialog)


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """A bug in a slot must not end the session silently or show a traceback to the user."""
    traceback.print_exception(kind, exc, tb, file=sys.stderr)
    if QApplication.instance() is not None:
        messages.show_error(
            None,
            _tr("Unexpected error"),
            _tr("Something went wrong: {error}\nEverything you did before this is saved.").format(
                error=f"{kind.__name__}: {exc}"
            ),
        )


def run_gui(project_path: str | None) -> int:
    """Run the workbench until its window closes; 1 when no project could be opened."""
    app = application()
    settings = AppSettings()
    translations = Translations(app)
    translations.apply(settings.language())
    window = open_window(project_path, settings, translations)
    if window is None:
        return 1
    previous_hook = sys.excepthook
    sys.excepthook = _excepthook
    try:
        window.show()
        window.activateWindow()  # window shortcuts need an active window, also after the name dialog
        return app.exec()
    finally:
        sys.excepthook = previous_hook
