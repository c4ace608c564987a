"""Hotkeys by physical key: Arabic characters, scan codes and Latin letters reach the same hotkey."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent

import ui.keys as keys
from ui.keys import ARABIC_101, ARABIC_101_SHIFT, X11_SCANCODES, key_from_text, physical_key
from ui.workbench import hotkey_sequence

NO = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def event(text: str, key: int | None = None, mods=NO, scancode: int = 0) -> QKeyEvent:
    code = key if key is not None else (ord(text.upper()) if text.isascii() else ord(text[0]))
    return QKeyEvent(QEvent.Type.KeyPress, code, mods, scancode, 0, 0, text)


@pytest.mark.parametrize(
    ("arabic", "qwerty"),
    [("ش", "a"), ("ض", "q"), ("ب", "f"), ("ل", "g"), ("ا", "h"), ("ت", "j"), ("ن", "k"), ("م", "l"),
     ("ئ", "z"), ("ة", "m"), ("ى", "n"), ("ر", "v"), ("ك", ";"), ("ذ", "`"), ("ظ", "/"), ("لا", "b")],
)  # fmt: skip
def test_standard_arabic_101_positions(arabic, qwerty):
    assert ARABIC_101[arabic] == qwerty


def test_every_letter_key_has_one_arabic_character():
    letters = {v for v in ARABIC_101.values() if v.isalpha() and v.isascii()}
    assert letters == set("abcdefghijklmnopqrstuvwxyz")
    singles = [k for k in ARABIC_101 if len(k) == 1 and not ("\ufe70" <= k <= "\ufeff")]
    assert len({ARABIC_101[k] for k in singles}) == len(singles), "two characters on one key"


@pytest.mark.parametrize(("ch", "want"), [("ش", "a"), ("ة", "m"), ("ؤ", "c"), ("٣", "3"), ("لا", "b")])
def test_arabic_character_gives_the_physical_key(ch, want):
    assert physical_key(event(ch)) == want


def test_shifted_arabic_level_gives_shift_hotkey():
    assert physical_key(event("ِ", mods=SHIFT)) == "shift+a"  # kasra sits on shift+A
    assert physical_key(event("أ", mods=SHIFT)) == "shift+h"
    assert key_from_text("إ") == "shift+y"


def test_latin_letters_and_shift():
    assert physical_key(event("a")) == "a"
    assert physical_key(event("A", key=Qt.Key.Key_A, mods=SHIFT)) == "shift+a"
    assert physical_key(event("7")) == "7"


def test_modified_presses_are_never_hotkeys():
    assert physical_key(event("a", mods=Qt.KeyboardModifier.ControlModifier)) == ""
    assert physical_key(event("ش", mods=Qt.KeyboardModifier.AltModifier)) == ""


def test_punctuation_of_a_latin_layout_is_no_hotkey():
    for ch in "[]{}/~,.":
        assert physical_key(event(ch)) == "", ch


def test_scan_code_wins_over_the_character(monkeypatch):
    monkeypatch.setattr(keys, "_scancode_table", lambda: X11_SCANCODES)
    assert physical_key(event("ض", scancode=38)) == "a"  # X11 keycode 38 is the A key
    assert physical_key(event("!", key=Qt.Key.Key_Exclam, mods=SHIFT, scancode=10)) == "shift+1"


def test_x11_table_rows():
    assert X11_SCANCODES[24] == "q" and X11_SCANCODES[38] == "a" and X11_SCANCODES[52] == "z"
    assert X11_SCANCODES[10] == "1" and X11_SCANCODES[19] == "0"


@given(st.sampled_from(sorted(set(ARABIC_101) | set(ARABIC_101_SHIFT))))
def test_every_table_character_resolves_to_a_named_key_or_nothing(ch):
    name = key_from_text(ch)
    base = name.removeprefix("shift+")
    assert name == "" or (len(base) == 1 and base.isascii() and base.isalnum())


def test_hotkey_sequences():
    assert hotkey_sequence("a").toString() == "A"
    assert hotkey_sequence("shift+a").toString() == "Shift+A"
    assert hotkey_sequence("3").toString() == "3"
