"""The real Hashiya window under an X server, for ``test_real_window.py`` (run as a subprocess).

``python -m tests.ui.real_window_driver PROJECT SETTINGS.ini START END`` opens the
main window on PROJECT as annotator "rania", shows its first document, and once
the window is on screen prints one JSON line with the screen points of the
caret before code points START and END of that document: where a person would
press and release the mouse to drag over the word.  Then it runs until it is
killed.  Nothing here touches the window's logic: the X server delivers the
mouse and key events, as for a person.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QPoint, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import caret_point
from ui.app import application
from ui.main_window import MainWindow
from ui.reader import ReaderView
from ui.settings import AppSettings


def caret_on_screen(reader: ReaderView, cp: int) -> QPoint:
    """Global point of the caret before code point ``cp``, at mid-line height."""
    return reader.viewport().mapToGlobal(caret_point(reader, cp))


def main(argv: list[str]) -> int:
    path, ini, start, end = argv[0], argv[1], int(argv[2]), int(argv[3])
    app = application()
    settings = AppSettings(QSettings(ini, QSettings.Format.IniFormat))
    settings.set_annotator_for(path, "rania")
    # As ui.app.run_gui starts: the window is mapped and painted, then its project opens.
    window = MainWindow(None, "", settings)
    window.open_after_first_paint(path)
    window.move(0, 0)
    window.show()
    window.activateWindow()

    def report() -> None:
        reader = window.pane.reader
        a, b = caret_on_screen(reader, start), caret_on_screen(reader, end)
        print(json.dumps({"start": [a.x(), a.y()], "end": [b.x(), b.y()]}), flush=True)

    # Once the project is open, a moment for the list and the reader to be laid out before we measure.
    window.opened.connect(lambda ok: QTimer.singleShot(800, report) if ok else app.exit(3))
    code = app.exec()
    assert isinstance(QApplication.instance(), QApplication)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
