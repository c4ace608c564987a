"""The annotation pane the main window embeds: reader, selection preview, span list, and every key.

Each user action becomes one domain Command on the shell's undo stack (so it
is written at once); the pane itself only wires widgets to the controller and
lists its actions, with shortcuts and descriptions, for the shortcut sheet.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QSplitter, QVBoxLayout, QWidget

from annotate.model import DocId
from store.documents import get_document
from store.project import Project
from ui.attributes import AttributeDialog
from ui.i18n import display_name
from ui.labeling import LabelingController
from ui.palette import choose_label
from ui.reader import ReaderView
from ui.span_panel import OccurrencesDialog, SpanPanel

CONTEXT = "AnnotationPane"
"""Translation context of the action texts (marked with QT_TRANSLATE_NOOP for pyside6-lupdate)."""


def isolate(text: str) -> str:
    """End article text with a left-to-right mark so it cannot reorder the English after it.

    Article text is put last in a label: a guillemet after Arabic is drawn mirrored with the
    bundled fonts (seen in Qt 6.11), whatever bidi marks surround it.
    """
    return f"{text}\u200e"


def hotkey_sequence(hotkey: str) -> QKeySequence:
    """Schema hotkey (``a``, ``shift+a``) as a Qt key sequence."""
    return QKeySequence("Shift+" + hotkey[6:].upper() if hotkey.startswith("shift+") else hotkey.upper())


class AnnotationPane(QWidget):
    """One annotator's workbench for one document at a time.

    The caller owns ``undo_stack`` and keeps it alive (give it a parent or keep a reference):
    the pane holds it weakly, see ``LabelingController``.
    """

    spansChanged = Signal()
    message = Signal(str)
    """Something the status bar should show (a refusal, a conflict, a hint)."""

    def __init__(
        self, project: Project, annotator: str, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.reader = ReaderView(self)
        self.ctl = LabelingController(project, annotator, undo_stack, self.reader, self)
        self.panel = SpanPanel(self.ctl, self)
        self.preview = QLabel(self)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setObjectName("selectionPreview")
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        top = QHBoxLayout()
        top.addWidget(self.preview, 1)
        top.addWidget(self.status)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.reader)
        split.addWidget(self.panel)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 1)
        self.panel.setMinimumWidth(320)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self._actions: list[QAction] = []
        self._sources: list[tuple[QAction, str, dict[str, str]]] = []
        self._build_actions()
        self.ctl.changed.connect(self.spansChanged)
        self.ctl.selectionChanged.connect(self._update_preview)
        self.ctl.message.connect(self._show_message)
        self._update_preview()

    # -- public API for the shell ------------------------------------------------------------
    def show_document(self, doc_id: DocId) -> None:
        self.ctl.load(get_document(self.project, doc_id))
        self.reader.setFocus()

    def current_document(self) -> DocId | None:
        return self.ctl.doc.id if self.ctl.doc is not None else None

    def reload(self) -> None:
        self.ctl.reload()

    def annotator(self) -> str:
        return self.ctl.annotator

    def set_annotator(self, annotator: str) -> None:
        """Show and edit another annotator's layer of the same document (identity switch)."""
        self.ctl.annotator = annotator
        self.ctl.selected = None
        self.ctl.link = None
        self.ctl.reload()

    def actions(self) -> list[QAction]:  # type: ignore[override]
        return list(self._actions)

    # -- actions -----------------------------------------------------------------------------
    def _add(
        self,
        text: str,
        keys: str | list[str] | list[QKeySequence],
        slot: Callable[[], None],
        reader_only: bool = False,
        fields: dict[str, str] | None = None,
    ) -> QAction:
        """An action whose text is translated now and on every language change."""
        fields = fields or {}
        act = QAction(QCoreApplication.translate(CONTEXT, text).format(**fields), self)
        self._sources.append((act, text, fields))
        seqs = [
            QKeySequence(k) if isinstance(k, str) else k for k in ([keys] if isinstance(keys, str) else keys)
        ]
        act.setShortcuts(seqs)
        act.setShortcutContext(
            Qt.ShortcutContext.WidgetShortcut
            if reader_only
            else Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        act.triggered.connect(slot)
        (self.reader if reader_only else self).addAction(act)
        self.reader.reserved_keys.update(seqs)
        self._actions.append(act)
        return act

    def _build_actions(self) -> None:
        c = self.ctl
        self._add(
            QT_TRANSLATE_NOOP("AnnotationPane", "Zoom in (larger text)"),
            ["Ctrl+=", "Ctrl++"],
            lambda: self._zoom(1),
        )
        self._add(
            QT_TRANSLATE_NOOP("AnnotationPane", "Zoom out (smaller text)"), "Ctrl+-", lambda: self._zoom(-1)
        )
        self._add(
            QT_TRANSLATE_NOOP("AnnotationPane", "Selection: move the end edge forward (left in Arabic)"),
            "Shift+Left",
            lambda: c.move_edge("end", 1),
            True,
        )
        self._add(
            QT_TRANSLATE_NOOP("AnnotationPane", "Selection: move the end edge back (right in Arabic)"),
            "Shift+Right",
            lambda: c.move_edge("end", -1),
            True,
        )
        self._add(
            QT_TRANSLATE_NOOP("AnnotationPane", "Selection: move the start edge back (right in Arabic)"),
            "Ctrl+Shift+Right",
            lambda: c.move_edge("start", -1),
            True,
        )
        self._add(
            QT_TRANSLATE_NOOP("AnnotationPane", "Selection: move the start edge forward (left in Arabic)"),
            "Ctrl+Shift+Left",
            lambda: c.move_edge("start", 1),
            True,
        )
        self._add(
            QT_TRANSLATE_NOOP(
                "AnnotationPane", "Strip proclitics (و ف ب ل ك), keep the article: بالرقة → الرقة"
            ),
            "F3",
            c.strip_proclitic,
        )
        self._add(
            QT_TRANSLATE_NOOP("AnnotationPane", "Strip proclitics and the article: بالرقة → رقة"),
            "Shift+F3",
            c.strip_with_article,
        )
        self._add(
            QT_TRANSLATE_NOOP("AnnotationPane", "Expand the selection or span to whole words"),
            "F4",
            c.expand_to_word,
        )
        self._add(
            QT_TRANSLATE_NOOP("AnnotationPane", "Trim spaces and punctuation from the edges"),
            "Shift+F4",
            c.trim,
        )
        self._add(
            QT_TRANSLATE_NOOP(
                "AnnotationPane",
                "Label the selection / relabel the span from the palette (or confirm a link)",
            ),
            ["Return", "Enter"],
            self._enter,
            True,
        )
        self._add(
            QT_TRANSLATE_NOOP(
                "AnnotationPane", "Sticky label mode: choose a label, then every selection gets it"
            ),
            "Ctrl+K",
            self._sticky,
        )
        self._add(
            QT_TRANSLATE_NOOP("AnnotationPane", "Edit the selected span's attributes"),
            "F2",
            self._edit_attributes,
        )
        self._add(
            QT_TRANSLATE_NOOP("AnnotationPane", "Delete the selected span (and its links)"),
            ["Delete", "Backspace"],
            c.delete_selected,
            True,
        )
        self._add(
            QT_TRANSLATE_NOOP(
                "AnnotationPane", "Link the selected event span: choose a role, then the other span"
            ),
            "Ctrl+R",
            self._link,
        )
        self._add(
            QT_TRANSLATE_NOOP("AnnotationPane", "Select the next span (next link candidate when linking)"),
            "Ctrl+Down",
            lambda: c.step(1),
        )
        self._add(
            QT_TRANSLATE_NOOP(
                "AnnotationPane", "Select the previous span (previous link candidate when linking)"
            ),
            "Ctrl+Up",
            lambda: c.step(-1),
        )
        self._add(
            QT_TRANSLATE_NOOP(
                "AnnotationPane", "Annotate all occurrences of the selected text in this document"
            ),
            "Ctrl+Shift+A",
            self._occurrences,
        )
        self._add(
            QT_TRANSLATE_NOOP("AnnotationPane", "Cancel: leave link or sticky mode, drop the selection"),
            "Escape",
            c.cancel,
        )
        for lab in c.schema.labels:
            if lab.hotkey:
                self._add(
                    QT_TRANSLATE_NOOP("AnnotationPane", "Label: {name_en} — {name_ar}"),
                    [hotkey_sequence(lab.hotkey)],
                    _labeler(c, lab.key),
                    True,
                    {"name_en": lab.name_en, "name_ar": lab.name_ar},
                )

    def _retranslate(self) -> None:
        """Action texts in the current interface language (the shortcut sheet lists them)."""
        for act, source, fields in self._sources:
            act.setText(QCoreApplication.translate(CONTEXT, source).format(**fields))
        self._update_preview()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _zoom(self, steps: int) -> None:
        self.reader.zoom(steps)

    def _enter(self) -> None:
        if self.ctl.link is not None:
            self.ctl.finish_link()
            return
        title = self.tr("Label the selection") if self.ctl.selection() else self.tr("Change the label")
        if self.ctl.selection() is None and self.ctl.selected is None:
            self._show_message(self.tr("Select text or a span first"))
            return
        key = choose_label(self.ctl.schema, title, self)
        if key:
            self.ctl.label(key)

    def _sticky(self) -> None:
        key = choose_label(self.ctl.schema, self.tr("Sticky label: every selection gets it (Esc ends)"), self)
        if key:
            self.ctl.set_sticky(key)

    def _edit_attributes(self) -> None:
        span = self.ctl.by_id.get(self.ctl.selected) if self.ctl.selected else None
        if span is None:
            self._show_message(self.tr("Select a span first"))
            return
        attributes = (
            self.ctl.schema.attributes_for(span.label) if self.ctl.schema.has_label(span.label) else []
        )
        if not attributes:
            self._show_message(
                self.tr("The label {label} has no attributes").format(label=self.ctl.label_name(span.label))
            )
            return
        title = self.tr("Attributes: {text}").format(text=isolate(span.text))
        dlg = AttributeDialog(attributes, span.attrs, title, self)
        if dlg.exec():
            self.ctl.set_attributes(dlg.values())

    def _link(self) -> None:
        roles = self.ctl.roles_for_selected()
        if not roles:
            self._show_message(self.tr("Select an event span first (click it or Ctrl+Down to it)"))
            return
        menu = QMenu(self)
        for i, role in enumerate(roles, start=1):
            act = menu.addAction(f"&{i}  {display_name(role)}")
            act.setData(role.key)
            act.setToolTip(role.description)
        rect = self.reader.cursorRect()
        # The menu's numbers are its roles: a label hotkey on the same key (1 is an actor label) would
        # relabel the event instead, its shortcut still bound to the reader behind the menu.
        hotkeys = [act for act in self.reader.actions() if act.isEnabled()]
        for act in hotkeys:
            act.setEnabled(False)
        try:
            chosen = menu.exec(self.reader.viewport().mapToGlobal(rect.bottomLeft()))
        finally:
            for act in hotkeys:
                act.setEnabled(True)
        if chosen is not None:
            self.ctl.start_link(chosen.data())

    def _occurrences(self) -> None:
        c = self.ctl
        span = c.by_id.get(c.selected) if c.selected else None
        query = c.preview() or (span.text if span else "")
        if not query:
            self._show_message(self.tr("Select text or a span first"))
            return
        label = span.label if span is not None and not c.preview() else c.sticky
        title = self.tr("Label every occurrence of: {text}").format(text=isolate(query))
        label = label or choose_label(c.schema, title, self)
        if not label:
            return
        ranges = c.occurrences(query, label)
        if not ranges:
            self._show_message(self.tr("No other occurrence of: {text}").format(text=isolate(query)))
            return
        title = self.tr("Label as {label}: {text}").format(label=c.label_name(label), text=isolate(query))
        dlg = OccurrencesDialog(c.doc.text if c.doc else "", ranges, title, self)
        if dlg.exec():
            c.add_many(label, dlg.chosen())

    # -- status ------------------------------------------------------------------------------
    def _update_preview(self) -> None:
        c = self.ctl
        parts = []
        sel = c.selection()
        if sel is not None:
            parts.append(
                self.tr("Selection {start}–{end}: {text}").format(
                    start=sel[0], end=sel[1], text=isolate(c.preview())
                )
            )
        elif c.selected and c.selected in c.by_id:
            span = c.by_id[c.selected]
            parts.append(
                self.tr("Span {label} {start}–{end}: {text}").format(
                    label=c.label_name(span.label), start=span.start, end=span.end, text=isolate(span.text)
                )
            )
        if c.sticky:
            parts.append(self.tr("Sticky: {label}").format(label=c.label_name(c.sticky)))
        if c.link is not None:
            parts.append(
                self.tr("Linking as {role}: click the other span, or Ctrl+Down to it and Enter").format(
                    role=c.role_name(c.link.role)
                )
            )
        self.preview.setText(
            "   ·   ".join(parts) or self.tr("Drag, double-click or Shift+Arrow to select text")
        )

    def _show_message(self, text: str) -> None:
        self.status.setText(text)
        self.message.emit(text)


def _labeler(ctl: LabelingController, key: str) -> Callable[[], None]:
    """A slot bound to one label (a lambda default would receive the action's ``checked``)."""

    def run() -> None:
        ctl.label(key)

    return run
