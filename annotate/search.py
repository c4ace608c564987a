"""Find every occurrence of a query in a text, the way an Arabic reader means it.

Both sides are folded (``annotate.arabic.fold``) so that اسلحه finds
أسلحةٍ, and matches come back as code-point spans of the ORIGINAL text,
ready to become annotations ("annotate all occurrences") or highlights.
"""

from __future__ import annotations

import re

from annotate.arabic import Folded, fold, is_harakah

__all__ = ["find_all"]

# What may stand before a whole-word match inside the same written word (folded text, so no harakat):
# conjunction, then a preposition, then the article; لل is ل + an article whose alef is not written.
_PROCLITICS = re.compile(r"[وف]?(?:[بكل]?ال|لل|[بكل])?")
_AFTER_LAM = re.compile(r"[وف]?ل")


def _identity(text: str) -> Folded:
    return Folded(text, text, [0], [0], True)


def find_all(
    text: str | Folded, query: str, *, folded: bool = True, whole_word: bool = False
) -> list[tuple[int, int]]:
    """Non-overlapping ``(start, end)`` spans of ``query`` in ``text``, left to right.

    ``folded`` folds both sides (pass a ``Folded`` to reuse one shadow for
    many queries); with ``folded=False`` the match is exact.  Any run of
    whitespace in the query matches any run in the text, so a name broken
    across lines is still found.  A span ends after the harakat of its last
    letter.

    ``whole_word`` demands a word boundary after the match and, before it,
    either a boundary or proclitics of the same word (و ف ب ل ك, the article
    ال, and combinations): searching الرقة finds it inside بالرقة and
    reports only الرقة.  A query that begins with ال also finds the article
    after ل, where Arabic drops its alef: الرقة in للرقة gives the span لرقة.
    An edge may then fall inside a lam-alef (اعتقال in الاعتقال); callers
    that create annotations may widen it with ``snap_edges``.
    """
    if isinstance(text, Folded):
        hay = text if folded else _identity(text.original)
    else:
        hay = fold(text) if folded else _identity(text)
    needle = fold(query).text if folded else query
    words = needle.split()
    if not words:
        return []
    elided = whole_word and len(words[0]) > 2 and words[0].startswith("ال")
    head = rf"(?:ال|(?<=ل)ل){re.escape(words[0][2:])}" if elided else re.escape(words[0])
    pattern = re.compile(r"\s+".join([head, *map(re.escape, words[1:])]))
    s = hay.text
    spans: list[tuple[int, int]] = []
    pos = 0
    while (m := pattern.search(s, pos)) is not None:
        start, end = m.span()
        if whole_word and not _is_whole(s, start, end, elided):
            # the word may still start one letter on: بب in ببب is ب + بب, the first match is not it
            pos = start + 1
            continue
        pos = end
        span = hay.to_original(start, end)
        if not spans or span[0] >= spans[-1][1]:  # two matches inside one ﷲ map to the same character
            spans.append(span)
    return spans


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or is_harakah(ch)


def _is_whole(s: str, start: int, end: int, elided: bool) -> bool:
    """A boundary after the match, and only proclitics between the word's start and the match."""
    while end < len(s) and is_harakah(s[end]):
        end += 1
    if end < len(s) and _is_word(s[end]):
        return False
    ws = start
    while ws > 0 and _is_word(s[ws - 1]):
        ws -= 1
    prefix = "".join(ch for ch in s[ws:start] if not is_harakah(ch))
    if elided and s[start] == "ل":  # the lone ل of an article after the preposition ل
        return _AFTER_LAM.fullmatch(prefix) is not None
    return _PROCLITICS.fullmatch(prefix) is not None
