"""Run in a fresh process by the benchmarks: start a window, report when it first painted, then probe it.

``python -m bench.app_probe cli ARGS... --runtime-only`` runs the command line;
``python -m bench.app_probe bare`` shows an empty QMainWindow (the floor);
``python -m bench.app_probe app PROJECT [--scroll] [--search QUERY] [--runtime-only]`` starts
Hashiya's window on PROJECT the way ``ui.app.run_gui`` does (settings in a
temporary file, annotator preset so no dialog asks): the window is painted,
then its project opens and the first document is painted.  Prints one JSON
object: the wall-clock times of the first paint and of that first paint with
the document ("ready"; ``time.time()``, compared by the parent with its own
clock before starting us), resident memory, and the probes' timings in seconds.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def first_paint(app: Any, window: Any, then: Any = None, ready: Any = None) -> dict[str, float]:
    """Show ``window``; note its first paint, run ``then()`` inside the event loop, quit; returns the moments.

    The paint is watched on the window itself, not with an application-wide
    event filter: a Python filter that sees every object's events makes
    PySide6 build the Python types of all of QtWidgets (their 180 enums, some
    45 ms) the first time an object of a class not yet loaded passes by (a
    splitter handle does), a cost the program itself never pays.
    With ``ready`` (a signal the window emits once its content is loaded), the
    whole window is painted again at once and that moment is noted too
    ("ready"); ``then`` runs after it.  The probes run inside the loop because
    quitting the application closes the window (and with it the project).
    """
    from PySide6.QtCore import QEvent, QObject, QTimer

    seen: dict[str, float] = {}

    def after() -> None:
        try:
            if then is not None:
                then()
        finally:
            app.quit()

    def loaded(*_args: object) -> None:
        window.repaint()  # the list and the first document, painted now
        seen["ready"] = time.time()
        QTimer.singleShot(0, after)

    class Watch(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and "t" not in seen:
                seen["t"] = time.time()
                if ready is None:
                    QTimer.singleShot(0, after)
            return False

    if ready is not None:
        ready.connect(loaded)
    watch = Watch()
    window.installEventFilter(watch)
    window.show()
    QTimer.singleShot(120_000, app.quit)
    app.exec()
    window.removeEventFilter(watch)
    return seen


def bare() -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    w = QMainWindow()
    w.resize(1280, 800)
    return {"first_paint": first_paint(app, w).get("t", float("nan")), "rss_mb": rss_mb()}


def hashiya(project: str, scroll: bool, search: list[str]) -> dict[str, Any]:
    """The start of ``ui.app.run_gui``: the window painted first, its project opened right after."""
    from PySide6.QtCore import QSettings

    from ui.app import application
    from ui.i18n import Translations
    from ui.main_window import MainWindow
    from ui.settings import AppSettings

    app = application()
    ini = Path(tempfile.mkdtemp(prefix="hashiya-probe-")) / "settings.ini"
    settings = AppSettings(QSettings(str(ini), QSettings.Format.IniFormat))
    settings.set_annotator_for(project, "amal")
    translations = Translations(app)
    translations.apply(settings.language())
    window = MainWindow(None, "", settings, translations)
    window.open_after_first_paint(project)
    out: dict[str, Any] = {}
    seen = first_paint(app, window, lambda: probes(window, out, scroll, search), ready=window.opened)
    if not window.has_project():
        raise SystemExit("the project did not open")
    out["first_paint"] = seen.get("t", float("nan"))
    out["ready"] = seen.get("ready", float("nan"))
    return out


def probes(window: Any, out: dict[str, Any], scroll: bool, search: list[str]) -> None:
    from PySide6.QtWidgets import QTableView

    out["rss_mb"] = rss_mb()
    view = window.list_panel.findChild(QTableView)
    model = window.list_model
    out["rows"] = model.rowCount()
    if scroll and view is not None:
        bar = view.verticalScrollBar()
        jumps = []
        for frac in (0.5, 0.99, 1.0, 0.25, 0.75):
            t = time.perf_counter()
            bar.setValue(int(bar.maximum() * frac))
            view.viewport().repaint()
            jumps.append(time.perf_counter() - t)
        steps = []
        for _ in range(30):
            t = time.perf_counter()
            bar.setValue(bar.value() - bar.singleStep() * 3)  # one wheel notch
            view.viewport().repaint()
            steps.append(time.perf_counter() - t)
        out["scroll_jumps"] = jumps
        out["scroll_steps"] = steps
    searches = {}
    for q in search:
        t = time.perf_counter()
        model.set_filter(query=q)
        if view is not None:
            view.viewport().repaint()
        searches[q] = [time.perf_counter() - t, model.rowCount()]
        model.set_filter(query="")
    out["search"] = searches
    out["rss_mb_after"] = rss_mb()


class _RuntimeOnly:
    """Hide packages only the dev venv has (numpy, pandas from the test oracles), which
    sqlite-utils imports whenever they exist: the user's install (requirements.txt) has neither."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name.split(".")[0] in ("numpy", "pandas"):
            raise ImportError(f"{name} is not a runtime dependency")


def main(argv: list[str]) -> int:
    if "--runtime-only" in argv:
        sys.meta_path.insert(0, _RuntimeOnly())  # type: ignore[arg-type]
        argv = [a for a in argv if a != "--runtime-only"]
    if argv[0] == "cli":  # the command line as installed: python main.py ARGS
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        import main as cli

        return cli.main(argv[1:])
    if argv[0] == "bare":
        out = bare()
    else:
        search = [argv[i + 1] for i, a in enumerate(argv) if a == "--search"]
        out = hashiya(argv[1], "--scroll" in argv, search)
    print(json.dumps(out, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
