"""The one way the workbench shows an error: a message box with a translated title and the store's words.

Store errors already name the file and say what to do, so they are shown as
they are, as plain text (a file name with ``<`` in it is not markup).  The
store speaks English; ``explain`` puts a sentence in the interface's language
before its words, saying what kind of trouble it is, so an Arabic interface
never shows an English error alone.  Tests replace ``show_error`` to see what
would have been shown without a modal box blocking them.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ui.i18n import interface_language

# By class name, along the exception's classes: importing store.errors and the text importer here would
# put them in the first frame's imports.  A test keeps the names those of real classes.
_KINDS = {
    "NotAProjectError": QT_TRANSLATE_NOOP(
        "Messages", "This file is not a Hashiya project, or it is damaged; it was not changed."
    ),
    "NewerVersionError": QT_TRANSLATE_NOOP(
        "Messages", "This project was saved by a newer version of Hashiya; update the program to open it."
    ),
    "ReadOnlyProjectError": QT_TRANSLATE_NOOP(
        "Messages", "The project file or its folder cannot be written."
    ),
    "ProjectBusyError": QT_TRANSLATE_NOOP(
        "Messages", "Another program is writing to the project; try again in a moment."
    ),
    "ProjectWriteError": QT_TRANSLATE_NOOP(
        "Messages", "Saving failed (a full disk or an input/output error); nothing was half-written."
    ),
    "ConflictError": QT_TRANSLATE_NOOP(
        "Messages", "This changed in another window or program since it was shown; nothing was written."
    ),
    "ImportFileError": QT_TRANSLATE_NOOP(
        "Messages",
        "A file could not be read; the details name the file and the line. Nothing of it was imported.",
    ),
    "ProjectError": QT_TRANSLATE_NOOP(
        "Messages", "This could not be done; the details (in English) say why."
    ),
}


def explain(exc: BaseException) -> str:
    """``str(exc)``, led by what kind of trouble it is when the interface is not in English."""
    detail = str(exc)
    if interface_language() == "en":
        return detail  # the store's words say it already
    for cls in type(exc).__mro__:
        if cls.__name__ in _KINDS:
            return f"{QCoreApplication.translate('Messages', _KINDS[cls.__name__])}\n\n{detail}"
    return detail


def _box(icon: QMessageBox.Icon, parent: QWidget | None, title: str, message: str) -> None:
    # The title is repeated as the headline: macOS and bare X sessions show no window title.
    box = QMessageBox(icon, title, title, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(message)
    box.exec()


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    _box(QMessageBox.Icon.Critical, parent, title, message)


def show_info(parent: QWidget | None, title: str, message: str) -> None:
    _box(QMessageBox.Icon.Information, parent, title, message)


def ask_yes_no(parent: QWidget | None, title: str, message: str, question: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, title, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(f"{message}\n\n{question}")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes
