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

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from ui import messages
from ui.fonts import load_arabic_fonts
from ui.i18n import Translations
from ui.settings import AppSettings


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
    """Run the workbench until its window closes; 1 when no project could be opened.

    The window is shown before its project opens: its first frame (menus,
    status bar, "Opening …") is on screen while the project, the name dialog
    and the first document load, which take longer than starting Python and Qt.
    """
    app = application()
    settings = AppSettings()
    translations = Translations(app)
    translations.apply(settings.language())
    from ui.main_window import MainWindow

    window = MainWindow(None, "", settings, translations)
    outcome: list[bool] = []

    def opened(ok: bool) -> None:
        outcome.append(ok)
        if ok:
            window.activateWindow()  # window shortcuts need an active window, also after the name dialog
        else:
            window.close()

    window.opened.connect(opened)
    window.open_after_first_paint(project_path)
    previous_hook = sys.excepthook
    sys.excepthook = _excepthook
    try:
        window.show()
        window.activateWindow()
        code = app.exec()
        return 1 if outcome == [False] else code  # closed before the project opened: not a failure
    finally:
        sys.excepthook = previous_hook
