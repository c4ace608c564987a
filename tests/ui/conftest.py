"""Fixtures for the workbench: a project on the default schema and Arabic articles of our own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor, QUndoStack

from annotate.model import DocId, DocumentDraft
from annotate.schema import Schema, default_schema, default_schema_path, schema_from_dict
from annotate.textimport import draft
from store.documents import add_documents
from store.project import Project
from ui.reader import ReaderView
from ui.workbench import AnnotationPane
from ui.workers import running_threads

if TYPE_CHECKING:
    from ui.i18n import Translations
    from ui.main_window import MainWindow

INLINE_SCHEMA = {
    "name": "ui-test",
    "labels": [
        {"key": "air_strike", "kind": "event", "name_en": "Air strike", "name_ar": "غارة جوية",
         "color": "#d62728", "hotkey": "a"},
        {"key": "arrest", "kind": "event", "name_en": "Arrest", "name_ar": "اعتقال", "color": "#8c564b",
         "hotkey": "r"},
        {"key": "state_forces", "kind": "actor", "name_en": "State forces", "name_ar": "قوات حكومية",
         "color": "#1f77b4", "hotkey": "1"},
        {"key": "place", "kind": "entity", "name_en": "Place", "name_ar": "مكان", "color": "#2ca02c",
         "hotkey": "m"},
        {"key": "date", "kind": "entity", "name_en": "Date", "name_ar": "تاريخ", "color": "#9467bd",
         "hotkey": "d"},
    ],
    "roles": [
        {"key": "agent", "name_en": "Agent", "name_ar": "الفاعل", "head_kinds": ["event"],
         "tail_kinds": ["actor", "entity"]},
        {"key": "place", "name_en": "Place", "name_ar": "المكان", "head_kinds": ["event"],
         "tail_kinds": ["entity"]},
    ],
    "attributes": [
        {"key": "certainty", "name_en": "Certainty", "name_ar": "اليقين", "applies_to": ["event"],
         "values": ["confirmed", "claimed", "alleged"]},
    ],
}  # fmt: skip

# Our own sentences (not from any seed corpus).
ARTICLE = (
    "شنّت طائرات حربية غارة على مواقع بالرقة فجر الثلاثاء، وقالت مصادر محلية إن القصف استهدف مستودعاً"
    " للذخيرة قرب الرقة.\nوأعلنت قوات الأمن لاحقاً اعتقال خمسة أشخاص في ريف المدينة."
)
EMOJI_ARTICLE = "عاجل 🔥📢 " + ARTICLE
VOWELLED_ARTICLE = "وَلِلْأَطْفَالِ حَقٌّ فِي التَّعْلِيمِ، لَا سِيَّمَا لِلّاجِئِينَ 😀 فِي المُخَيَّمَاتِ."
HTML_ARTICLE = "قال البيان إن <b>الجيش</b> &amp; الشرطة انتشرا في <i>المدينة</i>."


@pytest.fixture(autouse=True)
def no_thread_left() -> Iterator[None]:
    """A test that leaves a worker's QThread running fails (napari's rule): it would outlive its widgets."""
    yield
    left = running_threads()
    for t in left:
        t.quit()
        t.wait(5000)
    assert not left, f"{len(left)} worker thread(s) left running"


@pytest.fixture
def schema() -> Schema:
    return default_schema() if default_schema_path().exists() else schema_from_dict(INLINE_SCHEMA)


@pytest.fixture
def project(tmp_path: Path, schema: Schema) -> Iterator[Project]:
    p = Project.create(tmp_path / "ws.sqlite", schema)
    yield p
    p.close()


@pytest.fixture
def doc_ids(project: Project) -> dict[str, DocId]:
    texts = {"plain": ARTICLE, "emoji": EMOJI_ARTICLE, "html": HTML_ARTICLE, "vowelled": VOWELLED_ARTICLE}
    drafts: list[DocumentDraft] = [draft(t, f"{name}.txt", "utf-8") for name, t in texts.items()]
    added = add_documents(project, drafts).added
    return dict(zip(texts, added, strict=True))


@pytest.fixture
def stack() -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def pane(qtbot, project: Project, stack: QUndoStack, doc_ids: dict[str, DocId]) -> AnnotationPane:
    w = AnnotationPane(project, "rania", stack)
    qtbot.addWidget(w)
    w.resize(900, 520)
    w.show()
    qtbot.waitExposed(w)
    w.show_document(doc_ids["plain"])
    return w


def hotkey_of(schema: Schema, kind: str) -> tuple[str, str]:
    """(label key, hotkey) of the first label of ``kind`` with a single-letter hotkey."""
    for lab in schema.labels_of(kind):  # type: ignore[arg-type]
        if len(lab.hotkey) == 1 and lab.hotkey.isalpha():
            return lab.key, lab.hotkey
    raise LookupError(kind)


def caret_point(reader: ReaderView, cp: int) -> QPoint:
    """Viewport point of the caret before code point ``cp`` (what a user aims a drag at)."""
    pos = reader.offsets.to_qt(cp)
    block = reader.document().findBlock(pos)
    layout, rel = block.layout(), pos - block.position()
    line = layout.lineForTextPosition(rel)
    x = layout.position().x() + line.cursorToX(rel)[0] - reader.horizontalScrollBar().value()
    y = layout.position().y() + line.y() + line.height() / 2 - reader.verticalScrollBar().value()
    return QPoint(round(x), round(y))


def char_point(reader: ReaderView, cp: int) -> QPoint:
    """Viewport point in the middle of the character at ``cp``."""
    a, b = caret_point(reader, cp), caret_point(reader, cp + 1)
    return QPoint((a.x() + b.x()) // 2, a.y())


def cursor_rect_point(reader: ReaderView, cp: int) -> QPoint:
    """Centre of the widget's cursorRect before ``cp``: where a test drives the mouse."""
    cur = QTextCursor(reader.document())
    cur.setPosition(reader.offsets.to_qt(cp))
    return reader.cursorRect(cur).center()


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(title, text) of the message boxes that would have opened: a modal box would block the test."""
    from ui import dashboard, messages

    seen: list[tuple[str, str]] = []
    for module in (messages, dashboard):  # the dashboard imports show_error and show_info by name
        monkeypatch.setattr(module, "show_error", lambda _p, title, text: seen.append((title, text)))
        monkeypatch.setattr(module, "show_info", lambda _p, title, text: seen.append((title, text)))
    return seen


@pytest.fixture
def translations(qapp) -> Iterator[Translations]:
    """The application's translations, in English, and back to English after the test."""
    from ui.i18n import Translations

    tr = Translations(qapp)
    tr.apply("en")
    yield tr
    tr.apply("en")


def english_window(
    qtbot, tmp_path: Path, translations: Translations, project: Project, me: str
) -> MainWindow:
    """The main window on ``project`` for ``me``, in English, its settings in ``tmp_path``, shown.

    Message boxes are the caller's to stub (the ``shown`` fixture): a modal one would block the test.
    """
    from PySide6.QtCore import QSettings

    from ui.main_window import MainWindow
    from ui.settings import AppSettings

    settings = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    settings.set_language("en")
    w = MainWindow(project, me, settings, translations, ask_name=lambda *_: me)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w
