"""The QUndoStack adapter: every push is written at once, undo/redo restore the same rows."""

from __future__ import annotations

import shiboken6
from PySide6.QtGui import QUndoStack

from annotate.commands import StatusRecord, add_span, combine, delete_span, set_status, update_span
from annotate.model import make_span
from store import annotations as store
from store.documents import get_document
from tests.ui.conftest import ARTICLE
from ui.undo import push


def rows(project) -> dict[str, list[tuple]]:
    """Every annotation row of the project file (status rows without their write time)."""
    q = {
        "spans": "SELECT * FROM spans ORDER BY id",
        "relations": "SELECT * FROM relations ORDER BY id",
        "doc_status": "SELECT doc_id, annotator, status FROM doc_status ORDER BY doc_id, annotator",
    }
    return {name: project.conn.execute(sql).fetchall() for name, sql in q.items()}


def test_push_undo_redo_return_the_file_to_the_same_rows(project, doc_ids):
    stack = QUndoStack()
    doc = get_document(project, doc_ids["plain"])
    empty = rows(project)
    s = ARTICLE.index("غارة")
    span = make_span(doc, "rania", s, s + 4, project.schema().labels[0].key)
    cmd = combine("add", [add_span(span), set_status(None, StatusRecord(doc.id, "rania", "in_progress"))])
    assert push(stack, project, cmd, "rania")
    after_add = rows(project)
    assert after_add != empty and len(after_add["spans"]) == 1
    wider = span.with_(end=s + 5, text=ARTICLE[s : s + 5])
    assert push(stack, project, update_span(span, wider), "rania")
    after_edit = rows(project)
    stack.undo()
    assert rows(project) == after_add
    stack.undo()
    assert rows(project) == empty
    stack.redo()
    assert rows(project) == after_add
    stack.redo()
    assert rows(project) == after_edit


def test_conflict_on_undo_refuses_drops_the_entry_and_reports(project, doc_ids):
    stack = QUndoStack()
    doc = get_document(project, doc_ids["plain"])
    span = make_span(doc, "rania", 0, 4, project.schema().labels[0].key)
    failures: list[str] = []
    assert push(stack, project, add_span(span), "rania", failed=lambda c, why: failures.append(why))
    # Another window deletes the span behind this stack's back.
    store.apply(project, delete_span(span, []), "other-window")
    before = rows(project)
    stack.undo()
    assert rows(project) == before
    assert failures and "changed elsewhere" in failures[0]
    assert stack.count() == 0


def test_refused_push_leaves_nothing_on_the_stack(project, doc_ids):
    stack = QUndoStack()
    doc = get_document(project, doc_ids["plain"])
    span = make_span(doc, "rania", 0, 4, project.schema().labels[0].key)
    failures: list[str] = []
    assert not push(
        stack, project, delete_span(span, []), "rania", failed=lambda c, why: failures.append(why)
    )
    assert stack.count() == 0 and failures


def test_applied_callback_sees_each_direction(project, doc_ids):
    stack = QUndoStack()
    doc = get_document(project, doc_ids["plain"])
    span = make_span(doc, "rania", 0, 4, project.schema().labels[0].key)
    seen: list[str] = []
    push(stack, project, add_span(span), "rania", applied=lambda c: seen.append(c.name))
    stack.undo()
    stack.redo()
    assert seen == [f"add {span.label}", f"undo add {span.label}", f"add {span.label}"]


def test_pane_reloads_after_the_shells_undo(pane, stack, schema):
    s = ARTICLE.index("غارة")
    pane.reader.select_cp(s, s + 4)
    pane.ctl.label(schema.labels[0].key)
    assert len(pane.ctl.spans) == 1
    stack.undo()
    assert pane.ctl.spans == []
    stack.redo()
    assert [x.text for x in pane.ctl.spans] == ["غارة"]


def test_undo_after_the_pane_is_gone_still_writes(qtbot, project, doc_ids, schema):
    from ui.workbench import AnnotationPane

    stack = QUndoStack()
    pane = AnnotationPane(project, "rania", stack)
    pane.show_document(doc_ids["plain"])
    s = ARTICLE.index("غارة")
    pane.reader.select_cp(s, s + 4)
    pane.ctl.label(schema.labels[0].key)
    pane.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(pane))
    stack.undo()
    assert store.spans(project, doc_ids["plain"], "rania") == []


GC_SCRIPT = """
import gc, sys, tempfile
from pathlib import Path
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication
app = QApplication([])
from annotate.schema import default_schema
from annotate.textimport import draft
from store.documents import add_documents
from store.project import Project
from ui.workbench import AnnotationPane
text = "قصفت الطائرات مواقع في الريف"
for _ in range(3):
    project = Project.create(Path(tempfile.mkdtemp()) / "p.sqlite", default_schema())
    doc = add_documents(project, [draft(text, "a.txt", "utf-8")]).added[0]
    stack = QUndoStack()  # no parent, as a test or a careless shell would make it
    pane = AnnotationPane(project, "rania", stack)
    pane.show_document(doc)
    pane.reader.select_cp(0, 4)
    pane.ctl.label(project.schema().labels[0].key)
    pane.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(pane)
    stack.undo()
    del pane, stack
    gc.collect()
    project.close()
print("ok")
"""


def test_a_deleted_pane_and_a_parentless_stack_are_collected_without_a_crash(tmp_path):
    """The controller once held the stack strongly: the garbage collector then destroyed the
    stack from inside the dead pane's cycle and QUndoStack::clear() crashed the process."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)}
    proc = subprocess.run(
        [sys.executable, "-c", GC_SCRIPT], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().endswith("ok")


def test_the_edit_menu_names_each_action_with_the_schemas_names_in_the_interface_language(
    qapp, project, doc_ids
):
    from annotate.commands import add_relation
    from annotate.model import Relation, new_relation_id
    from ui.i18n import Translations

    doc = get_document(project, doc_ids["plain"])
    schema = project.schema()
    place = next(lab for lab in schema.labels if lab.key == "place")
    event = schema.labels_of("event")[0]
    role = schema.roles_between(event.key, place.key)[0]
    s = ARTICLE.index("الرقة")

    def actions() -> list:
        where = make_span(doc, "rania", s, s + 5, place.key)
        what = make_span(doc, "rania", 0, 4, event.key)
        link = Relation(new_relation_id(), doc.id, "rania", what.id, where.id, role.key)
        before = store.status(project, doc.id, "rania")
        after = "done" if before is not None and before.status == "in_progress" else "in_progress"
        mark = set_status(before, StatusRecord(doc.id, "rania", after))
        return [combine("add", [add_span(where), mark]), add_span(what), add_relation(link)]

    translations = Translations(qapp)
    try:
        for code, expect in (
            ("en", [f"add “{place.name_en}”", f"add “{event.name_en}”", f"link {role.name_en}",
                    f"delete “{place.name_en}”"]),
            ("ar", [f"إضافة «{place.name_ar}»", f"إضافة «{event.name_ar}»", f"ربط بدور {role.name_ar}",
                    f"حذف «{place.name_ar}»"]),
        ):  # fmt: skip
            assert translations.apply(code) or code == "en"
            stack = QUndoStack()
            for cmd in actions():
                assert push(stack, project, cmd, "rania")
            stored = next(x for x in store.spans(project, doc.id, "rania") if x.label == place.key)
            assert push(
                stack, project, delete_span(stored, store.relations(project, doc.id, "rania")), "rania"
            )
            assert [stack.text(i) for i in range(stack.count())] == expect
    finally:
        translations.apply("en")
