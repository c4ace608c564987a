"""Writing CoNLL: one token per line, IOB2 tags in one or more columns, a blank line between sentences.

Tokens come from ``annotate.tokens`` and a clitic policy: ``attach`` tags the
whole whitespace token (ANERcorp, Wojood), ``split`` cuts it at the span edge
(ب O, الرقة B-LOC).  Nested spans go to extra tag columns or one chosen layer.
Every change is reported.

A CoNLL export writes one line per token, some 35 million lines for 100,000
articles, so the untagged bulk of a document never becomes Python objects: its
text goes through ``spaced_tokens`` (whole-string operations) with markers for
sentence ends and for the stretches around spans.  Only those stretches, and
the words around emoji (which the whole-string route cannot tokenize), are
tokenized match by match.  Both routes give the same lines; a property test compares them with a plain
per-token reference writer.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Literal, NamedTuple, Protocol

from annotate.formats.records import LayerDoc
from annotate.formats.report import FormatReport
from annotate.tokens import (
    _SENTENCE_END,
    _TOKEN,
    MARKERS,
    Token,
    has_non_word,
    is_token_edge,
    mark_sentence_ends,
    plain_spots,
    spaced_tokens,
    split_at,
    word_window,
)

Clitics = Literal["attach", "split"]
Nested = Literal["columns", "outer", "inner"]
DOC_DELIMITER = "-DOCSTART- -X- O O"
_REGION, _BREAK = MARKERS  # a stretch written token by token; a sentence end
_NONSPACE = re.compile(r"\S")
_RUN = ".!?؟\"'»”’)]"  # what a sentence end is made of: a span starting with one may start inside one
_GENERAL, _WORDS, _PLAIN = 0, 1, 2


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
    """A span as the CoNLL writer needs it: read straight from the database rows, nothing decoded."""

    start: int
    end: int
    label: str
    text: str


@dataclass(slots=True)
class _Notes:
    """Report lines gathered per tag column, added in the order a column-by-column pass would add them."""

    levels: list[list[tuple[str, str]]]
    cuts: int = 0

    def flush(self, doc: str, report: FormatReport) -> None:
        for _ in range(self.cuts):
            report.add("clitic_split", doc, "token cut at a span edge")
        for level in self.levels:
            for kind, detail in level:
                report.add(kind, doc, detail)


@dataclass(slots=True)
class _Stretch:
    """Offsets [start, end) written token by token, and the spans (indexes into the placed list) inside."""

    start: int
    end: int
    members: list[int] = field(default_factory=list)
    kind: int = 0  # _GENERAL, _WORDS (whole words only) or _PLAIN (one span on token edges, no emoji)


def conll_document(
    item: LayerDoc, clitics: Clitics, nested: Nested, report: FormatReport, columns: int = 1
) -> list[str]:
    """Lines of one document (``-DOCSTART-`` first); ``columns`` pads the tag columns to a fixed count."""
    doc = item.doc
    text = conll_text(doc.ext_id or str(doc.id), doc.text, item.spans, clitics, nested, report, columns)
    return text.split("\n")[:-1]


def conll_text(
    name: str,
    text: str,
    spans: Sequence[SpanLike],
    clitics: Clitics,
    nested: Nested,
    report: FormatReport,
    columns: int = 1,
) -> str:
    """One document as CoNLL text, ending with its blank line; ``name`` is what the report calls it."""
    levels = _levels(spans, nested, name, report)
    ncol = max(len(levels), columns)
    placed = [(s, li) for li, lvl in enumerate(levels) for s in lvl]
    notes = _Notes([[] for _ in levels])
    body = _body(text, placed, ncol, clitics, notes)
    notes.flush(name, report)
    while "\n\n\n" in body:  # a sentence end met twice (beside a stretch) is still one blank line
        body = body.replace("\n\n\n", "\n\n")
    body = body.lstrip("\n")
    if body.endswith("\n\n"):
        body = body.rstrip("\n") + "\n"
    return f"{DOC_DELIMITER}\n\n{body}\n"


# -- bulk for the untagged words, token by token around spans and emoji ---------------------------------
def _body(text: str, placed: list[tuple[SpanLike, int]], ncol: int, clitics: Clitics, notes: _Notes) -> str:
    stretches = _stretches(text, placed)
    pieces: list[str] = []
    blocks: list[tuple[str, bool]] = []  # lines, and whether a sentence end just before them may break
    pos = 0
    for st in stretches:
        pieces.append(text[pos : st.start])
        pos = st.end
        if st.kind == _WORDS and len(st.members) == 1:
            blocks.append((_word_lines(text[st.start : st.end], *placed[st.members[0]], ncol), True))
        elif st.kind == _WORDS:
            blocks.append((_nested_word_lines(text, st, placed, ncol), True))
        elif st.kind == _PLAIN:
            blocks.append(
                (_word_lines(spaced_tokens(text[st.start : st.end]), *placed[st.members[0]], ncol), True)
            )
        else:
            blocks.append(_stretch_lines(text, st, placed, ncol, clitics, notes))
    pieces.append(text[pos:])
    stream = spaced_tokens(mark_sentence_ends(_REGION.join(pieces), _BREAK))
    outside = "\tO" * ncol + "\n"
    if any(" " in s.label for s, _ in placed):  # not a schema key: render the bulk before splicing
        return _splice(_lines(stream, outside), blocks, _REGION + outside, None)
    # Lines hold no space (tokens and schema keys have none): splice the stretches' lines into the
    # stream of tokens, then every space left is the end of an untagged token's line.
    stream = f"{stream} " if stream else ""
    if _BREAK in stream:
        stream = stream.replace(_BREAK + " ", "\n")
    return _splice(stream, blocks, _REGION + " ", outside).replace(" ", outside)


def _lines(stream: str, outside: str) -> str:
    """Token lines of a stream of space-separated tokens; a sentence mark becomes a blank line."""
    lines = (stream + " ").replace(" ", outside) if stream else ""
    return lines.replace(_BREAK + outside, "\n") if _BREAK in lines else lines


def _splice(bulk: str, blocks: list[tuple[str, bool]], mark: str, outside: str | None) -> str:
    """``bulk`` with each ``mark`` replaced by the next block of lines (``outside``: what a space in
    ``bulk`` still stands for)."""
    if not blocks:
        return bulk
    parts = bulk.split(mark)
    out = [parts[0]]
    for (block, may_break), part in zip(blocks, parts[1:], strict=True):
        if not may_break:  # a span starting in the whitespace before the stretch holds the sentence together
            done = "".join(out)
            done = (done.replace(" ", outside) if outside else done).rstrip("\n")
            out = [done + "\n" if done else ""]
        out.append(block)
        out.append(part)
    return "".join(out)


def _stretches(text: str, placed: list[tuple[SpanLike, int]]) -> list[_Stretch]:
    """Where spans and emoji are, as disjoint stretches with token edges at both ends.

    A span from token edge to token edge, in one line, with single spaces, is
    its own stretch: whole words (``_WORDS``), or punctuation too when no
    sentence end reaches its last character or starts before it (``_PLAIN``).  Any
    other span (inside a word, say) and every emoji widen to the whitespace
    around them, and overlapping stretches merge (whole words with whole words
    stay ``_WORDS``).  What lies between stretches is plain text for
    ``spaced_tokens``.
    """
    found: list[tuple[int, int, int, int]] = [
        (*word_window(text, i, i + 1), -1, _GENERAL) for i in plain_spots(text)
    ]
    n = len(text)
    for k, (s, _) in enumerate(placed):
        a, b = s.start, s.end
        words = text[a:b]
        if (
            (a == 0 or text[a - 1] == " " or is_token_edge(text, a))
            and (b == n or text[b] == " " or is_token_edge(text, b))
            and words.isprintable()  # no newline, tab or no-break space
            and words[:1] != " " != words[-1:]
            and words
            and "  " not in words
        ):
            if not has_non_word(text, a, b):
                found.append((a, b, k, _WORDS))
                continue
            if words[0] not in _RUN and not _reaches_sentence_end(text, a, b):
                found.append((a, b, k, _PLAIN))
                continue
        found.append((*word_window(text, a, b), k, _GENERAL))
    found.sort()
    out: list[_Stretch] = []
    for a, b, k, kind in found:
        if out and a < out[-1].end:
            last = out[-1]
            last.end = max(last.end, b)
            last.members.append(k)
            last.kind = _WORDS if last.kind == kind == _WORDS else _GENERAL
        else:
            out.append(_Stretch(a, b, [k], kind))
    for st in out:
        if len(st.members) > 1 or st.members[0] < 0:  # column by column, by start: the report's order
            st.members = sorted(k for k in st.members if k >= 0)
    return out


def _reaches_sentence_end(text: str, start: int, end: int) -> bool:
    """True when a sentence end begun in [start, end) stops at ``end`` or runs on past it (closing quotes)."""
    for m in _SENTENCE_END.finditer(text, start):
        if m.start() >= end:
            return False
        if m.end() >= end:
            return True
    return False


def _word_lines(words: str, span: SpanLike, level: int, ncol: int) -> str:
    """Lines of a span alone, its tokens given separated by single spaces: B- on the first, I- on the rest."""
    before, after = "\tO" * level, "\tO" * (ncol - level - 1) + "\n"
    first = f"{before}\tB-{span.label}{after}"
    if " " not in words:
        return words + first
    head, rest = words.split(" ", 1)
    inside = f"{before}\tI-{span.label}{after}"
    return head + first + rest.replace(" ", inside) + inside


def _nested_word_lines(text: str, st: _Stretch, placed: list[tuple[SpanLike, int]], ncol: int) -> str:
    """Lines of overlapping spans over whole words: each in its column, every word its own token.

    Spans over whole words share no word within a column (a column holds no
    overlap), so nothing is dropped, widened or cut, and no sentence ends inside.
    """
    words = text[st.start : st.end].split(" ")
    starts = list(accumulate((len(w) + 1 for w in words[:-1]), initial=st.start))
    cols = [["O"] * len(words) for _ in range(ncol)]
    for k in st.members:
        s, li = placed[k]
        i, j = bisect_left(starts, s.start), bisect_left(starts, s.end)
        cols[li][i] = "B-" + s.label
        cols[li][i + 1 : j] = ["I-" + s.label] * (j - i - 1)
    return "".join("\t".join(row) + "\n" for row in zip(words, *cols, strict=True))


# -- token by token -----------------------------------------------------------------------------------
def _stretch_lines(
    text: str,
    st: _Stretch,
    placed: list[tuple[SpanLike, int]],
    ncol: int,
    clitics: Clitics,
    notes: _Notes,
) -> tuple[str, bool]:
    """Lines of the tokens in [st.start, st.end), with a leading or trailing newline for a sentence end
    before its first token or after its last one (the caller's text holds the neighbours), and whether
    a sentence may start at its first token (not when a span starting before that token runs over it)."""
    toks = [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, st.start, st.end)]
    spans = [placed[k] for k in st.members]
    if clitics == "split":
        before = len(toks)
        toks = split_at(toks, {e for s, _ in spans for e in (s.start, s.end)})
        notes.cuts += len(toks) - before
    cols = [["O"] * len(toks) for _ in range(ncol)]
    starts = [t.start for t in toks]
    for s, li in spans:
        _tag(s, toks, starts, cols[li], clitics, notes.levels[li])
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


# -- nesting levels -----------------------------------------------------------------------------------
def _levels(
    spans: Sequence[SpanLike], nested: Nested, doc: str, report: FormatReport
) -> list[list[SpanLike]]:
    """Spans in nesting levels (outermost first) with no overlap inside a level, each sorted by start."""
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
    return [sorted(lvl, key=lambda s: s.start) for lvl in levels] or [[]]


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
