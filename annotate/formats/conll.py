"""CoNLL / BIO: one token per line, tags in the last column(s), blank line between sentences.

Reading accepts IOB1 and IOB2 (and BIOES), 2 to 4 or more columns separated by
tabs or spaces, ``-DOCSTART-`` document breaks, spaCy's ``token|tag`` one-line
sentences, and several tag columns as nesting levels (Wojood).  The text is
rebuilt from the tokens, one space between tokens and one line per sentence.

Writing uses ``annotate.tokens`` and a clitic policy: ``attach`` tags the whole
whitespace token (ANERcorp, Wojood), ``split`` cuts it at the span edge
(ب O, الرقة B-LOC).  Every change is reported.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from annotate.formats.build import RawAnnotation, build_draft
from annotate.formats.offsetfix import RawSpan
from annotate.formats.records import AnnotatedDraft, LayerDoc
from annotate.formats.report import FormatReport
from annotate.model import Span
from annotate.textimport import ImportFileError
from annotate.tokens import Token, sentences, split_at, tokenize

Clitics = Literal["attach", "split"]
Nested = Literal["columns", "outer", "inner"]
DOC_DELIMITER = "-DOCSTART- -X- O O"
TAG = re.compile(r"^(?:O|[BIESLU][-_]\S+)$")


@dataclass(slots=True)
class _Sentence:
    tokens: list[str]
    tags: list[list[str]]


def _is_pipe_format(lines: Sequence[str]) -> bool:
    body = [ln for ln in lines if ln.strip() and not ln.startswith("-DOCSTART-")]
    return bool(body) and all(
        len(ln.split()) > 1 and all("|" in item and TAG.match(item.rsplit("|", 1)[1]) for item in ln.split())
        for ln in body[:20]
    )


def _parse(path: str, text: str, report: FormatReport) -> list[tuple[int, list[_Sentence]]]:
    """Documents as (first line, sentences); raises ImportFileError naming the bad line."""
    lines = text.split("\n")
    pipe = _is_pipe_format(lines)
    docs: list[tuple[int, list[_Sentence]]] = []
    sents: list[_Sentence] = []
    cur: _Sentence | None = None
    doc_line = 1
    dropped_cols = 0
    for n, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("-DOCSTART-"):
            if cur:
                sents.append(cur)
            if sents:
                docs.append((doc_line, sents))
            sents, cur, doc_line = [], None, n + 1
            continue
        if not stripped:
            if cur:
                sents.append(cur)
            cur = None
            continue
        if pipe:
            rows = [item.split("|") for item in stripped.split()]
        else:
            rows = [stripped.split("\t") if "\t" in stripped else stripped.split()]
        if pipe and cur:
            sents.append(cur)
            cur = None
        for cols in rows:
            cols = [c.strip() for c in cols]
            if len(cols) < 2:
                raise ImportFileError(path, f"expected a token and a tag, found {stripped!r}", n)
            rest = cols[1:]
            if all(TAG.match(c) for c in rest):
                tags = rest
            elif TAG.match(cols[-1]):
                tags = [cols[-1]]
                dropped_cols += 1
            else:
                raise ImportFileError(path, f"{cols[-1]!r} is not a BIO tag (O, B-X, I-X)", n)
            if cur is None:
                cur = _Sentence([], [])
            cur.tokens.append(cols[0])
            cur.tags.append([f"{t[0]}-{t[2:]}" if t != "O" else t for t in tags])
        if pipe and cur:
            sents.append(cur)
            cur = None
    if cur:
        sents.append(cur)
    if sents:
        docs.append((doc_line, sents))
    if dropped_cols:
        report.add(
            "note", path, f"{dropped_cols} line(s) had non-tag columns (e.g. part of speech); not imported"
        )
    return docs


def _decode(tags: Sequence[str], offsets: Sequence[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Entities of one tag column of one sentence, reading IOB1, IOB2 and BIOES alike."""
    out: list[tuple[int, int, str]] = []
    cur: list | None = None
    for (s, e), tag in zip(offsets, tags, strict=True):
        if tag == "O":
            if cur:
                out.append(tuple(cur))  # type: ignore[arg-type]
            cur = None
            continue
        prefix, label = tag[0], tag[2:]
        if prefix in "BSU" or cur is None or cur[2] != label:
            if cur:
                out.append(tuple(cur))  # type: ignore[arg-type]
            cur = [s, e, label]
        else:
            cur[1] = e
        if prefix in "ESLU":
            out.append(tuple(cur))  # type: ignore[arg-type]
            cur = None
    if cur:
        out.append(tuple(cur))  # type: ignore[arg-type]
    return out


def read_conll(path: str, text: str, report: FormatReport) -> list[AnnotatedDraft]:
    drafts: list[AnnotatedDraft] = []
    for first_line, sents in _parse(path, text, report):
        parts: list[str] = []
        found: dict[tuple[int, int, str], None] = {}
        pos = 0
        for k, sent in enumerate(sents):
            if k:
                parts.append("\n")
                pos += 1
            offsets = []
            for i, tok in enumerate(sent.tokens):
                if i:
                    parts.append(" ")
                    pos += 1
                offsets.append((pos, pos + len(tok)))
                parts.append(tok)
                pos += len(tok)
            levels = max(len(t) for t in sent.tags)
            for lvl in range(levels):
                column = [t[lvl] if lvl < len(t) else "O" for t in sent.tags]
                for ent in _decode(column, offsets):
                    found[ent] = None
        doc_text = "".join(parts)
        items = [
            RawAnnotation(f"c{i}", label, RawSpan(s, e, doc_text[s:e]))
            for i, (s, e, label) in enumerate(found)
        ]
        drafts.append(
            build_draft(
                path,
                first_line,
                doc_text,
                items,
                [],
                report,
                ext_id=f"{path.rsplit('/', 1)[-1]}:{first_line}",
            )
        )
    if not drafts:
        raise ImportFileError(path, "no tokens")
    return drafts


# -- writing ----------------------------------------------------------------------------------------
def _levels(spans: Sequence[Span], nested: Nested, doc: str, report: FormatReport) -> list[list[Span]]:
    """Spans in nesting levels (outermost first) with no overlap inside a level."""
    if nested == "inner":
        order = sorted(spans, key=lambda s: (s.end - s.start, s.start))
    else:
        order = sorted(spans, key=lambda s: (s.start, -s.end))
    levels: list[list[Span]] = []
    for s in order:
        for lvl in levels:
            if all(s.end <= o.start or s.start >= o.end for o in lvl):
                lvl.append(s)
                break
        else:
            levels.append([s])
    if nested != "columns" and len(levels) > 1:
        for lvl in levels[1:]:
            for s in lvl:
                report.add(
                    "dropped_nested", doc, f"{s.label} {s.start}..{s.end} {s.text!r} ({nested} layer kept)"
                )
        levels = levels[:1]
    return [sorted(lvl, key=lambda s: s.start) for lvl in levels] or [[]]


def _tag_level(
    spans: Sequence[Span], toks: Sequence[Token], clitics: Clitics, doc: str, report: FormatReport
) -> list[str]:
    tags = ["O"] * len(toks)
    starts = [t.start for t in toks]
    for s in spans:
        i = max(bisect_right(starts, s.start) - 1, 0)
        covered: list[int] = []
        k = i
        while k < len(toks) and toks[k].start < s.end:
            if toks[k].end > s.start:
                covered.append(k)
            k += 1
        if not covered:
            report.add("dropped_span", doc, f"{s.label} {s.start}..{s.end} {s.text!r}: no token")
            continue
        if any(tags[k] != "O" for k in covered):
            report.add(
                "dropped_span", doc, f"{s.label} {s.text!r}: shares a token with another span at this level"
            )
            continue
        ws, we = toks[covered[0]].start, toks[covered[-1]].end
        if (ws, we) != (s.start, s.end) and clitics == "attach":
            words = " ".join(toks[k].text for k in covered)
            report.add("clitic_attached", doc, f"{s.label} {s.text!r} tagged on token(s) {words!r}")
        for n, k in enumerate(covered):
            tags[k] = ("B-" if n == 0 else "I-") + s.label
    return tags


def conll_document(
    item: LayerDoc, clitics: Clitics, nested: Nested, report: FormatReport, columns: int = 1
) -> list[str]:
    """Lines of one document (``-DOCSTART-`` first); ``columns`` pads the tag columns to a fixed count."""
    text = item.doc.text
    doc = item.doc.ext_id or str(item.doc.id)
    levels = _levels(item.spans, nested, doc, report)
    toks = tokenize(text)
    if clitics == "split":
        edges = {e for lvl in levels for s in lvl for e in (s.start, s.end)}
        before = len(toks)
        toks = split_at(toks, edges)
        for _ in range(len(toks) - before):
            report.add("clitic_split", doc, "token cut at a span edge")
    tag_cols = [_tag_level(lvl, toks, clitics, doc, report) for lvl in levels]
    while len(tag_cols) < columns:
        tag_cols.append(["O"] * len(toks))
    bounds = _merged_sentences(text, [s for lvl in levels for s in lvl])
    # Walk tokens and sentence starts together: a new block begins at the first token of each sentence.
    starts = [b[0] for b in bounds[1:]]
    out = [DOC_DELIMITER, ""]
    nxt, i = (starts[0] if starts else len(text) + 1), 0
    rows = zip(*tag_cols, strict=True) if len(tag_cols) > 1 else ((t,) for t in tag_cols[0])
    for tok, tags in zip(toks, rows, strict=True):
        if tok.start >= nxt:
            out.append("")
            while i < len(starts) and starts[i] <= tok.start:
                i += 1
            nxt = starts[i] if i < len(starts) else len(text) + 1
        out.append(f"{tok.text}\t{tags[0]}" if len(tags) == 1 else "\t".join((tok.text, *tags)))
    out.append("")
    return out


def _merged_sentences(text: str, spans: Sequence[Span]) -> list[tuple[int, int]]:
    """Sentence bounds, merged where a span crosses a boundary (a tag sequence must not break inside one)."""
    out = [[s, e] for s, e in sentences(text) or [(0, len(text))]]
    if len(out) == 1:
        return [(out[0][0], out[0][1])]
    for sp in sorted(spans, key=lambda s: s.start):
        i = max(bisect_right(out, [sp.start, len(text) + 1]) - 1, 0)
        while i + 1 < len(out) and out[i + 1][0] < sp.end:
            out[i][1] = out[i + 1][1]
            del out[i + 1]
    return [(a, b) for a, b in out]


def nesting_depth(pairs: Sequence[tuple[int, int]]) -> int:
    """How many tag columns ``--nested columns`` needs for spans at these offsets (as ``_levels`` places them)."""
    levels: list[list[tuple[int, int]]] = []
    for s, e in sorted(pairs, key=lambda p: (p[0], -p[1])):
        for lvl in levels:
            if all(e <= a or s >= b for a, b in lvl):
                lvl.append((s, e))
                break
        else:
            levels.append([(s, e)])
    return max(len(levels), 1)
