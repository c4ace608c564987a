"""CoNLL / BIO: one token per line, tags in the last column(s), blank line between sentences.

Reading accepts IOB1 and IOB2 (and BIOES), 2 to 4 or more columns separated by
tabs or spaces, ``-DOCSTART-`` document breaks, ``#`` comment lines (``# text = …``,
reported), spaCy's ``token|tag`` one-line sentences, and several tag columns as
nesting levels (Wojood).  The text is
rebuilt from the tokens, one space between tokens and one line per sentence.

What the rebuilt text cannot keep as it was (a byte-order mark inside the file, a
token holding a space) is changed or kept and reported, never passed over in silence.

Writing (``conll_document``, ``conll_text``) lives in ``conll_write``.
"""

from __future__ import annotations

import re
from collections import Counter
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
    "is_comment",
    "nesting_depth",
    "read_conll",
    "report_unheld",
]
TAG = re.compile(r"^(?:O|[BIESLU][-_]\S+)$")
# CoNLL-U's "# key = value" lines (# text = …, # sent_id = 3, # newdoc id = x): the value is free text,
# whose last word may look like a tag (S-400, B-52), so the key and its "=" decide, not the last column.
_KEY_VALUE = re.compile(r"#\s*\w[\w.-]*(?: \w[\w.-]*)*\s*=(?:\s|$)")
_SPACE = re.compile(r"\s")
_BOM = "\ufeff"


def is_comment(stripped: str) -> bool:
    """Whether a stripped line starting with ``#`` is a comment: a ``# key = value`` line, or one whose
    last column is no tag.  ``#`` followed by a tag (``# O``) is the token ``#``, as tweets hold it."""
    return stripped.startswith("#") and (
        _KEY_VALUE.match(stripped) is not None or not TAG.match(stripped.split()[-1])
    )


def _shown(lines: Sequence[int]) -> str:
    return ", ".join(map(str, lines[:5])) + (" …" if len(lines) > 5 else "")


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
    """Column counts of a file's lines: where a line has a column that is not a tag (part of speech,
    chunk), every line of its sentence must have as many columns as most of them, and no later
    line with such a column in the same document may have fewer than the document has shown.

    Without this, a line that lost its NER column would have its chunk tag (``B-NP``) read as an
    entity, and one that lost its part of speech would have chunk and NER read as two nesting
    levels, both without a word.  A sentence is judged whole, so that the line named is the one that
    differs from the others (its first line may be the short one), and against the file, so that a
    sentence every line of which lost the column (a one-token sentence) is caught too.  More columns
    than earlier sentences are allowed, and so are lines of a token and tags only after wider ones
    (spaCy's tests mix shapes so); sentences of tags only (Wojood's nesting levels) may vary line by
    line, and a ``-DOCSTART-`` starts the count again (files joined with ``cat``).
    """

    __slots__ = ("file", "lines", "mixed", "path")

    def __init__(self, path: str) -> None:
        self.path = path
        self.file: tuple[int, int] | None = None  # (columns, a line with them) of the widest checked sentence
        self.lines: list[tuple[int, int]] = []  # (line, columns) of the current sentence
        self.mixed = False  # the current sentence has a line with a non-tag column

    def add(self, n: int, width: int, all_tags: bool) -> None:
        # A line of a token and tags only (spaCy's files mix such sentences with wider ones) has lost
        # nothing; one with a part of speech or chunk has, if it is narrower than the file has shown.
        if self.file is not None and width < self.file[0] and not all_tags:
            cols, line = self.file
            raise ImportFileError(
                self.path,
                f"{width} columns where earlier sentences have {cols}, as line {line} (token, part of speech"
                " or chunk, tag): a column is missing",
                n,
            )
        self.lines.append((n, width))
        self.mixed = self.mixed or not all_tags

    def new_document(self) -> None:
        """A ``-DOCSTART-``: each document its own shape, as two files joined with ``cat`` may differ."""
        self.end()
        self.file = None

    def end(self) -> None:
        """The sentence is over: refuse its odd line, or let its width be the file's."""
        lines, mixed = self.lines, self.mixed
        self.lines, self.mixed = [], False
        if not mixed:
            return
        first = lines[0][1]
        if any(w != first for _, w in lines):
            counts = Counter(w for _, w in lines)
            known = self.file[0] if self.file else 0
            # most lines win; in a tie the file's width, else the wider (a lost column is the usual slip)
            usual = max(counts, key=lambda w: (counts[w], w == known, w))
            n, width = next(p for p in lines if p[1] != usual)
            like = next(m for m, w in lines if w == usual)
            if len(lines) == 2:
                others = "the other line of its sentence has"
            else:
                others = f"{'most' if counts[usual] > 1 else 'other'} lines of its sentence have"
            raise ImportFileError(
                self.path,
                f"{width} columns where {others} {usual}, as line {like} (token, part of speech or chunk, tag):"
                f" a column is {'missing' if width < usual else 'extra'}",
                n,
            )
        if self.file is None or first > self.file[0]:
            self.file = (first, lines[0][0])


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
    bad line.  The notes on comment lines, dropped columns, removed byte-order marks and tokens holding
    a space are added to ``report`` at the end.

    One document's tokens at a time: a 60 MB file held as token and tag objects took over 1 GB.
    """
    pipe = _is_pipe_format(_lines(text))
    boms = _BOM in text  # decoding drops a leading one; two files joined with cat keep the second's
    sents: list[_Sentence] = []
    cur: _Sentence | None = None
    doc_line = 1
    dropped_cols = 0
    comments: list[int] = []
    unmarked: list[int] = []
    spaced: list[int] = []
    widths = _Widths(path)
    for n, line in enumerate(_lines(text), start=1):
        if boms and _BOM in line:
            line = line.replace(_BOM, "")  # a mark is no part of any token
            unmarked.append(n)
        stripped = line.strip()
        if stripped.startswith("-DOCSTART-"):
            widths.new_document()
            if cur:
                sents.append(cur)
            if sents:
                yield doc_line, sents
            sents, cur, doc_line = [], None, n + 1
            continue
        if not stripped:
            widths.end()
            if cur:
                sents.append(cur)
            cur = None
            continue
        if stripped[0] == "#" and not pipe and is_comment(stripped):
            comments.append(n)  # "# text = ...", "# sent_id = 3"; a "#" token has its tag after it
            continue
        if pipe:
            rows = [item.split("|") for item in stripped.split()]
        elif "\t" in stripped:
            rows = [stripped.split("\t")]
            if _SPACE.search(rows[0][0].strip()):
                spaced.append(n)
        else:
            rows = [stripped.split()]
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
    widths.end()
    if cur:
        sents.append(cur)
    if sents:
        yield doc_line, sents
    if comments:
        report.add(
            "note", path, f"{len(comments)} comment line(s) starting with # skipped (line {_shown(comments)})"
        )
    if dropped_cols:
        report.add(
            "note", path, f"{dropped_cols} line(s) had non-tag columns (e.g. part of speech); not imported"
        )
    if unmarked:
        report.add(
            "note",
            path,
            f"byte-order mark (U+FEFF) removed from {len(unmarked)} line(s) (line {_shown(unmarked)}), as"
            " files joined with cat leave it",
        )
    if spaced:
        report.add(
            "note",
            path,
            f"{len(spaced)} token(s) hold a space (line {_shown(spaced)}): one token here, but a CoNLL export"
            " writes the words apart",
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
