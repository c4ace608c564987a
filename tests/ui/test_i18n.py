"""Interface language: every string of the shell has an Arabic translation, the .qm is current, RTL."""

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
SHELL_MODULES = [
    "app",
    "main_window",
    "doc_list",
    "identity",
    "shortcuts",
    "messages",
    "settings",
    "i18n",
    "workers",
]
PANE_MODULES = ["workbench"]  # the annotation pane marks its action texts with QT_TRANSLATE_NOOP
OUR_CONTEXTS = {"App", "MainWindow", "DocList", "Identity", "Shortcuts", "AnnotationPane"}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


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


def test_every_shell_string_has_an_arabic_translation() -> None:
    table = ts_messages()
    wanted = set().union(*(source_strings(m) for m in SHELL_MODULES + PANE_MODULES))
    assert len(wanted) > 80
    assert any(ctx == "AnnotationPane" for ctx, _ in wanted)
    missing = sorted(k for k in wanted if not table.get(k))
    assert missing == []


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
        window._imported(ImportReport())
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
