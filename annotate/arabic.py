"""Arabic text tools: a folded search shadow and span-edge actions.

Every function here reads the text and returns code-point offsets into that
same, unmodified text.  Span functions share one contract:

- an invalid input span (``not 0 <= start < end <= len(text)``) raises
  ``ValueError``: it is a caller's bug, not a user's choice;
- when the action has nothing sensible to do, or would leave an empty span,
  the input span comes back unchanged, so a result always has start < end.

Edges never fall between a letter and its combining marks, nor inside a
lam-alef ligature (see ``snap_edges``); ``trim``, ``expand_to_word`` and
``strip_proclitics`` keep a snapped span snapped.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

__all__ = [
    "ALEF_FORMS",
    "HARAKAT",
    "TATWEEL",
    "Folded",
    "expand_to_word",
    "fold",
    "fold_text",
    "is_harakah",
    "snap_edges",
    "strip_proclitics",
    "trim",
]

TATWEEL = "\u0640"
LAM = "\u0644"
ALEF_FORMS = frozenset("اأإآ")
"""Alef forms that join a preceding lam into one lam-alef glyph."""


def _marks_in(*ranges: tuple[int, int]) -> str:
    """Only true non-spacing marks: the Arabic blocks mix in signs like ۞ that stand alone."""
    return "".join(
        chr(cp) for lo, hi in ranges for cp in range(lo, hi + 1) if unicodedata.category(chr(cp)) == "Mn"
    )


HARAKAT = _marks_in(
    (0x0610, 0x061A),  # honorific and Quranic signs above letters
    (0x064B, 0x065F),  # tanween, short vowels, shadda, sukun, hamza above/below
    (0x0670, 0x0670),  # superscript alef
    (0x06D6, 0x06ED),  # Quranic annotation marks
    (0x0898, 0x089F),
    (0x08CA, 0x08FF),  # Arabic Extended-A marks
)
_HARAKAT_SET = frozenset(HARAKAT)

# Invisible characters that say nothing about the words: zero-width and bidi controls, soft hyphen, BOM.
_INVISIBLE = "\u00ad\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"


def is_harakah(ch: str) -> bool:
    """True for one Arabic combining mark (haraka, tanween, shadda, sukun, Quranic sign)."""
    return ch in _HARAKAT_SET


def _is_mark(ch: str) -> bool:
    """Any combining mark stays with its base letter, Arabic or not (e.g. a decomposed é)."""
    return ch in _HARAKAT_SET or unicodedata.category(ch) in ("Mn", "Me", "Mc")


# ---------------------------------------------------------------------------------------------- folding


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for ch in HARAKAT + TATWEEL + _INVISIBLE:
        table[ord(ch)] = ""
    for src, dst in (
        ("أإآٱٲٳٵ", "ا"),
        ("ؤ", "و"),  # the hamza is dropped and its seat kept, as for أ إ and the combining hamza U+0654
        ("ئ", "ي"),
        ("ة", "ه"),
        ("ىی", "ي"),  # alef maqsura and the Persian yeh typed on Persian keyboards
        ("ک", "ك"),
        ("٫", "."),
        ("٬", ","),
        ("٪", "%"),
    ):
        for ch in src:
            table[ord(ch)] = dst
    for zero, digits in ((0x0660, "٠١٢٣٤٥٦٧٨٩"), (0x06F0, "۰۱۲۳۴۵۶۷۸۹")):
        for k, ch in enumerate(digits):
            assert ord(ch) == zero + k
            table[ord(ch)] = str(k)
    return table


_TABLE = _build_table()


def _presentation_forms() -> dict[int, str]:
    """Text pasted from PDFs holds shaped glyphs (ﻻ ﺍﻟﺮﻗﺔ); fold them as the letters they show."""
    forms: dict[int, str] = {}
    for cp in (*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFF)):
        nfkc = unicodedata.normalize("NFKC", chr(cp))
        if nfkc == chr(cp):
            continue
        # Isolated harakat decompose to space + mark: they are marks, not spaces.
        folded = "" if nfkc.startswith(" ") else nfkc.translate(_TABLE)
        forms[cp] = folded
    return forms


_SIMPLE = dict(_TABLE)
"""The letters-only table; presentation forms (added below) send a text down the slow path."""
_TABLE.update(_presentation_forms())
_DELETED = re.compile("([" + "".join(re.escape(chr(cp)) for cp, v in _SIMPLE.items() if v == "") + "]+)")
_REPLACE = tuple((chr(cp), v) for cp, v in _SIMPLE.items() if v)
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")


@dataclass(frozen=True, slots=True, eq=False)
class Folded:
    """A folded search shadow of ``original`` with the way back to it.

    One original character may fold to several (ß → ss, ﻻ → لا) or to none
    (harakat, tatweel), so offsets into ``text`` must be mapped, never reused.
    The map is kept as segments so that folding a long article stays a few
    C-level passes: in segment ``k``, folded ``seg_folded[k] + d`` comes from
    original ``seg_orig[k] + d`` (or from ``seg_orig[k]`` itself when
    ``one_to_one`` is false and every segment is one original character).
    """

    text: str
    original: str
    seg_folded: Sequence[int]
    seg_orig: Sequence[int]
    one_to_one: bool

    def origin(self, i: int) -> int:
        """Original index of the character that produced folded character ``i``."""
        if not 0 <= i < len(self.text):
            raise IndexError(f"folded offset {i} outside 0..{len(self.text) - 1}")
        k = bisect_right(self.seg_folded, i) - 1
        return self.seg_orig[k] + (i - self.seg_folded[k] if self.one_to_one else 0)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded span ``[start, end)`` to the original characters that produced it.

        The result covers whole original characters: the end moves past the
        harakat that fold removed after the last matched letter, so a found
        word keeps its vowels.  Raises ``ValueError`` for an empty or
        out-of-range span.
        """
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"folded span {start}..{end} outside 0..{len(self.text)} or empty")
        orig_start = self.origin(start)
        orig_end = self.origin(end - 1) + 1
        original = self.original
        while orig_end < len(original) and original[orig_end] in _HARAKAT_SET:
            orig_end += 1
        return orig_start, orig_end


def fold(text: str) -> Folded:
    """Fold ``text`` for search: spelling variants that readers treat as one word become one string.

    Hamza forms of alef (أ إ آ ٱ) → ا, ؤ → و, ئ → ي, ة → ه, ى → ي, tatweel,
    harakat and invisible controls removed, Arabic-Indic digits → 0-9, ٫ → .,
    Arabic presentation forms → letters, then Unicode case folding.  Every
    character folds on its own, so a slice of the original folds to the
    matching slice of the shadow.
    """
    if not _PRESENTATION.search(text):
        parts = _DELETED.split(text)  # kept, deleted, kept, ..., kept
        kept = parts[0::2]
        joined = "".join(kept)
        for src, dst in _REPLACE:
            joined = joined.replace(src, dst)
        folded = joined.casefold()
        if len(folded) == len(joined):  # no ß-like expansion: one folded char per kept char
            seg_orig = list(accumulate(map(len, parts), initial=0))[0::2]
            seg_folded = list(accumulate(map(len, kept), initial=0))[:-1]
            return Folded(folded, text, seg_folded, seg_orig[: len(kept)], True)
    pieces: list[str] = []
    seg_folded: list[int] = []
    seg_orig: list[int] = []
    at = 0
    table = _TABLE
    for i, ch in enumerate(text):
        piece = table.get(ord(ch), ch).casefold()
        if piece:
            pieces.append(piece)
            seg_folded.append(at)
            seg_orig.append(i)
            at += len(piece)
    return Folded("".join(pieces), text, seg_folded, seg_orig, False)


_DELETED_SET = frozenset(chr(cp) for cp, v in _SIMPLE.items() if v == "")
_SPECIAL = re.compile(
    "[" + "".join(re.escape(ch) for ch in sorted(_DELETED_SET)) + "\ufb50-\ufdff\ufe70-\ufefe]"
)
"""Characters that ``fold_text`` must look at one by one: those deleted, and presentation forms."""


def fold_text(text: str) -> str:
    """``fold(text).text`` without the offset map: what a search index stores of a whole article.

    Folding 100,000 articles for the index is part of every import; skipping the
    map and finding the deleted characters with one regex pass instead of
    splitting around them makes it 1.5x faster.  Text with presentation forms
    takes ``fold`` itself.  A property test holds the two equal.
    """
    found = _SPECIAL.findall(text)
    if found:
        for ch in set(found):
            if ch not in _DELETED_SET:
                return fold(text).text
            text = text.replace(ch, "")
    for src, dst in _REPLACE:
        text = text.replace(src, dst)
    return text.casefold()


# ------------------------------------------------------------------------------------------- span edges


def _check(text: str, start: int, end: int) -> None:
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}..{end} is empty or outside 0..{len(text)}")


def _lam_alef_at(text: str, i: int) -> bool:
    """True when ``text[i]`` is the alef of a lam-alef, i.e. an edge at ``i`` would cut a ligature."""
    if i >= len(text) or text[i] not in ALEF_FORMS:
        return False
    j = i - 1
    while j >= 0 and _is_mark(text[j]):
        j -= 1
    return j >= 0 and text[j] == LAM


def _base_of(text: str, i: int) -> int | None:
    """The letter that the mark run through ``text[i]`` belongs to; None for an orphan."""
    j = i - 1
    while j >= 0 and _is_mark(text[j]):
        j -= 1
    return j if j >= 0 and not text[j].isspace() else None


_JOINERS = frozenset("\u200d\ufe0e\ufe0f")  # ZWJ and variation selectors: inside an emoji


def splits_cluster(text: str, i: int) -> bool:
    """Whether offset ``i`` falls between a character and what is drawn with it (harakah, emoji part)."""
    return 0 < i < len(text) and (unicodedata.category(text[i])[0] == "M" or _splits_emoji(text, i))


def _splits_emoji(text: str, i: int) -> bool:
    """Whether offset ``i`` cuts an emoji drawn of several code points: before a skin tone, a variation
    selector or a ZWJ, after a ZWJ, or between a flag's two halves."""
    if not 0 < i < len(text):
        return False
    ch, before = text[i], text[i - 1]
    if ch in _JOINERS or before == "\u200d" or "\U0001f3fb" <= ch <= "\U0001f3ff":
        return True
    return "\U0001f1e6" <= before <= "\U0001f1ff" and "\U0001f1e6" <= ch <= "\U0001f1ff"


def snap_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """Move span edges off positions that would split what the reader sees as one character.

    Edges only ever move outward, so the span grows and never loses a letter:

    - a start on a combining mark moves back to the mark's base letter;
    - an end followed by combining marks moves forward past them;
    - an edge between a lam and its alef (ل + ا أ إ آ, harakat allowed
      between) moves outward to take the whole ligature: the start back to
      the lam, the end forward past the alef and its marks.

    Marks after whitespace or at the very start of the text have no letter
    to belong to; edges next to such orphans stay where they are.
    """
    _check(text, start, end)
    if _is_mark(text[start]):
        base = _base_of(text, start)
        if base is not None:
            start = base
    if _lam_alef_at(text, start):
        start -= 1
        while text[start] != LAM:
            start -= 1
    n = len(text)
    if end < n and _is_mark(text[end]) and _base_of(text, end) is not None:
        while end < n and _is_mark(text[end]):
            end += 1
    if _lam_alef_at(text, end):
        end += 1
        while end < n and _is_mark(text[end]):
            end += 1
    # an emoji drawn of several code points (👍🏽, 🇸🇾, a ZWJ family) is taken whole: a step of Shift+Arrow
    # stored half of one.  (A flag run of more than two halves pairs from its start; news has none.)
    moved = (start, end)
    while _splits_emoji(text, start):
        start -= 1
    while _splits_emoji(text, end):
        end += 1
    if (start, end) != moved:  # a mark may follow the emoji (👍🏽ً): snapped again from the new edges
        return snap_edges(text, start, end)
    return start, end


# Punctuation that belongs to the token it touches: a percentage, a hashtag, a handle.
_KEEP_PUNCT = frozenset("%٪‰؉؊#@&_*/\\")


def _trimmable(ch: str) -> bool:
    if ch.isspace() or ch == TATWEEL or ch in _INVISIBLE:
        return True
    return unicodedata.category(ch)[0] == "P" and ch not in _KEEP_PUNCT


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop whitespace, punctuation (، ؛ ؟ « » quotes, brackets, dashes…), tatweel and
    invisible controls from both edges.  A trimmed character takes its marks with it;
    % ٪ # @ stay because they belong to the token.  A span of nothing but such
    characters comes back unchanged.
    """
    _check(text, start, end)
    s, e = start, end
    while s < e and _trimmable(text[s]):
        s += 1
        while s < e and _is_mark(text[s]):
            s += 1
    while s < e:
        k = e
        while k > s and _is_mark(text[k - 1]):
            k -= 1
        if k > s and _trimmable(text[k - 1]):
            e = k - 1
        else:
            break
    return (s, e) if s < e else (start, end)


def _word_char(text: str, i: int) -> bool:
    """Letters, digits and joiners make words, with the marks on them; so does a . , ٫ ٬
    between two digits (3.5, ٢٫٥).  A mark on punctuation or a space stays outside.
    """
    ch = text[i]
    if _is_mark(ch):
        while i > 0 and _is_mark(text[i - 1]):
            i -= 1
        if i == 0:
            return False
        i -= 1
        ch = text[i]
    if ch.isalnum() or ch == "_" or ch in "\u200c\u200d":
        return True
    return ch in ".,٫٬" and 0 < i < len(text) - 1 and text[i - 1].isdecimal() and text[i + 1].isdecimal()


def _word_bounds(text: str, i: int) -> tuple[int, int]:
    """The maximal word around position ``i`` (which must be a word character)."""
    s = i
    while s > 0 and _word_char(text, s - 1):
        s -= 1
    e = i + 1
    while e < len(text) and _word_char(text, e):
        e += 1
    return s, e


def expand_to_word(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow each edge that sits inside a word to that word's boundary.

    An edge already at whitespace or punctuation stays; the result is snapped.
    """
    _check(text, start, end)
    if _word_char(text, start):
        start = _word_bounds(text, start)[0]
    if _word_char(text, end - 1):
        end = _word_bounds(text, end - 1)[1]
    return snap_edges(text, start, end)


# ---------------------------------------------------------------------------------------------- clitics

_CONJ = "وف"
_PREP = "بكل"


def _letters(text: str, s: int, e: int) -> list[int]:
    """Positions of the letters of a word: marks, tatweel and joiners do not count."""
    return [i for i in range(s, e) if text[i].isalpha() and text[i] != TATWEEL]


def _clitic_cuts(word: str, strip_article: bool) -> list[int]:
    """Candidate cuts (letter counts to drop), most stripping first.

    Clitics are only certain in front of the article: in وبالرقة or للجيش the
    letters before ال/لل can only be clitics.  Without the article a leading
    و ف ب ل ك may be part of the word (وزير, بلدة, لبنان), so only one letter
    goes: ولبنان gives لبنان, and a second clitic (وبدمشق) needs a second,
    manual step.
    """
    i = 1 if word[:1] and word[0] in _CONJ else 0
    rest = word[i:]
    if rest.startswith("لل") and len(rest) >= 4:  # ل + article whose alef is not written
        return [i + 2, i + 1] if strip_article else [i + 1]
    j = i + 1 if rest[:1] and rest[0] in _PREP else i
    if word[j : j + 2] == "ال" and len(word) - j >= 4:
        return [j + 2, j] if strip_article else [j]
    return [1] if word and word[0] in _CONJ + _PREP else []


def strip_proclitics(text: str, start: int, end: int, *, strip_article: bool = False) -> tuple[int, int]:
    """Move the start past the proclitics of the word it sits in: بالرقة → الرقة, وقسد → قسد.

    The article stays by default (the annotated name is الرقة), and with it the
    lone ل of an article after the preposition ل: للجيش → لجيش.  With
    ``strip_article=True`` it goes too: الرقة → رقة, للجيش → جيش.  The whole
    word is analysed, even when the span starts inside it, so calling this
    again changes nothing; the start never moves backward.  A cut is skipped
    when it would leave fewer than two letters in the word or split a
    lam-alef (لأن, الاعتقال keep their ل); see ``_clitic_cuts`` for why only
    one clitic goes when no article follows.
    """
    _check(text, start, end)
    if not _word_char(text, start):
        return start, end
    ws, we = _word_bounds(text, start)
    letters = _letters(text, ws, we)
    word = "".join(text[i] for i in letters)
    for cut in _clitic_cuts(word, strip_article):
        if cut < 1 or len(letters) - cut < 2:
            continue
        pos = letters[cut]
        if _lam_alef_at(text, pos):
            continue
        if pos >= end:
            continue
        return (pos, end) if pos > start else (start, end)
    return start, end
