"""File → Export…: the dialog, the worker running ``export_layer`` behind it, and the summary of what the
format could not hold (our own Arabic sentences)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotate.commands import add_span
from annotate.formats.report import KIND_TEXT
from annotate.formats.spacy_docbin import FormatUnavailable
from annotate.model import GOLD, make_span
from annotate.schema import default_schema
from annotate.textimport import draft
from store.annotations import apply
from store.documents import add_documents, document_ids, get_document
from store.export import EXPORT_FORMATS
from store.project import Project
from tests.ui.conftest import english_window
from ui import export_dialog, workers
from ui.export_dialog import GOLD_LAYER, MINE, OTHER, ExportDialog, ExportSummary
from ui.i18n import Translations
from ui.main_window import MainWindow

ME = "salma"
SHELLING = "سقطت قذائف على حي سكني بالرقة صباح الأحد."
MARKET = "أغلقت الشرطة سوق المدينة القديمة بعد الظهر."
STUDENTS = "تظاهر مئات الطلاب أمام مبنى الجامعة في حلب."


def mark(project: Project, text: str, word: str, label: str, layer: str) -> None:
    """Put a span over ``word`` (the first time it occurs) of the document holding ``text``."""
    (doc,) = [
        get_document(project, i) for i in document_ids(project) if get_document(project, i).text == text
    ]
    start = text.index(word)
    apply(project, add_span(make_span(doc, layer, start, start + len(word), label)), layer)


@pytest.fixture
def window(qtbot, tmp_path: Path, translations: Translations, shown) -> MainWindow:
    project = Project.create(tmp_path / "news.sqlite", default_schema())
    add_documents(
        project, [draft(t, f"{i}.txt", "utf-8") for i, t in enumerate((SHELLING, MARKET, STUDENTS))]
    )
    project.ensure_annotator(ME)
    project.ensure_annotator("noura")
    mark(project, SHELLING, "الرقة", "place", ME)  # inside the word بالرقة
    mark(project, MARKET, "الشرطة", "arrest", "noura")
    mark(project, STUDENTS, "حلب", "place", GOLD)
    return english_window(qtbot, tmp_path, translations, project, ME)


def dialog(window: MainWindow, fmt: str, out: Path) -> ExportDialog:
    window.acts["export"].trigger()
    dlg = window.transfers.export_window
    assert isinstance(dlg, ExportDialog) and dlg.isVisible()
    dlg.format.setCurrentIndex(dlg.format.findData(fmt))
    dlg.out.setText(str(out))
    return dlg


def finish(qtbot, window: MainWindow) -> str:
    """Wait for the summary and for the export's job; the summary's whole text."""
    qtbot.waitUntil(lambda: isinstance(window.transfers.export_window, ExportSummary), timeout=20_000)
    for job in window.jobs:
        assert job.wait(10_000)
    summary = window.transfers.export_window
    assert isinstance(summary, ExportSummary) and summary.isVisible() and summary.body.isReadOnly()
    return summary.text()


def test_the_dialog_offers_every_format_and_my_layer_first(window: MainWindow, tmp_path: Path) -> None:
    dlg = dialog(window, "jsonl", tmp_path / "x.jsonl")
    assert [dlg.format.itemData(i) for i in range(dlg.format.count())] == list(EXPORT_FORMATS)
    assert dlg.layer.currentData() == MINE and dlg.ok.isDefault() and dlg.ok.isEnabled()
    assert not dlg.clitics.isEnabled() and not dlg.split.isChecked() and not dlg.seed.isEnabled()
    dlg.format.setCurrentIndex(dlg.format.findData("conll"))
    assert dlg.clitics.isEnabled() and dlg.nested.isEnabled() and not dlg.alignment.isEnabled()
    dlg.out.clear()
    assert not dlg.ok.isEnabled() and dlg.why.text()  # nowhere to write: Export waits, and says why


def test_conll_with_split_clitics_cuts_the_word_and_reports_it(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    out = tmp_path / "train.conll"
    dlg = dialog(window, "conll", out)
    dlg.clitics.setCurrentIndex(dlg.clitics.findData("split"))
    dlg.ok.click()
    summary = finish(qtbot, window)
    lines = out.read_text(encoding="utf-8").splitlines()
    i = lines.index("ب\tO")
    assert lines[i + 1] == "الرقة\tB-place"
    assert f"{out}: 3 document(s), 1 span(s), 0 relation(s)" in summary
    assert f"1 × {KIND_TEXT['clitic_split']}" in summary


def test_a_clean_export_says_there_is_nothing_to_report(qtbot, window: MainWindow, tmp_path: Path) -> None:
    out = tmp_path / "mine.jsonl"
    dialog(window, "jsonl", out).ok.click()
    summary = finish(qtbot, window)
    assert "Nothing to report" in summary and "Exported 3 document(s)" in window.statusBar().currentMessage()
    spans = [
        s["text"] for line in out.read_text(encoding="utf-8").splitlines() for s in json.loads(line)["spans"]
    ]
    assert spans == ["الرقة"]


def test_brat_writes_a_folder(qtbot, window: MainWindow, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    dlg = dialog(window, "brat", out)
    assert "folder" in dlg.why.text()
    dlg.ok.click()
    finish(qtbot, window)
    assert out.is_dir() and (out / "annotation.conf").exists()
    anns = "".join(p.read_text(encoding="utf-8") for p in out.glob("*.ann"))
    assert "place" in anns and "الرقة" in anns and len(list(out.glob("*.txt"))) == 3


def test_a_folder_in_use_is_refused_before_the_export_runs(window: MainWindow, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    out.mkdir()
    (out / "mine.txt").write_text("not the export's", encoding="utf-8")
    dlg = dialog(window, "brat", out)
    assert not dlg.ok.isEnabled() and "is not an empty folder" in dlg.why.text()
    dlg.split.setChecked(True)  # the parts go to train/, dev/, test/ inside it: nothing there yet
    assert dlg.ok.isEnabled()
    (out / "train").mkdir()
    (out / "train" / "x.ann").write_text("", encoding="utf-8")
    dlg.split.setChecked(False)
    dlg.split.setChecked(True)  # any change of the choice looks again
    assert not dlg.ok.isEnabled() and "train" in dlg.why.text()


def test_a_large_project_is_offered_a_spacy_folder(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One DocBin holds every document until it is written (about 1 GB for 5,000 articles): past that
    many documents the suggested spaCy destination is a folder; a small project keeps one file."""
    pytest.importorskip("spacy")  # without it the dialog says to install it instead
    window.acts["export"].trigger()
    dlg = window.transfers.export_window
    dlg.format.setCurrentIndex(dlg.format.findData("spacy"))
    assert dlg.out.text().endswith("news-salma.spacy") and not dlg.why.isVisible()
    monkeypatch.setattr(export_dialog, "FOLDER_FROM", 2)  # the project has three documents
    window.acts["export"].trigger()
    dlg = window.transfers.export_window
    dlg.format.setCurrentIndex(dlg.format.findData("spacy"))
    assert dlg.out.text().endswith("news-salma-spacy") and "A folder: DocBins" in dlg.why.text()


def test_browse_picks_a_folder_for_a_spacy_folder_and_a_file_for_one_docbin(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    asked: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", lambda *_a, **_k: asked.append("folder") or str(tmp_path / "f")
    )
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda *_a, **_k: asked.append("file") or (str(tmp_path / "x.spacy"), ""),
    )
    dlg = dialog(window, "spacy", tmp_path / "train")
    dlg.browse.click()
    assert asked == ["folder"] and dlg.out.text() == str(tmp_path / "f")
    dlg.out.setText(str(tmp_path / "train.spacy"))
    dlg.browse.click()
    assert asked == ["folder", "file"] and dlg.out.text() == str(tmp_path / "x.spacy")


def test_spacy_to_a_path_without_a_suffix_says_it_writes_a_folder_and_does(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    pytest.importorskip("spacy")
    dlg = dialog(window, "spacy", tmp_path / "train.spacy")
    assert not dlg.why.isVisible()  # one file: nothing to say
    dlg.out.setText(str(tmp_path / "train"))
    assert "A folder: DocBins of 1,000 documents" in dlg.why.text() and dlg.why.isVisible()
    dlg.ok.click()
    finish(qtbot, window)
    assert [p.name for p in (tmp_path / "train").iterdir()] == ["part-0001.spacy"]


@pytest.mark.parametrize(("target", "expected"), [(GOLD_LAYER, ["حلب"]), (OTHER, ["الشرطة"])])
def test_the_gold_layer_or_another_annotators(
    qtbot, window: MainWindow, tmp_path: Path, target: str, expected: list[str]
) -> None:
    out = tmp_path / "layer.jsonl"
    dlg = dialog(window, "jsonl", out)
    dlg.layer.setCurrentIndex(dlg.layer.findData(target))
    assert dlg.other.isEnabled() == (target == OTHER)
    assert [dlg.other.itemText(i) for i in range(dlg.other.count())] == ["noura"]
    dlg.ok.click()
    summary = finish(qtbot, window)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [s["text"] for r in records for s in r["spans"]] == expected
    assert {r["annotator"] for r in records} == {GOLD if target == GOLD_LAYER else "noura"}
    assert f"the layer {GOLD if target == GOLD_LAYER else 'noura'} as jsonl" in summary


def test_the_split_writes_three_files(qtbot, window: MainWindow, tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    dlg = dialog(window, "jsonl", out)
    dlg.split.setChecked(True)
    assert dlg.seed.isEnabled()
    for name, value in (("train", 34), ("dev", 33), ("test", 33)):
        dlg.parts[name].setValue(value)
    dlg.seed.setValue(7)
    assert dlg.choice().options.split == "34,33,33" and dlg.choice().options.seed == 7
    assert "x.test.jsonl" in dlg.why.text()
    dlg.ok.click()
    summary = finish(qtbot, window)
    parts = [tmp_path / f"x.{p}.jsonl" for p in ("train", "dev", "test")]
    assert [len(p.read_text(encoding="utf-8").splitlines()) for p in parts] == [1, 1, 1]
    assert not out.exists()
    assert all(str(p) in summary for p in parts)


def test_cancel_leaves_nothing_and_says_so(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool] = []

    def cancel_at_the_third_document(self: workers.Worker) -> bool:
        asked.append(True)
        return len(asked) >= 3  # after the train and dev files are written

    monkeypatch.setattr(workers.ExportWorker, "is_cancelled", cancel_at_the_third_document)
    folder = tmp_path / "out"
    folder.mkdir()
    dlg = dialog(window, "conll", folder / "x.conll")
    dlg.split.setChecked(True)
    for name, value in (("train", 34), ("dev", 33), ("test", 33)):
        dlg.parts[name].setValue(value)
    dlg.ok.click()
    qtbot.waitUntil(lambda: "cancelled" in window.statusBar().currentMessage(), timeout=20_000)
    for job in window.jobs:
        assert job.wait(10_000)
    assert "nothing was written" in window.statusBar().currentMessage()
    assert len(asked) >= 3 and not isinstance(window.transfers.export_window, ExportSummary)
    assert list(folder.iterdir()) == []  # the train and dev files written before the cancel are gone too


def test_spacy_missing_is_said_in_the_dialog_and_by_the_worker(
    qtbot, window: MainWindow, tmp_path: Path, shown, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_dialog, "spacy_installed", lambda: False)
    dlg = dialog(window, "spacy", tmp_path / "x.spacy")
    assert not dlg.ok.isEnabled() and "pip install spacy" in dlg.why.text()
    assert dlg.alignment.isEnabled() and not dlg.clitics.isEnabled()

    def missing() -> None:
        raise FormatUnavailable(
            "the spacy format needs spaCy, which is not installed: pip install spacy==3.8.18"
        )

    monkeypatch.setattr("store.export.load_spacy", missing)
    window.transfers.start_export(dlg.choice())
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    for job in window.jobs:
        assert job.wait(10_000)
    assert shown[0][0] == "The task failed" and "pip install spacy==3.8.18" in shown[0][1]
    assert not (tmp_path / "x.spacy").exists()


@pytest.mark.parametrize("fmt", ["jsonl", "conll"])
def test_a_large_export_runs_in_worker_processes_behind_the_dialog(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """The workers a large export starts run under the GUI's worker thread, and write what one process writes."""
    from store import children, export, export_workers

    alone = tmp_path / f"alone.{fmt}"
    export.export_layer(window.project, alone, ME, fmt)  # three documents: one process
    started: list[object] = []
    real_popen = children.subprocess.Popen

    def watch(*args: object, **kwargs: object) -> object:
        started.append(real_popen(*args, **kwargs))  # type: ignore[call-overload]
        return started[-1]

    monkeypatch.setattr(children.subprocess, "Popen", watch)
    monkeypatch.setattr(export_workers, "PARALLEL_MIN_DOCS", 1)
    monkeypatch.setattr(children, "cpu_count", lambda: 2)
    out = tmp_path / f"many.{fmt}"
    dialog(window, fmt, out).ok.click()
    summary = finish(qtbot, window)
    assert len(started) == 2 and f"{out}: 3 document(s), 1 span(s)" in summary
    assert out.read_bytes() == alone.read_bytes()


def test_a_split_without_a_test_part_or_with_no_part_at_all(window: MainWindow, tmp_path: Path) -> None:
    dlg = dialog(window, "conll", tmp_path / "x.conll")
    dlg.split.setChecked(True)
    for name, value in (("train", 80), ("dev", 20), ("test", 0)):
        dlg.parts[name].setValue(value)
    assert dlg.choice().options.split == "80,20" and dlg.ok.isEnabled()
    assert "x.dev.conll" in dlg.why.text() and "x.test.conll" not in dlg.why.text()
    for box in dlg.parts.values():
        box.setValue(0)
    assert not dlg.ok.isEnabled() and "add up to 0, not 100" in dlg.why.text()
    for name, value in (("train", 80), ("dev", 30), ("test", 10)):  # a typo, not a wish for 67/25/8
        dlg.parts[name].setValue(value)
    assert not dlg.ok.isEnabled() and "add up to 120, not 100" in dlg.why.text()
    dlg.parts["dev"].setValue(10)
    assert dlg.ok.isEnabled() and dlg.choice().options.split == "80,10,10"


def test_another_annotators_layer_with_nobody_else_waits_and_says_why(
    qtbot, tmp_path: Path, translations: Translations, shown
) -> None:
    project = Project.create(tmp_path / "alone.sqlite", default_schema())
    add_documents(project, [draft(SHELLING, "0.txt", "utf-8")])
    project.ensure_annotator(ME)
    dlg = dialog(english_window(qtbot, tmp_path, translations, project, ME), "jsonl", tmp_path / "x.jsonl")
    dlg.layer.setCurrentIndex(dlg.layer.findData(OTHER))
    assert dlg.other.count() == 0 and not dlg.ok.isEnabled()
    assert "No other annotator" in dlg.why.text()
