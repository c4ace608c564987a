"""The team dashboard: progress per annotator, agreement charts, merging copies, assigning documents.

Counts come from single queries and show at once; agreement and merge can
take a while on a large project, so they run in workers (their own
connection, off the GUI thread) and the dashboard refreshes when they finish.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
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
from store.merge import MergeReport, merge_projects
from store.progress import done_over_time, team_progress
from store.project import Project
from store.team import assign, assign_rotation
from ui.charts import BarChart, Heatmap, LineChart
from ui.messages import show_error, show_info
from ui.workers import Job, Worker, start_job

COLUMNS = ("Annotator", "Role", "Of", "Done", "In progress", "Not started", "% done")


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
    lines = [f"Rule: {report.rule}."]
    for s in report.sources:
        lines.append(
            f"{Path(s.path).name}: {s.documents_added} document(s) added, {s.spans_added} span(s) added,"
            f" {s.spans_updated} updated, {s.spans_deleted} deleted, {len(s.conflicts)} conflict(s)"
        )
        lines += [
            f"  {c.entity} {c.id[:8]} in {c.document}: kept {c.kept}'s ({c.reason})" for c in s.conflicts[:20]
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
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.over_time = LineChart("Documents done over time", self)
        self.per_label = BarChart("Span F1 (exact) per label", self)
        self.matrix = Heatmap("Span F1 (exact), annotator × annotator", self)
        self.summary = QLabel("Agreement not computed yet.", self)
        self.summary.setWordWrap(True)
        self.status = QLabel(self)
        buttons = QHBoxLayout()
        for text, slot in (
            ("Refresh", self.refresh),
            ("Compute agreement", self.compute_agreement),
            ("Merge annotators' copies…", self.merge_dialog),
            ("Assign documents…", self.assign_dialog),
        ):
            b = QPushButton(text, self)
            b.clicked.connect(slot)
            buttons.addWidget(b)
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
        self.refresh()

    # -- progress -----------------------------------------------------------------------------
    def refresh(self) -> None:
        rows = team_progress(self.project)
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            values = (
                r.name,
                r.role,
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
        self.status.setText("computing agreement…")
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
        self.summary.setText(
            f"{len(who)} annotators, {report.documents} document(s). Span F1 exact mean {_f(exact['mean'])}"
            f" (sd {_f(exact['sd'])}), overlap mean {_f(overlap['mean'])}; token kappa mean {_f(kappa)};"
            f" Krippendorff's alpha {_f(data['alpha'])}."  # type: ignore[arg-type]
        )
        self.status.setText("")

    def _failed(self, message: str) -> None:
        self.status.setText("")
        show_error(self, "Hashiya", message)

    # -- merge and assignment ----------------------------------------------------------------
    def merge_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            "Merge annotators' copies",
            str(self.project.path.parent),
            "Hashiya projects (*.hashiya *.sqlite *.db);;All files (*)",
        )
        if files:
            self.merge(files)

    def merge(self, files: Sequence[str]) -> None:
        if self.job is not None and self.job.running():
            return
        self.status.setText("merging…")
        self.job = start_job(
            MergeWorker(self.project.path, files), None, on_done=self._merged, on_failed=self._failed
        )

    def _merged(self, report: object) -> None:
        assert isinstance(report, MergeReport)
        self.status.setText("")
        self.refresh()
        self.changed.emit()
        show_info(self, "Merge finished", merge_summary(report))

    def assign_dialog(self) -> None:
        names, ok = QInputDialog.getText(self, "Assign documents", "Annotators (comma separated):")
        if not ok or not names.strip():
            return
        who = [n.strip() for n in names.split(",") if n.strip()]
        k, ok = QInputDialog.getInt(
            self, "Assign documents", "Annotators per document:", min(2, len(who)), 1, len(who)
        )
        if ok:
            self.assign(who, k)

    def assign(self, who: Sequence[str], k: int) -> int:
        for n in who:
            self.project.ensure_annotator(n)
        docs = document_ids(self.project)
        added = (
            assign_rotation(self.project, docs, list(who), k)
            if k < len(who)
            else assign(self.project, docs, list(who))
        )
        self.refresh()
        self.changed.emit()
        return added

    def stop(self) -> None:
        """Join a running worker (its thread has no Qt parent, so it never dies with the widget)."""
        if self.job is not None:
            self.job.stop()


def _f(v: object) -> str:
    return "–" if v is None else f"{float(v):.3f}"  # type: ignore[arg-type]


class DashboardDialog(QDialog):
    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Team dashboard")
        self.view = DashboardView(project, self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.view)
        self.resize(1100, 760)

    def done(self, result: int) -> None:
        self.view.stop()
        super().done(result)


def open_dashboard(parent: QWidget | None, project: Project) -> DashboardDialog:
    """Open the team dashboard (non-modal)."""
    dlg = DashboardDialog(project, parent)
    dlg.show()
    return dlg
