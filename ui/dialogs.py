"""The two dialogs the File menu's flows are made of: one gathers a choice, one reports what was done.

The import and export dialogs share their frame (a line saying why the choice
cannot run yet, Cancel and the accepting button, the tab order, retranslating
when the language changes); their summaries share theirs (a headline and a
read-only text to scroll, select and copy).  Each only says what it asks or
reports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import pairwise

from PySide6.QtCore import QEvent, QMimeData, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

_ISOLATES = {0x2066: None, 0x2069: None}


def ltr(text: object) -> str:
    """``text`` isolated left to right (LRI … PDI), for paths, file formats and the English of a report
    set among Arabic: unisolated, an Arabic line drew "/tmp/a.jsonl:1" as "tmp/a.jsonl:1/" and pulled
    a count away from its word to the Latin next to it.  Copying drops the marks (``ReportText``)."""
    return f"\u2066{text}\u2069"


def unmarked(text: str) -> str:
    """``text`` without the marks ``ltr`` put in: a path copied from a report must paste as a path."""
    return text.translate(_ISOLATES)


class ReportText(QPlainTextEdit):
    """A read-only report whose copied text has none of the invisible isolation marks it is shown with."""

    def createMimeDataFromSelection(self) -> QMimeData:
        data = QMimeData()
        data.setText(unmarked(self.textCursor().selection().toPlainText()))
        return data


class ChoiceDialog(QDialog):
    """A form whose subclass names ``ok`` and gives its fields to ``lay_out`` (``why`` and the buttons
    follow) and to ``tab_order`` top to bottom, then calls ``retranslate`` once they exist.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.why = QLabel(self)
        self.why.setWordWrap(True)
        self.why.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def lay_out(self, *parts: QWidget | QLayout) -> None:
        """``parts`` top to bottom, then ``why`` and the buttons."""
        box = QVBoxLayout(self)
        for part in parts:
            if isinstance(part, QLayout):
                box.addLayout(part)
            else:
                box.addWidget(part)
        box.addWidget(self.why)
        box.addWidget(self.buttons)

    def tab_order(self, fields: Iterable[QWidget]) -> None:
        for a, b in pairwise([*fields, *self.buttons.buttons()]):
            QWidget.setTabOrder(a, b)

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def refill(box: QComboBox, items: Mapping[str, str]) -> None:
    """``box`` with ``items`` (key: text) as its entries, keeping the chosen key (the first when none),
    and without signalling a change: a language change is not the user's choice."""
    current = box.currentData() or next(iter(items))
    box.blockSignals(True)
    box.clear()
    for key, text in items.items():
        box.addItem(text, key)
    box.setCurrentIndex(box.findData(current))
    box.blockSignals(False)


class ReportDialog(QDialog):
    """A subclass sets what it reports, then calls ``retranslate`` once."""

    def __init__(self, parent: QWidget | None = None, *, left_to_right: bool = False) -> None:
        super().__init__(parent)
        self.headline = QLabel(self)
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.body = ReportText(self)
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
        """The headline and the whole report, as shown and as copied (without the isolation marks)."""
        return unmarked(self.headline.text() + "\n" + self.body.toPlainText())
