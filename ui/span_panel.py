"""This document's spans in reading order, the selected span's links, and "annotate all occurrences".

The table is a thin item model over the controller's list (rows are built on
demand, so 5,000 spans cost nothing until scrolled to).  After an action only
the rows of the changed spans are removed and inserted (a model reset would
make the view forget and re-measure every row after each key press).
Choosing a row selects and shows the span in the reader.
"""

from __future__ import annotations

from bisect import bisect_left, insort

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotate.model import RelationId, Span, SpanId
from ui.cell_cache import CachedCellDelegate
from ui.i18n import both_names
from ui.labeling import LabelingController, LayerEdit, reading_key

ID_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = (
    QT_TRANSLATE_NOOP("SpanTableModel", "Label"),
    QT_TRANSLATE_NOOP("SpanTableModel", "Text"),
    QT_TRANSLATE_NOOP("SpanTableModel", "Attributes"),
    QT_TRANSLATE_NOOP("SpanTableModel", "Links"),
)
CONTEXT = 30
_ROLES = frozenset(
    int(r)
    for r in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.BackgroundRole,
        ID_ROLE,
        Qt.ItemDataRole.ToolTipRole,
    )
)
Index = QModelIndex | QPersistentModelIndex


class SpanTableModel(QAbstractTableModel):
    def __init__(self, ctl: LabelingController) -> None:
        super().__init__()
        self.ctl = ctl
        self._spans: list[Span] = []
        self._links: dict[SpanId, str] = {}

    def refresh(self) -> None:
        self.beginResetModel()
        self._spans = list(self.ctl.spans)
        self._links = self._link_texts()
        self.endResetModel()

    def apply_edit(self, edit: LayerEdit) -> None:
        """Remove and insert the rows of an edit, in reading order, without resetting the model."""
        for span in edit.removed:
            row = self.row_of_span(span)
            if row >= 0:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._spans[row]
                self.endRemoveRows()
        for span in edit.added:
            row = bisect_left(self._spans, reading_key(span), key=reading_key)
            self.beginInsertRows(QModelIndex(), row, row)
            insort(self._spans, span, key=reading_key)
            self.endInsertRows()
        if edit.relations_changed or edit.removed:
            links = self._link_texts()
            if links != self._links:
                self._links = links
                if self._spans:
                    col = COLUMNS.index("Links")
                    self.dataChanged.emit(self.index(0, col), self.index(len(self._spans) - 1, col))

    def _link_texts(self) -> dict[SpanId, str]:
        by_id = self.ctl.by_id
        links: dict[SpanId, list[str]] = {}
        for r in self.ctl.relations:
            if r.tail in by_id:
                links.setdefault(r.head, []).append(self.ctl.link_text(r, r.head))
            if r.head in by_id:
                links.setdefault(r.tail, []).append(self.ctl.link_text(r, r.tail))
        return {k: "; ".join(v) for k, v in links.items()}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._spans)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # A view asks each visible cell for about seven roles on every repaint; most have no answer.
        if role not in _ROLES or not index.isValid():
            return None
        span = self._spans[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(span, index.column())
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(span) if index.column() == 0 else None
        if role == ID_ROLE:
            return span.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.ctl.describe(span)
        return None

    def look(self, index: Index) -> tuple[str, int | None]:
        """What a cell shows (its text and background), for the delegate's pictures: ``data`` of the two
        roles it paints, without a crossing into C++ and back for each."""
        span = self._spans[index.row()]
        col = index.column()
        color = self._background(span) if col == 0 else None
        return self._display(span, col), color.rgba() if color is not None else None

    def _display(self, span: Span, col: int) -> str:
        if col == 0:
            lab = self.ctl.schema.label(span.label) if self.ctl.schema.has_label(span.label) else None
            return both_names(lab) if lab else span.label  # the interface language's name first
        if col == 1:
            return span.text
        if col == 2:
            return ", ".join(f"{k}={v}" for k, v in self.ctl.attribute_texts(span))
        return self._links.get(span.id, "")

    def _background(self, span: Span) -> QColor | None:
        if not self.ctl.schema.has_label(span.label):
            return None
        color = QColor(self.ctl.schema.label(span.label).color)
        color.setAlpha(70)
        return color

    def row_of(self, span_id: SpanId | None) -> int:
        span = self.ctl.by_id.get(span_id) if span_id is not None else None
        return self.row_of_span(span) if span is not None else -1

    def row_of_span(self, span: Span) -> int:
        """The row showing ``span`` (binary search: rows are in reading order), or -1."""
        key = reading_key(span)
        row = bisect_left(self._spans, key, key=reading_key)
        return row if row < len(self._spans) and self._spans[row].id == span.id else -1


class SpanPanel(QWidget):
    """The span list and the selected span's links (Delete removes the chosen link)."""

    def __init__(self, ctl: LabelingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = ctl
        self.model = SpanTableModel(ctl)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        # The table repaints every visible cell after each key press: drawn once, copied after.
        self.delegate = CachedCellDelegate(self.table, self.model.look)
        self.table.setItemDelegate(self.delegate)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The columns share the panel's width until the user drags one: no horizontal scrolling
        # in the default window (label and text matter most; the tooltip shows the whole span).
        self._fitting = False
        self._user_sized = False
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(40)  # the style's default (some 120 px) alone would overflow the panel
        header.sectionResized.connect(self._section_resized)
        self._header_pressed = False
        self._sizes: list[int] = []
        self.model.modelAboutToBeReset.connect(self._keep_sizes)
        self.model.modelReset.connect(self._restore_sizes)
        self.table.viewport().installEventFilter(self)
        header.viewport().installEventFilter(self)
        self._fit_columns()
        self.links = QListWidget(self)
        self.links.setMaximumHeight(110)
        self.spans_title = QLabel(self)
        self.links_title = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.spans_title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.links_title)
        layout.addWidget(self.links)
        self._retranslate()
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.table.activated.connect(lambda idx: self._row_chosen(idx, QModelIndex()))
        unlink = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.links, self._delete_link)
        unlink.setContext(Qt.ShortcutContext.WidgetShortcut)
        ctl.layerLoaded.connect(self.refresh)
        ctl.layerEdited.connect(self._edited)
        ctl.selectionChanged.connect(self._follow)
        self._syncing = False
        self._shown_links: list[tuple[str, RelationId]] = []

    COLUMN_SHARES = (0.34, 0.30, 0.18, 0.18)  # Label, Text, Attributes, Links

    def _fit_columns(self) -> None:
        if self._user_sized:
            return
        width = self.table.viewport().width()
        self._fitting = True
        try:
            header = self.table.horizontalHeader()
            used = 0
            for col, share in enumerate(self.COLUMN_SHARES[:-1]):
                size = max(header.minimumSectionSize(), int(width * share))
                header.resizeSection(col, size)
                used += size
            header.resizeSection(len(self.COLUMN_SHARES) - 1, max(header.minimumSectionSize(), width - used))
        finally:
            self._fitting = False

    def _section_resized(self, _col: int, _old: int, _new: int) -> None:
        # Qt resizes sections itself too (a model reset): only a drag on the header is the user's choice.
        if not self._fitting and self._header_pressed:
            self._user_sized = True  # the user's widths stay; the scroll bar shows what no longer fits

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if obj is self.table.viewport() and kind == QEvent.Type.Resize:
            self._fit_columns()
        elif obj is self.table.horizontalHeader().viewport():
            if kind == QEvent.Type.MouseButtonPress:
                self._header_pressed = True
            elif kind == QEvent.Type.MouseButtonRelease:
                self._header_pressed = False
        return super().eventFilter(obj, event)

    def _retranslate(self) -> None:
        self.links.setToolTip(self.tr("Links of the selected span; Delete removes the chosen one"))
        self.spans_title.setText(self.tr("Spans"))
        self.links_title.setText(self.tr("Links"))

    def changeEvent(self, event: QEvent) -> None:
        """A language switch renames the titles, headers, label names and links (one model reset)."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.refresh()
        super().changeEvent(event)

    def refresh(self) -> None:
        self._syncing = True
        try:
            self.model.refresh()
        finally:
            self._syncing = False
        self._follow()

    def _keep_sizes(self) -> None:
        header = self.table.horizontalHeader()
        self._sizes = [header.sectionSize(c) for c in range(header.count())]

    def _restore_sizes(self) -> None:
        """A model reset (new layer, language switch) makes the header forget its section sizes."""
        if not self._user_sized:
            self._fit_columns()
            return
        self._fitting = True
        try:
            for col, size in enumerate(self._sizes):
                self.table.horizontalHeader().resizeSection(col, size)
        finally:
            self._fitting = False

    def _edited(self, edit: LayerEdit) -> None:
        self._syncing = True
        try:
            self.model.apply_edit(edit)
        finally:
            self._syncing = False
        self._follow()

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        span_id = self.model.data(current, ID_ROLE)
        if span_id != self.ctl.selected:
            self.ctl.select_span(span_id, scroll=True)

    def _follow(self) -> None:
        """Keep the table's current row and the link list on the controller's selected span."""
        row = self.model.row_of(self.ctl.selected)
        self._syncing = True
        try:
            if row >= 0:
                idx = self.model.index(row, 0)
                if self.table.currentIndex().row() != row:
                    self.table.setCurrentIndex(idx)
                    self.table.scrollTo(idx)
            else:
                self.table.clearSelection()
        finally:
            self._syncing = False
        sel = self.ctl.selected
        by_id = self.ctl.by_id
        shown = []
        for r in self.ctl.relations:
            if sel is None or sel not in (r.head, r.tail):
                continue
            if r.head not in by_id or r.tail not in by_id:
                continue
            # No arrows: they point the wrong way once the interface is mirrored for Arabic.
            shown.append((self.ctl.link_text(r, sel), r.id))
        if shown == self._shown_links and self.links.count() == len(shown):
            return  # refilling an unchanged list costs a relayout and a repaint after every action
        self._shown_links = shown
        self.links.clear()
        for text, rel_id in shown:
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, rel_id)
            self.links.addItem(item)

    def _delete_link(self) -> None:
        item = self.links.currentItem()
        if item is not None:
            self.ctl.delete_relation(RelationId(item.data(ID_ROLE)))


class OccurrencesDialog(QDialog):
    """Preview of every occurrence that would be labelled; unticked ones are left alone."""

    def __init__(
        self, text: str, ranges: list[tuple[int, int]], title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.ranges = ranges
        self.list = QListWidget(self)
        self.list.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        for i, (s, e) in enumerate(ranges):
            before = text[max(0, s - CONTEXT) : s].replace("\n", " ")
            after = text[e : e + CONTEXT].replace("\n", " ")
            item = QListWidgetItem(f"…{before}【{text[s:e]}】{after}…")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setData(ID_ROLE, i)
            self.list.addItem(item)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Label {n}").format(n=len(ranges)))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("Space toggles one; the ticked ones are labelled as one undoable action."), self)
        )
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(560, 420)

    def chosen(self) -> list[tuple[int, int]]:
        return [
            self.ranges[self.list.item(i).data(ID_ROLE)]
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]
