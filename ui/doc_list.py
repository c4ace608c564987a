"""The document list: a lazy table model over the store, with a status filter and a folded search box.

The model never holds the corpus.  It holds the ids of the listed documents
(ascending; a ``range`` when ids have no gaps, see ``store.listing``, so a
1,000,000-document project lists at once) and a small cache of pages of summaries, each
read by primary key (``summaries_for``) the first time a view asks for one of
its rows, so 100,000 documents cost what the visible rows cost.  LIMIT/OFFSET
paging (``summaries``) was measured at 350 ms for the last page of 100,000
1-KB articles, which made dragging the scroll bar stutter.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from annotate.model import DocId, DocSummary, Status
from store.documents import summaries_for
from store.listing import listed_ids
from store.project import Project
from store.search import search_documents

PAGE = 100
MAX_PAGES = 30
Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("DocList", text)


def status_name(status: Status) -> str:
    names = {"new": _tr("New"), "in_progress": _tr("In progress"), "done": _tr("Done")}
    return names.get(status, status)


def _starts_rtl(text: str) -> bool:
    """Direction of the first strong character: Arabic titles align right in either interface language."""
    for ch in text:
        if "\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufefc":
            return True
        if ch.isalpha():
            return False
    return False


class DocListModel(QAbstractTableModel):
    """Rows are documents in id order (or search hits); columns: title, status, span count."""

    TITLE, STATUS, SPANS = range(3)

    def __init__(self, project: Project, annotator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.annotator = annotator
        self.status_filter: Status | None = None
        self.query = ""
        self._ids: Sequence[DocId] = ()  # what is listed, ascending: all (filtered) documents or search hits
        self._pages: OrderedDict[int, list[DocSummary]] = OrderedDict()
        self.fetched_rows = 0
        """Rows read from the store since the last reset: what tests check laziness with."""
        self._recount()

    # -- what is listed ---------------------------------------------------------------------------
    def _recount(self) -> None:
        self._pages.clear()
        self.fetched_rows = 0
        if self.query.strip():
            self._ids = search_documents(self.project, self.query, self.annotator, self.status_filter)
        else:
            self._ids = listed_ids(self.project, self.annotator, self.status_filter)

    def set_filter(self, status: Status | None = None, query: str | None = None) -> None:
        self.beginResetModel()
        self.status_filter = status
        if query is not None:
            self.query = query
        self._recount()
        self.endResetModel()

    def set_annotator(self, annotator: str) -> None:
        self.annotator = annotator
        self.refresh()

    def refresh(self) -> None:
        """Re-read counts and pages after a change (status, spans, import)."""
        self.beginResetModel()
        self._recount()
        self.endResetModel()

    def refresh_rows(self) -> None:
        """Drop cached pages and repaint, when the change cannot alter which rows are listed."""
        self._pages.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, 2))

    def refresh_doc(self, doc_id: DocId | None) -> None:
        """Re-read one document's row (its span count or status changed); other pages stay cached."""
        row = self.row_of(doc_id) if doc_id is not None else None
        if row is None:
            self.refresh_rows()
            return
        self._pages.pop(row // PAGE, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, 2))

    # -- paging -------------------------------------------------------------------------------------
    def _page(self, n: int) -> list[DocSummary]:
        page = self._pages.get(n)
        if page is not None:
            self._pages.move_to_end(n)
            return page
        lo = n * PAGE
        page = summaries_for(self.project, self.annotator, list(self._ids[lo : lo + PAGE]))
        self.fetched_rows += len(page)
        self._pages[n] = page
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return page

    def summary(self, row: int) -> DocSummary | None:
        if not 0 <= row < len(self._ids):
            return None
        page = self._page(row // PAGE)
        k = row % PAGE
        return page[k] if k < len(page) else None

    def doc_id_at(self, row: int) -> DocId | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, doc_id: DocId) -> int | None:
        """The row of a listed document (ids are ascending, so a binary search)."""
        k = bisect_left(self._ids, doc_id)
        return k if k < len(self._ids) and self._ids[k] == doc_id else None

    # -- Qt model interface ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.TextAlignmentRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        s = self.summary(index.row())
        if s is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == self.TITLE and _starts_rtl(s.title):
                return int(
                    Qt.AlignmentFlag.AlignRight
                    | Qt.AlignmentFlag.AlignAbsolute
                    | Qt.AlignmentFlag.AlignVCenter
                )
            return None
        if col == self.TITLE:
            return s.title or s.ext_id
        if col == self.STATUS:
            return status_name(s.status)
        return str(s.span_count) if role == Qt.ItemDataRole.DisplayRole else None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (_tr("Title"), _tr("Status"), _tr("Spans"))[section]


class DocListPanel(QWidget):
    """Search box, status filter and the table; emits the document the user moves to."""

    documentChosen = Signal(int)
    SEARCH_DELAY_MS = 250

    def __init__(self, model: DocListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._quiet = False
        self._anchor: int | None = None
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox(self)
        for _ in range(4):
            self.status.addItem("")
        self.table = QTableView(self)
        self.table.setModel(model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # Fixed section sizes: ResizeToContents would read every row of the corpus.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        # The default minimum follows the font's line height, which the Arabic fallback font makes large.
        header.setMinimumSectionSize(36)
        header.setSectionResizeMode(DocListModel.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(DocListModel.STATUS, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(DocListModel.SPANS, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(DocListModel.STATUS, 90)
        header.resizeSection(DocListModel.SPANS, 50)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.status)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(top)
        box.addWidget(self.table, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.open_first)
        self.status.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self._connect_selection()
        self.retranslate()

    def _connect_selection(self) -> None:
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_tr("Search titles and texts (Ctrl+F)"))
        for i, text in enumerate(
            (_tr("All"), status_name("new"), status_name("in_progress"), status_name("done"))
        ):
            self.status.setItemText(i, text)

    def status_choice(self) -> Status | None:
        statuses: list[Status | None] = [None, "new", "in_progress", "done"]
        return statuses[max(0, self.status.currentIndex())]

    def apply_filter(self) -> None:
        """Filter now (the search box waits for a pause in typing); the reader is never moved by it."""
        self._timer.stop()
        current = self.current_doc()
        row = max(0, self.current_row())
        self.model.set_filter(self.status_choice(), self.search.text())
        self._keep(current, row, anchor=0)

    def open_first(self) -> None:
        """Enter in the search box: filter now, show the first hit, and hand the keys to the list."""
        self.apply_filter()
        if self.model.rowCount():
            self.select_row(0, emit=self.current_row() != 0)
        self.table.setFocus()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._quiet:
            doc = self.model.doc_id_at(current.row())
            if doc is not None:
                self.documentChosen.emit(int(doc))

    def select_row(self, row: int, emit: bool = True) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        self._anchor = None
        self._quiet = not emit
        try:
            # Not QTableView.selectRow: right-to-left, it picks the column at the viewport's far edge,
            # so on a table not laid out yet (a window whose project opens after its first paint) it
            # selects nothing and no document is shown.
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().setCurrentIndex(self.model.index(row, 0), flags)
            self.table.scrollTo(self.model.index(row, 0))
        finally:
            self._quiet = False

    def current_row(self) -> int:
        return self.table.currentIndex().row()

    def current_doc(self) -> DocId | None:
        row = self.current_row()
        return self.model.doc_id_at(row) if row >= 0 else None

    def move(self, step: int) -> bool:
        """Go to the next (+1) or previous (-1) row; False at either end.

        After the shown document left the list (its status no longer matches
        the filter), the next one is the row it occupied.
        """
        row = self.current_row()
        if row < 0 and self._anchor is not None:
            row = self._anchor if step > 0 else self._anchor - 1
        else:
            row += step
        if not 0 <= row < self.model.rowCount():
            return False
        self._anchor = None
        self.select_row(row)
        return True

    def refresh_keeping(self, doc_id: DocId | None, row_hint: int) -> None:
        """Reload after a change without moving the reader: the document stays selected if listed;

        if it left the list, nothing is selected and ``move`` continues from its place.
        """
        self.model.refresh()
        self._keep(doc_id, row_hint, anchor=max(0, row_hint))

    def after_edit(self, doc_id: DocId | None, row_hint: int) -> None:
        """A span or status changed: repaint in place, unless a status filter may drop or add rows."""
        if self.model.status_filter is None:
            self.model.refresh_doc(doc_id)
        else:
            self.refresh_keeping(doc_id, row_hint)

    def _keep(self, doc_id: DocId | None, row_hint: int, anchor: int) -> None:
        row = self.model.row_of(doc_id) if doc_id is not None else None
        if row is None and doc_id is not None:
            near = [r for r in (row_hint, row_hint - 1, row_hint + 1) if self.model.doc_id_at(r) == doc_id]
            row = near[0] if near else None
        if row is not None:
            self.select_row(row, emit=False)
        else:
            self.table.clearSelection()
            self.table.setCurrentIndex(QModelIndex())
            self._anchor = anchor
