"""The searchable label palette: for labels without a hotkey, and for finding one by name.

Labels are grouped as events, actors, entities; the filter matches the Arabic
name (folded, so hamza and ta marbuta spellings match), the English name, the
key and the hotkey.  The guideline text is the tooltip, so the annotator can
check a definition without leaving the keyboard.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from annotate.arabic import fold
from annotate.schema import LABEL_KINDS, Label, Schema
from ui.i18n import display_name, interface_language

KIND_TITLES = {
    "event": QT_TRANSLATE_NOOP("LabelPalette", "Events"),
    "actor": QT_TRANSLATE_NOOP("LabelPalette", "Actors"),
    "entity": QT_TRANSLATE_NOOP("LabelPalette", "Entities"),
}
KEY_ROLE = Qt.ItemDataRole.UserRole


def _haystack(lab: Label) -> str:
    return " ".join([fold(lab.name_ar).text, lab.name_en.lower(), lab.key, lab.hotkey])


def matches(lab: Label, query: str) -> bool:
    """Every word of the query appears in one of the label's names (Arabic folded)."""
    hay = _haystack(lab)
    return all(fold(word).text in hay or word.lower() in hay for word in query.split())


class LabelPalette(QDialog):
    """Type to filter, arrows to move, Enter to choose, Esc to cancel."""

    def __init__(self, schema: Schema, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title or self.tr("Label"))
        self.schema = schema
        self.chosen = ""
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Search labels (Arabic or English name, key)"))
        self.filter.setClearButtonEnabled(True)
        self.tree = QTreeWidget(self)
        # The interface language's name comes first; the other one stays searchable and visible.
        other = self.tr("English") if interface_language() == "ar" else self.tr("Arabic")
        self.tree.setHeaderLabels([self.tr("Label"), other, self.tr("Key")])
        self.tree.setRootIsDecorated(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree)
        self.resize(560, 520)  # the three columns of the longest names without a horizontal scroll bar
        self._fill()
        self.filter.textChanged.connect(self._filter)
        self.filter.installEventFilter(self)
        self.tree.itemActivated.connect(self._activate)

    def _fill(self) -> None:
        for kind in LABEL_KINDS:
            labels = self.schema.labels_of(kind)
            if not labels:
                continue
            group = QTreeWidgetItem(self.tree, [self.tr(KIND_TITLES[kind])])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            group.setFirstColumnSpanned(True)
            for lab in labels:
                name = display_name(lab)
                other_name = lab.name_en if name == lab.name_ar else lab.name_ar
                item = QTreeWidgetItem(group, [name, other_name, lab.hotkey])
                item.setData(0, KEY_ROLE, lab.key)
                item.setForeground(0, QColor(lab.color).darker(130))
                tip = lab.description or lab.name_en
                for col in range(3):
                    item.setToolTip(col, tip)
            group.setExpanded(True)
        for col in range(3):
            self.tree.resizeColumnToContents(col)
        self._select_first()

    def _items(self) -> list[QTreeWidgetItem]:
        out = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            out += [group.child(i) for i in range(group.childCount())]
        return out

    def visible_keys(self) -> list[str]:
        return [it.data(0, KEY_ROLE) for it in self._items() if not it.isHidden()]

    def _filter(self, query: str) -> None:
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            shown = 0
            for i in range(group.childCount()):
                item = group.child(i)
                ok = matches(self.schema.label(item.data(0, KEY_ROLE)), query)
                item.setHidden(not ok)
                shown += ok
            group.setHidden(shown == 0)
        self._select_first()

    def _select_first(self) -> None:
        for item in self._items():
            if not item.isHidden():
                self.tree.setCurrentItem(item)
                return

    def _activate(self, item: QTreeWidgetItem) -> None:
        key = item.data(0, KEY_ROLE)
        if key:
            self.chosen = key
            self.accept()

    def eventFilter(self, obj: object, event: object) -> bool:
        """Arrows and Enter in the search field move in and choose from the list."""
        if obj is self.filter and isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                visible = [it for it in self._items() if not it.isHidden()]
                if visible:
                    cur = self.tree.currentItem()
                    idx = visible.index(cur) if cur in visible else -1
                    step = 1 if event.key() == Qt.Key.Key_Down else -1
                    self.tree.setCurrentItem(visible[(idx + step) % len(visible)])
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                cur = self.tree.currentItem()
                if cur is not None and not cur.isHidden():
                    self._activate(cur)
                return True
        return super().eventFilter(obj, event)


def choose_label(schema: Schema, title: str, parent: QWidget | None = None) -> str:
    """Run the palette modally; the chosen label key, or "" when cancelled."""
    dlg = LabelPalette(schema, title, parent)
    return dlg.chosen if dlg.exec() == QDialog.DialogCode.Accepted else ""
