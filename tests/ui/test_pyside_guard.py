"""Guards the PySide6 pin: 6.12.0 on Python 3.11 drops a reference to None on every void call.

The interpreter then aborts ("none_dealloc") after a few thousand calls, far
from the cause.  Hashiya makes that many calls in minutes of annotating.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import PySide6

PINNED = "6.11.3"


def test_pyside_is_the_pinned_version() -> None:
    assert PySide6.__version__ == PINNED, (
        f"PySide6 {PySide6.__version__} is installed; {PINNED} is pinned because 6.12.0 on Python 3.11 "
        "aborts with none_dealloc. Read DEVELOPERS-NOTES.md before changing the pin."
    )


def test_requirements_pin_it_too() -> None:
    reqs = (Path(__file__).resolve().parents[2] / "requirements.txt").read_text(encoding="utf-8")
    assert f"PySide6-Essentials=={PINNED}" in reqs


def test_void_calls_keep_none_alive() -> None:
    """Many void Qt calls in a fresh interpreter: None's refcount must not fall, and it must exit 0."""
    script = textwrap.dedent(
        """
        import sys
        from PySide6.QtCore import QObject
        obj = QObject()
        before = sys.getrefcount(None)
        for i in range(60000):
            obj.setObjectName("x")  # returns void
        after = sys.getrefcount(None)
        print(before, after)
        sys.exit(0 if after >= before - 100 else 3)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, (
        f"refcount of None fell or the interpreter aborted: {proc.stdout} {proc.stderr}"
    )
