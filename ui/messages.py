"""The one way the workbench shows an error: a message box with a translated title and the store's words.

Store errors already name the file and say what to do, so they are shown as
they are, as plain text (a file name with ``<`` in it is not markup).  Tests
replace ``show_error`` to see what would have been shown without a modal box
blocking them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


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
