"""Interface language: Qt translators for our strings and Qt's own, and the mirrored layout for Arabic.

Our translations are Qt Linguist files: ``resources/i18n/hashiya_ar.ts`` is
the source (edited by hand or in Linguist, refreshed with pyside6-lupdate) and
``hashiya_ar.qm`` is compiled from it with pyside6-lrelease, which ships in
PySide6-Essentials.  The .qm is committed so that running needs no tool.
Switching language installs or removes translators; Qt then sends every
widget a LanguageChange event, and each window retranslates itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from ui.settings import LANGUAGES

if TYPE_CHECKING:  # the first frame imports this module: the domain is loaded when a project opens
    from annotate.model import Attrs
    from annotate.schema import Schema

I18N_DIR = Path(__file__).resolve().parent.parent / "resources" / "i18n"
RTL_LANGUAGES = frozenset({"ar"})
_active = "en"


class Named(Protocol):
    """A schema label, role or attribute: it carries an English and an Arabic name."""

    @property
    def name_en(self) -> str: ...

    @property
    def name_ar(self) -> str: ...


class NamedValues(Protocol):
    """A schema attribute: it knows how each of its stored values reads in a language."""

    def value_name(self, value: str, language: str) -> str: ...


class NamedAttribute(Named, NamedValues, Protocol):
    """A schema attribute as a span's attribute list needs it: its key, its names and its values' names."""

    @property
    def key(self) -> str: ...


def interface_language() -> str:
    """The code of the language the interface shows now ("en" until a translation is applied)."""
    return _active


def display_name(item: Named) -> str:
    """The schema's own name for the interface language: an Arabic interface shows name_ar, not a translation.

    Label and role names come from the schema, not the .ts, so a project's own labels follow the language too.
    """
    if _active == "ar" and item.name_ar:
        return item.name_ar
    return item.name_en or item.name_ar


def display_value(attribute: NamedValues, value: str) -> str:
    """An attribute value as the interface language shows it: the schema's Arabic name in Arabic, else the key.

    Only for showing: what a widget stores and compares is always the key (``annotate.schema.Attribute``
    holds the names; this only adds which language is on).
    """
    return attribute.value_name(value, _active)


def attribute_texts(schema: Schema, label: str, values: Attrs) -> list[tuple[str, str]]:
    """(attribute name, value name) of a span's attribute ``values`` (key, value) in the interface language.

    Named by the schema's attributes for the span's ``label``.  One the schema does not know (any
    more), or any on a label it no longer has, is shown by its key and raw value: what a span
    holds is never hidden.
    """
    if not values:  # most spans: the span list asks on every repaint
        return []
    known: Iterable[NamedAttribute] = schema.attributes_for(label) if schema.has_label(label) else ()
    by_key = {a.key: a for a in known}
    out = []
    for key, value in values:
        a = by_key.get(key)
        out.append((key, value) if a is None else (display_name(a), display_value(a, value)))
    return out


def both_names(item: Named, sep: str = " · ") -> str:
    """Both schema names, the interface language's first: lists keep the guideline's other name in sight."""
    first = display_name(item)
    other = item.name_en if first == item.name_ar else item.name_ar
    return f"{first}{sep}{other}" if other and other != first else first


def qm_path(code: str) -> Path:
    return I18N_DIR / f"hashiya_{code}.qm"


class Translations:
    """Installs the translators of one language into the application, replacing the previous ones."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.code = "en"
        self._installed: list[QTranslator] = []

    def apply(self, code: str) -> bool:
        """Switch the interface to ``code``; False if our translation file for it is missing."""
        if code not in LANGUAGES:
            raise ValueError(f"unknown interface language {code!r}")
        for tr in self._installed:
            self.app.removeTranslator(tr)
        self._installed.clear()
        ok = True
        if code != "en":
            ours = QTranslator(self.app)
            ok = ours.load(str(qm_path(code)))
            if ok:
                self._install(ours)
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            base = QTranslator(self.app)
            if base.load(QLocale(code), "qtbase", "_", qt_dir):
                self._install(base)
        self.code = code if ok else "en"
        global _active
        _active = self.code
        direction = (
            Qt.LayoutDirection.RightToLeft if self.code in RTL_LANGUAGES else Qt.LayoutDirection.LeftToRight
        )
        self.app.setLayoutDirection(direction)
        return ok

    def _install(self, tr: QTranslator) -> None:
        self.app.installTranslator(tr)
        self._installed.append(tr)
