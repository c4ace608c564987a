"""Bringing foreign offsets onto the stored text: UTF-16 units to code points, CRLF to LF.

Tools written in JavaScript (Label Studio, doccano's editor) count UTF-16 units,
so every offset after an emoji is one too large per emoji; files written on
Windows keep CRLF, which the stored text turns into LF.  Both are fixed here, per
document, before a span is built; a span whose text the file states is checked
against the text at the converted offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from annotate.offsets import OffsetMap
from annotate.textimport import normalize_newlines

_WORD = re.compile(r"\w")


class NewlineMap:
    """Maps offsets in a raw text to offsets in its stored form (leading BOM dropped, CRLF/CR -> LF)."""

    __slots__ = ("_removed", "text")

    def __init__(self, raw: str) -> None:
        self.text = normalize_newlines(raw)
        removed = [0] if raw.startswith("\ufeff") else []
        pos = raw.find("\r\n")
        while pos != -1:
            removed.append(pos)
            pos = raw.find("\r\n", pos + 2)
        self._removed = sorted(removed)

    def __call__(self, offset: int) -> int:
        return offset - bisect_left(self._removed, offset) if self._removed else offset


@dataclass(frozen=True, slots=True)
class RawSpan:
    """A span as the file gives it: offsets in the file's units, and the text it claims (if any)."""

    start: int
    end: int
    claimed: str | None = None


def canonical_text(text: str) -> str:
    """Stated span text compared with line breaks as spaces (brat writes them so on its one-line T lines)."""
    return normalize_newlines(text).replace("\n", " ")


def _edge_score(text: str, pairs: Sequence[tuple[int, int]]) -> int:
    """How many span edges fall on word boundaries: the right unit puts more edges there."""
    score = 0
    for s, e in pairs:
        if s == 0 or not (_WORD.match(text[s - 1]) and _WORD.match(text[s])):
            score += 1
        if e == len(text) or not (_WORD.match(text[e - 1]) and _WORD.match(text[e])):
            score += 1
    return score


def _valid(text: str, pairs: Sequence[tuple[int, int]], spans: Sequence[RawSpan]) -> bool:
    for (s, e), raw in zip(pairs, spans, strict=True):
        if not 0 <= s < e <= len(text):
            return False
        if raw.claimed is not None and canonical_text(text[s:e]) != canonical_text(raw.claimed):
            return False
    return True


def resolve_units(
    raw_text: str, spans: Sequence[RawSpan], utf16_default: bool, *, cp_only: bool = False
) -> tuple[list[tuple[int, int]], bool]:
    """Code-point offsets over ``raw_text`` for ``spans``, and whether they were UTF-16 units.

    With no character outside the BMP both readings agree.  Otherwise the
    reading under which every stated span text matches wins; with no stated
    text, the one whose span edges fall on more word boundaries, then the
    tool's habit (``utf16_default``).  Raises ValueError when neither fits.
    """
    cp_pairs = [(s.start, s.end) for s in spans]
    omap = OffsetMap(raw_text)
    if omap.identity or cp_only:
        if not _valid(raw_text, cp_pairs, spans):
            raise ValueError("span offsets do not fit the text")
        return cp_pairs, False
    u16_pairs: list[tuple[int, int]] | None = []
    for s in spans:
        try:
            u16_pairs.append((omap.to_cp(s.start), omap.to_cp(s.end)))
        except ValueError:
            u16_pairs = None
            break
    cp_ok = _valid(raw_text, cp_pairs, spans)
    u16_ok = u16_pairs is not None and _valid(raw_text, u16_pairs, spans)
    if cp_ok and not u16_ok:
        return cp_pairs, False
    if u16_ok and not cp_ok:
        assert u16_pairs is not None
        return u16_pairs, True
    if not cp_ok:
        raise ValueError("span offsets fit the text neither as code points nor as UTF-16 units")
    assert u16_pairs is not None
    if cp_pairs == u16_pairs:
        return cp_pairs, False
    cp_score, u16_score = _edge_score(raw_text, cp_pairs), _edge_score(raw_text, u16_pairs)
    if cp_score != u16_score:
        return (u16_pairs, True) if u16_score > cp_score else (cp_pairs, False)
    return (u16_pairs, True) if utf16_default else (cp_pairs, False)
