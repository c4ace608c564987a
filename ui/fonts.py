"""The bundled Arabic fonts, registered with Qt once per process.

The fonts ship as Python packages so that every machine shapes Arabic the
same way; Qt can only register them after the QApplication exists.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QFontDatabase

FALLBACK_FAMILY = "Noto Sans Arabic"


def _font_files() -> list[Path]:
    import fontpkg_amiri
    import fontpkg_noto_sans_arabic

    files = sorted((Path(fontpkg_noto_sans_arabic.ROOT) / "files").glob("*.ttf"))
    files += sorted((Path(fontpkg_amiri.ROOT) / "files").glob("*.ttf"))
    return files


@cache
def load_arabic_fonts() -> str:
    """Register Noto Sans Arabic and Amiri; return the family the reader uses (Noto Sans Arabic).

    Call after QApplication exists.  Safe to call again: the work is done once.
    """
    families: list[str] = []
    for path in _font_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families[0] if families else FALLBACK_FAMILY
