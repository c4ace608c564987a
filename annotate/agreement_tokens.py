"""Token-level agreement: IOB2 tags per token, Cohen's kappa per pair, Krippendorff's alpha.

Tokens come in as code-point offsets per document, so this module does not
care which tokenizer made them.  A token belongs to a span when they share at
least one code point (not only when the token lies wholly inside): spans are
often drawn inside a word, after clitic stripping (الرقة inside بالرقة), and
must not vanish from the token view for that.

One annotator's overlapping spans are resolved longest first: spans are placed
by decreasing length (then start, end, label, id) and a span that would touch a
token already taken is left out whole, so every B-/I- run is one real span.

Tokens no span of any compared annotator touches are all ``O`` and are counted
in bulk; only the touched ones are visited, which keeps 10,000 documents fast.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import overload

from annotate.agreement_layers import Layers, span_order
from annotate.agreement_stats import cohen_kappa, krippendorff_alpha_nominal, mean_of
from annotate.model import DocId, Span
from annotate.tokens import _TOKEN, count_tokens  # the tokenizer's own pattern: one definition of a token

OUTSIDE = "O"
Offsets = Sequence[tuple[int, int]]


class TokenOffsets(Sequence[tuple[int, int]]):
    """Token offsets as two parallel lists, the form tagging bisects, with no object per token.

    ``of(text)`` gives exactly the offsets of ``annotate.tokens.tokenize`` (the
    same pattern) without building a Token and its text slice for each of the
    ~3 million tokens of a 10,000-document corpus: that halves tokenizing,
    the largest cost of ``project_agreement``.  A test keeps the two equal.
    """

    __slots__ = ("ends", "starts")

    def __init__(self, starts: list[int], ends: list[int]) -> None:
        self.starts = starts
        self.ends = ends

    @classmethod
    def of(cls, text: str) -> TokenOffsets:
        found = list(_TOKEN.finditer(text))
        return cls(list(map(re.Match.start, found)), list(map(re.Match.end, found)))

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, i: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, i: slice) -> list[tuple[int, int]]: ...
    def __getitem__(self, i: int | slice) -> tuple[int, int] | list[tuple[int, int]]:
        if isinstance(i, slice):
            return list(zip(self.starts[i], self.ends[i], strict=True))
        return self.starts[i], self.ends[i]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self.starts, self.ends, strict=True)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TokenOffsets):
            return self.starts == other.starts and self.ends == other.ends
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # mutable lists inside, like a list

    def __repr__(self) -> str:
        return f"TokenOffsets({list(self)!r})"


class TextTokens(Sequence[tuple[int, int]]):
    """A document's tokens known through its text: counted whole, listed only around spans.

    Token agreement needs every token only to count the ones no span touches
    (all ``O``); which tokens a span touches depends only on the tokens near it.
    No token holds a space, and the pattern looks neither behind nor ahead, so
    the tokens found between two spaces are exactly those ``tokenize`` finds
    there.  Counting (``count_tokens``) and listing only the stretches around
    spans costs a fraction of listing every token.  As a
    sequence it is the full ``TokenOffsets`` (made on first use).
    """

    __slots__ = ("_all", "_n", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._n: int | None = None
        self._all: TokenOffsets | None = None

    def __len__(self) -> int:
        if self._n is None:
            self._n = len(self._all) if self._all is not None else count_tokens(self.text)
        return self._n

    def around(self, ranges: Iterable[tuple[int, int]]) -> tuple[list[int], list[int]]:
        """Starts and ends of every token in the space-to-space stretches holding the ranges, in order.

        Only the space bounds a stretch (any other character may continue it): a
        longer stretch is still exact, and the nearest space is a few letters away.
        """
        text, size = self.text, len(self.text)
        windows: list[list[int]] = []
        for start, end in sorted(set(ranges)):  # annotators often mark the same stretch
            a = text.rfind(" ", 0, start) + 1
            b = text.find(" ", end)
            if b < 0:
                b = size
            if windows and a <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], b)
            else:
                windows.append([a, b])
        starts: list[int] = []
        ends: list[int] = []
        for a, b in windows:
            found = list(_TOKEN.finditer(text, a, b))
            starts += map(re.Match.start, found)
            ends += map(re.Match.end, found)
        return starts, ends

    def offsets(self) -> TokenOffsets:
        if self._all is None:
            self._all = TokenOffsets.of(self.text)
        return self._all

    @overload
    def __getitem__(self, i: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, i: slice) -> list[tuple[int, int]]: ...
    def __getitem__(self, i: int | slice) -> tuple[int, int] | list[tuple[int, int]]:
        return self.offsets()[i]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self.offsets())

    def __eq__(self, other: object) -> bool:
        return self.offsets() == (other.offsets() if isinstance(other, TextTokens) else other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"TextTokens({self.text[:40]!r}…)"


def starts_ends(tokens: Offsets) -> tuple[Sequence[int], Sequence[int]]:
    if isinstance(tokens, TextTokens):
        tokens = tokens.offsets()
    if isinstance(tokens, TokenOffsets):
        return tokens.starts, tokens.ends
    return [t[0] for t in tokens], [t[1] for t in tokens]


def _longest_first(r: tuple[int, int, Span]) -> tuple[int, int, int, str, str]:
    s = r[2]
    return (s.start - s.end, s.start, s.end, s.label, s.id)


def token_tags(spans: Iterable[Span], starts: Sequence[int], ends: Sequence[int]) -> dict[int, str]:
    """Tags of the tokens the spans touch, by token index; tokens not listed are ``O``.

    ``spans`` must be in ``span_order``.  When no two spans share a token, the
    longest-first order cannot change anything and is skipped (the usual case).
    """
    ranges: list[tuple[int, int, Span]] = []
    reach = 0
    clash = False
    for s in spans:
        first = bisect_right(ends, s.start)
        stop = bisect_left(starts, s.end)
        if first < stop:
            clash = clash or first < reach
            reach = max(reach, stop)
            ranges.append((first, stop, s))
    tags: dict[int, str] = {}
    if clash:
        ranges.sort(key=_longest_first)
    for first, stop, s in ranges:
        if clash and not tags.keys().isdisjoint(range(first, stop)):
            continue
        tags[first] = "B-" + s.label
        if stop - first > 1:
            inside = "I-" + s.label
            for k in range(first + 1, stop):
                tags[k] = inside
    return tags


def iob2_tags(spans: Iterable[Span], tokens: Offsets) -> list[str]:
    """The full IOB2 sequence of one annotator's spans over one document's tokens."""
    starts, ends = starts_ends(tokens)
    sparse = token_tags(sorted(spans, key=span_order), starts, ends)
    return [sparse.get(k, OUTSIDE) for k in range(len(tokens))]


def tag_patterns(layers: Layers, tokens_by_doc: Mapping[DocId, Offsets]) -> Counter[tuple[str | None, ...]]:
    """How many tokens got each combination of tags, one slot per annotator (``None``: did not annotate)."""
    patterns: Counter[tuple[str | None, ...]] = Counter()
    for doc in layers.docs:
        layer = layers.spans[doc]
        if len(layer) < 2:  # one annotator's values are not pairable: no kappa, no alpha
            continue
        tokens = tokens_by_doc.get(doc)  # after the check: the mapping may tokenize on access
        if not tokens:
            continue
        if isinstance(tokens, TextTokens):  # only the tokens near spans; the rest are counted
            starts, ends = tokens.around((s.start, s.end) for spans in layer.values() for s in spans)
        else:
            starts, ends = starts_ends(tokens)
        maps: list[dict[int, str] | None] = []
        touched: set[int] = set()
        for a in layers.annotators:
            spans = layer.get(a)
            if spans is None:
                maps.append(None)
                continue
            tags = token_tags(spans, starts, ends) if spans else {}
            touched.update(tags)
            maps.append(tags)
        quiet = tuple(None if m is None else OUTSIDE for m in maps)
        patterns[quiet] += len(tokens) - len(touched)
        if touched:
            absent = [None] * len(touched)
            columns = [absent if m is None else [m.get(k, OUTSIDE) for k in touched] for m in maps]
            patterns.update(zip(*columns, strict=True))
    return patterns


@dataclass(frozen=True, slots=True)
class PairKappa:
    a: str
    b: str
    tokens: int
    kappa: float | None


@dataclass(frozen=True, slots=True)
class TokenAgreement:
    pairs: tuple[PairKappa, ...]
    mean: float | None
    alpha: float | None

    def kappa_json(self) -> dict[str, object]:
        return {
            "pairs": [{"a": p.a, "b": p.b, "kappa": p.kappa, "tokens": p.tokens} for p in self.pairs],
            "mean": self.mean,
        }


def summarize_tokens(
    annotators: Sequence[str], patterns: Mapping[tuple[str | None, ...], int]
) -> TokenAgreement:
    pairs = []
    for i in range(len(annotators)):
        for j in range(i + 1, len(annotators)):
            table: Counter[tuple[str, str]] = Counter()
            for unit, count in patterns.items():
                x, y = unit[i], unit[j]
                if x is not None and y is not None and count:
                    table[(x, y)] += count
            pairs.append(PairKappa(annotators[i], annotators[j], table.total(), cohen_kappa(table)))
    return TokenAgreement(tuple(pairs), mean_of(p.kappa for p in pairs), krippendorff_alpha_nominal(patterns))


def token_agreement(layers: Layers, tokens_by_doc: Mapping[DocId, Offsets]) -> TokenAgreement:
    """Kappa per annotator pair and alpha over all annotators, on the IOB2 tags of the given tokens."""
    return summarize_tokens(layers.annotators, tag_patterns(layers, tokens_by_doc))
