"""The summary a long task ends with: a headline, then a read-only text to scroll, select and copy.

The import and export summaries say everything the command line prints; what
they share is this frame (and retranslating when the language changes), so
each only says what it reports: ``title``, ``headline_text`` and ``lines``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget


class ReportDialog(QDialog):
    """A subclass sets what it reports, then calls ``retranslate`` once."""

    def __init__(self, parent: QWidget | None = None, *, left_to_right: bool = False) -> None:
        super().__init__(parent)
        self.headline = QLabel(self)
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.body = QPlainTextEdit(self)
        self.body.setReadOnly(True)
        self.body.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        if left_to_right:  # paths and a format's English report read left to right in Arabic too
            self.body.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
        box = QVBoxLayout(self)
        box.addWidget(self.headline)
        box.addWidget(self.body)
        box.addWidget(buttons)
        self.resize(720, 440)

    def title(self) -> str:
        raise NotImplementedError

    def headline_text(self) -> str:
        raise NotImplementedError

    def lines(self) -> list[str]:
        raise NotImplementedError

    def retranslate(self) -> None:
        self.setWindowTitle(self.title())
        self.headline.setText(self.headline_text())
        self.body.setPlainText("\n".join(self.lines()))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def text(self) -> str:
        """The headline and the whole report, as shown."""
        return self.headline.text() + "\n" + self.body.toPlainText()
