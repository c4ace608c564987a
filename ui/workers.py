"""Long work off the GUI thread: import, export and search indexing, each cancellable.

A worker opens its OWN connection to the project inside its thread (an
SQLite connection must stay in the thread that made it) and closes it before
finishing; the GUI's connection sees the committed result afterwards.  Every
thread started here is tracked, so tests can check none is left running.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from store.errors import ProjectError
from store.project import Project
from ui import messages

if TYPE_CHECKING:
    from annotate.formats.offsetfix import OffsetUnit
    from store.export import ExportOptions

PROGRESS_INTERVAL_S = 0.05
_threads: weakref.WeakSet[QThread] = weakref.WeakSet()


def running_threads() -> list[QThread]:
    """Worker threads still running (tests assert this is empty at teardown).

    A thread made with a parent is deleted by Qt with that parent (a closed
    dialog, a replaced pane); its Python wrapper lingers in the weak set until
    collected, and calling it would raise, so deleted threads are skipped: a
    deleted thread has ended (Qt aborts when a running one is destroyed).
    """
    return [t for t in list(_threads) if shiboken6.isValid(t) and t.isRunning()]


class Worker(QObject):
    """Base: ``run`` in the thread, then exactly one of ``done``, ``cancelled`` or ``failed``, then ``finished``.

    ``cancelled`` is for work that keeps nothing when stopped (export); work
    that keeps its committed part (import, indexing) reports it with ``done``.
    """

    progress = Signal(int, int)
    done = Signal(object)
    cancelled = Signal()
    failed = Signal(str)
    finished = Signal()

    def __init__(self, project_path: str | Path) -> None:
        super().__init__()
        self.project_path = Path(project_path)
        self._cancel = threading.Event()
        self._last_report = 0.0
        self.progress_interval_s = PROGRESS_INTERVAL_S

    def cancel(self) -> None:
        """Ask the work to stop at its next safe point; what was committed stays."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _report(self, done: int, total: int) -> None:
        """At most ~20 progress signals a second: 100,000 queued events would stall the GUI thread."""
        now = time.monotonic()
        if done >= total or now - self._last_report >= self.progress_interval_s:
            self._last_report = now
            self.progress.emit(done, total)

    def work(self, project: Project) -> object:
        raise NotImplementedError

    @Slot()
    def run(self) -> None:
        try:
            with Project.open(self.project_path) as project:
                result = self.work(project)
        except Cancelled:
            self.cancelled.emit()
        except (ProjectError, OSError, ValueError) as exc:
            self.failed.emit(messages.explain(exc))
        except Exception as exc:  # a bug must reach the user as a message, and the thread must end
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.done.emit(result)
        finally:
            self.finished.emit()


class Cancelled(Exception):
    """Raised by ``Worker.work`` when the user cancelled and nothing is to be reported as done."""


# Each worker imports its store module when it runs, not when the window starts (make bench: app start).
class ImportWorker(Worker):
    """Imports texts from files and folders; ``done`` carries the ImportReport (also after a cancel: it
    says what landed).  Files holding annotations are not read as text but listed in its ``held_back``,
    for the window to offer to the annotated import: read as text, they would lose their annotations."""

    def __init__(self, project_path: str | Path, paths: Sequence[str | Path], fmt: str = "auto") -> None:
        super().__init__(project_path)
        self.paths = [str(p) for p in paths]
        self.fmt = fmt

    def work(self, project: Project) -> object:
        from store.mixed_import import import_texts

        return import_texts(project, self.paths, self.fmt, progress=self._report, cancelled=self.is_cancelled)


class AnnotatedImportWorker(Worker):
    """Imports annotated files (and any plain texts among them) as ``python main.py import`` does;
    ``done`` carries the ``FilesImport``, also after a cancel (each file lands whole or not at all)."""

    def __init__(
        self,
        project_path: str | Path,
        paths: Sequence[str | Path],
        fmt: str,
        annotator: str | None,
        *,
        add_labels: bool = False,
        join_fragments: bool = False,
        offsets: OffsetUnit | None = None,
    ) -> None:
        super().__init__(project_path)
        self.paths = [str(p) for p in paths]
        self.fmt = fmt
        self.annotator = annotator  # None: the layers the files name
        self.add_labels = add_labels
        self.join_fragments = join_fragments
        self.offsets = offsets  # None: found per document

    def work(self, project: Project) -> object:
        from store.mixed_import import import_files

        return import_files(
            project,
            self.paths,
            self.fmt,
            self.annotator,
            add_labels=self.add_labels,
            fragments="join" if self.join_fragments else "refuse",
            offsets=self.offsets,
            progress=self._report,
            cancelled=self.is_cancelled,
        )


class ExportWorker(Worker):
    """Exports one layer (an annotator's name, or ``gold``) in any export format, as ``python main.py export``
    does; ``done`` carries the ``ExportOutcome`` (files written and the format's report).  A cancel leaves
    nothing at the destination."""

    def __init__(
        self,
        project_path: str | Path,
        out: str | Path,
        layer: str,
        fmt: str = "jsonl",
        options: ExportOptions | None = None,
    ) -> None:
        super().__init__(project_path)
        self.out = Path(out)
        self.layer = layer
        self.fmt = fmt
        self.options = options

    def work(self, project: Project) -> object:
        from annotate.formats.spacy_docbin import FormatUnavailable
        from annotate.model import GOLD
        from store.export import ExportCancelled, export_layer, resolve_layer

        gold = self.layer == GOLD
        layer = resolve_layer(project, None if gold else self.layer, gold)  # refuses an unknown name
        try:
            return export_layer(
                project,
                self.out,
                layer,
                self.fmt,
                self.options,
                progress=self._report,
                cancelled=self.is_cancelled,
            )
        except ExportCancelled as exc:
            raise Cancelled from exc
        except FormatUnavailable as exc:  # spaCy missing: the store's words say what to install
            raise ProjectError(str(exc)) from exc


class IndexWorker(Worker):
    """Builds the folded search shadow of documents that have none (projects from older versions)."""

    def work(self, project: Project) -> object:
        from store.search import index_missing

        return index_missing(project, progress=self._report, cancelled=self.is_cancelled)


class Job:
    """A worker with its thread: started, cancellable, and always joined."""

    def __init__(self, worker: Worker, parent: QObject | None = None) -> None:
        self.worker = worker
        self.relay: QObject | None = None
        self.thread = QThread(parent)
        _threads.add(self.thread)
        worker.moveToThread(self.thread)
        self.thread.started.connect(worker.run)
        # Direct: quit() is thread-safe, and a queued call would wait for the GUI thread, which may be
        # the one blocked in wait() (closing the window) -- a deadlock until the timeout.
        worker.finished.connect(self.thread.quit, Qt.ConnectionType.DirectConnection)

    def start(self) -> None:
        self.thread.start()

    def cancel(self) -> None:
        self.worker.cancel()

    def wait(self, ms: int = 30_000) -> bool:
        """Cancel-free join: True once the thread has ended (or was deleted with its parent, so ended)."""
        return not shiboken6.isValid(self.thread) or self.thread.wait(ms)

    def stop(self, ms: int = 30_000) -> bool:
        """Cancel and join (closing the window, switching project)."""
        self.cancel()
        return self.wait(ms)

    def running(self) -> bool:
        return shiboken6.isValid(self.thread) and self.thread.isRunning()


class _Relay(QObject):
    """Lives in the GUI thread, so the worker's signals reach the callbacks queued, on that thread.

    (A plain Python callable connected to a signal emitted in another thread
    would run in that other thread, where no widget may be touched.)
    """

    def __init__(self, callbacks: dict[str, Callable[..., None] | None], parent: QObject | None) -> None:
        super().__init__(parent)
        self.callbacks = callbacks

    def _call(self, name: str, *args: object) -> None:
        cb = self.callbacks.get(name)
        if cb is not None:
            cb(*args)

    @Slot(object)
    def on_done(self, result: object) -> None:
        self._call("done", result)

    @Slot(str)
    def on_failed(self, message: str) -> None:
        self._call("failed", message)

    @Slot()
    def on_cancelled(self) -> None:
        self._call("cancelled")

    @Slot(int, int)
    def on_progress(self, done: int, total: int) -> None:
        self._call("progress", done, total)


def start_job(
    worker: Worker,
    parent: QObject | None = None,
    *,
    on_done: Callable[[object], None] | None = None,
    on_failed: Callable[[str], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Job:
    """Connect the callbacks (run in the calling, GUI, thread) and start."""
    job = Job(worker, parent)
    relay = _Relay(
        {"done": on_done, "failed": on_failed, "cancelled": on_cancelled, "progress": on_progress}, parent
    )
    job.relay = relay
    worker.done.connect(relay.on_done)
    worker.failed.connect(relay.on_failed)
    worker.cancelled.connect(relay.on_cancelled)
    worker.progress.connect(relay.on_progress)
    job.start()
    return job
