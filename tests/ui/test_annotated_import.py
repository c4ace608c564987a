"""File → Import annotated files…: the dialog, the worker behind it, its summary, and "Import texts…"
handing annotated files over instead of dropping their annotations (our own Arabic sentences)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog, QPushButton, QWidget

from annotate.model import DocId
from annotate.schema import default_schema
from annotate.textimport import draft
from store.annotated_import import AnnotatedFileOutcome, AnnotatedImportReport
from store.annotations import spans
from store.documents import add_documents, document_ids, get_document
from store.importer import ImportReport
from store.mixed_import import FilesImport
from store.project import Project
from store.team import assigned_to
from tests.annotate.layersdata import annotation
from tests.ui.conftest import english_window
from ui.annotated_import import MINE, NAMED, OTHER, AnnotatedImportDialog, ImportSummary
from ui.i18n import Translations
from ui.main_window import MainWindow
from ui.workers import AnnotatedImportWorker, Cancelled, Worker, start_job

ME = "salma"
OLD = "عاد التيار الكهربائي إلى معظم أحياء المدينة بعد انقطاع دام يومين."
SHELLING = "أعلنت السلطات المحلية في حمص إغلاق الطريق الدولي بعد سقوط قذائف قرب الجسر."
ARREST = "اعتقلت دورية للشرطة ثلاثة شبان في حي الميدان مساء الجمعة."
PLAIN = "افتتحت البلدية سوقاً شعبية جديدة في الساحة العامة صباح السبت."


def doccano(path: Path, text: str, marks: list[tuple[str, str]]) -> Path:
    """One doccano line with a ``label`` list (offsets as its editor counts them: no emoji here, so code points)."""
    label = [[text.index(w), text.index(w) + len(w), lab] for w, lab in marks]
    path.write_text(json.dumps({"text": text, "label": label}, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def labelstudio(path: Path) -> Path:
    """One task annotated by two people, named as Label Studio names them (an email, a username)."""
    task = {
        "id": 31,
        "data": {"text": ARREST},
        "annotations": [
            annotation(1, {"id": 4, "email": "huda@example.org"}, ARREST, [("اعتقلت", "arrest"), ("حي الميدان", "place")]),
            annotation(2, {"id": 9, "username": "yusuf"}, ARREST, [("اعتقلت", "arrest")]),
        ],
    }  # fmt: skip
    path.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    return path


def layer(project: Project, text: str, annotator: str) -> set[tuple[str, str]]:
    """(label, covered text) of ``annotator``'s spans on the document holding ``text``; KeyError if none does."""
    (doc,) = [i for i in document_ids(project) if get_document(project, i).text == text]
    return {(s.label, s.text) for s in spans(project, doc, annotator)}


def texts(project: Project) -> list[str]:
    return [get_document(project, i).text for i in document_ids(project)]


@pytest.fixture
def window(qtbot, tmp_path: Path, translations: Translations, shown) -> MainWindow:
    project = Project.create(tmp_path / "news.sqlite", default_schema())
    add_documents(project, [draft(OLD, "old.txt", "utf-8")])
    project.ensure_annotator(ME)
    return english_window(qtbot, tmp_path, translations, project, ME)


def finish(qtbot, window: MainWindow) -> str:
    """Wait for the summary, then for every job of the window (the search index after the import too)."""
    qtbot.waitUntil(lambda: window.transfers.import_summary is not None, timeout=20_000)
    for job in window.jobs:
        assert job.wait(10_000)
    assert window.transfers.import_summary is not None and window.transfers.import_summary.isVisible()
    return window.transfers.import_summary.text()


def test_the_dialog_imports_a_doccano_file_into_my_layer(qtbot, window: MainWindow, tmp_path: Path) -> None:
    f = doccano(tmp_path / "shelling.jsonl", SHELLING, [("حمص", "place"), ("قذائف", "shelling")])
    window.acts["import_annotated"].trigger()
    dlg = window.transfers.annotated_dialog
    assert dlg is not None and dlg.isVisible()
    assert (dlg.format.currentData(), dlg.target.currentData()) == ("auto", MINE)
    assert dlg.ok.isDefault() and not dlg.ok.isEnabled()  # no file yet
    dlg.add_paths([str(f)])
    assert dlg.ok.isEnabled()
    dlg.ok.click()
    summary = finish(qtbot, window)
    assert layer(window.project, SHELLING, ME) == {("place", "حمص"), ("shelling", "قذائف")}
    assert window.list_model.rowCount() == 2
    doc = next(i for i in document_ids(window.project) if get_document(window.project, i).text == SHELLING)
    assert doc in assigned_to(window.project, ME)  # as the command line does with --annotator
    assert "1 new document(s), 2 span(s), 0 relation(s) imported; 0 file(s) refused." in summary
    assert (
        f"{f} (doccano): 1 new document(s), 0 already present, 2 span(s), 0 relation(s), into the layer of {ME}"
        in summary
    )


def test_another_annotators_layer_by_name(qtbot, window: MainWindow, tmp_path: Path) -> None:
    f = doccano(tmp_path / "arrest.jsonl", ARREST, [("اعتقلت", "arrest")])
    dlg = window.transfers.import_annotated_dialog([str(f)])
    dlg.target.setCurrentIndex(dlg.target.findData(OTHER))
    assert not dlg.ok.isEnabled() and dlg.why.isVisibleTo(dlg)  # a name is needed first
    dlg.other.setCurrentText("  noura ")
    assert dlg.ok.isEnabled()
    dlg.ok.click()
    summary = finish(qtbot, window)
    assert layer(window.project, ARREST, "noura") == {("arrest", "اعتقلت")}
    assert layer(window.project, ARREST, ME) == set()
    assert "into the layer of noura" in summary


def test_label_studio_annotations_go_to_the_layers_the_file_names(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    f = labelstudio(tmp_path / "team.json")
    board = window.open_dashboard()  # open while the import runs: it shows the new annotators after
    before = {board.view.table.item(i, 0).text() for i in range(board.view.table.rowCount())}
    dlg = window.transfers.import_annotated_dialog([str(f)])
    dlg.target.setCurrentIndex(dlg.target.findData(NAMED))
    assert dlg.ok.isEnabled()  # auto: a brat or doccano file among them would be refused, and it says so
    assert "name no annotators" in dlg.why.text()
    dlg.ok.click()
    summary = finish(qtbot, window)
    assert layer(window.project, ARREST, "huda@example.org") == {
        ("arrest", "اعتقلت"),
        ("place", "حي الميدان"),
    }
    assert layer(window.project, ARREST, "yusuf") == {("arrest", "اعتقلت")}
    assert layer(window.project, ARREST, ME) == set()
    assert "Layer huda@example.org: 1 document(s), 2 span(s), 0 relation(s)" in summary
    assert "Layer yusuf: 1 document(s), 1 span(s), 0 relation(s)" in summary
    assert "into the layers the file names" in summary
    after = {board.view.table.item(i, 0).text() for i in range(board.view.table.rowCount())}
    assert after - before == {"huda@example.org", "yusuf"}
    window.close_team_windows()


def test_the_files_annotators_are_refused_for_a_format_that_names_none(
    window: MainWindow, tmp_path: Path
) -> None:
    dlg = window.transfers.import_annotated_dialog([str(tmp_path / "x.jsonl")])
    dlg.target.setCurrentIndex(dlg.target.findData(NAMED))
    dlg.format.setCurrentIndex(dlg.format.findData("doccano"))
    assert not dlg.ok.isEnabled() and "choose a layer" in dlg.why.text()
    assert not dlg.join.isEnabled()
    dlg.format.setCurrentIndex(dlg.format.findData("brat"))
    assert dlg.join.isEnabled()


def test_unknown_labels_are_shown_and_refused_unless_added(qtbot, window: MainWindow, tmp_path: Path) -> None:
    f = doccano(tmp_path / "coalition.jsonl", SHELLING, [("السلطات المحلية", "COALITION"), ("حمص", "place")])
    window.transfers.import_annotated_dialog([str(f)]).ok.click()
    summary = finish(qtbot, window)
    assert SHELLING not in texts(window.project)  # the whole file was refused: no text without its spans
    assert "0 new document(s), 0 span(s), 0 relation(s) imported; 1 file(s) refused." in summary
    assert f"Refused: {f}: not in the project schema: label 'COALITION'" in summary
    assert "Labels not in the project schema: COALITION (1)" in summary
    assert "tick “Add labels the schema lacks”" in summary
    assert not window.project.schema().has_label("coalition")

    window.transfers.import_summary = None
    dlg = window.transfers.import_annotated_dialog([str(f)])
    dlg.add_labels.setChecked(True)
    dlg.ok.click()
    summary = finish(qtbot, window)
    assert layer(window.project, SHELLING, ME) == {("coalition", "السلطات المحلية"), ("place", "حمص")}
    assert window.project.schema().has_label("coalition")
    assert window.pane.ctl.schema.has_label("coalition")  # the pane was rebuilt on the grown schema
    assert "Labels not in the project schema" not in summary
    assert "'COALITION' as 'coalition' (entity; exports write 'COALITION')" in summary  # label_added


def test_import_texts_hands_annotated_files_to_the_dialog(qtbot, window: MainWindow, tmp_path: Path) -> None:
    plain = tmp_path / "market.txt"
    plain.write_text(PLAIN, encoding="utf-8")
    f = doccano(tmp_path / "shelling.jsonl", SHELLING, [("حمص", "place")])
    window.transfers.start_import([str(plain), str(f)])
    qtbot.waitUntil(lambda: window.transfers.annotated_dialog is not None, timeout=20_000)
    for job in window.jobs:
        assert job.wait(10_000)
    assert texts(window.project) == [
        OLD,
        PLAIN,
    ]  # the plain text imported; the annotated file was not read as text
    dlg = window.transfers.annotated_dialog
    assert dlg.isVisible() and dlg.paths() == [str(f)]
    assert dlg.note.isVisibleTo(dlg) and "1 of the chosen files hold annotations" in dlg.note.text()
    dlg.ok.click()
    finish(qtbot, window)
    assert layer(window.project, SHELLING, ME) == {("place", "حمص")}


def test_declining_the_handed_over_files_says_they_were_not_imported(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    f = labelstudio(tmp_path / "team.json")
    window.transfers.start_import([str(f)])
    qtbot.waitUntil(lambda: window.transfers.annotated_dialog is not None, timeout=20_000)
    for job in window.jobs:
        assert job.wait(10_000)
    window.transfers.annotated_dialog.reject()
    assert texts(window.project) == [OLD]
    assert window.statusBar().currentMessage() == "1 file(s) with annotations were not imported"


def test_the_dialog_is_driven_from_the_keyboard(qtbot, window: MainWindow, tmp_path: Path) -> None:
    f = doccano(tmp_path / "arrest.jsonl", ARREST, [("اعتقلت", "arrest")])
    dlg = window.transfers.import_annotated_dialog([str(f)])
    dlg.target.setCurrentIndex(dlg.target.findData(OTHER))  # so the name box takes part too
    dlg.other.setCurrentText("noura")
    qtbot.waitUntil(dlg.isActiveWindow)
    dlg.files.setFocus()
    reached: list[QWidget] = []
    for _ in range(30):
        reached.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    controls = [dlg.files, dlg.add_files, dlg.add_folder, dlg.remove, dlg.format, dlg.offsets, dlg.target]
    controls += [dlg.other, dlg.add_labels, dlg.join, *dlg.buttons.buttons()]
    focused = {w if w is not dlg.other.lineEdit() else dlg.other for w in reached}
    assert [w for w in controls if w not in focused] == []
    order = [c for c in dict.fromkeys(w if w is not dlg.other.lineEdit() else dlg.other for w in reached)]
    assert order[:10] == controls[:10]  # top to bottom
    qtbot.keyClick(dlg.files, Qt.Key.Key_Escape)
    assert dlg.result() == QDialog.DialogCode.Rejected and not dlg.isVisible()
    assert window.jobs == [] or all(not j.running() for j in window.jobs)

    dlg = window.transfers.import_annotated_dialog([str(f)])
    qtbot.waitUntil(dlg.isActiveWindow)
    dlg.format.setFocus()
    qtbot.keyClick(dlg.format, Qt.Key.Key_Return)  # Enter: the default button, Import
    finish(qtbot, window)
    assert layer(window.project, ARREST, ME) == {("arrest", "اعتقلت")}


def test_the_worker_reports_progress_and_stops_between_files_on_cancel(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite"
    Project.create(path, default_schema()).close()
    files = [doccano(tmp_path / f"{i}.jsonl", f"{ARREST} ({i})", [("اعتقلت", "arrest")]) for i in range(3)]
    worker = AnnotatedImportWorker(path, [str(p) for p in files], "auto", ME)
    worker.progress_interval_s = 0.0
    worker.progress.connect(
        lambda d, _t: worker.cancel() if d >= 1 else None, Qt.ConnectionType.DirectConnection
    )
    seen: dict[str, object] = {}
    job = start_job(
        worker, on_done=lambda r: seen.setdefault("done", r), on_failed=lambda m: seen.setdefault("failed", m)
    )
    qtbot.waitUntil(lambda: bool(seen), timeout=20_000)
    assert job.wait(5000)
    result = seen["done"]
    assert result.cancelled and result.annotated is not None
    assert [f.outcome for f in result.annotated.files] == ["imported"]  # the first file landed whole
    with Project.open(path) as p:
        assert [get_document(p, i).text for i in document_ids(p)] == [f"{ARREST} (0)"]
        assert {s.label for s in spans(p, DocId(1), ME)} == {"arrest"}


def test_the_dialog_in_arabic_reads_right_to_left(
    qtbot, window: MainWindow, translations: Translations
) -> None:
    translations.apply("ar")
    dlg = AnnotatedImportDialog(ME, [ME, "noura"], ["/tmp/أخبار.jsonl"], "", window)
    qtbot.addWidget(dlg)
    assert dlg.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert dlg.windowTitle() == "استيراد ملفات موسومة"
    assert dlg.ok.text() == "ا&ستيراد"
    assert dlg.target.itemText(0) == f"طبقتي ({ME})"


def test_the_user_states_what_offsets_count(qtbot, window: MainWindow, tmp_path: Path) -> None:
    text = "🔴 قال قال قال"  # offsets 2..5 without their text: a word in code points, " قا" in UTF-16 units
    f = tmp_path / "d.jsonl"
    f.write_text(json.dumps({"text": text, "label": [[2, 5, "place"]]}, ensure_ascii=False) + "\n", "utf-8")
    dlg = window.transfers.import_annotated_dialog([str(f)])
    assert dlg.offsets.isEnabled() and dlg.offsets.currentData() == "auto"
    dlg.format.setCurrentIndex(dlg.format.findData("brat"))
    assert not dlg.offsets.isEnabled()  # brat counts code points by definition
    dlg.format.setCurrentIndex(dlg.format.findData("doccano"))
    dlg.offsets.setCurrentIndex(dlg.offsets.findData("utf16"))
    assert dlg.choice().offsets == "utf16"
    dlg.ok.click()
    summary = finish(qtbot, window)
    assert layer(window.project, text, ME) == {("place", " قا")}  # as stated, not guessed
    assert "converted from UTF-16" in summary and "no span text told the readings apart" not in summary


def test_the_offset_choices_are_the_units(window: MainWindow) -> None:
    from annotate.formats.offsetfix import OFFSET_UNITS

    dlg = window.transfers.import_annotated_dialog([])
    assert [dlg.offsets.itemData(i) for i in range(dlg.offsets.count())] == ["auto", *OFFSET_UNITS]


def test_the_summary_says_what_was_cancelled_refused_for_roles_skipped_or_plain(
    qtbot, window: MainWindow
) -> None:
    """Read straight from an import's result: a cancel, roles the schema lacks, files of other kinds, and an
    import in which no file held annotations."""
    ann = AnnotatedImportReport(ME, unknown_roles=Counter({"Victim": 2}), cancelled=True)
    ann.files.append(
        AnnotatedFileOutcome("a.ann", "brat", "refused", error="a.ann: not in the project schema")
    )
    ann.files.append(AnnotatedFileOutcome("b.jsonl", "doccano", "imported", skipped=3))
    texts_ = ImportReport(skipped_paths=["/x/notes.md", "/x/annotation.conf"])
    summary = ImportSummary(FilesImport(ME, texts_, ann), add_labels=False)
    qtbot.addWidget(summary)
    text = summary.text()
    assert "Cancelled: the files after the last one stored were not imported." in text
    assert "Roles not in the project schema: Victim (2)." in text
    assert "Not read (2 file(s) of other kinds): notes.md, annotation.conf" in text
    assert "3 document(s) left as they were: they already have spans in that layer" in text

    plain = ImportSummary(FilesImport(ME, ImportReport(), None), add_labels=False)
    qtbot.addWidget(plain)
    assert "None of these files holds annotations; they were imported as plain texts." in plain.text()
    assert "Cancelled" not in plain.text()


def test_a_file_added_twice_is_listed_once(window: MainWindow, tmp_path: Path) -> None:
    f = doccano(tmp_path / "arrest.jsonl", ARREST, [("اعتقلت", "arrest")])
    dlg = window.transfers.import_annotated_dialog([str(f)])
    dlg.add_paths([str(f), str(f)])
    assert dlg.paths() == [str(f)]


class _Silent(Worker):
    """Work that reports no progress until cancelled, as an import reading a large file does."""

    def work(self, project: Project) -> object:
        self._cancel.wait(20)
        raise Cancelled


def test_a_job_that_reports_no_progress_still_shows_its_dialog_with_cancel(qtbot, window: MainWindow) -> None:
    seen: list[str] = []
    job = window.start_work(
        _Silent(window.project.path), "Reading…", on_done=seen.append, on_cancelled=lambda: seen.append("c")
    )
    shown = lambda: [d for d in window.findChildren(QProgressDialog) if d.isVisible()]  # noqa: E731
    # at its minimum duration (0.4 s), not at the 4 s QProgressDialog falls back to without a value
    qtbot.waitUntil(lambda: bool(shown()), timeout=2500)
    (dialog,) = shown()
    later = dialog.minimumDuration() + 100
    assert dialog.windowModality() == Qt.WindowModality.WindowModal  # no second import meanwhile
    qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)  # Cancel, as a user does
    qtbot.waitUntil(lambda: seen == ["c"], timeout=5000)
    assert job.wait(5000)
    qtbot.wait(later)  # a job over is never shown again
    assert not shown()


def test_in_arabic_paths_and_english_stay_whole_and_copy_without_marks(
    qtbot, window: MainWindow, translations: Translations, tmp_path: Path
) -> None:
    translations.apply("ar")
    ann = AnnotatedImportReport(ME)
    ann.files.append(
        AnnotatedFileOutcome("/tmp/a.jsonl", "jsonl", "refused", error="/tmp/a.jsonl:1: span 0..99")
    )
    ann.files.append(AnnotatedFileOutcome("/tmp/b.jsonl", "doccano", "imported", documents=1, spans=2))
    summary = ImportSummary(FilesImport(ME, ImportReport(), ann), add_labels=False, parent=window)
    qtbot.addWidget(summary)
    shown = summary.body.toPlainText()
    # isolated, a path and an English message keep their order inside an Arabic line
    assert "\u2066/tmp/a.jsonl:1: span 0..99\u2069" in shown and "\u2066/tmp/b.jsonl\u2069" in shown
    summary.body.selectAll()
    copied = summary.body.createMimeDataFromSelection().text()
    assert "\u2066" not in copied and "\u2069" not in copied and "/tmp/a.jsonl:1: span 0..99" in copied
    summary.resize(700, 300)
    summary.show()
    qtbot.waitExposed(summary)
    summary.grab().save(str(tmp_path / "summary-ar.png"))  # looked at by hand: paths read left to right


def test_the_status_bar_says_an_import_was_cancelled(window: MainWindow) -> None:
    result = FilesImport(ME, ImportReport(), AnnotatedImportReport(ME, cancelled=True))
    window.transfers._annotated_imported(result, add_labels=False)
    assert "cancelled: the file being stored was rolled back whole" in window.statusBar().currentMessage()
