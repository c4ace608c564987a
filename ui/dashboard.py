"""The team dashboard: progress per annotator, agreement charts, merging copies, assigning documents.

Counts come from single queries and show at once; agreement and merge can
take a while on a large project, so they run in workers (their own
connection, off the GUI thread) and the dashboard refreshes when they finish.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotate.agreement import AgreementReport
from store.agreement_data import project_agreement
from store.documents import document_ids
from store.errors import ProjectError
from store.merge import MergeReport, merge_projects
from store.progress import done_over_time, team_progress
from store.project import Project
from store.team import assign, assign_rotation
from ui.charts import BarChart, Heatmap, LineChart
from ui.messages import explain, show_error, show_info
from ui.workers import Job, Worker, start_job

COLUMNS = (
    QT_TRANSLATE_NOOP("DashboardView", "Annotator"),
    QT_TRANSLATE_NOOP("DashboardView", "Role"),
    QT_TRANSLATE_NOOP("DashboardView", "Of"),
    QT_TRANSLATE_NOOP("DashboardView", "Done"),
    QT_TRANSLATE_NOOP("DashboardView", "In progress"),
    QT_TRANSLATE_NOOP("DashboardView", "Not started"),
    QT_TRANSLATE_NOOP("DashboardView", "% done"),
)
ROLE_TEXTS = {  # annotate.model.AnnotatorRole, as the interface language names it
    "annotator": QT_TRANSLATE_NOOP("DashboardView", "annotator"),
    "reviewer": QT_TRANSLATE_NOOP("DashboardView", "reviewer"),
    "gold": QT_TRANSLATE_NOOP("DashboardView", "gold"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Dashboard", text)


class AgreementWorker(Worker):
    def __init__(self, project_path: str | Path, annotators: Sequence[str] | None = None) -> None:
        super().__init__(project_path)
        self.annotators = list(annotators) if annotators else None

    def work(self, project: Project) -> object:
        return project_agreement(project, self.annotators)


class MergeWorker(Worker):
    """Merges OTHER files into the project as one transaction (cancelling is not offered: it is atomic)."""

    def __init__(self, project_path: str | Path, others: Sequence[str]) -> None:
        super().__init__(project_path)
        self.others = list(others)

    def work(self, project: Project) -> object:
        stages = 8 * len(self.others)
        count = {"n": 0}

        def progress(stage: str, done: int, total: int) -> None:
            count["n"] += 1
            self._report(min(count["n"], stages), stages)

        return merge_projects(project, self.others, progress=progress)


def merge_summary(report: MergeReport) -> str:
    lines = [_tr("Rule: {rule}.").format(rule=report.rule)]
    source = _tr(
        "{file}: {docs} document(s) added, {added} span(s) added, {updated} updated, {deleted} deleted,"
        " {conflicts} conflict(s)"
    )
    conflict = _tr("{entity} {id} in {document}: kept {kept}'s ({reason})")
    for s in report.sources:
        lines.append(
            source.format(
                file=Path(s.path).name,
                docs=s.documents_added,
                added=s.spans_added,
                updated=s.spans_updated,
                deleted=s.spans_deleted,
                conflicts=len(s.conflicts),
            )
        )
        lines += [
            "  "
            + conflict.format(entity=c.entity, id=c.id[:8], document=c.document, kept=c.kept, reason=c.reason)
            for c in s.conflicts[:20]
        ]
    return "\n".join(lines)


class DashboardView(QWidget):
    changed = Signal()

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.job: Job | None = None
        self.report: AgreementReport | None = None
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.over_time = LineChart("", self)
        self.per_label = BarChart("", self)
        self.matrix = Heatmap("", self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.status = QLabel(self)
        buttons = QHBoxLayout()
        self._buttons: list[tuple[QPushButton, str]] = []
        for text, slot in (
            (QT_TRANSLATE_NOOP("DashboardView", "Refresh"), self.refresh),
            (QT_TRANSLATE_NOOP("DashboardView", "Compute agreement"), self.compute_agreement),
            (QT_TRANSLATE_NOOP("DashboardView", "Merge annotators' copies…"), self.merge_dialog),
            (QT_TRANSLATE_NOOP("DashboardView", "Assign documents…"), self.assign_dialog),
            (QT_TRANSLATE_NOOP("DashboardView", "Set role…"), self.role_dialog),
        ):
            b = QPushButton(self)
            b.clicked.connect(slot)
            buttons.addWidget(b)
            self._buttons.append((b, text))
        buttons.addStretch(1)
        grid = QGridLayout()
        grid.addWidget(self.table, 0, 0)
        grid.addWidget(self.over_time, 0, 1)
        grid.addWidget(self.per_label, 1, 0)
        grid.addWidget(self.matrix, 1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addLayout(grid, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.status)
        self._retranslate()
        self.refresh()

    def _retranslate(self) -> None:
        """Every text in the interface language (at start and on a language switch)."""
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        for button, source in self._buttons:
            button.setText(self.tr(source))
        self.over_time.title = self.tr("Documents done over time")
        self.per_label.title = self.tr("Span F1 (exact) per label")
        self.matrix.title = self.tr("Span F1 (exact), annotator × annotator")
        for chart in (self.over_time, self.per_label, self.matrix):
            chart.update()
        if self.report is None:
            self.summary.setText(self.tr("Agreement not computed yet."))
        else:
            self.show_agreement(self.report)

    def changeEvent(self, event: QEvent) -> None:
        # A closed dashboard may outlive its project's connection: only a shown one reads the store again.
        if event.type() == QEvent.Type.LanguageChange and self.isVisible():
            self._retranslate()
            self.refresh()  # the role column names roles in the interface language
        super().changeEvent(event)

    # -- progress -----------------------------------------------------------------------------
    def refresh(self) -> None:
        rows = team_progress(self.project)
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            values = (
                r.name,
                self.tr(ROLE_TEXTS[r.role]) if r.role in ROLE_TEXTS else r.role,
                r.assigned,
                r.done,
                r.in_progress,
                r.not_started,
                f"{100 * r.share_done:.0f}",
            )
            for j, v in enumerate(values):
                item = QTableWidgetItem(str(v))
                if j >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        self.over_time.set_series(done_over_time(self.project))

    # -- agreement ----------------------------------------------------------------------------
    def compute_agreement(self) -> None:
        if self.job is not None and self.job.running():
            return
        self.status.setText(self.tr("computing agreement…"))
        self.job = start_job(
            AgreementWorker(self.project.path), None, on_done=self.show_agreement, on_failed=self._failed
        )

    def show_agreement(self, report: object) -> None:
        assert isinstance(report, AgreementReport)
        self.report = report
        data = report.to_json()
        exact = data["span_f1"]["exact"]  # type: ignore[index]
        names = {lab.key: lab.name_ar or lab.name_en for lab in self.project.schema().labels}
        self.per_label.set_data([(names.get(k, k), v) for k, v in exact["per_label"].items()])
        who = list(report.annotators)
        matrix: list[list[float | None]] = [[None] * len(who) for _ in who]
        for pair in exact["pairs"]:
            i, j = who.index(pair["a"]), who.index(pair["b"])
            matrix[i][j] = matrix[j][i] = pair["f1"]
        self.matrix.set_data(who, matrix)
        overlap = data["span_f1"]["overlap"]  # type: ignore[index]
        kappa = data["token_kappa"]["mean"]  # type: ignore[index]
        summary = self.tr(
            "{annotators} annotators, {docs} document(s). Span F1 exact mean {mean} (sd {sd}),"
            " overlap mean {overlap}; token kappa mean {kappa}; Krippendorff's alpha {alpha}."
        )
        self.summary.setText(
            summary.format(
                annotators=len(who),
                docs=report.documents,
                mean=_f(exact["mean"]),
                sd=_f(exact["sd"]),
                overlap=_f(overlap["mean"]),
                kappa=_f(kappa),
                alpha=_f(data["alpha"]),  # type: ignore[arg-type]
            )
        )
        self.status.setText("")

    def _failed(self, message: str) -> None:
        self.status.setText("")
        show_error(self, self.tr("The team task failed"), message)

    # -- merge and assignment ----------------------------------------------------------------
    def merge_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Merge annotators' copies"),
            str(self.project.path.parent),
            self.tr("Hashiya projects (*.hashiya *.sqlite *.db);;All files (*)"),
        )
        if files:
            self.merge(files)

    def merge(self, files: Sequence[str]) -> None:
        if self.job is not None and self.job.running():
            return
        self.status.setText(self.tr("merging…"))
        self.job = start_job(
            MergeWorker(self.project.path, files), None, on_done=self._merged, on_failed=self._failed
        )

    def _merged(self, report: object) -> None:
        assert isinstance(report, MergeReport)
        self.status.setText("")
        self.refresh()
        self.changed.emit()
        show_info(self, self.tr("Merge finished"), merge_summary(report))

    def assign_dialog(self) -> None:
        names, ok = QInputDialog.getText(
            self, self.tr("Assign documents"), self.tr("Annotators (comma separated):")
        )
        if not ok or not names.strip():
            return
        who = [n.strip() for n in names.split(",") if n.strip()]
        k, ok = QInputDialog.getInt(
            self,
            self.tr("Assign documents"),
            self.tr("Annotators per document:"),
            min(2, len(who)),
            1,
            len(who),
        )
        if ok:
            try:
                added = self.assign(who, k)
            except ProjectError as exc:
                show_error(self, self.tr("Assign documents"), explain(exc))
                return
            self.status.setText(self.tr("{n} new assignment(s)").format(n=added))

    def assign(self, who: Sequence[str], k: int) -> int:
        """New names become annotators in the same transaction as their assignments."""
        docs = document_ids(self.project)
        added = (
            assign_rotation(self.project, docs, list(who), k, create=True)
            if k < len(who)
            else assign(self.project, docs, list(who), create=True)
        )
        self.refresh()
        self.changed.emit()
        return added

    def role_dialog(self) -> None:
        names = [a.name for a in self.project.annotators() if a.role != "gold"]
        if not names:
            self.status.setText(self.tr("No annotator in this project yet"))
            return
        name, ok = QInputDialog.getItem(self, self.tr("Set role"), self.tr("Annotator:"), names, 0, False)
        if not ok:
            return
        roles = ["annotator", "reviewer"]
        shown = [self.tr(ROLE_TEXTS[r]) for r in roles]  # the interface's words; the store keeps the keys
        picked, ok = QInputDialog.getItem(self, self.tr("Set role"), self.tr("Role:"), shown, 0, False)
        if ok:
            self.set_role(name, roles[shown.index(picked)])

    def set_role(self, name: str, role: str) -> None:
        """A reviewer may open the adjudication window; the role is stored in the project for everyone."""
        if role not in ("annotator", "reviewer"):
            raise ValueError(f"role must be annotator or reviewer, got {role!r}")
        self.project.set_annotator_role(name, role)  # type: ignore[arg-type]
        self.refresh()
        self.changed.emit()

    def stop(self) -> None:
        """Join a running worker (its thread has no Qt parent, so it never dies with the widget)."""
        if self.job is not None:
            self.job.stop()


def _f(v: object) -> str:
    return "–" if v is None else f"{float(v):.3f}"  # type: ignore[arg-type]


class DashboardDialog(QDialog):
    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Team dashboard"))
        self.view = DashboardView(project, self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.view)
        self.resize(1100, 760)

    def done(self, result: int) -> None:
        self.view.stop()
        super().done(result)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.setWindowTitle(self.tr("Team dashboard"))
        super().changeEvent(event)


def open_dashboard(parent: QWidget | None, project: Project) -> DashboardDialog:
    """Open the team dashboard (non-modal)."""
    dlg = DashboardDialog(project, parent)
    dlg.show()
    return dlg
