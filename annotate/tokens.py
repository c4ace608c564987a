"""Tokens and sentences over code-point offsets, for export and agreement.

Annotations are exact character spans; tokens are only a view for formats
that need them (CoNLL, spaCy), so a tokenizer here never changes the text:
every token is a slice, ``text[t.start:t.end] == t.text``, and every
non-space character lies in exactly one token.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from annotate.arabic import HARAKAT

__all__ = [
    "Token",
    "count_tokens",
    "has_non_word",
    "is_plain",
    "is_token_edge",
    "mark_sentence_ends",
    "non_word_search",
    "plain_spots",
    "sentence_starts_within",
    "sentence_tokens",
    "sentences",
    "spaced_tokens",
    "split_at",
    "tokenize",
    "word_window",
]


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str


# Combining marks besides harakat (Latin accents, variation selectors) and joiners stay inside a word.
_MARKS = (
    HARAKAT + "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f\u200c\u200d"
)
_EMOJI_BASE = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a-\u23ff\u24c2\u25aa-\u27bf"
    "\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299\U0001f000-\U0001faff"
)
_EMOJI_MOD = "\ufe0f\u20e3\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
_EMOJI = (
    rf"[\U0001f1e6-\U0001f1ff]{{2}}"  # a flag: two regional indicators
    rf"|[0-9#*]\ufe0f?\u20e3"  # keycap
    rf"|[{_EMOJI_BASE}][{_EMOJI_MOD}]*(?:\u200d[{_EMOJI_BASE}][{_EMOJI_MOD}]*)*"
)
_TOKEN = re.compile(
    rf"(?:{_EMOJI})"
    rf"|(?:[^\W\d_]+|[{_MARKS}]+|\d+(?:[.,٫٬]\d+)*)+"  # letters, tatweel, marks, numbers (3.5 ٢٫٥ 1,200)
    rf"|[^\s]",  # anything else (punctuation, a stray mark, _) stands alone
)

# A sentence ends after a run of . ! ? ؟ (not a decimal point) plus closing quotes, or at a newline.
# Written to start with a character class, which lets the regex engine skip straight to the next
# candidate instead of trying the pattern at every position (six times faster); same matches as
# (?:[!?؟]|(?<!\d)\.|\.(?!\d))+["'»”’)\]]*|\n  (a test keeps the two equal).
_END_STARTS = ".!?؟\n"  # what a sentence end starts with (mark_sentence_ends finds them with str.find)
_SENTENCE_END = re.compile(
    rf"[{_END_STARTS}]" r"(?:(?<=\n)|(?:(?<!\d\.)|(?!\d))(?:[!?؟]|(?<!\d)\.|\.(?!\d))*[\"'»”’)\]]*)"
)


def tokenize(text: str) -> list[Token]:
    """Split on whitespace and cut punctuation and emoji off as their own tokens.

    Numbers with a decimal or thousands separator stay whole; letters and
    digits that touch (2024م, F16, و3.5) stay one token, as in a whitespace
    tokenizer.  Clitics are not split: that is ``split_at``'s job, driven by
    annotated span edges.
    """
    found = list(_TOKEN.finditer(text))
    # map() over unbound Match methods builds 20,000 tokens a third faster than a comprehension
    return list(map(Token, map(re.Match.start, found), map(re.Match.end, found), map(re.Match.group, found)))


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans, trimmed of surrounding whitespace; a newline always ends one.

    A terminator is . ! ? or ؟ (runs like ؟! stay together, a closing quote
    or bracket stays with its sentence); a point between digits is not one.
    Abbreviations are not recognised.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.start() if m.group() == "\n" else m.end()
        _add_trimmed(text, start, end, spans)
        start = m.end()
    _add_trimmed(text, start, len(text), spans)
    return spans


_END_CHARS = ".!?؟\"'»”’)]"  # what a sentence end is made of (the newline aside)
_NONSPACE = re.compile(r"\S")
_END_OR_BREAK = re.compile(f"[{_END_STARTS}]")  # what a sentence end starts with


def sentence_starts_within(text: str, start: int, end: int) -> bool:
    """True when a sentence of ``sentences(text)`` other than the first starts strictly inside
    (start, end): a span there runs over a sentence end, and a writer that keeps a span in one
    sentence must join the two.

    The scan starts before the sentence-end characters and whitespace that
    ``start`` may stand in or after (a span from the space after ``؟!`` runs over
    the end that ``؟!`` makes), where no end can be under way, so it meets the
    same ends a scan of the whole text does.
    """
    # Most spans hold no sentence end and start neither in whitespace nor inside a run of end characters
    # (an end under way before them): no sentence can start inside.
    first = text[start : start + 1]
    if not first.isspace() and first not in _END_CHARS and _END_OR_BREAK.search(text, start, end) is None:
        return False
    pos = start
    while pos > 0 and (text[pos - 1] in _END_CHARS or text[pos - 1].isspace()):
        pos -= 1
    for m in _SENTENCE_END.finditer(text, pos):
        if m.start() >= end:
            return False
        nxt = _NONSPACE.search(text, m.end())
        if nxt is None or nxt.start() >= end:
            return False
        # the first visible character of the text starts the first sentence, whatever ends before it
        if nxt.start() > start and text[: nxt.start()].strip():
            return True
    return False


def _add_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def split_at(tokens: Sequence[Token], offsets: Iterable[int]) -> list[Token]:
    """Cut tokens at the given offsets (span edges), e.g. ب | الرقة for a span over الرقة.

    Offsets at a token edge or outside every token change nothing.  Cuts are
    made exactly where asked: snap span edges first (``annotate.arabic``) if
    they may sit between a letter and its harakat.
    """
    cuts = sorted(set(offsets))
    out: list[Token] = []
    for tok in tokens:
        k = bisect_right(cuts, tok.start)
        if k == len(cuts) or cuts[k] >= tok.end:
            out.append(tok)
            continue
        prev = tok.start
        while k < len(cuts) and cuts[k] < tok.end:
            cut = cuts[k]
            out.append(Token(prev, cut, tok.text[prev - tok.start : cut - tok.start]))
            prev = cut
            k += 1
        out.append(Token(prev, tok.end, tok.text[prev - tok.start :]))
    return out


# -- plain text: tokens by whole-string operations --------------------------------------------------
# Tokenizing 100,000 articles one match at a time costs more than everything else in a CoNLL export.
# Outside emoji every token is a run of word characters (letters, digits, marks; digits joined by
# . , ٫ ٬ stay one number) or one other visible character, so a regex split on the non-word
# characters (but a separator between digits) and str.replace give the same tokens without an
# object per token.
MARKERS = "\u2402\u2403"  # ␂ ␃: reserved for callers of spaced_tokens, so text holding them is not plain
SENTENCE_MARK = MARKERS[1]  # what a caller of mark_sentence_ends passes, a token for spaced_tokens
_RESERVED = MARKERS
_NOT_PLAIN = re.compile(rf"[{_EMOJI_BASE}\u20e3{_RESERVED}\U00010000-\U0010ffff]")
# The same without the characters beyond the BMP: a lookup table instead of a list of ranges per character.
_NOT_PLAIN_BMP = re.compile(
    f"[{_EMOJI_BASE.replace(chr(0x1F000) + '-' + chr(0x1FAFF), '')}\u20e3{_RESERVED}]"
)
# A sentence end with the whitespace after it: a blank line between paragraphs is one mark, not two.
_SENTENCE_END_WS = re.compile(rf"({_SENTENCE_END.pattern})\s*")
_WORD_CHAR = rf"(?:[^\W_]|[{_MARKS}])"
_INSIDE = re.compile(rf"{_WORD_CHAR}{_WORD_CHAR}|\d[.,٫٬]\d")  # matched at i - 1: i is inside a token
_GROUP_AFTER = re.compile(r"\d[.,٫٬]\d")  # matched at i - 2: i follows a number's separator


@cache
def _non_word_class(spared: str = "", spaces: bool = False) -> str:
    """``[...]`` of every BMP character outside words and whitespace (but ``spared``; with ``spaces``, the
    whitespace but the space too), spelled as ranges.

    The same set as ``[^\\w ...marks]`` but without Unicode categories, so the
    regex engine compiles it to a lookup table: a third of the time per
    character.  Built on first use from ``_outside_words`` (a few ms).
    """
    outside = bytearray(_outside_words())
    if not spaces:
        for m in re.finditer(r"\s", _bmp()):
            outside[m.start()] = 0
    for c in spared:
        outside[ord(c)] = 0
    ranges = [
        f"\\u{m.start():04x}" if m.end() - m.start() == 1 else f"\\u{m.start():04x}-\\u{m.end() - 1:04x}"
        for m in re.finditer(rb"\x01+", outside)
    ]
    return f"[{''.join(ranges)}]"


@cache
def _bmp() -> str:
    """Every BMP character, in order: what the tables of character classes are read from."""
    return "".join(map(chr, range(0x10000)))


@cache
def _outside_words() -> bytes:
    """A byte per BMP character: 1 for a character outside words, the space excepted; read by regex
    over all of them at once (a loop of 65,536 matches took some 13 ms in each export worker)."""
    outside = bytearray(b"\x01" * 0x10000)
    for m in re.finditer(f"{_WORD_CHAR}+", _bmp()):
        outside[m.start() : m.end()] = bytes(m.end() - m.start())
    outside[0x20] = 0
    return bytes(outside)


@cache
def _non_word_splitter() -> re.Pattern[str]:
    return re.compile(f"({_non_word_class()})")


@cache
def _token_splitter(spared: str = "") -> re.Pattern[str]:
    """Splits before and after every character that is a token of its own, keeping it: a non-word
    character (but ``spared``), not the point of 3.5 or the comma of 1,200 (a separator between digits).
    Whitespace but the space splits too: stripped, it is an empty part, dropped like the spaces around it."""
    # The class first, then the look-arounds: the engine skips straight to the next candidate.  The
    # markers are left out: they come between spaces (mark_sentence_ends, a CoNLL writer's regions),
    # tokens as they stand, and twenty matches an article fewer are some 6% of a CoNLL export.  The
    # newline, the no-break space and the rest of the whitespace in it spare spaced_tokens a pass over
    # the text to find them (a scan of every character, some 4% of the export).
    return re.compile(f"({_non_word_class(MARKERS + spared, spaces=True)})(?:(?<![.,٫٬])|(?<!\\d.)|(?!\\d))")


_CUT_ENDS = "!.?؟"
"""What a sentence end is made of that the token split cuts (its closing quotes aside): in a text whose
sentence ends are spaced (``sentence_tokens``), each stands alone already and the split spares them."""


def plain_spots(text: str) -> list[int]:
    """Offsets of the characters (emoji, keycaps, markers) that ``spaced_tokens`` cannot tokenize.

    Most texts have none, and the regex would look at every character to say
    so (some 6 µs an article).  Their UTF-16 form says it in a fraction of
    that: a character beyond the BMP takes two units, and a BMP one can only
    be one of them if its high byte is one of their blocks (``_spot_blocks``).
    """
    units = text.encode("utf-16-le", "surrogatepass")
    if len(units) != 2 * len(text):
        return [m.start() for m in _NOT_PLAIN.finditer(text)]
    others, singles = _spot_blocks()
    if not units[1::2].translate(None, others):  # no character in their blocks but 0x00 and 0x20
        for c in singles:
            if c in text:
                break
        else:
            return []
    return [m.start() for m in _NOT_PLAIN_BMP.finditer(text)]


@cache
def _spot_blocks() -> tuple[bytes, str]:
    """The UTF-16 high bytes of the blocks that hold no BMP spot, or only a few among common characters
    (0x00: « ©, 0x20: – “ ‼), and those few spots.

    A text whose high bytes all fall among the first holds a spot only if it holds one of the second.
    """
    spots = [m.start() for m in _NOT_PLAIN_BMP.finditer(_bmp())]
    common = {0x00, 0x20}
    blocks = {c >> 8 for c in spots} - common
    return bytes(b for b in range(256) if b not in blocks), "".join(chr(c) for c in spots if c >> 8 in common)


def is_plain(text: str) -> bool:
    """True when ``spaced_tokens`` and ``is_token_edge`` agree with ``tokenize`` on ``text``."""
    return _NOT_PLAIN.search(text) is None


def spaced_tokens(text: str) -> str:
    """The tokens of plain ``text`` joined by single spaces.

    ``text`` may hold ``MARKERS``, each a token where whitespace or the text's
    edges surround it (as ``mark_sentence_ends`` puts a sentence mark).

    Equal to ``" ".join(t.text for t in tokenize(text))`` when ``is_plain(text)``
    (a property test keeps it so), at a fraction of the cost.
    """
    return _joined(_token_splitter().split(text))


def _joined(parts: list[str]) -> str:
    """The parts of a token split between single spaces."""
    text = " ".join(filter(None, map(str.strip, parts))) if len(parts) > 1 else parts[0]
    while "  " in text:
        text = text.replace("  ", " ")
    return text.strip(" ")


def sentence_tokens(text: str, mark: str) -> str:
    """``spaced_tokens(mark_sentence_ends(text, mark))``, for less.

    Every ``. ! ? ؟`` that the token split would cut off (not the point of 3.5)
    begins or continues a sentence end, which ``mark_sentence_ends`` finds
    anyway: it puts spaces around each character of the end it marks, so the
    split need not look for those four (about a fifth of its cuts in news text).
    """
    return _joined(_token_splitter(_CUT_ENDS).split(mark_sentence_ends(text, mark, spaced_ends=True)))


def count_tokens(text: str) -> int:
    """``len(tokenize(text))``, counted through ``spaced_tokens`` when the text is plain.

    ``_TOKEN.findall`` tries its alternatives at every character (some 70 ns a
    character); the split on non-word characters skips from one to the next,
    which counts a 1,800-character article in under half the time.  Text holding
    emoji, keycaps or the reserved markers is counted by the tokenizer itself.
    """
    if plain_spots(text):
        return len(_TOKEN.findall(text))
    spaced = spaced_tokens(text)
    return spaced.count(" ") + 1 if spaced else 0


def non_word_search() -> Callable[[str, int, int], re.Match[str] | None]:
    """``search(text, start, end)``: the match of ``has_non_word``, for a loop over many spans."""
    return _non_word_splitter().search


def has_non_word(text: str, start: int, end: int) -> bool:
    """True when text[start:end] holds a character that is not part of a word (space excepted)."""
    return _non_word_splitter().search(text, start, end) is not None


def mark_sentence_ends(text: str, mark: str, *, spaced_ends: bool = False) -> str:
    """``text`` with `` mark `` once before each sentence ``sentences`` finds after the first.

    The mark, between single spaces, takes the place of the whitespace that
    follows a sentence end (and of a newline that is one, with the whitespace
    before it), right before the next sentence's first character (or at the
    very end): for ``spaced_tokens``, whose tokens the marks then stand among.
    With ``spaced_ends``, a space also stands before the end and between its
    characters (``؟! »`` for ``؟!»``), as ``spaced_tokens`` would put them.

    A sentence end starts with one of five characters, which ``str.find``
    finds a character at a time; the pattern is then tried at each of them
    only.  A regex search would test every character of the text against
    the five (a third of the time of a CoNLL export's sentence marks).
    """
    found: list[int] = []
    for c in _END_STARTS:
        i = text.find(c)
        while i >= 0:
            found.append(i)
            i = text.find(c, i + 1)
    if not found:
        return text
    found.sort()
    out: list[str] = []
    spaced = f" {mark} "
    ends = _SPACED_ENDS.setdefault(mark, {}) if spaced_ends else None
    cut = 0  # where the last end taken stops, with the whitespace after it
    match = _SENTENCE_END_WS.match
    for i in found:
        if i < cut:  # inside that end's run or whitespace
            continue
        m = match(text, i)
        if m is None:  # a decimal point
            continue
        if text[i] == "\n":
            out.append(text[cut:i].rstrip())
            out.append(spaced)
        elif ends is None:
            out.append(text[cut : m.end(1)])
            out.append(spaced)
        else:
            out.append(text[cut:i])
            end = m.group(1)
            out.append(ends.get(end) or _spaced_end(ends, end, mark))
        cut = m.end()
    if not out:
        return text
    out.append(text[cut:])
    return "".join(out)


_SPACED_ENDS: dict[str, dict[str, str]] = {}


def _spaced_end(ends: dict[str, str], end: str, mark: str) -> str:
    """`` ؟ ! » mark `` for the end ``؟!»``, kept in ``ends`` (a text's ends are a handful of runs)."""
    got = f" {' '.join(end)} {mark} "
    if len(ends) < 10_000:
        ends[end] = got
    return got


def is_token_edge(text: str, i: int) -> bool:
    """True when no token of plain ``text`` runs across offset ``i``."""
    if i <= 0 or i >= len(text):
        return True
    return _INSIDE.match(text, i - 1) is None and (i < 2 or _GROUP_AFTER.match(text, i - 2) is None)


def word_window(text: str, start: int, end: int) -> tuple[int, int]:
    """The stretch from the space or newline before ``start`` to the one at or after ``end``.

    Both ends are token edges in any text (no token holds a space), and
    ``_TOKEN.finditer(text, a, b)`` over it finds exactly the tokens that
    ``tokenize(text)`` has there: the pattern looks neither behind nor ahead.
    """
    a = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    b1, b2 = text.find(" ", end), text.find("\n", end)
    b = min(b1 if b1 >= 0 else len(text), b2 if b2 >= 0 else len(text))
    return a, b  # b >= end >= start >= a
