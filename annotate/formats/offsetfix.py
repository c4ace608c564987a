"""Bringing foreign offsets onto the stored text: UTF-16 units to code points, CRLF to LF.

Tools written in JavaScript (Label Studio, doccano's editor) count UTF-16 units,
so every offset after an emoji is one too large per emoji; files written on
Windows keep CRLF, which the stored text turns into LF.  A browser shows a CRLF
text with one character per line break, so doccano's editor counts a CRLF as
one, while a script (and brat) counts both characters; doccano can also be set
to count user-perceived characters (a letter with its harakat is one).  The
reading of each document is found here, before a span is built; a span whose
text the file states is checked against the text at the converted offsets.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from annotate.arabic import splits_cluster
from annotate.formats.records import LayerDoc
from annotate.formats.report import FormatReport
from annotate.offsets import OffsetMap
from annotate.textimport import normalize_newlines


class NewlineMap:
    """Maps offsets in a raw text to offsets in its stored form (leading BOM dropped, CRLF/CR -> LF)."""

    __slots__ = ("_removed", "_stored_at", "text")

    def __init__(self, raw: str) -> None:
        self.text = normalize_newlines(raw)
        removed = [0] if raw.startswith("\ufeff") else []
        pos = raw.find("\r\n")
        while pos != -1:
            removed.append(pos)
            pos = raw.find("\r\n", pos + 2)
        self._removed = sorted(removed)
        # where each removed character would sit in the stored text (non-decreasing, for bisect)
        self._stored_at = [pos - i for i, pos in enumerate(self._removed)]

    def __call__(self, offset: int) -> int:
        return offset - bisect_left(self._removed, offset) if self._removed else offset

    def to_raw(self, offset: int) -> int:
        """The raw offset of a stored-text offset: before the CR of a CRLF, so an end never takes the CR."""
        return offset + bisect_left(self._stored_at, offset)


@dataclass(frozen=True, slots=True)
class RawSpan:
    """A span as the file gives it: offsets in the file's units, and the text it claims (if any)."""

    start: int
    end: int
    claimed: str | None = None


@dataclass(frozen=True, slots=True)
class Units:
    """How a file counted its offsets: UTF-16 units or code points; a CRLF as two characters or one."""

    utf16: bool = False
    crlf_one: bool = False
    graphemes: bool = False  # doccano's "count grapheme clusters as one character" (a CRLF is one too)


CODE_POINTS = Units()
GRAPHEMES = Units(graphemes=True)

OffsetUnit = Literal["codepoints", "utf16", "graphemes"]
"""What the user says a file counts in (``import --offsets``); a CRLF as one or two is still found."""
OFFSET_UNITS: tuple[OffsetUnit, ...] = ("codepoints", "utf16", "graphemes")
OFFSETS_META = "offset_unit"
"""The document metadata naming what the doccano or Label Studio file it came from counted in (an
``OffsetUnit``): an export to those formats counts the same way again, so that a script's code
points come back as code points and an editor's UTF-16 units as UTF-16 units."""


def unit_name(units: Units) -> OffsetUnit:
    return "graphemes" if units.graphemes else "utf16" if units.utf16 else "codepoints"


DECLARED_UNIT: dict[OffsetUnit, str] = {"codepoints": "codepoint", "utf16": "utf16", "graphemes": "grapheme"}
"""How a doccano or Label Studio export of ours spells the unit it counted in a record's ``offset_unit``:
the singular, as our doccano exports always have, so that a file of an older version reads the same."""
_DECLARED_UNITS: dict[str, Units] = {
    "codepoint": CODE_POINTS,
    "codepoints": CODE_POINTS,
    "utf16": Units(utf16=True),
    "grapheme": GRAPHEMES,
    "graphemes": GRAPHEMES,
}


def declared_units(value: object) -> Units | None:
    """The units a record's own ``offset_unit`` names (None when it has none), in either spelling: the
    singular our exports write, or the plural of the metadata and ``--offsets``, which a user who wrote
    the field by hand may well use.

    Raises ValueError for a unit we do not know: reading the offsets some other way would be a guess
    the file said not to make.
    """
    if value is None:
        return None
    units = _DECLARED_UNITS.get(value) if isinstance(value, str) else None
    if units is None:
        known = ", ".join(sorted(_DECLARED_UNITS))
        raise ValueError(f"'offset_unit' is {value!r}; expected one of {known}")
    return units


def exported_offsets(item: LayerDoc, report: FormatReport) -> tuple[OffsetUnit, list[tuple[int, int]]]:
    """The unit a doccano or Label Studio export counts a document's offsets in, and each span's edges.

    The unit its file counted (``OFFSETS_META``), else UTF-16 units; a span edge inside a
    user-perceived character (a span over a letter but not its harakah) cannot be counted in
    grapheme clusters, and then the whole document is written in UTF-16 units, reported.
    """
    meta_unit = item.doc.meta.get(OFFSETS_META)
    unit: OffsetUnit = meta_unit if meta_unit in ("codepoints", "graphemes") else "utf16"
    at = offset_writer(item.doc.text, unit)
    edges = [(at(s.start), at(s.end)) for s in item.spans]
    if any(a is None or b is None for a, b in edges):
        report.add(
            "note",
            item.doc.ext_id or str(item.doc.id),
            "a span edge inside a user-perceived character: offsets written in UTF-16 units, not clusters",
        )
        unit, at = "utf16", offset_writer(item.doc.text, "utf16")
        edges = [(at(s.start), at(s.end)) for s in item.spans]
    return unit, edges  # type: ignore[return-value]


def offset_writer(text: str, unit: object) -> Callable[[int], int | None]:
    """Code-point offsets of ``text`` counted in ``unit`` (UTF-16 units for anything but the other two
    ``OffsetUnit`` names); None for an offset inside a user-perceived character, which a count of
    grapheme clusters cannot name."""
    if unit == "codepoints":
        return lambda cp: cp
    if unit == "graphemes":
        starts = cluster_starts(text)

        def cluster(cp: int) -> int | None:
            i = bisect_left(starts, cp)
            return i if i < len(starts) and starts[i] == cp else None

        return cluster
    return OffsetMap(text).to_utf16


@dataclass(frozen=True, slots=True)
class Resolution:
    """Code-point offsets over the raw text, the reading they came from, and whether it was a guess.

    ``guessed`` is true when readings that place the spans differently all fit the
    text and no stated span text told them apart: word boundaries, then the tool's
    habit chose, and the report says so.
    """

    pairs: list[tuple[int, int]]
    units: Units
    guessed: bool = False


def canonical_text(text: str) -> str:
    """Stated span text compared with line breaks as spaces (brat writes them so on its one-line T lines)."""
    return normalize_newlines(text).replace("\n", " ")


def _is_word(ch: str) -> bool:
    """A letter, digit or combining mark: harakat belong to their letter's word."""
    return ch == "_" or unicodedata.category(ch)[0] in "LMN"


@functools.cache
def _cluster_re() -> re.Pattern[str]:
    """A user-perceived character: a CRLF, a flag's two halves, or another character with what is drawn with it.

    Its marks (harakat), ZWNJ, variation selectors, skin tones and tags extend
    it, a ZWJ joins the next character to it: close enough to Unicode's extended
    grapheme clusters for news text.  Built on first use from the categories of
    the BMP (some milliseconds), since ``re`` has no class for marks.
    """
    marks: list[tuple[int, int]] = []
    for c in range(0x10000):
        if unicodedata.category(chr(c))[0] == "M":
            if marks and marks[-1][1] == c - 1:
                marks[-1] = (marks[-1][0], c)
            else:
                marks.append((c, c))
    ext = "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in marks)
    ext += "\u200c\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f\U000e0100-\U000e01ef"
    ri = "\U0001f1e6-\U0001f1ff"
    return re.compile(f"\r\n|[\r\n]|(?:[{ri}][{ri}]|.)(?:\u200d.|[{ext}\u200d])*", re.DOTALL)


def cluster_starts(text: str) -> list[int]:
    """Offsets where each user-perceived character starts, and the text's end: what a tool counting
    grapheme clusters (doccano's option) numbers 0, 1, 2 …"""
    starts = [m.start() for m in _cluster_re().finditer(text)]
    starts.append(len(text))
    return starts


def _edge_score(text: str, pairs: Sequence[tuple[int, int]]) -> int:
    """How well span edges sit on words: the right reading scores more than one shifted by an emoji or CR.

    A shifted reading moves every edge by a character or two: a start that was a
    word start becomes a letter inside it, an end that closed a word takes the
    space or mark after it, and either may cut a letter from its harakah or an
    emoji in two.  So a start on a word's first letter scores 2 and one inside a
    word 1 (Arabic proclitics: الرقة in بالرقة); an end on a word's last letter
    (harakat included) scores 2 and one after a punctuation mark 1; an edge on
    whitespace or inside a drawn character, or an end inside a word, scores nothing.
    """

    def word(i: int) -> bool:
        return 0 <= i < len(text) and _is_word(text[i])

    score = 0
    for s, e in pairs:
        if not text[s].isspace() and not splits_cluster(text, s):
            score += 2 if word(s) and not word(s - 1) else 1
        if not text[e - 1].isspace() and not splits_cluster(text, e) and not (word(e - 1) and word(e)):
            score += 2 if word(e - 1) else 1
    return score


def _valid(text: str, pairs: Sequence[tuple[int, int]], spans: Sequence[RawSpan]) -> bool:
    for (s, e), raw in zip(pairs, spans, strict=True):
        if not 0 <= s < e <= len(text):
            return False
        if raw.claimed is not None and canonical_text(text[s:e]) != canonical_text(raw.claimed):
            return False
    return True


def read_as(raw_text: str, spans: Sequence[RawSpan], units: Units) -> list[tuple[int, int]] | None:
    """Code-point offsets over ``raw_text`` if the file counted in ``units``; None when they cannot be."""
    if units.graphemes:
        starts = cluster_starts(raw_text)
        if any(not (0 <= x < len(starts)) for sp in spans for x in (sp.start, sp.end)):
            return None
        return [(starts[sp.start], starts[sp.end]) for sp in spans]
    nl = NewlineMap(raw_text) if units.crlf_one else None
    counted = nl.text if nl else raw_text
    omap = OffsetMap(counted) if units.utf16 else None
    out: list[tuple[int, int]] = []
    try:
        for sp in spans:
            s, e = sp.start, sp.end
            if omap is not None:
                s, e = omap.to_cp(s), omap.to_cp(e)
            elif not (0 <= s <= len(counted) and 0 <= e <= len(counted)):
                return None
            out.append((nl.to_raw(s), nl.to_raw(e)) if nl else (s, e))
    except ValueError:
        return None
    return out


def resolve_units(
    raw_text: str,
    spans: Sequence[RawSpan],
    habit: Units = CODE_POINTS,
    *,
    known: Units | None = None,
    unit: OffsetUnit | None = None,
) -> Resolution:
    """Code-point offsets over ``raw_text`` for ``spans``, with the reading they were counted in.

    ``known`` takes the file's word for its units; ``unit`` (the user's word,
    for files that do not say) keeps only the readings that count in it.  Otherwise every reading the
    text allows is tried (UTF-16 units only when a character lies outside the
    BMP, a CRLF as one only when the text has one): the readings under which
    every span fits and every stated span text matches remain; if they place the
    spans alike, the one with the fewest conversions is reported; if not, the one
    whose edges sit best on words (``_edge_score``), then the tool's ``habit``,
    wins and the result is marked as guessed.  Raises ValueError when none fits.
    """
    if known is not None:
        pairs = read_as(raw_text, spans, known)
        if pairs is None or not _valid(raw_text, pairs, spans):
            raise ValueError("span offsets do not fit the text")
        return Resolution(pairs, known)
    flags16 = (False, True) if not OffsetMap(raw_text).identity else (False,)
    if unit is not None:  # UTF-16 units are code points in a text without a character beyond the BMP
        flags16 = flags16[-1:] if unit == "utf16" else (False,)
    flags_crlf = (False, True) if "\r\n" in raw_text else (False,)
    readings = [Units(u, c) for c in flags_crlf for u in flags16] if unit != "graphemes" else []
    fitting: list[tuple[Units, list[tuple[int, int]]]] = []
    for units in readings:
        pairs = read_as(raw_text, spans, units)
        if pairs is not None and _valid(raw_text, pairs, spans):
            fitting.append((units, pairs))
    # grapheme clusters last, and only where stated texts have not settled it already (the scan costs)
    if unit in (None, "graphemes") and (not fitting or any(sp.claimed is None for sp in spans)):
        pairs = read_as(raw_text, spans, GRAPHEMES)
        if pairs is not None and pairs not in (p for _, p in fitting) and _valid(raw_text, pairs, spans):
            fitting.append((GRAPHEMES, pairs))
    if not fitting:
        raise ValueError("span offsets fit the text in none of the readings")
    placements = {tuple(p) for _, p in fitting}
    if len(placements) == 1:
        return Resolution(fitting[0][1], fitting[0][0])
    scores = {u: _edge_score(raw_text, p) for u, p in fitting}
    best = max(scores.values())

    def unlike_habit(u: Units) -> int:
        return (u.utf16 != habit.utf16) + (u.crlf_one != habit.crlf_one) + (u.graphemes != habit.graphemes)

    top = sorted((f for f in fitting if scores[f[0]] == best), key=lambda f: unlike_habit(f[0]))
    pairs = top[0][1]
    same = [u for u, p in fitting if p == pairs]  # the fewest conversions that give this placement
    return Resolution(pairs, same[0], guessed=True)
