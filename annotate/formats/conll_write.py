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
tokenized match by match (``conll_spans``).  Both routes give the same lines;
a property test compares them with a plain per-token reference writer.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from functools import cache
from itertools import accumulate
from operator import attrgetter

from annotate.formats.conll_spans import (
    WHITESPACE_META,
    Clitics,
    Nested,
    Notes,
    SpanCut,
    SpanLike,
    Stretch,
    Tokens,
    joined_detail,
    levels,
    nesting_depth,
    stretch_lines,
    whitespace_lines,
)
from annotate.formats.records import LayerDoc
from annotate.formats.report import FormatReport
from annotate.tokens import (
    _END_OR_BREAK,
    _SENTENCE_END,
    _TOKEN,
    MARKERS,
    has_non_word,
    is_token_edge,
    non_word_search,
    plain_spots,
    sentence_starts_within,
    sentence_tokens,
    spaced_tokens,
    word_window,
)

__all__ = [
    "DOC_DELIMITER",
    "WHITESPACE_META",
    "Clitics",
    "Nested",
    "SpanCut",
    "Tokens",
    "conll_bytes",
    "conll_document",
    "conll_text",
    "nesting_depth",
    "report_unheld",
]
DOC_DELIMITER = "-DOCSTART- -X- O O"
_REGION, _BREAK = MARKERS  # a stretch written token by token; a sentence end
_RUN = ".!?؟\"'»”’)]"  # what a sentence end is made of: a span starting with one may start inside one
_GENERAL, _WORDS, _PLAIN = 0, 1, 2


def conll_document(
    item: LayerDoc, clitics: Clitics, nested: Nested, report: FormatReport, columns: int = 1
) -> list[str]:
    """Lines of one document (``-DOCSTART-`` first); ``columns`` pads the tag columns to a fixed count.

    A document whose metadata holds ``WHITESPACE_META`` (one read from CoNLL) keeps its own tokens.
    """
    doc = item.doc
    tokens: Tokens = "whitespace" if doc.meta.get("tokens") == WHITESPACE_META["tokens"] else "words"
    name = doc.ext_id or str(doc.id)
    text = conll_text(name, doc.text, item.spans, clitics, nested, report, columns, tokens)
    attributed = [(s.label, s.text, s.attributes) for s in item.spans if s.attributes]
    report_unheld(name, attributed, [r.role for r in item.relations], report)
    return text.split("\n")[:-1]


def report_unheld(
    name: str,
    attributed: Sequence[tuple[str, str, Mapping[str, str]]],
    roles: Sequence[str],
    report: FormatReport,
) -> None:
    """Say what a CoNLL file has no place for rather than drop it: the attributes of each span in
    ``attributed`` ((label, text, attributes)) and each relation (its role)."""
    for label, text, attributes in attributed:
        report.dropped_attributes(name, label, text, attributes)
    for role in roles:
        report.add("dropped_relation", name, f"{role}: CoNLL holds no relations")


def conll_text(
    name: str,
    text: str,
    spans: Sequence[SpanLike],
    clitics: Clitics,
    nested: Nested,
    report: FormatReport,
    columns: int = 1,
    tokens: Tokens = "words",
) -> str:
    """One document as CoNLL text, ending with its blank line; ``name`` is what the report calls it."""
    return conll_bytes(name, text, spans, clitics, nested, report, columns, tokens).decode("utf-8")


def conll_bytes(
    name: str,
    text: str,
    spans: Sequence[SpanLike],
    clitics: Clitics,
    nested: Nested,
    report: FormatReport,
    columns: int = 1,
    tokens: Tokens = "words",
) -> bytes:
    """``conll_text`` in UTF-8, as an export writes it.

    The lines are made in bytes from the untagged tokens on: a third of the
    characters to encode, and the padding of tag columns (most of the file)
    written as ASCII bytes rather than two-byte characters.  ``tokens="whitespace"``
    (a document read from CoNLL) writes its words and lines as they are instead.
    """
    by_level = levels(spans, nested, name, report)
    ncol = max(len(by_level), columns)
    if tokens == "whitespace":
        notes = Notes([[] for _ in by_level])
        lines = whitespace_lines(text, by_level, ncol, clitics, notes)
        notes.flush(name, report)
        return _HEAD + lines.encode("utf-8")
    spots = plain_spots(text)
    body = None
    rendered = False
    punctuated: list[SpanLike] = []  # on the route of whole words, only these may run over a sentence end
    if len(by_level) == 1:
        body = _words_body(text, [(s, 0) for s in by_level[0]], ncol, punctuated, spots)
    else:
        by_start = sorted(((s, li) for li, lvl in enumerate(by_level) for s in lvl), key=_start_of)
        body = _words_body(text, by_start, ncol, punctuated, spots)
    # A sentence end met twice (beside a stretch of the general route) is still one blank line.
    # On the route of whole words no two sentence marks meet (each follows the token its sentence
    # end starts with, or a newline's whitespace, which the end before it would have taken in).
    triple = False
    if body is None:
        placed = [(s, li) for li, lvl in enumerate(by_level) for s in lvl]
        notes = Notes([[] for _ in by_level])
        body, rendered = _body(text, placed, ncol, clitics, notes, spots)
        notes.flush(name, report)
        punctuated = [s for s, _ in placed]
        # Before the spaces become lines, the text says whether a triple newline will be there: after a
        # line of its own (\n\n\n) or after an untagged token, whose space ends in a newline ( \n\n).
        # Searching the lines themselves, a newline every few bytes, would cost more than the replacement.
        triple = rendered or "\n\n\n" in body or " \n\n" in body
    joined = [s for s in punctuated if sentence_starts_within(text, s.start, s.end)]
    joined.sort(key=attrgetter("start"))  # stable: spans starting together stay in level order
    for s in joined:
        report.add("sentence_joined", name, joined_detail(s))
    data = body.encode("utf-8")
    if not rendered:  # every space left ends an untagged token's line (UTF-8 puts no 0x20 in a character)
        data = data.replace(b" ", _outside(ncol))
    while triple and b"\n\n\n" in data:
        data = data.replace(b"\n\n\n", b"\n\n")
    data = data.lstrip(b"\n")
    if data.endswith(b"\n\n"):  # the blank line after the last sentence: the document's own
        return _HEAD + data
    return _HEAD + data + b"\n"


_HEAD = f"{DOC_DELIMITER}\n\n".encode()


@cache
def _outside(ncol: int) -> bytes:
    return ("\tO" * ncol + "\n").encode()


# -- bulk for the untagged words, token by token around spans and emoji ---------------------------------
def _words_body(
    text: str,
    placed: list[tuple[SpanLike, int]],
    ncol: int,
    punctuated: list[SpanLike],
    spots: list[int],
) -> str | None:
    """``_body`` of the common document (its lines, a space still standing for the end of an
    untagged token's line), or None to take the general route.  The spans holding punctuation
    or a paragraph break go to ``punctuated``, in order of start: only they may join two sentences.

    Each span of the common document lies over whole tokens (``_WORDS`` or
    ``_PLAIN`` for ``_stretches``, whose checks are repeated here, but for a
    newline inside a span, which is a space between two of its tokens);
    ``placed`` is in order of start.  Each span, or group of overlapping ones,
    is then a stretch of its own, and its lines go straight between the
    untagged tokens: no stretch objects and no notes (nothing is dropped,
    widened or cut).  The words around an emoji (``spots``: what
    ``spaced_tokens`` cannot tokenize), from whitespace to whitespace, are
    tokenized match by match when no span reaches into them and no sentence
    ends inside.
    """
    n = len(text)
    non_word = non_word_search()
    groups: list[list] = []  # [start, end, not plain words, text, members], in order
    end = -1  # of the last group
    for s, level in placed:
        a, b, label = s.start, s.end, s.label
        words = text[a:b]
        lines = False
        if not words.isprintable():
            lines = "\n" in words  # over a paragraph break: one in ten spans of a news corpus
            words = words.replace("\n", " ")
            if not (lines and words.isprintable()):
                return None
        if not (
            words
            and (a == 0 or text[a - 1] == " " or is_token_edge(text, a))
            and (b == n or text[b] == " " or is_token_edge(text, b))
            and words[0] != " " != words[-1]
            and (lines or "  " not in words)
            and " " not in label
        ):
            return None
        punct = non_word(text, a, b) is not None
        if punct and (words[0] in _RUN or _reaches_sentence_end(text, a, b)):
            return None
        if punct or lines:  # may hold a sentence end: written in one sentence, and reported if it does
            punctuated.append(s)
            punct = True
        if a < end:
            group = groups[-1]
            end = group[1] = max(end, b)
            group[2] = group[2] or punct
            group[4].append((s, level))
        else:
            groups.append([a, b, punct, words, [(s, level)]])
            end = b
    if spots:
        windows = _untagged_windows(text, spots, groups)
        if windows is None:
            return None
        groups = sorted(groups + windows, key=_start_of_group)
    blocks: list[str] = []
    tags = _tags(ncol)
    for a, b, punct, words, members in groups:
        if not members:  # around an emoji: untagged tokens, each line's end a space still
            blocks.append(" ".join(_TOKEN.findall(text, a, b)) + " ")
        elif len(members) == 1:  # one span: B- on its first token, I- on the rest
            s, level = members[0]
            span_tags = tags.get((s.label, level)) or _tag(tags, s.label, level, ncol)  # _span_tags, inline
            # (spaced_tokens also makes a paragraph break one space)
            blocks.append(_word_lines(spaced_tokens(words) if punct else words, span_tags))
        else:
            blocks.append(_nested_word_lines(text, a, b, members, ncol, punct))
    stream = _with_line_ends(_token_stream(text, groups))
    if blocks:
        parts = stream.split(_REGION + " ")
        out = [""] * (2 * len(blocks) + 1)
        out[::2] = parts  # one more part than blocks, or a ValueError
        out[1::2] = blocks
        stream = "".join(out)
    return stream


def _token_stream(text: str, cuts: Sequence[Sequence[int]]) -> str:
    """The untagged tokens of ``text`` between single spaces, each stretch of ``cuts`` a region mark
    and each sentence end followed by a sentence mark (``_with_line_ends`` makes it a blank line)."""
    return sentence_tokens(_with_regions(text, cuts), _BREAK)


def _with_line_ends(stream: str) -> str:
    """``stream`` with a space after its last token too, and each sentence mark a blank line."""
    stream = f"{stream} " if stream else ""
    if _BREAK in stream:
        stream = "\n".join(stream.split(_BREAK + " "))  # a third faster than str.replace here
    return stream


def _with_regions(text: str, cuts: Sequence[Sequence[int]]) -> str:
    """``text`` with each stretch of ``cuts`` ((start, end, ...), in order, apart) replaced by the region
    mark, a token of its own for ``spaced_tokens``: a space stands on each side of it but where a space,
    a newline or an edge of the text already does (not another region's)."""
    out: list[str] = []
    pos = 0
    n = len(text)
    for cut in cuts:
        a, b = cut[0], cut[1]
        out.append(text[pos:a])
        before = a > 0 and (a == pos or text[a - 1] not in " \n")  # (a == pos: right after another region)
        out.append(_MARKED[before + 2 * (b < n and text[b] not in " \n")])
        pos = b
    out.append(text[pos:])
    return "".join(out)


_MARKED = [" " * (k & 1) + _REGION + " " * (k >> 1) for k in range(4)]  # spaced before (1), after (2)


def _untagged_windows(text: str, spots: list[int], groups: list[list]) -> list[list] | None:
    """The stretches from whitespace to whitespace around ``spots``, merged, as groups with no span
    (``_words_body``), or None when a sentence ends inside one or a span's group reaches into one."""
    windows: list[list] = []
    for i in spots:
        a, b = word_window(text, i, i + 1)
        if windows and a < windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], b)
        else:
            windows.append([a, b, False, "", []])
    k = 0
    for w in windows:
        if _END_OR_BREAK.search(text, w[0], w[1]):
            return None
        while k < len(groups) and groups[k][1] <= w[0]:
            k += 1
        if k < len(groups) and groups[k][0] < w[1]:
            return None
    return windows


def _start_of_group(group: list) -> int:
    return group[0]


def _start_of(placed: tuple[SpanLike, int]) -> int:
    return placed[0].start


_TAGS: dict[int, dict[tuple[str, int], tuple[str, str]]] = {}


def _tags(ncol: int) -> dict[tuple[str, int], tuple[str, str]]:
    """The tag columns of each (label, level) met so far in documents of ``ncol`` columns (``_tag``)."""
    return _TAGS.setdefault(ncol, {})


def _span_tags(label: str, level: int, ncol: int) -> tuple[str, str]:
    """``_tag`` of one span, looked up."""
    tags = _tags(ncol)
    return tags.get((label, level)) or _tag(tags, label, level, ncol)


def _tag(tags: dict[tuple[str, int], tuple[str, str]], label: str, level: int, ncol: int) -> tuple[str, str]:
    """What follows a token that begins ``label`` at ``level`` and one inside it: the tag columns."""
    before, after = "\tO" * level, "\tO" * (ncol - level - 1) + "\n"
    got = (f"{before}\tB-{label}{after}", f"{before}\tI-{label}{after}")
    if len(tags) < 10_000:  # labels are a schema's few; a runaway caller cannot grow this forever
        tags[(label, level)] = got
    return got


def _body(
    text: str, placed: list[tuple[SpanLike, int]], ncol: int, clitics: Clitics, notes: Notes, spots: list[int]
) -> tuple[str, bool]:
    """The lines of a document, and whether they are complete: if not, each space still stands for the
    end of an untagged token's line."""
    stretches = _stretches(text, placed, spots)
    blocks: list[tuple[str, bool]] = []  # lines, and whether a sentence end just before them may break
    for st in stretches:
        if st.kind == _WORDS and len(st.members) == 1:
            span, level = placed[st.members[0]]
            blocks.append((_word_lines(text[st.start : st.end], _span_tags(span.label, level, ncol)), True))
        elif st.kind == _WORDS:
            blocks.append(
                (_nested_word_lines(text, st.start, st.end, [placed[k] for k in st.members], ncol), True)
            )
        elif st.kind == _PLAIN:
            span, level = placed[st.members[0]]
            blocks.append(
                (
                    _word_lines(spaced_tokens(text[st.start : st.end]), _span_tags(span.label, level, ncol)),
                    True,
                )
            )
        else:
            blocks.append(stretch_lines(text, st, placed, ncol, clitics, notes))
    stream = _token_stream(text, [(st.start, st.end) for st in stretches])
    outside = "\tO" * ncol + "\n"
    if any(" " in s.label for s, _ in placed):  # not a schema key: render the bulk before splicing
        return _splice(_lines(stream, outside), blocks, _REGION + outside, None), True
    # Lines hold no space (tokens and schema keys have none): splice the stretches' lines into the
    # stream of tokens, then every space left is the end of an untagged token's line.
    return _splice(_with_line_ends(stream), blocks, _REGION + " ", outside), False


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


def _stretches(text: str, placed: list[tuple[SpanLike, int]], spots: list[int]) -> list[Stretch]:
    """Where spans and emoji are, as disjoint stretches with token edges at both ends.

    A span from token edge to token edge, in one line, with single spaces, is
    its own stretch: whole words (``_WORDS``), or punctuation too when no
    sentence end reaches its last character or starts before it (``_PLAIN``).  Any
    other span (inside a word, say) and every emoji widen to the whitespace
    around them, and overlapping stretches merge (whole words with whole words
    stay ``_WORDS``).  What lies between stretches is plain text for
    ``spaced_tokens``.
    """
    found: list[tuple[int, int, int, int]] = [(*word_window(text, i, i + 1), -1, _GENERAL) for i in spots]
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
    out: list[Stretch] = []
    for a, b, k, kind in found:
        if out and a < out[-1].end:
            last = out[-1]
            last.end = max(last.end, b)
            last.members.append(k)
            last.kind = _WORDS if last.kind == kind == _WORDS else _GENERAL
        else:
            out.append(Stretch(a, b, [k], kind))
    for st in out:
        if len(st.members) > 1 or st.members[0] < 0:  # column by column, by start: the report's order
            st.members = sorted(k for k in st.members if k >= 0)
    return out


def _reaches_sentence_end(text: str, start: int, end: int) -> bool:
    """True when a sentence end begun in [start, end) stops at ``end`` or runs on past it (closing quotes)."""
    if _END_OR_BREAK.search(text, start, end) is None:  # none begins inside: no scan on to the next one
        return False
    for m in _SENTENCE_END.finditer(text, start):
        if m.start() >= end:
            return False
        if m.end() >= end:
            return True
    return False


def _word_lines(words: str, tags: tuple[str, str]) -> str:
    """Lines of a span alone, its tokens given separated by single spaces: B- on the first, I- on the
    rest (``tags``: what ``_tags`` gives for its label, level and columns)."""
    first, inside = tags
    if " " not in words:
        return words + first
    head, rest = words.split(" ", 1)
    return head + first + rest.replace(" ", inside) + inside


def _nested_word_lines(
    text: str,
    start: int,
    end: int,
    members: list[tuple[SpanLike, int]],
    ncol: int,
    spaced: bool = False,
) -> str:
    """Lines of overlapping spans over whole tokens: each in its column.

    Spans over whole tokens share no token within a column (a column holds no
    overlap), so nothing is dropped, widened or cut.  A sentence that ends
    inside ends inside one of the spans, which holds it together (the caller
    reports it).  Words between single spaces are split on them; ``spaced``
    (punctuation or a paragraph break) takes the tokenizer's tokens.
    """
    if spaced:
        found = list(_TOKEN.finditer(text, start, end))
        words = [m.group() for m in found]
        starts = [m.start() for m in found]
    else:
        words = text[start:end].split(" ")
        starts = list(accumulate((len(w) + 1 for w in words[:-1]), initial=start))
    cols = [["O"] * len(words) for _ in range(ncol)]
    for s, li in members:
        i, j = bisect_left(starts, s.start), bisect_left(starts, s.end)
        cols[li][i] = "B-" + s.label
        cols[li][i + 1 : j] = ["I-" + s.label] * (j - i - 1)
    return "".join("\t".join(row) + "\n" for row in zip(words, *cols, strict=True))
