"""Interface language: every user-visible string has an Arabic translation, the .qm is current, RTL."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from ui import settings as settings_module
from ui.i18n import I18N_DIR, Translations, qm_path
from ui.settings import AppSettings

ROOT = Path(__file__).resolve().parents[2]
TS = I18N_DIR / "hashiya_ar.ts"
UI_MODULES = sorted(p.stem for p in (ROOT / "ui").glob("*.py") if p.stem != "__init__")
OUR_CONTEXTS = {
    "App",
    "MainWindow",
    "DocList",
    "Identity",
    "Shortcuts",
    "AnnotationPane",
    "LabelingController",
    "SpanTableModel",
    "SpanPanel",
    "LabelPalette",
}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
VISIBLE_CALLS = frozenset(
    {
        # Qt setters and constructors whose text argument is shown to the user
        "QAction",
        "QLabel",
        "QPushButton",
        "QProgressDialog",
        "addAction",
        "addMenu",
        "addRow",
        "addTab",
        "insertTab",
        "setHeaderLabels",
        "setHorizontalHeaderLabels",
        "setPlaceholderText",
        "setStatusTip",
        "setTabText",
        "setText",
        "setTitle",
        "setToolTip",
        "setWindowTitle",
        "showMessage",
        "createUndoAction",
        "createRedoAction",
        "beginMacro",
        "getText",
        "getInt",
        "getItem",
        "getOpenFileName",
        "getOpenFileNames",
        "getSaveFileName",
        "getExistingDirectory",
        # our own ways to show text: message boxes, status messages, dialog titles, undo texts
        "show_error",
        "show_info",
        "ask_yes_no",
        "choose_label",
        "emit",
        "_show_message",
        "AttributeDialog",
        "OccurrencesDialog",
        "QUndoCommand",
    }
)
WORDS = re.compile(r"[A-Za-z]{2,}")


def ts_messages() -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for ctx in ET.parse(TS).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            assert tr is not None
            unfinished = tr.get("type") in ("unfinished", "obsolete", "vanished")
            out[(name, msg.findtext("source") or "")] = "" if unfinished else (tr.text or "")
    return out


def source_strings(module: str) -> set[tuple[str, str]]:
    """Literal strings passed to ``self.tr``, ``_tr``, ``QCoreApplication.translate`` or ``QT_TRANSLATE_NOOP``."""
    tree = ast.parse((ROOT / "ui" / f"{module}.py").read_text(encoding="utf-8"))
    tr_context = None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "_tr":
            calls = [
                c
                for c in ast.walk(node)
                if isinstance(c, ast.Call) and getattr(c.func, "attr", "") == "translate"
            ]
            tr_context = calls[0].args[0].value  # type: ignore[attr-defined]
    found: set[tuple[str, str]] = set()

    def visit(node: ast.AST, cls: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            here = child.name if isinstance(child, ast.ClassDef) else cls
            if isinstance(child, ast.Call) and child.args and isinstance(child.args[0], ast.Constant):
                f, first = child.func, child.args[0].value
                if isinstance(f, ast.Name) and f.id == "QT_TRANSLATE_NOOP":
                    found.add((first, child.args[1].value))  # type: ignore[attr-defined]
                elif isinstance(f, ast.Name) and f.id == "_tr" and isinstance(first, str):
                    found.add((tr_context, first))
                elif isinstance(f, ast.Attribute) and f.attr == "tr" and isinstance(f.value, ast.Name):
                    found.add((cls, first))
                elif (
                    isinstance(f, ast.Attribute)
                    and f.attr == "translate"
                    and isinstance(child.args[1], ast.Constant)
                ):
                    found.add((first, child.args[1].value))
            visit(child, here)

    visit(tree, None)
    return found


def test_every_marked_string_has_an_arabic_translation() -> None:
    table = ts_messages()
    wanted = set().union(*(source_strings(m) for m in UI_MODULES))
    assert len(wanted) > 200
    contexts = {ctx for ctx, _ in wanted}
    assert {"AnnotationPane", "AdjudicationView", "DashboardView", "LabelPalette", "SpanPanel"} <= contexts
    assert None not in contexts  # a self.tr outside a class, or a _tr whose context was not found
    missing = sorted(k for k in wanted if not table.get(k))
    assert missing == []


def english_literals(node: ast.AST) -> Iterator[str]:
    """English words written straight into an argument: literals, f-strings, and the branches of ``a if c else b``.

    A call (``self.tr(...)``, ``str(exc)``, a name) is not looked into: what it returns is its own business.
    """
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and WORDS.search(node.value):
        yield node.value
    elif isinstance(node, ast.JoinedStr):
        for part in node.values:
            yield from english_literals(part)
    elif isinstance(node, ast.IfExp):
        yield from english_literals(node.body)
        yield from english_literals(node.orelse)
    elif isinstance(node, ast.BinOp):
        yield from english_literals(node.left)
        yield from english_literals(node.right)
    elif isinstance(node, ast.List | ast.Tuple):
        for elt in node.elts:
            yield from english_literals(elt)


def untranslated_texts(source: str) -> list[tuple[int, str]]:
    """(line, text) of English handed to a call that shows it, without going through a translation."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        if name not in VISIBLE_CALLS:
            continue
        for arg in [*node.args, *(k.value for k in node.keywords)]:
            found += [(node.lineno, text) for text in english_literals(arg)]
    return found


@pytest.mark.parametrize("module", UI_MODULES)
def test_no_visible_english_bypasses_translation(module: str) -> None:
    """A new message, title or button text written as a bare literal fails here until it is marked."""
    assert untranslated_texts((ROOT / "ui" / f"{module}.py").read_text(encoding="utf-8")) == []


def test_the_visible_text_check_catches_bare_literals() -> None:
    src = """
self.message.emit("Select a span first")
self.status.setText(f"computing {n} groups")
QPushButton("Accept (A)" if a else self.tr("Reject"), self)
show_error(self, title, f"{count}")
self.status.setText(self.tr("computing {n} groups").format(n=n))
"""
    assert [text for _, text in untranslated_texts(src)] == [
        "Select a span first",
        "computing ",
        " groups",
        "Accept (A)",
    ]


def test_translations_keep_placeholders_and_mnemonics() -> None:
    for (ctx, src), tr in ts_messages().items():
        assert sorted(PLACEHOLDER.findall(src)) == sorted(PLACEHOLDER.findall(tr)), (ctx, src)
        assert ("&" in src.replace("&&", "")) == ("&" in tr.replace("&&", "")), (ctx, src)
        assert re.search("[\u0600-\u06ff]", tr), f"{ctx}/{src!r} is not translated into Arabic"


def test_compiled_qm_matches_the_ts(qapp: QApplication) -> None:
    tr = QTranslator()
    assert tr.load(str(qm_path("ar")))
    for (ctx, src), expected in ts_messages().items():
        assert tr.translate(ctx, src) == expected, (ctx, src)


def test_qm_is_what_lrelease_makes_of_the_ts(tmp_path: Path) -> None:
    lrelease = shutil.which("pyside6-lrelease", path=str(ROOT / ".venv" / "bin")) or shutil.which(
        "pyside6-lrelease"
    )
    if lrelease is None:
        pytest.skip("pyside6-lrelease is not installed")
    out = tmp_path / "fresh.qm"
    subprocess.run([lrelease, str(TS), "-qm", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == qm_path("ar").read_bytes(), (
        "run: pyside6-lrelease resources/i18n/hashiya_ar.ts"
    )


class Recorder(QTranslator):
    """Installed last, so Qt asks it first: records every lookup, translates nothing itself."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[tuple[str, str]] = set()

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        self.asked.add((context, source))
        return None  # a null string: "not mine", Qt asks the next translator

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def translations(qapp: QApplication) -> Iterator[Translations]:
    tr = Translations(qapp)
    yield tr
    tr.apply("en")


def test_what_the_window_asks_for_at_run_time_is_translated(
    qtbot, qapp: QApplication, tmp_path: Path, translations: Translations, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotate.schema import default_schema
    from store.importer import ImportReport
    from store.project import Project
    from ui import messages
    from ui.main_window import MainWindow

    monkeypatch.setattr(messages, "show_error", lambda *_: None)
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    project = Project.create(tmp_path / "p.sqlite", default_schema())
    translations.apply("ar")
    recorder = Recorder()
    qapp.installTranslator(recorder)
    try:
        window = MainWindow(project, "salma", settings, translations)
        qtbot.addWidget(window)
        window.retranslate()
        window.show_shortcuts()
        window.mark("done")  # no document: says so in the status bar
        window.transfers._imported(ImportReport())
    finally:
        qapp.removeTranslator(recorder)
    table = ts_messages()
    ours = {k for k in recorder.asked if k[0] in OUR_CONTEXTS}
    assert len(ours) > 40
    assert sorted(k for k in ours if not table.get(k)) == []
    assert window.statusBar().currentMessage().startswith("استُورِدت 0 وثيقة")


def test_apply_switches_direction_and_back(qapp: QApplication, translations: Translations) -> None:
    assert translations.apply("ar") and translations.code == "ar"
    assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert qapp.translate("MainWindow", "&File") == "&ملف"
    assert translations.apply("en")
    assert qapp.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert qapp.translate("MainWindow", "&File") == "&File"
    with pytest.raises(ValueError):
        translations.apply("fr")


def test_default_language_follows_the_system_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    monkeypatch.setattr(settings_module, "system_language", lambda: "ar")
    assert s.language() == "ar"
    monkeypatch.setattr(settings_module, "system_language", lambda: "en")
    assert s.language() == "en"
    s.set_language("ar")
    assert s.language() == "ar"


def test_system_language_reads_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeLocale:
        Language = QLocale.Language

        @staticmethod
        def system() -> QLocale:
            return QLocale(QLocale.Language.Arabic, QLocale.Country.Syria)

    monkeypatch.setattr(settings_module, "QLocale", FakeLocale)
    assert settings_module.system_language() == "ar"


def test_team_windows_and_the_palette_are_arabic_and_mirrored(
    qtbot, qapp: QApplication, tmp_path: Path, translations: Translations
) -> None:
    from annotate.model import DocId
    from store.team import assign
    from tests.store.teamdata import doc, mark, new_project, put
    from ui.adjudication import open_adjudication
    from ui.dashboard import open_dashboard
    from ui.palette import LabelPalette

    project = new_project(tmp_path / "team.hashiya")
    for who, label in (("ali", "state_forces"), ("badr", "political_militia")):
        project.ensure_annotator(who)
        put(project, doc(project, 1), who, 5, 16, label)
    assign(project, [DocId(1)], ["ali", "badr"])
    for who in ("ali", "badr"):
        mark(project, 1, who)
    schema = project.schema()
    rtl = Qt.LayoutDirection.RightToLeft
    assert translations.apply("ar")
    adj = open_adjudication(None, project, "rania", DocId(1))
    dash = open_dashboard(None, project)
    palette = LabelPalette(schema)
    for w in (adj, dash, palette):
        qtbot.addWidget(w)
    try:
        assert adj.windowTitle() == "التحكيم — rania"
        assert [adj.view.tabs.tabText(i) for i in range(2)] == ["المرشحون", "الطبقة المرجعية (قابلة للتحرير)"]
        assert adj.view.model.headerData(2, Qt.Orientation.Horizontal) == "التسمية"
        assert adj.view.state.text().startswith("جاهزة؛ 1 من 1 مجموعة مفتوحة")
        militia = schema.label("political_militia")
        assert adj.view.model.group_index(0, 1, 2).data() == f"{militia.name_ar} · {militia.name_en}"
        assert dash.windowTitle() == "لوحة الفريق"
        assert dash.view.table.horizontalHeaderItem(0).text() == "المُعلِّم"
        assert dash.view.summary.text() == "لم يُحسب الاتفاق بعد."
        events = palette.tree.topLevelItem(0)
        assert palette.windowTitle() == "التسمية" and events.text(0) == "الأحداث"
        first = schema.label(events.child(0).data(0, Qt.ItemDataRole.UserRole))
        assert (events.child(0).text(0), events.child(0).text(1)) == (first.name_ar, first.name_en)
        for w in (adj, adj.view.tree, adj.view.tabs, dash, dash.view.table, palette, palette.tree):
            assert w.layoutDirection() == rtl, w
        # a language switch while the windows are open renames what they show
        assert translations.apply("en")
        qapp.processEvents()  # Qt posts LanguageChange
        assert adj.view.tabs.tabText(0) == "Candidates" and adj.windowTitle() == "Adjudication — rania"
        assert adj.view.state.text().startswith("ready; 1 of 1 group(s) open")
        assert dash.view.table.horizontalHeaderItem(0).text() == "Annotator"
        assert adj.view.layoutDirection() == Qt.LayoutDirection.LeftToRight
    finally:
        project.close()


def test_span_list_and_preview_follow_the_language(
    pane, qapp: QApplication, schema, translations: Translations
) -> None:
    """The annotation pane's own texts, the span list's label names and its link texts, in Arabic."""
    from tests.ui.conftest import hotkey_of

    text = pane.ctl.doc.text
    event, _ = hotkey_of(schema, "event")
    place = next(lab.key for lab in schema.labels_of("entity"))
    role = next(r for r in schema.roles if r.tail_kinds == ("entity",))
    g, r = text.index("غارة"), text.index("الرقة")
    for start, end, label in ((g, g + 4, event), (r, r + 5, place)):
        pane.reader.select_cp(start, end)
        pane.ctl.label(label)
    head = next(s for s in pane.ctl.spans if s.label == event)
    tail = next(s for s in pane.ctl.spans if s.label == place)
    pane.ctl.select_span(head.id)
    pane.ctl.start_link(role.key)
    pane.ctl.finish_link(tail.id)
    assert translations.apply("ar")
    qapp.processEvents()
    model = pane.panel.model
    assert model.headerData(0, Qt.Orientation.Horizontal) == "التسمية"
    assert pane.panel.spans_title.text() == "المقاطع"
    row = model.row_of(tail.id)
    lab = schema.label(place)
    assert model.index(row, 0).data() == f"{lab.name_ar} · {lab.name_en}"
    assert model.index(row, 3).data() == f"{role.name_ar} في الحدث: غارة\u200e"
    pane.ctl.select_span(head.id)
    assert pane.preview.text().startswith(f"مقطع {schema.label(event).name_ar} ")
    assert pane.panel.links.item(0).text() == f"{role.name_ar}: الرقة\u200e"
    pane.ctl.select_span(None)
    pane.ctl.delete_selected()
    assert pane.status.text() == "حدِّد مقطعًا لحذفه (انقره أو انتقل إليه بـ Ctrl+Down)"
    assert pane.layoutDirection() == Qt.LayoutDirection.RightToLeft


def test_attribute_values_read_in_arabic_and_are_stored_as_keys(
    pane, qapp: QApplication, schema, translations: Translations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The attribute editor (F2), the span list and the hover show the schema's value names in the
    interface language; the span keeps the key, in the controller and in the project file."""
    from PySide6.QtWidgets import QComboBox

    from store.annotations import spans
    from tests.ui.conftest import hotkey_of
    from ui.attributes import AttributeDialog

    event, _ = hotkey_of(schema, "event")
    certainty = next(a for a in schema.attributes_for(event) if a.key == "certainty")
    names = dict(certainty.value_names_ar)
    assert set(names) == set(certainty.values), "the default schema names every certainty value"
    g = pane.ctl.doc.text.index("غارة")
    pane.reader.select_cp(g, g + 4)
    pane.ctl.label(event)
    span_id = pane.ctl.spans[0].id
    pane.ctl.select_span(span_id)
    assert translations.apply("ar")
    qapp.processEvents()
    offered: list[list[str]] = []

    def choose_claimed(dlg: AttributeDialog) -> int:
        box = next(b for b in dlg.findChildren(QComboBox) if b.findData("claimed") >= 0)
        offered.append([box.itemText(i) for i in range(box.count())])
        box.setCurrentIndex(box.findText(names["claimed"]))  # what the reviewer reads and picks
        return 1  # accepted

    monkeypatch.setattr(AttributeDialog, "exec", choose_claimed)
    pane._edit_attributes()
    assert offered == [["—", *(names[v] for v in certainty.values)]]
    assert pane.ctl.by_id[span_id].attrs["certainty"] == "claimed"
    stored = next(s for s in spans(pane.project, pane.ctl.doc.id, "rania") if s.id == span_id)
    assert stored.attrs["certainty"] == "claimed"
    model = pane.panel.model
    shown = model.index(model.row_of(span_id), 2).data()
    assert f"{certainty.name_ar}={names['claimed']}" in shown
    assert names["claimed"] in pane.ctl.describe(pane.ctl.by_id[span_id])
    assert translations.apply("en")
    qapp.processEvents()
    assert f"{certainty.name_en}=Claimed" in model.index(model.row_of(span_id), 2).data()
    # In English the editor offers the schema's English names; the span still stores the key.
    polarity = next(a for a in schema.attributes_for(event) if a.key == "polarity")
    english: list[list[str]] = []

    def choose_did_not_happen(dlg: AttributeDialog) -> int:
        box = next(b for b in dlg.findChildren(QComboBox) if b.findData("did_not_happen") >= 0)
        english.append([box.itemText(i) for i in range(box.count())])
        box.setCurrentIndex(box.findText("Did not happen"))
        return 1

    monkeypatch.setattr(AttributeDialog, "exec", choose_did_not_happen)
    pane._edit_attributes()
    assert english == [["—", *(polarity.value_name(v, "en") for v in polarity.values)]]
    assert english[0][-1] == "Did not happen"
    assert pane.ctl.by_id[span_id].attrs["polarity"] == "did_not_happen"
    assert "Polarity=Did not happen" in model.index(model.row_of(span_id), 2).data()


def test_adjudication_shows_candidates_attributes_in_arabic(
    qtbot, tmp_path: Path, translations: Translations
) -> None:
    """Candidates that differ only in an attribute: the reviewer sees each one's value, named in Arabic."""
    from annotate.commands import add_spans
    from annotate.model import DocId, make_span
    from store.annotations import apply
    from store.team import assign
    from tests.store.teamdata import doc, mark, new_project
    from ui.adjudication import AdjudicationView

    project = new_project(tmp_path / "team.hashiya")
    d = doc(project, 1)
    for who, value in (("ali", "confirmed"), ("badr", "claimed")):
        project.ensure_annotator(who)
        apply(project, add_spans([make_span(d, who, 0, 4, "shelling", {"certainty": value})]), who)
    assign(project, [DocId(1)], ["ali", "badr"])
    for who in ("ali", "badr"):
        mark(project, 1, who)
    certainty = next(a for a in project.schema().attributes if a.key == "certainty")
    try:
        assert translations.apply("ar")
        view = AdjudicationView(project, "rania")
        qtbot.addWidget(view)
        view.show_document(DocId(1))
        m = view.model
        tips = [m.group_index(0, k, 2).data(Qt.ItemDataRole.ToolTipRole) for k in range(2)]
        assert tips == [
            f"{certainty.name_ar} = {certainty.value_name(v, 'ar')}" for v in ("confirmed", "claimed")
        ]
        assert tips[0] != tips[1] and "claimed" not in tips[1]
    finally:
        project.close()
