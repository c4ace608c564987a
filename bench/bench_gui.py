"""In-process GUI figures: opening an article in the reader, labelling by key, opening the adjudication view.

Each timing ends with a synchronous ``repaint()`` of the widget that shows
the result, so the figure covers what the user waits for, not only the
model update.  Runs offscreen (QT_QPA_PLATFORM=offscreen), which lays out and
shapes Arabic like a real screen.
"""

from __future__ import annotations

import os
import time
import uuid
from typing import Any

from annotate.model import DocId
from annotate.schema import default_schema
from annotate.textimport import draft
from bench import generate
from bench.timing import Row, median_time, missing
from store.documents import add_documents
from store.project import Project

AREA = "gui"


def _project(name: str) -> Project:
    path = generate.OUT / f"{name}.hashiya"
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)
    generate.OUT.mkdir(parents=True, exist_ok=True)
    return Project.create(path, default_schema())


def _layer_sql(p: Project, doc_id: int, text: str, who: str, ranges: list[tuple[int, int, str]]) -> None:
    with p.write() as c:
        c.execute(
            "INSERT OR IGNORE INTO annotators(name, role, created_at) VALUES (?, 'annotator', ?)",
            (who, generate.STAMP),
        )
        generate._insert_spans(
            c,
            [
                (str(uuid.uuid4()), doc_id, who, s, e, lab, text[s:e], generate.STAMP, generate.STAMP)
                for s, e, lab in ranges
            ],
        )


def _exact_layer(text: str, k: int, seed: int) -> list[tuple[int, int, str]]:
    """``k`` distinct spans (``generate.layer`` may return fewer after removing duplicates)."""
    n = k
    while True:
        out = generate.layer(text, n, seed)
        if len(out) >= k:
            return out[:k]
        n += k - len(out)


def reader_project() -> tuple[Project, dict[str, DocId]]:
    """Two articles (5,000 chars with 200 spans; 100,000 chars with 5,000 spans) and a free one for key presses."""
    p = _project("gui")
    texts = {
        "small": generate.article_of_length(5_000, 1),
        "large": generate.article_of_length(100_000, 2),
        "keys": generate.article_of_length(5_000, 3),
    }
    ids = dict(
        zip(texts, add_documents(p, [draft(t, k, "utf-8") for k, t in texts.items()]).added, strict=True)
    )
    _layer_sql(p, ids["small"], texts["small"], "amal", _exact_layer(texts["small"], 200, 1))
    _layer_sql(p, ids["large"], texts["large"], "amal", _exact_layer(texts["large"], 5000, 2))
    _layer_sql(p, ids["keys"], texts["keys"], "amal", _exact_layer(texts["keys"], 200, 3))
    return p, ids


def _app() -> Any:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def reader_rows(runs: int) -> list[Row]:
    try:
        from PySide6.QtGui import QUndoStack

        from ui.workbench import AnnotationPane
    except ImportError as exc:
        return [missing(AREA, "reader open", f"ui.workbench.AnnotationPane ({exc})")]
    app = _app()
    p, ids = reader_project()
    stack = QUndoStack()
    pane = AnnotationPane(p, "amal", stack)
    pane.resize(1280, 800)
    pane.show()
    app.processEvents()
    rows = []
    for key, figure, budget in (
        ("small", "open a 5,000-char article with 200 spans in the reader", 0.030),
        ("large", "open a 100,000-char article with 5,000 spans in the reader", 0.300),
    ):
        other = ids["keys"]

        def setup(other: DocId = other) -> None:
            pane.show_document(other)  # start from another document, as when moving through the list
            app.processEvents()

        def open_it(doc: DocId = ids[key]) -> None:
            pane.show_document(doc)
            pane.reader.viewport().repaint()

        med, samples = median_time(open_it, runs=runs, setup=setup)
        rows.append(
            Row(AREA, figure, med, budget=budget, kind="max_s", runs=runs, extra={"samples": samples})
        )
    rows.append(keypress_row(app, pane, p, ids["keys"], runs=max(runs, 25)))
    pane.close()
    pane.deleteLater()
    app.processEvents()
    p.close()
    return rows


def keypress_row(app: Any, pane: Any, p: Project, doc_id: DocId, runs: int) -> Row:
    """Select a word, press a label's hotkey: until the span is committed and the reader repainted."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    labels = [lab for lab in p.schema().labels if len(lab.hotkey) == 1 and lab.hotkey.isalpha()]
    if not labels:
        return missing(AREA, "key press to committed span", "no single-letter hotkey in the default schema")
    lab = labels[0]
    pane.show_document(doc_id)
    app.processEvents()
    text = pane.ctl.doc.text
    words = generate.word_ranges(text)
    taken = {(s.start, s.end) for s in pane.ctl.spans}
    free = [w for w in words if w not in taken][: runs + 5]
    count = lambda: p.conn.execute(  # noqa: E731
        "SELECT count(*) FROM spans WHERE doc_id = ? AND annotator = 'amal'", (doc_id,)
    ).fetchone()[0]
    before = count()
    it = iter(free)

    def select() -> None:
        a, b = next(it)
        pane.reader.select_cp(a, b)
        app.processEvents()

    def press() -> None:
        QTest.keyClick(
            pane.reader, getattr(Qt.Key, f"Key_{lab.hotkey.upper()}"), Qt.KeyboardModifier.NoModifier
        )
        pane.reader.viewport().repaint()

    med, samples = median_time(press, runs=runs, setup=select, warmup=2)
    added = count() - before
    note = f"label {lab.key!r} by hotkey {lab.hotkey!r}; {added} spans committed in {runs + 2} presses"
    if added != runs + 2:
        return Row(AREA, "key press to committed span and repaint (median)", None, note=f"FAILED: {note}")
    return Row(
        AREA,
        "key press to committed span and repaint (median)",
        med,
        budget=0.016,
        kind="max_s",
        runs=runs,
        note=note,
        extra={"samples": samples},
    )


def adjudication_row(runs: int) -> Row:
    figure = "adjudication view opens a document with 3 x 200 spans"
    try:
        from ui.adjudication import AdjudicationView
    except ImportError as exc:
        return missing(AREA, figure, f"ui.adjudication.AdjudicationView ({exc})")
    app = _app()
    p = _project("adjudication")
    texts = [generate.article_of_length(5_000, 11), generate.article_of_length(5_000, 12)]
    ids = add_documents(p, [draft(t, f"a{i}", "utf-8") for i, t in enumerate(texts)]).added
    for doc_id, text in zip(ids, texts, strict=True):
        base = _exact_layer(text, 200, doc_id)
        _layer_sql(p, doc_id, text, "amal", base)
        for k, who in enumerate(("badr", "carim")):
            other = generate.perturbed(base, text, doc_id * 10 + k)
            extra = [r for r in _exact_layer(text, 260, doc_id * 100 + k) if r not in other]
            _layer_sql(p, doc_id, text, who, sorted((other + extra)[:200]))
    view = AdjudicationView(p, "rev")
    view.resize(1280, 800)
    view.show()
    app.processEvents()

    def setup() -> None:
        view.show_document(ids[1])
        app.processEvents()

    def open_it() -> None:
        view.show_document(ids[0])
        view.repaint()

    med, samples = median_time(open_it, runs=runs, setup=setup)
    n = p.conn.execute("SELECT count(*) FROM spans WHERE doc_id = ?", (ids[0],)).fetchone()[0]
    view.close()
    view.deleteLater()
    app.processEvents()
    p.close()
    return Row(
        AREA,
        figure,
        med,
        budget=0.100,
        kind="max_s",
        runs=runs,
        note=f"{n} spans in the document",
        extra={"samples": samples},
    )


def run(runs: int) -> list[Row]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    t = time.perf_counter()
    rows = reader_rows(runs)
    rows.append(adjudication_row(runs))
    rows[-1].extra["gui_total_s"] = time.perf_counter() - t
    return rows
