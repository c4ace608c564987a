"""The real window under Xvfb, driven by X mouse and key events as a person would drive it.

Every other GUI test sends Qt events to an offscreen widget.  This one starts
an X server (Xvfb), runs the application on the xcb platform in a separate
process, moves the X pointer with xdotool to drag over الرقة inside بالرقة,
presses the place label's key, and reads the span back from the project file.
It then does the same with the X keyboard switched to the Arabic layout,
where the same physical key types ة.

It needs Debian's ``xvfb``, ``xdotool``, ``x11-xkb-utils`` and the xcb libraries;
``.ci/run`` installs them.  Without them it is skipped on a developer's machine
and fails under CI, so a CI run can never pass by skipping it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotate.schema import default_schema
from annotate.textimport import draft
from store.annotations import spans
from store.documents import add_documents
from store.project import Project

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("Xvfb", "xdotool", "setxkbmap")
MISSING = [t for t in TOOLS if shutil.which(t) is None]

pytestmark = pytest.mark.skipif(
    bool(MISSING) and not os.environ.get("CI"),
    reason=f"not installed: {', '.join(MISSING)} (Debian: xvfb xdotool x11-xkb-utils)",
)

# Our own sentence; الرقة starts one letter into بالرقة, after an emoji (two UTF-16 units, one code point).
TEXT = "عاجل 🔥 قصفت طائرات حربية مواقع بالرقة فجر اليوم، وقال شهود إن الغارة أصابت مستودعاً."
WORD = "بالرقة"
START = TEXT.index(WORD) + 1
END = TEXT.index(WORD) + len(WORD)


@pytest.fixture
def display() -> Iterator[str]:
    assert not MISSING, f"CI must have {MISSING}: .ci/run installs them"
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as f:
        number = f.readline().strip()
    assert number, "Xvfb did not report a display"
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _xdotool(disp: str, *args: str) -> None:
    subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": disp}, check=True, timeout=10)


def _project(tmp_path: Path) -> Path:
    path = tmp_path / "مشروع تجريبي.hashiya"
    with Project.create(path, default_schema()) as p:
        add_documents(p, [draft(TEXT, "a.txt", "utf-8")])
    return path


def _drag_and_label(tmp_path: Path, disp: str, key: str) -> list[tuple[int, int, str, str]]:
    """Run the window, drag over الرقة with the X pointer, press ``key``; the rows stored for rania."""
    path = _project(tmp_path)
    env = {**os.environ, "DISPLAY": disp, "QT_QPA_PLATFORM": "xcb"}
    app = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.real_window_driver", str(path), str(tmp_path / "s.ini"),
         str(START), str(END)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert app.stdout is not None
        line = app.stdout.readline()
        assert line, f"the window never reported its geometry:\n{app.communicate(timeout=10)[1]}"
        where = json.loads(line)
        (x0, y0), (x1, y1) = where["start"], where["end"]
        _xdotool(disp, "mousemove", str(x0), str(y0))
        _xdotool(disp, "mousedown", "1")
        for i in range(1, 9):  # a person's drag passes through the letters between
            _xdotool(disp, "mousemove", str(x0 + (x1 - x0) * i // 8), str(y0 + (y1 - y0) * i // 8))
            time.sleep(0.02)
        _xdotool(disp, "mouseup", "1")
        time.sleep(0.3)
        _xdotool(disp, "key", key)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with Project.open(path, readonly=True) as p:
                doc = p.conn.execute("SELECT min(id) FROM documents").fetchone()[0]
                rows = [(s.start, s.end, s.label, s.text) for s in spans(p, doc, "rania")]
            if rows:
                return rows
            assert app.poll() is None, f"the app ended:\n{app.communicate()[1]}"
            time.sleep(0.2)
        return []
    finally:
        app.terminate()
        app.wait(timeout=10)


def test_a_mouse_drag_and_a_key_on_the_real_window_store_the_dragged_word(
    tmp_path: Path, display: str
) -> None:
    rows = _drag_and_label(tmp_path, display, "m")
    print(f"real window, US layout: dragged {START}..{END}, stored {rows}")
    assert rows == [(START, END, "place", "الرقة")]


def test_the_label_key_works_by_position_on_the_arabic_layout(tmp_path: Path, display: str) -> None:
    subprocess.run(
        ["setxkbmap", "-layout", "ara"], env={**os.environ, "DISPLAY": display}, check=True, timeout=10
    )
    # On the Arabic (101) layout the key where QWERTY has M types ة: the place label's key.
    rows = _drag_and_label(tmp_path, display, "Arabic_tehmarbuta")
    print(f"real window, Arabic layout: dragged {START}..{END}, stored {rows}")
    assert rows == [(START, END, "place", "الرقة")]
