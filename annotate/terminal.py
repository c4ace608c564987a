"""Arabic for terminals that neither join letters nor reorder right-to-left text.

Output of this module is for a terminal only: it replaces letters with
presentation forms and puts characters in visual order, so it must never
reach stored text, Qt or an export.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from typing import TextIO

__all__ = ["ENV_NO_SHAPING", "for_terminal", "terminal_shaping_enabled"]

ENV_NO_SHAPING = "HASHIYA_NO_SHAPING"
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def for_terminal(text: str, enabled: bool = True) -> str:
    """Shape and reorder each line (arabic-reshaper, then the bidi algorithm); identity when disabled.

    Lines without right-to-left letters pass through untouched.  The bidi
    step uses python-bidi's pure-Python ``bidi.algorithm``: its default Rust
    ``get_display`` leaves brackets unmirrored, so «قسد» and (AFP) would print
    backwards (python-bidi issue #25).
    """
    if not enabled or not _RTL.search(text):
        return text
    from arabic_reshaper import reshape  # imported late: only terminal output pays for it
    from bidi.algorithm import get_display

    lines = text.split("\n")
    return "\n".join(_visual(line, reshape, get_display) if _RTL.search(line) else line for line in lines)


_LATIN = re.compile("[A-Za-z]")
# A run of right-to-left words: from the first such letter to the last, across the spaces and marks between.
_RTL_RUN = re.compile(f"{_RTL.pattern}(?:[^A-Za-z0-9]*{_RTL.pattern})?")


def _visual(line: str, reshape: Callable[[str], str], get_display: Callable[..., str]) -> str:
    """One line in visual order: right to left when two in three of its letters are, else left to right
    (our English report lines) with each run of Arabic words turned on its own.

    The bidi algorithm's rule, the first strong letter, took a report line that starts with a name
    (``  علي: 2 spans in 1 documents``) for a right-to-left paragraph, and even left to right it ties
    the count after the name to the Arabic (``2 :علي``); the English frame keeps its order here.
    """
    if 2 * len(_LATIN.findall(line)) <= len(_RTL.findall(line)):  # an Arabic sentence, (AFP) in it
        return get_display(reshape(line), base_dir="R")
    return _RTL_RUN.sub(lambda m: get_display(reshape(m.group()), base_dir="R"), line)


def terminal_shaping_enabled(
    flag: bool | None, env: Mapping[str, str] = os.environ, stream: TextIO | None = None
) -> bool:
    """Decide whether CLI output goes through ``for_terminal``.

    ``flag`` is the command line's word: ``False`` for ``--no-shaping`` turns
    shaping off, ``True`` forces it on (a terminal that is not detected as
    one), ``None`` decides automatically.  Automatically, shaping is off when
    ``HASHIYA_NO_SHAPING`` is set to anything but ``""`` or ``"0"`` (a
    terminal that shapes by itself, such as one with bidi support, would
    otherwise get the text reversed twice), and off when ``stream``
    (stdout by default) is not a TTY, so files and pipes get logical text.
    """
    if flag is not None:
        return flag
    if env.get(ENV_NO_SHAPING, "") not in ("", "0"):
        return False
    stream = sys.stdout if stream is None else stream
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False
