"""Spans on tokens for the CoNLL writer: nesting levels, and the token-by-token writing of a stretch.

``conll_write`` renders the untagged bulk of a document with whole-string
operations and hands the stretches around spans (and emoji) to
``stretch_lines`` here, which tokenizes them match by match, tags every
level's column and notes what cannot be written as it is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal, NamedTuple, Protocol

from annotate.formats.report import FormatReport
from annotate.tokens import _SENTENCE_END, _TOKEN, Token, split_at

Clitics = Literal["attach", "split"]
Nested = Literal["columns", "outer", "inner"]
# "words": our tokenizer (punctuation and emoji apart); "whitespace": the words between spaces, each line a
# sentence, as a document read from a CoNLL file was built (its tokens joined by spaces, a line per sentence).
Tokens = Literal["words", "whitespace"]
WHITESPACE_META = MappingProxyType({"tokens": "whitespace"})  # the document metadata asking for it
_NONSPACE = re.compile(r"\S")
_WORD = re.compile(r"\S+")


class SpanLike(Protocol):
    """What the writer reads of a span (``annotate.model.Span`` or ``SpanCut``)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def text(self) -> str: ...


class SpanCut(NamedTuple):
    """A span as the CoNLL writer needs it: offsets and label read straight from the database rows, and
    the text of its document.

    Its own text is sliced from the document only when a report quotes it: a
    million-span export read and decoded a million span texts it never used
    (some 3 µs a document).
    """

    start: int
    end: int
    label: str
    doc: str

    @property
    def text(self) -> str:
        return self.doc[self.start : self.end]


@dataclass(slots=True)
class Notes:
    """Report lines gathered per tag column, added in the order a column-by-column pass would add them,
    then the spans that joined two sentences."""

    levels: list[list[tuple[str, str]]]
    cuts: int = 0
    joined: list[SpanLike] = field(default_factory=list)

    def flush(self, doc: str, report: FormatReport) -> None:
        for _ in range(self.cuts):
            report.add("clitic_split", doc, "token cut at a span edge")
        for level in self.levels:
            for kind, detail in level:
                report.add(kind, doc, detail)
        for s in self.joined:
            report.add("sentence_joined", doc, joined_detail(s))


def joined_detail(s: SpanLike) -> str:
    """The report's words for a span that kept two sentences together (a tag sequence cannot break)."""
    return f"{s.label} {s.start}..{s.end} {s.text!r}: runs over a sentence end, written in one sentence"


@dataclass(slots=True)
class Stretch:
    """Offsets [start, end) written token by token, and the spans (indexes into the placed list) inside."""

    start: int
    end: int
    members: list[int] = field(default_factory=list)
    kind: int = 0  # conll_write's _GENERAL, _WORDS (whole words only) or _PLAIN (one span, no emoji)


# -- token by token -----------------------------------------------------------------------------------
def stretch_lines(
    text: str,
    st: Stretch,
    placed: list[tuple[SpanLike, int]],
    ncol: int,
    clitics: Clitics,
    notes: Notes,
) -> tuple[str, bool]:
    """Lines of the tokens in [st.start, st.end), with a leading or trailing newline for a sentence end
    before its first token or after its last one (the caller's text holds the neighbours), and whether
    a sentence may start at its first token (not when a span starting before that token runs over it)."""
    toks = [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, st.start, st.end)]
    spans = [placed[k] for k in st.members]
    toks, cols = _tagged(toks, spans, ncol, clitics, notes)
    breaks = _breaks(text, st.start, st.end, [s for s, _ in spans])
    out: list[str] = []
    bi, prev = 0, -1
    for j, tok in enumerate(toks):
        while bi < len(breaks) and breaks[bi] <= prev:
            bi += 1
        if bi < len(breaks) and breaks[bi] <= tok.start:
            out.append("\n")
        prev = tok.start
        out.append("\t".join([tok.text, *(col[j] for col in cols)]) + "\n")
    if breaks and breaks[-1] > prev:
        out.append("\n")
    first = toks[0].start if toks else -1
    return "".join(out), not any(s.start < first < s.end for s, _ in spans)


def _tagged(
    toks: list[Token], spans: Sequence[tuple[SpanLike, int]], ncol: int, clitics: Clitics, notes: Notes
) -> tuple[list[Token], list[list[str]]]:
    """The tokens (cut at span edges under ``split``) and a tag column per level, each span tagged or
    noted in the order given (the report's order)."""
    if clitics == "split":
        before = len(toks)
        toks = split_at(toks, {e for s, _ in spans for e in (s.start, s.end)})
        notes.cuts += len(toks) - before
    cols = [["O"] * len(toks) for _ in range(ncol)]
    starts = [t.start for t in toks]
    for s, li in spans:
        _tag(s, toks, starts, cols[li], clitics, notes.levels[li])
    return toks, cols


def _tag(
    s: SpanLike,
    toks: Sequence[Token],
    starts: Sequence[int],
    col: list[str],
    clitics: Clitics,
    notes: list[tuple[str, str]],
) -> None:
    """Tag the tokens ``s`` touches in its column, or note why it cannot be written."""
    k = max(bisect_right(starts, s.start) - 1, 0)
    covered: list[int] = []
    while k < len(toks) and toks[k].start < s.end:
        if toks[k].end > s.start:
            covered.append(k)
        k += 1
    if not covered:
        notes.append(("dropped_span", f"{s.label} {s.start}..{s.end} {s.text!r}: no token"))
        return
    if any(col[k] != "O" for k in covered):
        notes.append(
            ("dropped_span", f"{s.label} {s.text!r}: shares a token with another span at this level")
        )
        return
    if clitics == "attach" and (toks[covered[0]].start, toks[covered[-1]].end) != (s.start, s.end):
        words = " ".join(toks[k].text for k in covered)
        notes.append(("clitic_attached", f"{s.label} {s.text!r} tagged on token(s) {words!r}"))
    col[covered[0]] = "B-" + s.label
    for k in covered[1:]:
        col[k] = "I-" + s.label


def _breaks(text: str, start: int, end: int, spans: Sequence[SpanLike]) -> list[int]:
    """Sentence starts after the sentence ends in [start, end), except those inside a span.

    A start is the first visible character after an end; a blank line goes
    before the first token at or after it.  A span crossing a sentence end
    keeps its sentence whole (a tag sequence must not break inside a span).
    """
    inside = sorted(
        (s.start + 1, s.end - 1) for s in spans if s.end - s.start > 1
    )  # a start b with s < b < e
    out: list[int] = []
    k, reach = 0, -1
    for m in _SENTENCE_END.finditer(text, start, end):
        nxt = _NONSPACE.search(text, m.end())
        b = nxt.start() if nxt else len(text)
        while k < len(inside) and inside[k][0] <= b:  # starts are increasing: walk the spans once
            reach = max(reach, inside[k][1])
            k += 1
        if b > reach:
            out.append(b)
    return out


# -- the whitespace tokens of a document read from CoNLL -----------------------------------------------
def whitespace_lines(
    text: str, by_level: Sequence[Sequence[SpanLike]], ncol: int, clitics: Clitics, notes: Notes
) -> str:
    """Lines of a document whose tokens are its whitespace-separated words and whose sentences are its
    lines: the tokens and sentences of the CoNLL file it was read from, so that writing it back
    changes no token (our tokenizer would cut ``B-52`` or Wojood's ``$#$`` at the punctuation).

    Spans are tagged as on any other tokens: one inside a word is attached or cut and noted; a span
    over a line break keeps the two lines in one sentence, and is noted too.  Ends with a blank line.
    """
    toks = [Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    spans = [(s, li) for li, lvl in enumerate(by_level) for s in lvl]
    toks, cols = _tagged(toks, spans, ncol, clitics, notes)
    held = sorted((s.start, s.end) for s, _ in spans)
    reach, k = -1, 0
    out: list[str] = []
    breaks: list[tuple[int, int]] = []  # the gaps between tokens that hold a line break
    for j, tok in enumerate(toks):
        if j:
            gap = toks[j - 1].end
            while k < len(held) and held[k][0] < tok.start:  # spans starting before this token
                reach = max(reach, held[k][1])
                k += 1
            if "\n" in text[gap : tok.start]:
                breaks.append((gap, tok.start))
                if reach <= gap:
                    out.append("\n")
        out.append("\t".join([tok.text, *(col[j] for col in cols)]) + "\n")
    out.append("\n")
    ends = [b for _, b in breaks]
    for s, _ in sorted(spans, key=lambda p: p[0].start):  # a span over a gap with a line break
        k = bisect_right(ends, s.start)  # the first such gap ending after the span's start
        if k < len(breaks) and breaks[k][0] < s.end:
            notes.joined.append(s)
    return "".join(out)


# -- nesting levels -----------------------------------------------------------------------------------
def levels(spans: Sequence[SpanLike], nested: Nested, doc: str, report: FormatReport) -> list[list[SpanLike]]:
    """Spans in nesting levels (outermost first) with no overlap inside a level, each sorted by start."""
    if _disjoint(spans):  # most documents: one level, already in order
        return [list(spans)]
    if nested == "inner":
        order = sorted(spans, key=lambda s: (s.end - s.start, s.start))
    else:
        order = sorted(spans, key=lambda s: (s.start, -s.end))
    levels: list[list[SpanLike]] = []
    ends: list[int] = []  # the furthest end in each level: a span starting there fits without a scan
    for s in order:
        for i, lvl in enumerate(levels):
            if s.start >= ends[i] or all(s.end <= o.start or s.start >= o.end for o in lvl):
                lvl.append(s)
                ends[i] = max(ends[i], s.end)
                break
        else:
            levels.append([s])
            ends.append(s.end)
    if nested != "columns" and len(levels) > 1:
        for lvl in levels[1:]:
            for s in lvl:
                report.add(
                    "dropped_nested", doc, f"{s.label} {s.start}..{s.end} {s.text!r} ({nested} layer kept)"
                )
        levels = levels[:1]
    if nested != "inner":  # placed in order of start, each level is in that order already
        return levels or [[]]
    return [sorted(lvl, key=lambda s: s.start) for lvl in levels] or [[]]


def _disjoint(spans: Sequence[SpanLike]) -> bool:
    """True when no span is empty and each one starts at or after the end of the one before it.

    Such spans (read in order of start) all fit in one level, in the order given,
    whatever the nesting choice: what ``levels`` would find with its sorts and scans.
    """
    end = 0
    for s in spans:
        if s.start < end or s.end <= s.start:
            return False
        end = s.end
    return True


def nesting_depth(pairs: Sequence[tuple[int, int]]) -> int:
    """How many tag columns ``--nested columns`` needs for spans at these offsets (as ``_levels`` places them)."""
    levels: list[list[tuple[int, int]]] = []
    ends: list[int] = []
    for s, e in sorted(pairs, key=lambda p: (p[0], -p[1])):
        for i, lvl in enumerate(levels):
            if s >= ends[i] or all(e <= a or s >= b for a, b in lvl):
                lvl.append((s, e))
                ends[i] = max(ends[i], e)
                break
        else:
            levels.append([(s, e)])
            ends.append(e)
    return max(len(levels), 1)
