"""The lazy document list: 100,000 documents cost only the rows shown; filter, folded search, moves."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from annotate.commands import StatusRecord, set_status
from annotate.model import DocId
from annotate.schema import default_schema
from annotate.textimport import draft
from store.annotations import apply
from store.documents import add_documents
from store.project import Project
from store.search import index_documents
from ui.doc_list import PAGE, DocListModel, DocListPanel

N = 100_000
ME = "salma"


@pytest.fixture(scope="module")
def big_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.sqlite"
    with Project.create(path, default_schema()) as p:
        p.ensure_annotator(ME)
        drafts = [
            draft(f"تقرير رقم {i} عن الوضع الميداني في المنطقة {i % 97}", f"{i}.txt", "utf-8")
            for i in range(N)
        ]
        add_documents(p, drafts)
    return path


@pytest.fixture
def big(big_path: Path) -> Iterator[Project]:
    p = Project.open(big_path)
    yield p
    p.close()


@pytest.fixture
def small(tmp_path: Path) -> Iterator[tuple[Project, list[DocId]]]:
    p = Project.create(tmp_path / "s.sqlite", default_schema())
    p.ensure_annotator(ME)
    texts = [
        "قررت المحكمة إعادة النظر في القضية بعد الاستئناف.",
        "Les habitants ont signalé des tirs près du pont.",
        "خرجت مظاهرة في الساحة الرئيسية مساء الجمعة.",
        "اعاده فتح الطريق بين البلدتين بعد أسبوع من الإغلاق.",
    ]
    ids = add_documents(p, [draft(t, f"{i}.txt", "utf-8") for i, t in enumerate(texts)]).added
    index_documents(p, ids)
    yield p, ids
    p.close()


def type_text(widget: QWidget, text: str) -> None:
    """Type as an Arabic keyboard does: key events carrying the characters (qtbot.keyClicks is ASCII only)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def _panel(qtbot, project: Project) -> DocListPanel:
    panel = DocListPanel(DocListModel(project, ME))
    qtbot.addWidget(panel)
    panel.resize(500, 400)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_showing_100k_documents_fetches_only_visible_pages(qtbot, big: Project) -> None:
    t0 = time.perf_counter()
    panel = _panel(qtbot, big)
    QApplication.processEvents()
    opened_s = time.perf_counter() - t0
    model = panel.model
    assert model.rowCount() == N
    assert 0 < model.fetched_rows <= PAGE
    assert model.data(model.index(0, 0)) == "تقرير رقم 0 عن الوضع الميداني في المنطقة 0"
    before = model.fetched_rows
    t0 = time.perf_counter()
    panel.table.scrollToBottom()
    QApplication.processEvents()
    bottom_s = time.perf_counter() - t0
    assert model.data(model.index(N - 1, 0)).startswith(f"تقرير رقم {N - 1} ")
    assert model.fetched_rows - before <= 2 * PAGE
    print(f"open {opened_s * 1000:.0f} ms, jump to row {N} {bottom_s * 1000:.0f} ms")
    print(f"bottom of the list reached in {bottom_s:.3f} s (measured by make bench, not asserted)")


def test_status_filter_counts_and_lists_only_matching(qtbot, big: Project) -> None:
    for doc in (DocId(10), DocId(99_999)):
        apply(big, set_status(None, StatusRecord(doc, ME, "done")), ME)
    panel = _panel(qtbot, big)
    panel.status.setCurrentIndex(3)  # done
    model = panel.model
    assert model.rowCount() == 2
    assert [model.doc_id_at(r) for r in range(2)] == [10, 99_999]
    assert model.data(model.index(0, 1)) == "Done"
    panel.status.setCurrentIndex(1)  # new
    assert model.rowCount() == N - 2


def test_typing_without_hamza_finds_the_hamza_form(qtbot, small: tuple[Project, list[DocId]]) -> None:
    project, ids = small
    panel = _panel(qtbot, project)
    hits: list[int] = []
    panel.documentChosen.connect(hits.append)
    type_text(panel.search, "اعاده")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=2000)
    assert [panel.model.doc_id_at(r) for r in range(2)] == [ids[0], ids[3]]
    assert "إعادة" in panel.model.data(panel.model.index(0, 0))
    assert hits == []  # filtering never moves the reader by itself
    QTest.keyClick(panel.search, Qt.Key.Key_Return)
    assert hits == [ids[0]]
    panel.search.clear()
    panel.apply_filter()
    assert panel.model.rowCount() == 4


def test_html_in_a_title_is_shown_as_characters(qtbot, tmp_path: Path) -> None:
    with Project.create(tmp_path / "h.sqlite", default_schema()) as p:
        add_documents(p, [draft("<b>عاجل</b> &amp; خبر", "h.txt", "utf-8")])
        model = DocListModel(p, ME)
        assert model.data(model.index(0, 0)) == "<b>عاجل</b> &amp; خبر"


def test_arabic_titles_align_right_latin_ones_do_not(small: tuple[Project, list[DocId]]) -> None:
    project, _ = small
    model = DocListModel(project, ME)
    arabic = model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole)
    assert arabic & int(Qt.AlignmentFlag.AlignRight) and arabic & int(Qt.AlignmentFlag.AlignAbsolute)
    assert model.data(model.index(1, 0), Qt.ItemDataRole.TextAlignmentRole) is None


def test_move_and_refresh_keep_the_place(qtbot, small: tuple[Project, list[DocId]]) -> None:
    project, ids = small
    panel = _panel(qtbot, project)
    chosen: list[int] = []
    panel.documentChosen.connect(chosen.append)
    panel.select_row(0)
    assert panel.move(+1) and panel.current_doc() == ids[1]
    assert panel.move(-1) and not panel.move(-1)
    assert chosen == [ids[0], ids[1], ids[0]]
    panel.status.setCurrentIndex(1)  # new only
    panel.select_row(1)
    apply(project, set_status(None, StatusRecord(ids[1], ME, "done")), ME)
    panel.refresh_keeping(ids[1], 1)
    assert panel.current_doc() is None  # it left the list, and the reader was not moved away from it
    assert chosen[-1] == ids[1]
    assert panel.move(+1) and panel.current_doc() == ids[2]  # "next" continues from its place
    panel.refresh_keeping(ids[2], 1)
    assert panel.current_doc() == ids[2]
