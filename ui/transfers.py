"""The window's exchanges with files: Import texts…, Import annotated files…, Export….

Each gathers its choices in a dialog, runs the store's function in a worker
(``ui.workers``, with the window's progress dialog and Cancel), refreshes what
the work may have changed, and shows what it did.  It lives beside the window,
not in it, and holds the dialogs and summaries it opened while they are open
(window-modal, not exec'd); texts are the window's (the ``MainWindow``
translation context), as these menu entries are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QFileDialog

from ui import messages

if TYPE_CHECKING:
    # imported when first used, as the window's: the first frame has no room for them
    from ui.annotated_import import AnnotatedImportChoice, AnnotatedImportDialog, ImportSummary
    from ui.export_dialog import ExportChoice, ExportDialog
    from ui.main_window import MainWindow
    from ui.workers import Job


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class Transfers:
    """The import and export flows of one window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        # The annotated import's dialog and its last summary, and the export's dialog, then its summary.
        self.annotated_dialog: AnnotatedImportDialog | None = None
        self.import_summary: ImportSummary | None = None
        self.export_window: QDialog | None = None

    def import_files_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self.window, _tr("Import texts"), "", _tr("Texts (*.txt *.jsonl *.ndjson *.csv);;All files (*)")
        )
        if paths:
            self.start_import(paths)

    def import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, _tr("Import a folder"))
        if folder:
            self.start_import([folder])

    def start_import(self, paths: list[str]) -> Job:
        from ui.workers import ImportWorker

        return self.window.start_work(
            ImportWorker(self.window.project.path, paths), _tr("Importing texts…"), on_done=self._imported
        )

    def _imported(self, result: object) -> None:
        from store.importer import ImportReport

        assert isinstance(result, ImportReport)
        row, doc = self.window.list_panel.current_row(), self.window.pane.current_document()
        self.window.list_panel.refresh_keeping(doc, row)
        if doc is None:
            self.window.list_panel.select_row(0)
        note = _tr(
            "Imported {added} document(s); {dups} duplicate(s) skipped; {refused} file(s) refused"
        ).format(added=result.added, dups=result.duplicates, refused=len(result.refused))
        if result.cancelled:
            note += _tr(" — cancelled: files after the last stored batch were not imported")
        self.window.statusBar().showMessage(note)
        if result.refused:
            lines = "\n".join(f.error for f in result.refused[:20])
            more = len(result.refused) - 20
            if more > 0:
                lines += "\n" + _tr("… and {n} more").format(n=more)
            messages.show_info(self.window, _tr("Some files were refused"), lines)
        self.window.index_in_background(quiet=True)
        self.window.refresh_team_windows()
        if result.held_back:
            self._hand_over(result.held_back, result.cancelled)

    def _hand_over(self, held_back: list[str], cancelled: bool) -> None:
        """Annotated files chosen under "Import texts…" go to the annotated import, never in as bare text."""
        if cancelled:
            messages.show_info(
                self.window,
                _tr("Files with annotations were not imported"),
                _tr(
                    "The import was cancelled before these files, which hold annotations. Import them with"
                    " File → Import annotated files…:\n{files}"
                ).format(files="\n".join(held_back)),
            )
            return
        note = _tr(
            "{n} of the chosen files hold annotations, which a text import would drop. Choose where the"
            " annotations go and press Import; Cancel leaves these files out. The plain texts are imported."
        ).format(n=len(held_back))
        dlg = self.import_annotated_dialog(held_back, note)
        dlg.rejected.connect(
            lambda: self.window.statusBar().showMessage(
                _tr("{n} file(s) with annotations were not imported").format(n=len(held_back))
            )
        )

    def import_annotated_dialog(
        self, paths: list[str] | None = None, note: str = ""
    ) -> AnnotatedImportDialog:
        """Open the annotated import's dialog (window-modal); Import starts the work in the background."""
        from ui.annotated_import import AnnotatedImportDialog

        if self.annotated_dialog is not None and shiboken6.isValid(self.annotated_dialog):
            self.annotated_dialog.close()
            self.annotated_dialog.deleteLater()
        known = [a.name for a in self.window.project.annotators()]
        dlg = AnnotatedImportDialog(self.window.annotator, known, paths or [], note, self.window)
        dlg.accepted.connect(lambda: self.start_annotated_import(dlg.choice()))
        self.annotated_dialog = dlg
        dlg.open()
        return dlg

    def start_annotated_import(self, choice: AnnotatedImportChoice) -> Job:
        from ui.workers import AnnotatedImportWorker

        worker = AnnotatedImportWorker(
            self.window.project.path,
            choice.paths,
            choice.fmt,
            choice.annotator,
            add_labels=choice.add_labels,
            join_fragments=choice.join_fragments,
            offsets=choice.offsets,
        )
        return self.window.start_work(
            worker,
            _tr("Importing annotated files…"),
            on_done=lambda result: self._annotated_imported(result, choice.add_labels),
        )

    def _annotated_imported(self, result: object, add_labels: bool) -> ImportSummary:
        """Refresh what the import may have changed, then show everything it did in a summary."""
        from store.mixed_import import FilesImport
        from ui.annotated_import import ImportSummary

        assert isinstance(result, FilesImport)
        doc = self.window.pane.current_document()
        ann = result.annotated
        if ann is not None and (ann.added_labels or ann.added_roles):
            self.window.project.reread_schema()  # the worker's connection added them
            self.window.install_session()  # the schema grew: the pane's labels, keys and palette are rebuilt
            shown = self.window.list_model.row_of(doc) if doc is not None else None
            if shown is not None:
                self.window.list_panel.select_row(shown)
        else:
            self.window.team_changed()  # list, the shown layer and an open adjudication may all have changed
            if doc is None:
                self.window.list_panel.select_row(0)
            self.window.index_in_background(quiet=True)
        self.window.refresh_team_windows()  # new layers, assignments and labels (the project's schema is reread)
        note = _tr("Annotated import finished: {refused} file(s) refused").format(refused=result.refused)
        if result.cancelled:  # as "Import texts…" says it
            note += _tr(" — cancelled: the file being stored was rolled back whole, later files not read")
        self.window.statusBar().showMessage(note)
        if self.import_summary is not None and shiboken6.isValid(self.import_summary):
            self.import_summary.close()
            self.import_summary.deleteLater()
        self.import_summary = ImportSummary(result, add_labels, self.window)
        self.import_summary.open()
        return self.import_summary

    def export_dialog(self) -> ExportDialog:
        """Open the export's dialog (window-modal); Export starts ``export_layer`` in the background."""
        from store.documents import document_count
        from ui.export_dialog import ExportDialog

        project = self.window.project
        others = [a.name for a in project.annotators() if a.role != "gold"]
        dlg = ExportDialog(self.window.annotator, others, project.path, self.window, document_count(project))
        dlg.accepted.connect(lambda: self.start_export(dlg.choice()))
        self._replace_export_window(dlg)
        return dlg

    def _replace_export_window(self, dlg: QDialog) -> None:
        if self.export_window is not None and shiboken6.isValid(self.export_window):
            self.export_window.close()
            self.export_window.deleteLater()
        self.export_window = dlg
        dlg.open()

    def start_export(self, choice: ExportChoice) -> Job:
        from ui.workers import ExportWorker

        worker = ExportWorker(self.window.project.path, choice.out, choice.layer, choice.fmt, choice.options)
        return self.window.start_work(
            worker,
            _tr("Exporting…"),
            on_done=lambda outcome: self._exported(outcome, choice.out),
            on_cancelled=lambda: self.window.statusBar().showMessage(
                _tr("Export cancelled; nothing was written")
            ),
        )

    def _exported(self, outcome: object, out: str) -> None:
        from store.export import ExportOutcome
        from ui.export_dialog import ExportSummary

        assert isinstance(outcome, ExportOutcome)
        self.window.statusBar().showMessage(
            _tr("Exported {docs} document(s), {spans} span(s), {rels} link(s) to {path}").format(
                docs=sum(r.documents for r in outcome.results),
                spans=sum(r.spans for r in outcome.results),
                rels=sum(r.relations for r in outcome.results),
                path=out,
            )
        )
        self._replace_export_window(ExportSummary(outcome, self.window))
