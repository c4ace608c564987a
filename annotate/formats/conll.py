"""CoNLL / BIO: one token per line, tags in the last column(s), blank line between sentences.

Reading accepts IOB1 and IOB2 (and BIOES), 2 to 4 or more columns separated by
tabs or spaces, ``-DOCSTART-`` document breaks, ``#`` comment lines (``# text = …``,
reported), spaCy's ``token|tag`` one-line sentences, and several tag columns as
nesting levels (Wojood).  The text is
rebuilt from the tokens, one space between tokens and one line per sentence.

Writing (``conll_document``, ``conll_text``) lives in ``conll_write``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from annotate.formats.build import RawAnnotation, build_draft
from annotate.formats.conll_write import (
    DOC_DELIMITER,
    WHITESPACE_META,
    Clitics,
    Nested,
    conll_document,
    conll_text,
    nesting_depth,
    report_unheld,
)
from annotate.formats.offsetfix import RawSpan
from annotate.formats.records import AnnotatedDraft
from annotate.formats.report import FormatReport
from annotate.textimport import ImportFileError

__all__ = [
    "DOC_DELIMITER",
    "TAG",
    "WHITESPACE_META",
    "Clitics",
    "Nested",
    "conll_document",
    "conll_text",
    "nesting_depth",
    "read_conll",
    "report_unheld",
]
TAG = re.compile(r"^(?:O|[BIESLU][-_]\S+)$")


@dataclass(slots=True)
class _Sentence:
    tokens: list[str]
    tags: list[list[str]]


def _is_pipe_format(lines: Iterable[str]) -> bool:
    body = list(islice((ln for ln in lines if ln.strip() and not ln.startswith("-DOCSTART-")), 20))
    return bool(body) and all(
        len(ln.split()) > 1 and all("|" in item and TAG.match(item.rsplit("|", 1)[1]) for item in ln.split())
        for ln in body
    )


class _Widths:
    """Column counts of one sentence's lines: where a line has a column that is not a tag (part of
    speech, chunk), every line of the sentence must have as many columns as it.

    Without this, a line that lost its NER column would have its chunk tag (``B-NP``) read as an
    entity, and one that lost its part of speech would have chunk and NER read as two nesting
    levels, both without a word.  Lines of tags only (Wojood's nesting levels) may vary.
    """

    __slots__ = ("lines", "path", "ruler")

    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: list[tuple[int, int]] = []
        self.ruler: tuple[int, int] | None = None  # (line, columns) of the first line with a non-tag column

    def add(self, n: int, width: int, all_tags: bool) -> None:
        if self.ruler is None and not all_tags:
            self.ruler = (n, width)
            for earlier, w in self.lines:
                self._check(earlier, w)
            self.lines.clear()
        if self.ruler is None:
            self.lines.append((n, width))
        else:
            self._check(n, width)

    def _check(self, n: int, width: int) -> None:
        assert self.ruler is not None
        line, cols = self.ruler
        if width != cols:
            raise ImportFileError(
                self.path,
                f"{width} columns where line {line} of the same sentence has {cols} (token, part of speech"
                " or chunk, tag): a column is missing or extra",
                n,
            )


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` one at a time: ``text.split("\\n")`` made every line of a large file at once."""
    start = 0
    find = text.find
    while (end := find("\n", start)) >= 0:
        yield text[start:end]
        start = end + 1
    yield text[start:]


def _parse(path: str, text: str, report: FormatReport) -> Iterator[tuple[int, list[_Sentence]]]:
    """Documents as (first line, sentences), each as soon as it ends; raises ImportFileError naming the
    bad line.  The notes on comment lines and dropped columns are added to ``report`` at the end.

    One document's tokens at a time: a 60 MB file held as token and tag objects took over 1 GB.
    """
    pipe = _is_pipe_format(_lines(text))
    sents: list[_Sentence] = []
    cur: _Sentence | None = None
    doc_line = 1
    dropped_cols = 0
    comments: list[int] = []
    widths = _Widths(path)
    for n, line in enumerate(_lines(text), start=1):
        stripped = line.strip()
        if stripped.startswith("-DOCSTART-"):
            if cur:
                sents.append(cur)
            if sents:
                yield doc_line, sents
            sents, cur, doc_line = [], None, n + 1
            widths = _Widths(path)
            continue
        if not stripped:
            if cur:
                sents.append(cur)
            cur = None
            widths = _Widths(path)
            continue
        if stripped.startswith("#") and not pipe and not TAG.match(stripped.split()[-1]):
            comments.append(n)  # "# text = ...", "# sent_id = 3"; a "#" token has its tag after it
            continue
        if pipe:
            rows = [item.split("|") for item in stripped.split()]
        else:
            rows = [stripped.split("\t") if "\t" in stripped else stripped.split()]
        for cols in rows:
            cols = [c.strip() for c in cols]
            if len(cols) < 2:
                raise ImportFileError(path, f"expected a token and a tag, found {stripped!r}", n)
            rest = cols[1:]
            all_tags = all(TAG.match(c) for c in rest)
            if not pipe:
                widths.add(n, len(cols), all_tags)
            if all_tags:
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
        yield doc_line, sents
    if comments:
        shown = ", ".join(map(str, comments[:5])) + (" …" if len(comments) > 5 else "")
        report.add("note", path, f"{len(comments)} comment line(s) starting with # skipped (line {shown})")
    if dropped_cols:
        report.add(
            "note", path, f"{dropped_cols} line(s) had non-tag columns (e.g. part of speech); not imported"
        )


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
    notes = FormatReport(report.format)  # the file's notes come first, as when it was parsed whole
    built = FormatReport(report.format)
    for first_line, sents in _parse(path, text, notes):
        parts: list[str] = []
        found: list[tuple[int, int, str]] = []  # an entity in two columns is two spans, as seqeval counts
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
                found.extend(_decode(column, offsets))
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
                built,
                ext_id=f"{path.rsplit('/', 1)[-1]}:{first_line}",
                meta=WHITESPACE_META,  # written back with these tokens and sentences, not re-tokenized
            )
        )
    report.merge(notes)
    report.merge(built)
    if not drafts:
        raise ImportFileError(path, "no tokens")
    return drafts
