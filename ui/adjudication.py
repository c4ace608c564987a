"""The adjudication view: every annotator's candidates for one document, grouped by position.

The reviewer walks the disagreements with the keyboard (n next, a accept,
r reject, e edit then accept, Shift+A accept all agreed; keys by physical
position, so they work on an Arabic layout) and can edit the gold layer
directly in the second tab, which is the ordinary annotation pane working on
the "gold" layer.  Each decision is one transaction and one undo step.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPixmap,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotate.adjudication import (
    GroupView,
    Plan,
    accept,
    accept_all_agreed,
    edit,
    next_open,
    reject,
)
from annotate.doclabels import DocLabel, DocLabelGroup, accept_agreed_doc_labels, decide_doc_label
from annotate.model import GOLD, DocId, Span, now
from annotate.schema import Schema
from store.doclabels import restore_doc_label, set_doc_label
from store.errors import ProjectError
from store.gold import Applied, Board, decide, load_board, ready_titles, undo
from store.project import Project
from ui import messages
from ui.bars import max_depth
from ui.charts import series_color
from ui.i18n import attribute_texts, both_names
from ui.keys import physical_key
from ui.reader import Highlight, ReaderView

KIND_MARKS = {
    "agree": "=",
    "label": QT_TRANSLATE_NOOP("Adjudication", "≠ label"),
    "boundary": QT_TRANSLATE_NOOP("Adjudication", "≠ edges"),
    "missing": QT_TRANSLATE_NOOP("Adjudication", "∅ missing"),
}
KIND_TEXTS = {  # annotate.adjudication.KIND_NAMES, for the interface language
    "agree": QT_TRANSLATE_NOOP("Adjudication", "all agree"),
    "label": QT_TRANSLATE_NOOP("Adjudication", "label differs"),
    "boundary": QT_TRANSLATE_NOOP("Adjudication", "boundary differs"),
    "missing": QT_TRANSLATE_NOOP("Adjudication", "missing in some"),
}
STATE_TEXTS = {
    "open": QT_TRANSLATE_NOOP("Adjudication", "open"),
    "accepted": QT_TRANSLATE_NOOP("Adjudication", "accepted"),
    "rejected": QT_TRANSLATE_NOOP("Adjudication", "rejected"),
    "edited": QT_TRANSLATE_NOOP("Adjudication", "edited"),
}
DECISION_STATES = {"accept": "accepted", "reject": "rejected", "edit": "edited"}
KIND_COLORS = {"agree": "#e6f4ea", "label": "#fde2e1", "boundary": "#fff1d6", "missing": "#e8eaf6"}
STATE_MARKS = {"open": "•", "accepted": "✓", "rejected": "✗", "edited": "✎"}
_ICONS: dict[str, QIcon] = {}
Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("Adjudication", text)


def _kind_and_state(view: GroupView) -> str:
    return f"{_tr(KIND_TEXTS[view.group.kind])}; {_tr(STATE_TEXTS[view.state])}"


def _swatch(color: QColor) -> QIcon:
    icon = _ICONS.get(color.name())
    if icon is None:
        pm = QPixmap(12, 12)
        pm.fill(color)
        icon = _ICONS[color.name()] = QIcon(pm)
    return icon


class GroupModel(QAbstractTableModel):
    """Groups and their candidates as one flat list: a group row, then one row per candidate.

    A thin adapter over the board that builds no item objects and needs no
    expanding, which is what keeps a document with hundreds of spans instant.
    """

    HEADERS = (
        "",
        QT_TRANSLATE_NOOP("GroupModel", "Annotator / position"),
        QT_TRANSLATE_NOOP("GroupModel", "Label"),
        QT_TRANSLATE_NOOP("GroupModel", "Text"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.views: tuple[GroupView, ...] = ()
        self.rows: list[tuple[int, int]] = []
        """(group, candidate) per row; candidate -1 is the group's own row."""
        self.first_row: list[int] = []
        self.text = ""
        self.colors: dict[str, QColor] = {}
        self.label_names: dict[str, str] = {}
        self.schema: Schema | None = None

    def reset(
        self,
        views: tuple[GroupView, ...],
        text: str,
        colors: dict[str, QColor],
        names: dict[str, str],
        schema: Schema | None = None,
    ) -> None:
        """``schema`` names the candidates' attributes and their values in their tooltips."""
        self.beginResetModel()
        self.views, self.text, self.colors, self.label_names = views, text, colors, names
        self.schema = schema
        self.rows, self.first_row = [], []
        for gi, v in enumerate(views):
            self.first_row.append(len(self.rows))
            self.rows.append((gi, -1))
            self.rows.extend((gi, k) for k in range(len(v.group.spans)))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section]) if self.HEADERS[section] else ""
        return None

    def group_index(self, group: int, candidate: int = -1, column: int = 0) -> QModelIndex:
        return self.index(self.first_row[group] + 1 + candidate, column)

    def group_row(self, index: Index) -> int:
        return self.rows[index.row()][0]

    def span_at(self, index: Index) -> Span | None:
        if not index.isValid():
            return None
        gi, k = self.rows[index.row()]
        return None if k < 0 else self.views[gi].group.spans[k]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        col = index.column()
        gi, k = self.rows[index.row()]
        v = self.views[gi]
        g = v.group
        if k < 0:
            if role == Qt.ItemDataRole.DisplayRole:
                if col == 0:
                    return f"{STATE_MARKS[v.state]} {_tr(KIND_MARKS[g.kind])}"
                if col == 1:
                    where = f"{g.start}–{g.end}"
                    if g.missing:
                        return self.tr("{range}  (missing: {names})").format(
                            range=where, names=", ".join(g.missing)
                        )
                    return where
                return self.text[g.start : g.end] if col == 3 else ""
            if role == Qt.ItemDataRole.BackgroundRole:
                return QColor(KIND_COLORS[g.kind])
            if role == Qt.ItemDataRole.ToolTipRole:
                return _kind_and_state(v)
            return None
        s = g.spans[k]
        if role == Qt.ItemDataRole.DisplayRole:
            return ("", s.annotator, self.label_names.get(s.label, s.label), s.text)[col]
        if role == Qt.ItemDataRole.DecorationRole and col == 1:
            return _swatch(self.colors[s.annotator])
        if role == Qt.ItemDataRole.ToolTipRole and s.attributes:
            # Candidates that differ only in their attributes are a "label" group: show what differs.
            texts = attribute_texts(self.schema, s.label, s.attributes) if self.schema else list(s.attributes)
            return "\n".join(f"{k} = {v}" for k, v in texts)
        return None


def preferred(view: GroupView) -> Span:
    """The candidate to accept when the reviewer has not picked one: the most proposed version."""
    votes = Counter((s.start, s.end, s.label, s.attributes) for s in view.group.spans)
    best = votes.most_common(1)[0][0]
    return next(s for s in view.group.spans if (s.start, s.end, s.label, s.attributes) == best)


class DecisionCommand(QUndoCommand):
    """One adjudication decision on the shared undo stack (gold spans plus decision rows)."""

    def __init__(self, project: Project, plan: Plan, reviewer: str, after: Callable[[str], None]) -> None:
        super().__init__(_tr("adjudicate {n} candidate(s)").format(n=len(plan.decisions)))
        self.project, self.plan, self.reviewer, self.after = project, plan, reviewer, after
        self.applied: Applied | None = None

    def redo(self) -> None:
        try:
            self.applied = decide(self.project, self.plan, self.reviewer)
        except ProjectError as exc:
            self.setObsolete(True)
            self.after(messages.explain(exc))
            return
        self.after("")

    def undo(self) -> None:
        if self.applied is not None:
            try:
                undo(self.project, self.applied, self.reviewer)
            except ProjectError as exc:
                self.after(messages.explain(exc))
                return
        self.after("")


class DocLabelCommand(QUndoCommand):
    """Setting one gold document label, undoable (the value it replaced comes back)."""

    def __init__(self, project: Project, label: DocLabel, after: Callable[[str], None]) -> None:
        super().__init__(_tr("gold {key} = {value}").format(key=label.key, value=label.value))
        self.project, self.label, self.after = project, label, after
        self.before: DocLabel | None = None

    def redo(self) -> None:
        try:
            self.before = set_doc_label(self.project, self.label)
        except ProjectError as exc:
            self.setObsolete(True)
            self.after(messages.explain(exc))
            return
        self.after("")

    def undo(self) -> None:
        lab = self.label
        try:
            restore_doc_label(self.project, lab.doc_id, lab.annotator, lab.key, self.before)
        except ProjectError as exc:
            self.after(messages.explain(exc))
            return
        self.after("")


DOC_KIND_MARKS = {"agree": "=", "differs": "≠", "missing": "∅"}


class DocLabelPanel(QTableWidget):
    """Document-level labels, one row per key: each annotator's value and the gold value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self._retranslate()
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.verticalHeader().setVisible(False)
        self.groups: tuple[DocLabelGroup, ...] = ()

    def _retranslate(self) -> None:
        self.setHorizontalHeaderLabels(["", self.tr("Key"), self.tr("Annotators' values"), self.tr("Gold")])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def set_groups(self, groups: tuple[DocLabelGroup, ...]) -> None:
        row = self.currentRow()
        self.groups = groups
        self.setRowCount(len(groups))
        for i, g in enumerate(groups):
            state = "✓" if g.decided else "•"
            values = "; ".join(f"{a}: {v}" for a, v in g.values)
            if g.missing:
                values = self.tr("{values}  (missing: {names})").format(
                    values=values, names=", ".join(g.missing)
                )
            gold = "" if g.gold is None else g.gold.value
            for j, text in enumerate((f"{state} {DOC_KIND_MARKS[g.kind]}", g.key, values, gold)):
                self.setItem(i, j, QTableWidgetItem(text))
        self.resizeColumnsToContents()
        if groups:
            self.setCurrentCell(min(max(row, 0), len(groups) - 1), 0)

    def current_group(self) -> DocLabelGroup | None:
        row = self.currentRow()
        return self.groups[row] if 0 <= row < len(self.groups) else None


class AdjudicationView(QWidget):
    """Adjudicate one document at a time; ``show_document`` loads one."""

    changed = Signal()
    message = Signal(str)

    def __init__(
        self,
        project: Project,
        reviewer: str,
        undo_stack: QUndoStack | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.project, self.reviewer = project, reviewer
        self.stack = undo_stack or QUndoStack(self)
        self.board: Board | None = None
        self.colors: dict[str, QColor] = {}
        self.docs = QComboBox(self)
        self.docs.activated.connect(lambda i: self.show_document(DocId(self.docs.itemData(i))))
        self.state = QLabel(self)
        self.legend = QLabel(self)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.model = GroupModel(self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setIndentation(0)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.reader = ReaderView(self)
        self.provenance = QLabel(self)
        self.provenance.setWordWrap(True)
        self.provenance.setTextFormat(Qt.TextFormat.PlainText)
        self.gold_pane: QWidget | None = None
        self._auto_selection = (0, 0)
        self.tabs = QTabWidget(self)
        cands = QWidget(self)
        split = QSplitter(Qt.Orientation.Horizontal, cands)
        split.addWidget(self.reader)
        split.addWidget(self.tree)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay = QVBoxLayout(cands)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split, 1)
        lay.addWidget(self.provenance)
        self.tabs.addTab(cands, "")
        self.tabs.addTab(QWidget(self), "")
        self.doc_labels = DocLabelPanel(self)
        self.tabs.addTab(self.doc_labels, "")
        self.tabs.currentChanged.connect(self._tab_changed)
        buttons = QHBoxLayout()
        self._buttons: list[tuple[QPushButton, str]] = []
        for text, slot in (
            (QT_TRANSLATE_NOOP("AdjudicationView", "Next disagreement (N)"), self.next_disagreement),
            (QT_TRANSLATE_NOOP("AdjudicationView", "Accept (A)"), self.accept_current),
            (QT_TRANSLATE_NOOP("AdjudicationView", "Reject (R)"), self.reject_current),
            (QT_TRANSLATE_NOOP("AdjudicationView", "Edit, then accept (E)"), self.edit_current),
            (QT_TRANSLATE_NOOP("AdjudicationView", "Accept all agreed (Shift+A)"), self.accept_agreed),
        ):
            b = QPushButton(self)
            b.clicked.connect(slot)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            buttons.addWidget(b)
            self._buttons.append((b, text))
        self.doc_title = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(self.doc_title)
        top.addWidget(self.docs, 1)
        top.addWidget(self.state)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.legend)
        layout.addLayout(buttons)
        layout.addWidget(self.tabs, 1)
        for w in (self.tree, self.reader, self.doc_labels, self):
            w.installEventFilter(self)
        self._keys: dict[str, Callable[[], None]] = {
            "n": self.next_disagreement,
            "shift+n": lambda: self._next(False),
            "a": self.accept_current,
            "r": self.reject_current,
            "e": self.edit_current,
            "shift+a": self.accept_agreed,
        }
        self._label_keys: dict[str, Callable[[], None]] = {
            "a": self.accept_doc_label,
            "e": self.edit_doc_label,
            "shift+a": self.accept_agreed,
        }
        undo_act = self.stack.createUndoAction(self, self.tr("Undo decision"))
        undo_act.setShortcut(QKeySequence.StandardKey.Undo)
        redo_act = self.stack.createRedoAction(self, self.tr("Redo decision"))
        redo_act.setShortcut(QKeySequence.StandardKey.Redo)
        for act in (undo_act, redo_act):
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(act)
        self._retranslate_static()
        self.refresh_documents()

    def _retranslate_static(self) -> None:
        for button, source in self._buttons:
            button.setText(self.tr(source))
        self.doc_title.setText(self.tr("Document:"))
        self.tabs.setTabText(0, self.tr("Candidates"))
        self.tabs.setTabText(1, self.tr("Gold layer (editable)"))
        self.tabs.setTabText(2, self.tr("Document labels"))

    def changeEvent(self, event: QEvent) -> None:
        """A language switch while the window is open: every text again, the shown document re-read."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate_static()
            if self.isVisible():  # a closed window may outlive its project's connection: no store reads
                self.refresh_documents()
                if self.board is not None:
                    self.show_document(self.board.doc.id)
        super().changeEvent(event)

    # -- documents ---------------------------------------------------------------------------
    def refresh_documents(self) -> None:
        """The picker lists documents ready for adjudication (every assigned annotator done)."""
        current = self.board.doc.id if self.board else None
        self.docs.clear()
        for d, title in ready_titles(self.project):
            self.docs.addItem(f"{d}: {title}", int(d))
        if self.docs.count() == 0 and current is None:
            self.state.setText(
                self.tr("no document is ready yet: every assigned annotator must mark it done")
            )
        if current is not None:
            i = self.docs.findData(int(current))
            if i < 0:
                title = self.board.doc.title  # type: ignore[union-attr]
                self.docs.addItem(self._not_ready(current, title), int(current))
                i = self.docs.count() - 1
            self.docs.setCurrentIndex(i)

    def show_document(self, doc_id: DocId) -> None:
        doc_changed = self.board is None or self.board.doc.id != doc_id
        self.board = load_board(self.project, doc_id)
        names = self.board.annotators
        self.colors = {a: series_color(i) for i, a in enumerate(names)}
        if doc_changed:
            ranges = [(s.start, s.end) for v in self.board.views for s in v.group.spans]
            self.reader.set_text(self.board.doc.text, max_depth(ranges))  # laid out once, with room for bars
            i = self.docs.findData(int(doc_id))
            if i < 0:
                self.docs.addItem(self._not_ready(doc_id, self.board.doc.title), int(doc_id))
                i = self.docs.count() - 1
            self.docs.setCurrentIndex(i)
        # Latin names: in Arabic, right-to-left marks keep the paragraph right to left and each
        # swatch beside its own name (else the names run together left to right, swatches shifted).
        rlm = "\u200f" if self.isRightToLeft() else ""
        self.legend.setText(
            rlm
            + "  ".join(f'<span style="color:{self.colors[a].name()}">■</span> {a}{rlm}' for a in names)
            + "  —  "
            + self.tr("= agree, ≠ label, ≠ edges, ∅ missing in some;  • open ✓ accepted ✗ rejected ✎ edited")
        )
        self._fill()
        if self.gold_pane is not None and self.tabs.currentIndex() == 1:
            self.gold_pane.show_document(doc_id)  # type: ignore[attr-defined]

    def _not_ready(self, doc_id: DocId, title: str) -> str:
        return self.tr("{doc}: {title} (not ready)").format(doc=doc_id, title=title)

    def _fill(self) -> None:
        board = self.board
        assert board is not None
        keep = self._current_key()
        self.reader.set_highlights(
            [
                Highlight(s.id, s.start, s.end, self.colors[s.annotator].name())
                for v in board.views
                for s in v.group.spans
            ]
        )
        schema = self.project.schema()
        names = {lab.key: both_names(lab) for lab in schema.labels}
        self.model.reset(board.views, board.doc.text, self.colors, names, schema)
        self.doc_labels.set_groups(board.doc_labels)
        open_labels = sum(not g.decided for g in board.doc_labels)
        self.tabs.setTabText(
            2,
            self.tr("Document labels ({n} open)").format(n=open_labels)
            if open_labels
            else self.tr("Document labels"),
        )
        open_n = sum(v.state == "open" for v in board.views)
        if board.readiness.ready:
            ready = self.tr("ready")
        elif board.readiness.waiting_for:
            ready = self.tr("waiting for {names}").format(names=", ".join(board.readiness.waiting_for))
        else:
            ready = self.tr("waiting for annotators")
        self.state.setText(
            self.tr("{ready}; {open} of {groups} group(s) open, {gold} gold span(s)").format(
                ready=ready, open=open_n, groups=len(board.views), gold=len(board.gold)
            )
        )
        self._select_key(keep)

    # -- current group ------------------------------------------------------------------------
    def _current_key(self) -> str | None:
        index = self.tree.currentIndex()
        if not index.isValid() or self.board is None:
            return None
        gi = self.model.group_row(index)
        return self.board.views[gi].group.key if gi < len(self.board.views) else None

    def _select_key(self, key: str | None) -> None:
        if key is None or self.board is None:
            return
        for gi, v in enumerate(self.board.views):
            if v.group.key == key:
                self.select_group(gi)
                return

    def current(self) -> tuple[GroupView, Span] | None:
        """The group under the cursor and the candidate to accept (the picked row, else the most proposed)."""
        index = self.tree.currentIndex()
        if not index.isValid() or self.board is None:
            return None
        view = self.board.views[self.model.group_row(index)]
        return view, self.model.span_at(index) or preferred(view)

    def select_group(self, index: int) -> None:
        self.tree.setCurrentIndex(self.model.group_index(index))

    def select_candidate(self, group: int, row: int) -> None:
        self.tree.setCurrentIndex(self.model.group_index(group, row))

    def _current_changed(self, _index: QModelIndex, _prev: QModelIndex) -> None:
        cur = self.current()
        if cur is None:
            self.provenance.setText("")
            return
        view, chosen = cur
        self.reader.set_selected(chosen.id)
        self.reader.scroll_to_cp(chosen.start, chosen.end)
        self._auto_selection = (chosen.start, chosen.end)
        if view.gold:
            lines = []
            for g in view.gold:
                pv = dict(g.provenance)
                state = DECISION_STATES.get(str(pv.get("decision", "")), "")
                lines.append(
                    self.tr(
                        "gold {label} {start}–{end}: proposed by {proposers}; {decision} by {reviewer} at {time}"
                    ).format(
                        label=self.model.label_names.get(g.label, g.label),
                        start=g.start,
                        end=g.end,
                        proposers=", ".join(pv.get("proposed_by", [])),
                        decision=_tr(STATE_TEXTS[state]) if state else self.tr("decided"),
                        reviewer=pv.get("decided_by", "?"),
                        time=pv.get("decided_at", "?"),
                    )
                )
            self.provenance.setText("\n".join(lines))
        else:
            self.provenance.setText(_kind_and_state(view))

    # -- actions ------------------------------------------------------------------------------
    def _next(self, disagreements_only: bool) -> None:
        if self.board is None:
            return
        index = self.tree.currentIndex()
        after = self.model.group_row(index) if index.isValid() else -1
        i = next_open(self.board.views, after, disagreements_only)
        if i is None:
            self.message.emit(self.tr("no open disagreement left in this document"))
            return
        self.select_group(i)

    def next_disagreement(self) -> None:
        self._next(True)

    def _do(self, plan: Plan) -> None:
        if not plan.decisions:
            return
        cur = self.current()
        after = cur[0].group.key if cur else None
        self.stack.push(DecisionCommand(self.project, plan, self.reviewer, self._after))
        # the decided group stays selected; walking on is the reviewer's "n"
        self._select_key(after)

    def _after(self, error: str) -> None:
        if error:
            self.message.emit(error)
        if self.board is not None:
            self.show_document(self.board.doc.id)
        self.changed.emit()

    def accept_current(self) -> None:
        cur = self.current()
        if cur is not None:
            self._do(accept(cur[0].group, cur[1], self.reviewer, now()))

    def reject_current(self) -> None:
        cur = self.current()
        if cur is not None:
            self._do(reject(cur[0].group, self.reviewer, now()))

    def edit_current(self, label: str | None = None, edges: tuple[int, int] | None = None) -> None:
        """Accept an edited version: edges from the reader's selection (if any), label from the palette."""
        cur = self.current()
        if cur is None or self.board is None:
            return
        view, basis = cur
        if edges is None:
            a, b = self.reader.selection_cp()
            # the reviewer's own selection sets the edges; the one we made when selecting does not
            edges = (a, b) if a < b and (a, b) != self._auto_selection else (basis.start, basis.end)
        if label is None:
            from ui.palette import choose_label

            label = choose_label(self.project.schema(), self.tr("Gold label"), self) or ""
            if not label:
                return
        self._do(
            edit(
                view.group, basis, self.board.doc.text, edges[0], edges[1], label, None, self.reviewer, now()
            )
        )

    def accept_agreed(self) -> None:
        """Every open span group and document label on which all annotators agree, as one undo step."""
        if self.board is None:
            return
        stamp = now()
        plan = accept_all_agreed(self.board.views, self.reviewer, stamp)
        labels = accept_agreed_doc_labels(self.board.doc_labels, self.reviewer, stamp)
        if not plan.decisions and not labels:
            self.message.emit(self.tr("no open group on which everyone agrees"))
            return
        self.stack.beginMacro(self.tr("accept all agreed"))
        self._do(plan)
        for lab in labels:
            self.stack.push(DocLabelCommand(self.project, lab, self._after))
        self.stack.endMacro()

    def accept_doc_label(self, value: str | None = None) -> None:
        """Gold gets ``value`` for the current key (default: the most proposed value)."""
        g = self.doc_labels.current_group()
        if g is None or not (g.values or value):
            return
        chosen = value if value is not None else g.majority()
        self.stack.push(
            DocLabelCommand(self.project, decide_doc_label(g, chosen, self.reviewer, now()), self._after)
        )

    def edit_doc_label(self) -> None:
        g = self.doc_labels.current_group()
        if g is None:
            return
        options = list(dict.fromkeys(v for _, v in g.values))
        value, ok = QInputDialog.getItem(self, self.tr("Gold value"), g.key, options, 0, True)
        if ok and value.strip():
            self.accept_doc_label(value.strip())

    # -- keys and the gold tab -------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        tab = self.tabs.currentIndex()
        if event.type() == QEvent.Type.KeyPress and tab in (0, 2):
            key = physical_key(event)  # type: ignore[arg-type]
            action = (self._keys if tab == 0 else self._label_keys).get(key)
            if action is not None:
                action()
                return True
        return super().eventFilter(obj, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.eventFilter(self, event):
            super().keyPressEvent(event)

    def _tab_changed(self, index: int) -> None:
        if index != 1 or self.board is None:
            if index != 1 and self.board is not None:
                self.show_document(self.board.doc.id)  # the gold layer may have been edited
            return
        if self.gold_pane is None:
            from ui.workbench import AnnotationPane

            self.gold_pane = AnnotationPane(self.project, GOLD, self.stack, self)
            self.gold_pane.message.connect(self.message)
            self.tabs.removeTab(1)
            self.tabs.insertTab(1, self.gold_pane, self.tr("Gold layer (editable)"))
            self.tabs.setCurrentIndex(1)
        self.gold_pane.show_document(self.board.doc.id)  # type: ignore[attr-defined]

    def actions_for_menu(self) -> list[QAction]:
        return [a for a in self.actions() if isinstance(a, QAction)]


class AdjudicationDialog(QDialog):
    def __init__(self, project: Project, reviewer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reviewer = reviewer
        self.setWindowTitle(self.tr("Adjudication — {reviewer}").format(reviewer=reviewer))
        self.view = AdjudicationView(project, reviewer, parent=self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.view)
        self.resize(1200, 760)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.setWindowTitle(self.tr("Adjudication — {reviewer}").format(reviewer=self.reviewer))
        super().changeEvent(event)


def open_adjudication(
    parent: QWidget | None, project: Project, reviewer: str, doc_id: DocId | None = None
) -> AdjudicationDialog:
    """Open the adjudication window (non-modal) on ``doc_id`` or the first ready document."""
    dlg = AdjudicationDialog(project, reviewer, parent)
    first = doc_id
    if first is None and dlg.view.docs.count():
        first = DocId(dlg.view.docs.itemData(0))
    if first is not None:
        dlg.view.show_document(first)
    dlg.show()
    dlg.view.tree.setFocus()
    return dlg
