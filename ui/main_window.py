"""The workbench window: document list, annotation pane, menus, status bar, background jobs.

It wires store functions to widgets and holds no logic of its own: statuses
go through the same undo stack as spans (``ui.undo.push`` -> one committed
transaction), long work through ``ui.workers``, errors through
``ui.messages``; the File menu's imports and export are ``ui.transfers``.  Every action has a key; the shortcut sheet (F1) lists them
all, with the pane's.  The Team menu opens the adjudication window (reviewers
only) and the team dashboard as non-modal windows that write through the same
project and tell this window when they changed it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressDialog,
    QSplitter,
    QWidget,
)

from store.errors import ProjectError, ReadOnlyProjectError
from ui import messages
from ui.i18n import Translations
from ui.settings import LANGUAGES, MAX_RECENT, AppSettings
from ui.transfers import Transfers

if TYPE_CHECKING:
    # The window paints its frame (menus, status bar) before the project opens, so everything
    # the session needs (domain, store, list, pane, workers) is imported when it is installed, and
    # the team windows, export and import when first used: make bench holds the first paint to
    # 1.5x a bare PySide6 window, which leaves no room for them.
    from annotate.commands import Command
    from annotate.model import Status
    from store.project import Project
    from ui.adjudication import AdjudicationDialog
    from ui.dashboard import DashboardDialog
    from ui.doc_list import DocListModel, DocListPanel
    from ui.identity import AskName
    from ui.shortcuts import Group, ShortcutSheet
    from ui.workbench import AnnotationPane
    from ui.workers import Job, Worker


def open_or_look(path: str | Path, parent: QWidget | None) -> Project | None:
    """Open a project for work; a read-only file may be opened to look instead, if the user says so.

    Other refusals raise the ProjectError for the caller to show; None when the user declined.
    """
    from store.project import Project

    try:
        project = Project.open(path)
    except ReadOnlyProjectError as exc:
        if not messages.ask_yes_no(
            parent,
            QCoreApplication.translate("MainWindow", "The project is read-only"),
            str(exc),
            QCoreApplication.translate("MainWindow", "Open it read-only, to read without annotating?"),
        ):
            return None
        return Project.open(path, readonly=True)
    if project.backup_path is not None:
        _say_upgraded(project, parent)
    return project


def _say_upgraded(project: Project, parent: QWidget | None) -> None:
    """Tell once that an older file was upgraded, and where the file as it was is kept: the user may want
    to open it with the older version still, or delete it."""
    from store.version import FILE_FORMAT

    messages.show_info(
        parent,
        QCoreApplication.translate("MainWindow", "The project was upgraded"),
        QCoreApplication.translate(
            "MainWindow",
            "{name} was saved by an older version of Hashiya (file format {old}) and now has this version's"
            " file format {new}; an older version cannot open it any more. The file as it was is kept as:\n{backup}",
        ).format(
            name=project.path.name, old=project.upgraded_from, new=FILE_FORMAT, backup=project.backup_path
        ),
    )


class MainWindow(QMainWindow):
    """One project, one annotator, one undo stack.

    ``python main.py`` builds it without a project and shows it at once (menus,
    status bar, "Opening …"); ``open_after_first_paint`` opens the project once
    that frame is on screen and says how it went through ``opened``.  Until
    then only Quit and the language can be chosen.
    """

    opened = Signal(bool)
    _pending: str | None = None  # the project to open after the first paint ("" for the demo)
    # Set when a project is open (``install_session``), not before.
    project: Project
    list_model: DocListModel
    list_panel: DocListPanel
    pane: AnnotationPane

    def __init__(
        self,
        project: Project | None,
        annotator: str,
        settings: AppSettings,
        translations: Translations | None = None,
        parent: QWidget | None = None,
        *,
        ask_name: AskName | None = None,
    ) -> None:
        super().__init__(parent)
        self.annotator = annotator
        self.settings = settings
        self.translations = translations
        self.ask_name = ask_name
        self.undo_stack = QUndoStack(self)
        self.jobs: list[Job] = []
        self.sheet: ShortcutSheet | None = None
        # Non-modal team windows, kept here so they live as long as they are open (and are closed with us).
        self.adjudication: AdjudicationDialog | None = None
        self.dashboard: DashboardDialog | None = None
        self.transfers = Transfers(self)  # Import texts…, Import annotated files…, Export…
        self.acts: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.setCentralWidget(self.splitter)
        self.who = QLabel(self)
        self.where = QLabel(self)
        for label in (self.who, self.where):
            label.setTextFormat(Qt.TextFormat.PlainText)
            self.statusBar().addPermanentWidget(label)
        self._build_actions()
        self._build_menus()
        if project is not None:
            self.project = project
            self.install_session()
        else:
            self._session_actions(False)
        self.retranslate()
        self.resize(1280, 800)

    # -- start: the frame first, then the project -------------------------------------------------
    def open_after_first_paint(self, path: str | None) -> None:
        """Open ``path`` (None: the demo project) right after this window's first frame is painted.

        Opening, the name dialog and the first document take longer than Python
        and Qt take to start; painting the window first shows the user at once
        that the program is there.  A window that is never painted (started
        minimised) opens its project after a second all the same.
        """
        self._pending = path or ""
        self.installEventFilter(self)
        self._status_labels()
        QTimer.singleShot(1000, self._open_pending)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        """Watches this window's own events only until its first paint (installed by the call above)."""
        if obj is self and event.type() == QEvent.Type.Paint:
            self.removeEventFilter(self)
            QTimer.singleShot(0, self._open_pending)  # after this frame is flushed to the screen
        return super().eventFilter(obj, event)

    def _open_pending(self) -> None:
        path, self._pending = self._pending, None
        if path is not None:
            self.opened.emit(self.open_first(path or None))

    def open_first(self, path: str | None) -> bool:
        """Open the start project (None: the demo, built on first run); False after telling the user why not."""
        try:
            if path:
                project = open_or_look(path, self)
            else:
                from store.demo import open_demo

                project = open_demo()
        except ProjectError as exc:
            messages.show_error(self, self.tr("Cannot open the project"), messages.explain(exc))
            return False
        except OSError as exc:
            messages.show_error(self, self.tr("Cannot open the project"), f"{path or ''}: {exc}")
            return False
        return project is not None and self._adopt(project)

    def has_project(self) -> bool:
        return hasattr(self, "project")

    def _session_actions(self, on: bool) -> None:
        """Everything but Quit and the language needs a project (undo and redo follow their stack)."""
        for name, act in self.acts.items():
            if name not in ("quit", "undo", "redo") and not name.startswith("lang_"):
                act.setEnabled(on)

    def _ask(self) -> AskName:
        if self.ask_name is not None:
            return self.ask_name
        from ui import identity

        return identity.ask_name_dialog  # looked up when asked, so tests can replace it

    # -- actions and menus ---------------------------------------------------------------------
    def _act(self, name: str, keys: list[str], slot: Callable[[], object]) -> QAction:
        """Keys are written out (not QKeySequence.StandardKey): the sheet must show exactly what works."""
        act = QAction(self)
        act.setShortcuts([QKeySequence(k) for k in keys])
        act.triggered.connect(lambda _checked=False: slot())
        self.addAction(act)
        self.acts[name] = act
        return act

    def _build_actions(self) -> None:
        self._act("new", ["Ctrl+N"], self.new_project)
        self._act("open", ["Ctrl+O"], self.open_project_dialog)
        for i in range(MAX_RECENT):
            self._act(f"recent{i}", [f"Ctrl+Alt+{i + 1}"], lambda i=i: self.open_recent(i))
        self._act("import", ["Ctrl+I"], self.transfers.import_files_dialog)
        self._act("import_folder", ["Ctrl+Shift+I"], self.transfers.import_folder_dialog)
        self._act("import_annotated", ["Ctrl+Alt+I"], self.transfers.import_annotated_dialog)
        self._act("export", ["Ctrl+E"], self.transfers.export_dialog)
        self._act("quit", ["Ctrl+Q"], self.close)
        self._act("undo", ["Ctrl+Z"], self.undo_stack.undo)
        self._act("redo", ["Ctrl+Shift+Z", "Ctrl+Y"], self.undo_stack.redo)
        self._act("find", ["Ctrl+F"], self.focus_search)
        self._act("annotator", ["Ctrl+Shift+U"], self.change_annotator)
        self._act("done_next", ["Ctrl+Return", "Ctrl+Enter"], self.mark_done_and_next)
        self._act("in_progress", ["Ctrl+Shift+Return", "Ctrl+Shift+Enter"], lambda: self.mark("in_progress"))
        self._act("mark_new", ["Ctrl+Shift+Backspace"], lambda: self.mark("new"))
        self._act("next", ["Alt+Down", "Ctrl+PgDown"], lambda: self.go(+1))
        self._act("previous", ["Alt+Up", "Ctrl+PgUp"], lambda: self.go(-1))
        self._act("lang_en", ["Ctrl+Alt+E"], lambda: self.set_language("en"))
        self._act("lang_ar", ["Ctrl+Alt+A"], lambda: self.set_language("ar"))
        self._act("adjudicate", ["Ctrl+Shift+J"], self.open_adjudication)
        self._act("dashboard", ["Ctrl+Shift+D"], self.open_dashboard)
        self._act("shortcuts", ["F1"], self.show_shortcuts)
        for code in LANGUAGES:
            self.acts[f"lang_{code}"].setCheckable(True)
        self.undo_stack.canUndoChanged.connect(self.acts["undo"].setEnabled)
        self.undo_stack.canRedoChanged.connect(self.acts["redo"].setEnabled)
        self.undo_stack.undoTextChanged.connect(lambda _t: self._undo_texts())
        self.undo_stack.redoTextChanged.connect(lambda _t: self._undo_texts())
        self.acts["undo"].setEnabled(False)
        self.acts["redo"].setEnabled(False)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        layout = {
            "file": [
                "new",
                "open",
                "recent",
                None,
                "import",
                "import_folder",
                "import_annotated",
                "export",
                None,
                "quit",
            ],
            "edit": ["undo", "redo", None, "find", "annotator"],
            "document": ["done_next", "in_progress", "mark_new", None, "next", "previous"],
            "team": ["adjudicate", "dashboard"],
            "settings": ["language"],
            "help": ["shortcuts"],
        }
        for name, items in layout.items():
            menu = bar.addMenu("")
            self.menus[name] = menu
            for item in items:
                if item is None:
                    menu.addSeparator()
                elif item == "recent":
                    self.menus["recent"] = menu.addMenu("")
                    self.menus["recent"].addActions([self.acts[f"recent{i}"] for i in range(MAX_RECENT)])
                elif item == "language":
                    self.menus["language"] = menu.addMenu("")
                    self.menus["language"].addActions([self.acts[f"lang_{c}"] for c in LANGUAGES])
                else:
                    menu.addAction(self.acts[item])

    def retranslate(self) -> None:
        titles = {
            "file": self.tr("&File"),
            "edit": self.tr("&Edit"),
            "document": self.tr("&Document"),
            "team": self.tr("&Team"),
            "settings": self.tr("&Settings"),
            "help": self.tr("&Help"),
            "recent": self.tr("Open &recent"),
            "language": self.tr("Interface &language"),
        }
        for name, text in titles.items():
            self.menus[name].setTitle(text)
        texts = {
            "new": self.tr("&New project…"),
            "open": self.tr("&Open project…"),
            "import": self.tr("&Import texts…"),
            "import_folder": self.tr("Import a &folder…"),
            "import_annotated": self.tr("Import annotated file&s…"),
            "export": self.tr("&Export…"),
            "quit": self.tr("&Quit"),
            "find": self.tr("&Find documents"),
            "annotator": self.tr("Change &annotator…"),
            "done_next": self.tr("Mark &done and go to the next"),
            "in_progress": self.tr("Mark &in progress"),
            "mark_new": self.tr("Mark as &new"),
            "next": self.tr("&Next document"),
            "previous": self.tr("&Previous document"),
            "adjudicate": self.tr("&Adjudicate this document…"),
            "dashboard": self.tr("Team &dashboard…"),
            "shortcuts": self.tr("&Keyboard shortcuts"),
        }
        for name, text in texts.items():
            self.acts[name].setText(text)
        for code, native in LANGUAGES.items():
            self.acts[f"lang_{code}"].setText(native)
        self._undo_texts()
        self._recent_texts()
        self._language_checks()
        self._status_labels()
        if hasattr(self, "list_panel"):
            self.list_panel.retranslate()
            self.list_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 2)
            self.list_model.refresh_rows()

    def _undo_texts(self) -> None:
        if not (shiboken6.isValid(self) and shiboken6.isValid(self.undo_stack)):
            return  # the stack clears itself while the window is being destroyed
        undo, redo = self.undo_stack.undoText(), self.undo_stack.redoText()
        self.acts["undo"].setText(
            self.tr("&Undo {what}").format(what=undo).strip() if undo else self.tr("&Undo")
        )
        self.acts["redo"].setText(
            self.tr("&Redo {what}").format(what=redo).strip() if redo else self.tr("&Redo")
        )

    def _recent_texts(self) -> None:
        recent = self.settings.recent_projects()
        for i in range(MAX_RECENT):
            act = self.acts[f"recent{i}"]
            act.setVisible(i < len(recent))
            if i < len(recent):
                shown = f"{Path(recent[i]).name}  —  {recent[i]}".replace("&", "&&")
                act.setText(f"&{i + 1}  {shown}")
        self.menus["recent"].setEnabled(bool(recent))

    def _language_checks(self) -> None:
        code = self.translations.code if self.translations else "en"
        for c in LANGUAGES:
            self.acts[f"lang_{c}"].setChecked(c == code)

    def _status_labels(self) -> None:
        if not self.has_project():
            name = Path(self._pending).name if self._pending else self.tr("the demo project")
            self.who.setText("")
            self.where.setText(
                self.tr("Opening {name}…").format(name=name) if self._pending is not None else ""
            )
            self.setWindowTitle(self.tr("Hashiya"))
            return
        self.who.setText(self.tr("Annotator: {name}").format(name=self.annotator))
        state = self.tr(" (read-only)") if self.project.readonly else ""
        self.where.setText(self.tr("Project: {name}").format(name=self.project.path.name) + state)
        self.where.setToolTip(str(self.project.path))
        self.setWindowTitle(self.tr("Hashiya — {project}").format(project=self.project.path.name))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def all_action_groups(self) -> list[Group]:
        """Every action by menu, then the pane's: what the shortcut sheet lists."""
        groups: list[Group] = []
        for name in ("file", "recent", "edit", "document", "team", "language", "help"):
            menu = self.menus[name]
            groups.append(
                (menu.title(), [a for a in menu.actions() if a.menu() is None and not a.isSeparator()])
            )
        groups.append((self.tr("Annotation"), self.pane.actions()))
        return groups

    def all_actions(self) -> list[QAction]:
        return [a for _, acts in self.all_action_groups() for a in acts]

    # -- session: project, annotator, list, pane ----------------------------------------------
    def install_session(self) -> None:
        """(Re)build the list and the pane for the current project and annotator."""
        for old in (getattr(self, "list_panel", None), getattr(self, "pane", None)):
            if old is not None:
                old.setParent(None)
                old.deleteLater()
        from ui.doc_list import DocListModel, DocListPanel
        from ui.workbench import AnnotationPane

        self.undo_stack.clear()
        self.list_model = DocListModel(self.project, self.annotator, self)
        self.list_panel = DocListPanel(self.list_model, self.splitter)
        self.pane = AnnotationPane(self.project, self.annotator, self.undo_stack, self.splitter)
        self.splitter.addWidget(self.list_panel)
        self.splitter.addWidget(self.pane)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([340, 940])
        self.list_panel.documentChosen.connect(self._show_document)
        self.pane.spansChanged.connect(self._layer_changed)
        self.pane.message.connect(self.statusBar().showMessage)
        self._session_actions(True)
        for name in ("import", "import_folder", "import_annotated", "done_next", "in_progress", "mark_new"):
            self.acts[name].setEnabled(not self.project.readonly)
        self._status_labels()
        self.list_panel.select_row(0)
        self.index_in_background()

    def index_in_background(self, quiet: bool = False) -> None:
        """Build the search index off the GUI thread (on open; after an import, ``quiet`` to keep its
        report in the status bar); search is complete meanwhile, only slower."""
        from store.search import needs_indexing
        from ui.workers import IndexWorker

        if not self.project.readonly and needs_indexing(self.project):
            if not quiet:
                self.statusBar().showMessage(self.tr("Preparing the search index…"))
            on_done = self._refilter if quiet else self._indexed
            self.start_work(IndexWorker(self.project.path), None, on_done=on_done)

    def _show_document(self, doc_id: int) -> None:
        from annotate.model import DocId
        from store.documents import get_document

        try:
            self.pane.show_document(DocId(doc_id))
        except (KeyError, ProjectError) as exc:
            messages.show_error(self, self.tr("Cannot show the document"), messages.explain(exc))
            return
        title = get_document(self.project, DocId(doc_id)).title
        self.setWindowTitle(
            self.tr("Hashiya — {project}").format(project=self.project.path.name) + f" — {title}"
        )

    def _layer_changed(self) -> None:
        """Spans changed (and maybe the status with them): refresh the list without moving the reader."""
        self.list_panel.after_edit(self.pane.current_document(), self.list_panel.current_row())

    def switch_project(self, project: Project, annotator: str) -> None:
        self.stop_jobs()
        self.close_team_windows()  # they hold the old project
        old = self.project if self.has_project() else None
        self.project, self.annotator = project, annotator
        self.install_session()
        if old is not None:
            old.close()
        self.settings.add_recent(project.path)
        self._recent_texts()

    def open_project_path(self, path: str | Path) -> bool:
        """Open another project in this window; False (current one kept) on refusal or cancel."""
        try:
            project = open_or_look(path, self)
        except ProjectError as exc:
            messages.show_error(self, self.tr("Cannot open the project"), messages.explain(exc))
            return False
        return project is not None and self._adopt(project)

    def _adopt(self, project: Project) -> bool:
        from ui.identity import choose_annotator

        try:
            annotator = choose_annotator(project, self.settings, self, self._ask())
        except ProjectError as exc:
            project.close()
            messages.show_error(self, self.tr("Cannot open the project"), messages.explain(exc))
            return False
        if annotator is None:
            project.close()
            return False
        self.switch_project(project, annotator)
        return True

    def create_project(self, path: str | Path) -> bool:
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(".sqlite")
        from annotate.schema import SchemaError, default_schema
        from store.project import Project

        try:
            project = Project.create(path, default_schema())
        except (ProjectError, SchemaError, OSError) as exc:
            messages.show_error(self, self.tr("Cannot create the project"), messages.explain(exc))
            return False
        return self._adopt(project)

    def _project_filter(self) -> str:
        return self.tr("Hashiya projects (*.sqlite *.hashiya);;All files (*)")

    def new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("New project"), "", self._project_filter())
        if path:
            self.create_project(path)

    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open project"), "", self._project_filter())
        if path:
            self.open_project_path(path)

    def open_recent(self, i: int) -> None:
        recent = self.settings.recent_projects()
        if i < len(recent) and Path(recent[i]) != self.project.path.resolve():
            self.open_project_path(recent[i])

    def change_annotator(self) -> None:
        """Switch to another name on the same project: the pane shows that layer of the same document."""
        from ui.identity import choose_annotator

        name = choose_annotator(self.project, self.settings, self, self._ask(), force_ask=True)
        if name and name != self.annotator:
            self.annotator = name
            self._close_adjudication()  # it decides as the reviewer it was opened for
            self.undo_stack.clear()  # each entry undoes as its own actor; a fresh stack avoids surprises
            self.pane.set_annotator(name)
            self.list_model.annotator = name
            self.list_panel.refresh_keeping(self.pane.current_document(), self.list_panel.current_row())
            self._status_labels()

    # -- statuses -------------------------------------------------------------------------------
    def mark(self, status: Status) -> bool:
        """Set the shown document's status for this annotator, undoably; True when it is stored."""
        doc = self.pane.current_document()
        if doc is None:
            self.statusBar().showMessage(self.tr("No document is shown"))
            return False
        from annotate.commands import StatusRecord, set_status
        from store import annotations as store_annotations
        from ui.undo import push

        try:
            before = store_annotations.status(self.project, doc, self.annotator)
        except ProjectError as exc:
            messages.show_error(self, self.tr("Cannot change the status"), messages.explain(exc))
            return False
        if (before.status if before else "new") == status:
            return True
        cmd = set_status(before, StatusRecord(doc, self.annotator, status))
        return push(self.undo_stack, self.project, cmd, self.annotator, self._status_applied, self._failed)

    def _status_applied(self, _command: Command) -> None:
        self.list_panel.after_edit(self.pane.current_document(), self.list_panel.current_row())

    def _failed(self, _command: Command, why: str) -> None:
        messages.show_error(self, self.tr("Nothing was changed"), why)
        self.list_model.refresh()

    def mark_done_and_next(self) -> None:
        if self.mark("done") and not self.go(+1):
            self.statusBar().showMessage(self.tr("That was the last document in the list"))

    def go(self, step: int) -> bool:
        return self.list_panel.move(step)

    def focus_search(self) -> None:
        self.list_panel.search.setFocus()
        self.list_panel.search.selectAll()

    # -- language -------------------------------------------------------------------------------
    def set_language(self, code: str) -> None:
        self.settings.set_language(code)
        if self.translations is not None:
            self.translations.apply(code)
        # Qt posts LanguageChange to every widget (the pane too); this window retranslates at once.
        self.retranslate()

    # -- team windows ---------------------------------------------------------------------------
    def _role(self) -> str | None:
        return {a.name: a.role for a in self.project.annotators()}.get(self.annotator)

    def open_adjudication(self) -> AdjudicationDialog | None:
        """The adjudication window on the shown document; only a reviewer may decide, anyone else is told why."""
        if self._role() != "reviewer":
            messages.show_info(
                self,
                self.tr("Only a reviewer can adjudicate"),
                self.tr(
                    "“{name}” is not a reviewer in this project, so the adjudication window does not open."
                    " A reviewer is named on the team dashboard (Set role…); they then work under that name"
                    " (Change annotator…)."
                ).format(name=self.annotator),
            )
            return None
        if self.project.readonly:
            messages.show_info(
                self,
                self.tr("The project is read-only"),
                self.tr("The project is open read-only: decisions could not be stored."),
            )
            return None
        doc = self.pane.current_document()
        dlg = self.adjudication
        if dlg is not None and shiboken6.isValid(dlg):
            if doc is not None:
                dlg.view.show_document(doc)
            dlg.show()
            dlg.raise_()
            dlg.activateWindow()
            return dlg
        from ui.adjudication import open_adjudication

        try:
            dlg = open_adjudication(self, self.project, self.annotator, doc)
        except (KeyError, ProjectError) as exc:
            messages.show_error(self, self.tr("Cannot show the document"), messages.explain(exc))
            return None
        dlg.view.changed.connect(self.team_changed)
        dlg.view.message.connect(self.statusBar().showMessage)
        self.adjudication = dlg
        return dlg

    def open_dashboard(self) -> DashboardDialog:
        dlg = self.dashboard
        if dlg is not None and shiboken6.isValid(dlg):
            dlg.view.refresh()
            dlg.show()
            dlg.raise_()
            dlg.activateWindow()
            return dlg
        from ui.dashboard import open_dashboard

        dlg = open_dashboard(self, self.project)
        dlg.view.changed.connect(self.team_changed)
        self.dashboard = dlg
        return dlg

    def team_changed(self) -> None:
        """A merge, an assignment, a role or a decision landed: the list and the shown layer may be stale."""
        doc, row = self.pane.current_document(), self.list_panel.current_row()
        self.list_panel.refresh_keeping(doc, row)
        if doc is not None:
            self.pane.reload()
        if self.adjudication is not None and shiboken6.isValid(self.adjudication):
            self.adjudication.view.refresh_documents()

    def refresh_team_windows(self) -> None:
        """An import landed: the open team windows show its documents, assignments and labels."""
        if self.adjudication is not None and shiboken6.isValid(self.adjudication):
            self.adjudication.view.refresh_documents()
        if self.dashboard is not None and shiboken6.isValid(self.dashboard):
            self.dashboard.view.refresh()

    def _close_adjudication(self) -> None:
        if self.adjudication is not None and shiboken6.isValid(self.adjudication):
            self.adjudication.close()
            self.adjudication.deleteLater()
        self.adjudication = None

    def close_team_windows(self) -> None:
        """Close both windows; the dashboard's worker is joined first (it has its own connection)."""
        self._close_adjudication()
        if self.dashboard is not None and shiboken6.isValid(self.dashboard):
            self.dashboard.view.stop()
            self.dashboard.close()
            self.dashboard.deleteLater()
        self.dashboard = None

    # -- shortcut sheet -----------------------------------------------------------------------
    def show_shortcuts(self) -> ShortcutSheet:
        from ui.shortcuts import ShortcutSheet

        if self.sheet is not None:
            self.sheet.close()
            self.sheet.deleteLater()
        self.sheet = ShortcutSheet(self.all_action_groups(), self)
        self.sheet.open()
        return self.sheet

    # -- background jobs ----------------------------------------------------------------------
    def start_work(
        self,
        worker: Worker,
        label: str | None,
        *,
        on_done: Callable[[object], None],
        on_cancelled: Callable[[], None] | None = None,
    ) -> Job:
        """Run ``worker`` in its thread behind a progress dialog titled ``label`` (None: none) with Cancel."""
        dialog: QProgressDialog | None = None
        if label is not None:
            dialog = QProgressDialog(label, self.tr("Cancel"), 0, 0, self)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.setMinimumDuration(400)

        over = [False]  # the job has ended: its dialog is never shown again

        def finish() -> None:
            over[0] = True
            if dialog is not None:
                dialog.close()
                dialog.deleteLater()

        def progress(done: int, total: int) -> None:
            if dialog is not None:
                dialog.setMaximum(max(total, 1))
                dialog.setValue(done)

        def done(result: object) -> None:
            finish()
            on_done(result)

        def failed(message: str) -> None:
            finish()
            messages.show_error(self, self.tr("The task failed"), message)

        def cancelled() -> None:
            finish()
            if on_cancelled is not None:
                on_cancelled()

        from ui.workers import start_job

        job = start_job(
            worker, self, on_done=done, on_failed=failed, on_cancelled=cancelled, on_progress=progress
        )
        if dialog is not None:
            dialog.canceled.connect(job.cancel)
            # QProgressDialog shows itself on a value set after its minimum duration, else only 4 s after
            # it was made, and a job may report none for seconds (an annotated import reads every file
            # before it stores one): shown at the minimum duration anyway, a busy bar with Cancel, and
            # window-modal, so no second job starts meanwhile.
            QTimer.singleShot(
                dialog.minimumDuration(),
                lambda: None if over[0] or not shiboken6.isValid(dialog) else dialog.show(),
            )
        self.jobs = [j for j in self.jobs if j.running()] + [job]
        return job

    def stop_jobs(self) -> None:
        for job in self.jobs:
            job.stop()
        self.jobs.clear()

    def _indexed(self, result: object) -> None:
        self.statusBar().showMessage(self.tr("Search index ready"), 3000)
        self._refilter(result)

    def _refilter(self, result: object) -> None:
        if self.list_model.query:
            self.list_panel.apply_filter()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Every action is already committed: closing only joins the jobs (a cancelled import keeps
        its stored batches, a cancelled export writes nothing) and closes the connection."""
        self.stop_jobs()
        self.close_team_windows()
        super().closeEvent(event)
        self._pending = None  # closed before its project opened: nothing to open any more
        if self.has_project():
            self.project.close()
