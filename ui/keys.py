"""Label hotkeys by physical key, so they keep working when the keyboard layout is Arabic.

A label's hotkey is written as the QWERTY letter (``a``, ``shift+a``).  A key
press is resolved in this order: the platform's scan code (X11/evdev and
Windows set codes, when the platform gives one), then the Arabic character
the standard Arabic (101) layout puts on that key, then the Latin letter.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

# Standard Arabic (101) layout, unshifted level: character -> QWERTY key at the same position.
ARABIC_101: dict[str, str] = {
    "ذ": "`",
    "ض": "q", "ص": "w", "ث": "e", "ق": "r", "ف": "t", "غ": "y", "ع": "u", "ه": "i", "خ": "o", "ح": "p",
    "ج": "[", "د": "]",
    "ش": "a", "س": "s", "ي": "d", "ب": "f", "ل": "g", "ا": "h", "ت": "j", "ن": "k", "م": "l", "ك": ";",
    "ط": "'",
    "ئ": "z", "ء": "x", "ؤ": "c", "ر": "v", "ى": "n", "ة": "m", "و": ",", "ز": ".", "ظ": "/",
    # The 101 layout types lam-alef (one key, two letters) on B; Qt may deliver either form.
    "لا": "b", "ﻻ": "b",
    # Arabic-Indic digits on the number row, which some Arabic layouts produce.
    "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9", "٠": "0",
}  # fmt: skip

# Shifted level of the same layout: character -> QWERTY key (the caller adds "shift+").
ARABIC_101_SHIFT: dict[str, str] = {
    # Only the Arabic characters: the ASCII punctuation this level also types ([ ] { } / ~)
    # would collide with unshifted keys of a Latin layout.
    "ّ": "`",
    "َ": "q", "ً": "w", "ُ": "e", "ٌ": "r", "لإ": "t", "ﻹ": "t", "إ": "y", "‘": "u", "÷": "i",
    "×": "o", "؛": "p",
    "ِ": "a", "ٍ": "s", "لأ": "g", "ﻷ": "g", "أ": "h", "ـ": "j", "،": "k",
    "ْ": "x", "لآ": "b", "ﻵ": "b", "آ": "n", "’": "m", "؟": "/",
}  # fmt: skip

# X11/evdev keycodes (= Linux scan code + 8) of the alphanumeric block.
_X11_ROWS = {10: "1234567890", 24: "qwertyuiop", 38: "asdfghjkl", 52: "zxcvbnm"}
# Windows set-1 scan codes of the same keys.
_WIN_ROWS = {0x02: "1234567890", 0x10: "qwertyuiop", 0x1E: "asdfghjkl", 0x2C: "zxcvbnm"}


def _table(rows: dict[int, str]) -> dict[int, str]:
    return {first + i: ch for first, keys in rows.items() for i, ch in enumerate(keys)}


X11_SCANCODES: dict[int, str] = _table(_X11_ROWS)
WINDOWS_SCANCODES: dict[int, str] = _table(_WIN_ROWS)


def _scancode_table() -> dict[int, str]:
    if sys.platform.startswith("win"):
        return WINDOWS_SCANCODES
    if sys.platform.startswith("linux"):
        return X11_SCANCODES
    return {}  # macOS virtual key codes are not positional in the same way; fall back to text


def key_from_text(text: str, shift: bool = False) -> str:
    """The QWERTY key for a typed character ("" if it is not on a letter/digit key)."""
    if not text:
        return ""
    if text in ARABIC_101:
        base = ARABIC_101[text]
    elif text in ARABIC_101_SHIFT:
        base, shift = ARABIC_101_SHIFT[text], True
    elif len(text) == 1 and text.isascii() and text.isalnum():
        if text.isupper():
            shift = True
        base = text.lower()
    else:
        return ""
    if not (base.isascii() and base.isalnum()):
        return ""
    return f"shift+{base}" if shift else base


def physical_key(event: QKeyEvent) -> str:
    """Hotkey name (``a``, ``shift+a``, ``3``) for a key press, or "" for other keys.

    Presses with Ctrl, Alt or Meta are never label hotkeys.
    """
    mods = event.modifiers()
    blocked = (
        Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.AltModifier
        | Qt.KeyboardModifier.MetaModifier
    )
    if mods & blocked:
        return ""
    shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
    code = event.nativeScanCode()
    if code:
        base = _scancode_table().get(code, "")
        if base:
            return f"shift+{base}" if shift else base
    by_text = key_from_text(event.text(), shift)
    if by_text:
        return by_text
    key = event.key()
    if Qt.Key.Key_A.value <= key <= Qt.Key.Key_Z.value or Qt.Key.Key_0.value <= key <= Qt.Key.Key_9.value:
        base = chr(key).lower()
        return f"shift+{base}" if shift else base
    return key_from_text(chr(key), shift) if 0x600 <= key <= 0x6FF else ""
