"""The shortcut sheet (F1): every action of the window and of the annotation pane, with its keys.

It is built from the live QAction objects, never from a hand-kept list, so a
new action shows up here the moment it exists, and an action without a key
is visible as such.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

Group = tuple[str, Sequence[QAction]]


def _tr(text: str) -> str:
    return QCoreApplication.translate("Shortcuts", text)


def plain(text: str) -> str:
    """Menu text without its mnemonic ampersands ("&&" is a literal "&")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def keys_of(action: QAction) -> str:
    """All of an action's shortcuts as the platform writes them (Ctrl+Z, Ctrl+Shift+Z)."""
    return "   ".join(
        s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts() if not s.isEmpty()
    )


def shortcut_rows(groups: Sequence[Group]) -> list[tuple[str, str, str]]:
    """(group, action text, keys) for every visible action, in menu order."""
    rows: list[tuple[str, str, str]] = []
    for title, actions in groups:
        for act in actions:
            if act.isSeparator() or not act.isVisible() or act.menu() is not None:
                continue
            rows.append((plain(title), plain(act.text()), keys_of(act)))
    return rows


class ShortcutSheet(QDialog):
    """A searchable table of actions and keys; plain text only (action names may hold « » and Arabic)."""

    def __init__(self, groups: Sequence[Group], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Keyboard shortcuts"))
        self.rows = shortcut_rows(groups)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(_tr("Filter"))
        self.filter.setClearButtonEnabled(True)
        self.table = QTableWidget(len(self.rows), 3, self)
        self.table.setHorizontalHeaderLabels([_tr("Menu"), _tr("Action"), _tr("Keys")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for r, row in enumerate(self.rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c == 2:
                    # Key names read left to right even in the Arabic interface.
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignLeft
                        | Qt.AlignmentFlag.AlignAbsolute
                        | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._filter)
        self.resize(760, 560)

    def _filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for r, row in enumerate(self.rows):
            self.table.setRowHidden(r, bool(needle) and not any(needle in cell.casefold() for cell in row))
