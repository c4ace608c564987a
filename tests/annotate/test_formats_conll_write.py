"""The CoNLL writer against a plain reference: one regex match per token, every span scanned per token run.

The writer renders untagged text with whole-string operations and only the
words around spans token by token (for speed, see ``conll_write``); this
reference is the straightforward writer it replaced.  Same lines, same report,
for any text, spans, clitic policy and nesting choice.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.formats.conll_write import DOC_DELIMITER, SpanCut, conll_text
from annotate.formats.report import FormatReport
from annotate.tokens import Token, split_at, tokenize
from tests.annotate.test_arabic import PIECES

# The sentence-end pattern as first written (the module's is rewritten for speed; this keeps it honest).
_END = re.compile(r"(?:[!?؟]|(?<!\d)\.|\.(?!\d))+[\"'»”’)\]]*|\n")
_MORE = [
    "1",
    "2",
    "3.5",
    ",",
    ".",
    "؟!",
    '."',
    ".»",
    " ",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\t",
    "_",
    "٫",
    "١٬٢",
    "🇸🇾",
    # emoji in the BMP, some of them letters or digits to the regex engine (ℹ ❶), and keycaps
    "©",
    "ℹ",
    "❶",
    "⌚",
    "☺\ufe0f",
    "#\u20e3",
    "1\ufe0f\u20e3",
]
texts = st.lists(st.sampled_from(PIECES + _MORE), max_size=60).map("".join)


def ref_sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _END.finditer(text):
        out.append((start, m.start() if m.group() == "\n" else m.end()))
        start = m.end()
    out.append((start, len(text)))
    trimmed = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            trimmed.append((s, e))
    return trimmed


def ref_levels(spans, nested, doc, report):
    order = sorted(
        spans,
        key=(lambda s: (s.end - s.start, s.start)) if nested == "inner" else (lambda s: (s.start, -s.end)),
    )
    levels: list[list[SpanCut]] = []
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


def ref_tags(spans, toks, clitics, doc, report) -> list[str]:
    tags = ["O"] * len(toks)
    for s in spans:
        covered = [k for k, t in enumerate(toks) if t.start < s.end and t.end > s.start]
        if not covered:
            report.add("dropped_span", doc, f"{s.label} {s.start}..{s.end} {s.text!r}: no token")
            continue
        if any(tags[k] != "O" for k in covered):
            report.add(
                "dropped_span", doc, f"{s.label} {s.text!r}: shares a token with another span at this level"
            )
            continue
        if (toks[covered[0]].start, toks[covered[-1]].end) != (s.start, s.end) and clitics == "attach":
            words = " ".join(toks[k].text for k in covered)
            report.add("clitic_attached", doc, f"{s.label} {s.text!r} tagged on token(s) {words!r}")
        for n, k in enumerate(covered):
            tags[k] = ("B-" if n == 0 else "I-") + s.label
    return tags


def ref_document(name, text, spans, clitics, nested, report, columns) -> str:
    levels = ref_levels(spans, nested, name, report)
    toks: list[Token] = tokenize(text)
    if clitics == "split":
        before = len(toks)
        toks = split_at(toks, {e for lvl in levels for s in lvl for e in (s.start, s.end)})
        for _ in range(len(toks) - before):
            report.add("clitic_split", name, "token cut at a span edge")
    cols = [ref_tags(lvl, toks, clitics, name, report) for lvl in levels]
    cols += [["O"] * len(toks)] * (columns - len(cols))
    bounds = [list(b) for b in ref_sentences(text) or [(0, len(text))]]
    starts = [b[0] for b in bounds[1:]]
    for sp in sorted((s for lvl in levels for s in lvl), key=lambda s: s.start):
        if any(sp.start < b < sp.end for b in starts):
            report.add(
                "sentence_joined",
                name,
                f"{sp.label} {sp.start}..{sp.end} {sp.text!r}: runs over a sentence end, written in one sentence",
            )
    for sp in sorted(
        (s for lvl in levels for s in lvl), key=lambda s: s.start
    ):  # a span keeps its sentence whole
        i = max(bisect_right(bounds, [sp.start, len(text) + 1]) - 1, 0)
        while i + 1 < len(bounds) and bounds[i + 1][0] < sp.end:
            bounds[i][1] = bounds[i + 1][1]
            del bounds[i + 1]
    starts = [b[0] for b in bounds[1:]]
    lines = [DOC_DELIMITER, ""]
    nxt, i = (starts[0] if starts else len(text) + 1), 0
    for k, tok in enumerate(toks):
        if tok.start >= nxt:  # a new block at the first token of each sentence
            lines.append("")
            while i < len(starts) and starts[i] <= tok.start:
                i += 1
            nxt = starts[i] if i < len(starts) else len(text) + 1
        lines.append("\t".join([tok.text, *(c[k] for c in cols)]))
    return "\n".join([*lines, ""]) + "\n"


def as_reference(text, spans, clitics, nested="columns", columns=1) -> FormatReport:
    """Assert that the writer's lines and report are the reference writer's; return the writer's report."""
    got_report, want_report = FormatReport("conll"), FormatReport("conll")
    got = conll_text("d", text, spans, clitics, nested, got_report, columns)
    assert got == ref_document("d", text, spans, clitics, nested, want_report, columns)
    assert got_report.items == want_report.items
    return got_report


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[SpanCut]]:
    text = draw(texts)
    spans = []
    if text:
        for _ in range(draw(st.integers(0, 6))):
            a = draw(st.integers(0, len(text) - 1))
            b = draw(st.integers(a + 1, min(len(text), a + 12)))
            spans.append(
                SpanCut(a, b, draw(st.sampled_from(["LOC", "ORG", "armed_clash", "armed clash"])), text)
            )
    # whole words too, overlapping and nested: the common case, written without the tokenizer
    words = [m.span() for m in re.finditer(r"\w+", text)]
    for _ in range(draw(st.integers(0, 5)) if words else 0):
        i = draw(st.integers(0, len(words) - 1))
        j = draw(st.integers(i, min(len(words) - 1, i + 2)))
        spans.append(SpanCut(words[i][0], words[j][1], "PER", text))
    # whole tokens, punctuation and sentence ends among them (a span ending on ؟! or on «.»)
    toks = tokenize(text)
    for _ in range(draw(st.integers(0, 3)) if toks else 0):
        i = draw(st.integers(0, len(toks) - 1))
        j = draw(st.integers(i, min(len(toks) - 1, i + 3)))
        spans.append(SpanCut(toks[i].start, toks[j].end, "ORG", text))
    return text, sorted(set(spans), key=lambda s: (s.start, -s.end))


@settings(max_examples=400)
@given(
    documents(),
    st.sampled_from(["attach", "split"]),
    st.sampled_from(["columns", "outer", "inner"]),
    st.integers(1, 3),
)
def test_writer_equals_the_per_token_reference(doc, clitics, nested, columns) -> None:
    text, spans = doc
    as_reference(text, spans, clitics, nested, columns)


def test_a_sentence_end_met_twice_is_one_blank_line() -> None:
    """A span over the blank line after a sentence: the break before the stretch and the one in it meet.

    The writer looks for the triple newline in the text before its spaces become
    lines (one search of the lines themselves cost more than the replacement);
    this document is the smallest where the two breaks meet, found by the
    reference test with the collapse switched off.
    """
    text = "قال\n\nثم"
    for spans in ([SpanCut(4, 5, "LOC", text)], [SpanCut(3, 5, "LOC", text)]):
        got = conll_text("d", text, spans, "attach", "columns", FormatReport("conll"), 1)
        assert "\n\n\n" not in got
        assert got == ref_document("d", text, spans, "attach", "columns", FormatReport("conll"), 1)


def test_reference_sees_the_cases_the_fast_route_skips() -> None:
    """Emoji, a number with a decimal point, a span inside a word and one over a sentence end, all at once."""
    text = "قُتل 3.5 ألف 👍🏽بالرقة. وقال: «نعم»؟!\nثم"
    spans = [
        SpanCut(text.index("الرقة"), text.index("الرقة") + 5, "LOC", text),
        SpanCut(text.index("3.5"), text.index("3.5") + 3, "NUM", text),
        SpanCut(text.index("نعم"), text.index("ثم") + 2, "Q", text),
    ]
    for clitics in ("attach", "split"):
        assert as_reference(text, spans, clitics, columns=2).items


def test_a_span_ending_on_a_sentence_end_ends_the_sentence() -> None:
    """A span over whole tokens whose last is a sentence end (or runs into one: closing quotes) is
    written as a stretch of its own; the sentence still ends after it."""
    for text, span in (
        ("قصف الجيش مدينة حلب. ثم انسحب", "حلب."),
        ('قال "انسحبنا." ثم سكت', "انسحبنا."),
        ("هل انسحبوا؟! نعم", "انسحبوا؟!"),
        ("قتل 3.5 ألف. ثم", "3.5 ألف."),
    ):
        a = text.index(span)
        spans = [SpanCut(a, a + len(span), "LOC", text)]
        got = conll_text("d", text, spans, "attach", "columns", FormatReport("conll"), 1)
        assert got == ref_document("d", text, spans, "attach", "columns", FormatReport("conll"), 1)
        assert "\n\n" in got.split("-DOCSTART- -X- O O\n\n", 1)[1].rstrip("\n")  # two sentences


def test_a_span_over_a_double_space_writes_no_empty_token() -> None:
    """Whole words with two spaces between them: each space is no token (a span written as its own
    stretch by splitting on single spaces would give an empty token line)."""
    for text in ("قال حلب  الرقة ثم", "قال حلب  الرقة، ثم"):
        a, b = text.index("حلب"), text.index("الرقة") + 5
        spans = [SpanCut(a, b, "LOC", text)]
        got = conll_text("d", text, spans, "attach", "columns", FormatReport("conll"), 1)
        assert got == ref_document("d", text, spans, "attach", "columns", FormatReport("conll"), 1)
        assert "\n\t" not in got


def test_one_level_route_equals_the_reference() -> None:
    """Spans apart, over whole words, a number and punctuation: the common document, written without
    stretch objects; a span inside a word sends it back to the general route, with the same lines."""
    from annotate.formats.conll_write import _words_body

    text = "قالت «قسد»، أمس: قتل 3.5 ألف في دير الزور.\nوقال شاهد إن الحملة استمرت ساعتين؟!"
    words = ["قسد»،", "3.5 ألف", "دير الزور", "شاهد إن"]
    spans = [SpanCut(text.index(w), text.index(w) + len(w), "LOC", text) for w in words]
    inside = text.index("الحملة") + 2
    for chosen, route in (
        (spans, True),
        ([*spans, SpanCut(inside, inside + 4, "ORG", text)], False),
    ):
        chosen = sorted(chosen, key=lambda s: s.start)
        assert (_words_body(text, [(s, 0) for s in chosen], 2, [], []) is not None) is route
        for clitics in ("attach", "split"):
            as_reference(text, chosen, clitics, columns=2)


def test_a_span_over_a_paragraph_break_stays_on_the_words_route() -> None:
    """A span over one newline or a blank line between whole words (one span in ten of a news
    corpus) is written without the tokenizer, in one sentence, and reported as joining two."""
    from annotate.formats.conll_write import _words_body

    text = "قصف الجيش مدينة حلب\nثم دير الزور،\n\nوقال شاهد إن الحملة استمرت"
    for first, last in (("حلب", "ثم"), ("الزور،", "وقال"), ("الجيش", "الزور،"), ("مدينة", "شاهد")):
        a, b = text.index(first), text.index(last) + len(last)
        spans = [SpanCut(a, b, "LOC", text), SpanCut(text.index("الحملة"), len(text), "ORG", text)]
        assert _words_body(text, [(s, 0) for s in spans], 1, [], []) is not None
        for clitics in ("attach", "split"):
            assert [it.kind for it in as_reference(text, spans, clitics).items] == ["sentence_joined"]


def test_emoji_away_from_spans_stay_on_the_words_route() -> None:
    """Emoji (a skin tone, a family joined by ZWJ, a flag, a keycap) whose words hold no span and no
    sentence end: the words around them are tokenized match by match, the rest by whole-string
    operations, with the reference's lines; touching a span or a sentence end sends the document to
    the general route, with the same lines."""
    from annotate.formats.conll_write import _words_body
    from annotate.tokens import plain_spots

    text = "👍🏽 قصف الجيش مدينة حلب. 👨‍👩‍👧 ثم «دير الزور»🇸🇾 قال\n1\ufe0f\u20e3 شاهد إن الحملة؟ استمرت 👍"
    words = ["الجيش", "حلب", "ثم", "شاهد إن"]
    spans = [SpanCut(text.index(w), text.index(w) + len(w), "LOC", text) for w in words]
    beside = SpanCut(text.index("قال"), text.index("قال") + 3, "ORG", text)  # after the flag's window
    ended = "👍🏽 قصف. 👍. ثم"
    for doc, chosen, route in (
        (text, spans, True),
        (text, [*spans, beside], True),
        (text, [*spans, SpanCut(text.index("الزور"), text.index("الزور") + 5, "ORG", text)], False),
        (ended, [SpanCut(ended.index("ثم"), len(ended), "LOC", ended)], False),
    ):
        chosen = sorted(chosen, key=lambda s: s.start)
        assert (_words_body(doc, [(s, 0) for s in chosen], 2, [], plain_spots(doc)) is not None) is route
        for clitics in ("attach", "split"):
            as_reference(doc, chosen, clitics, columns=2)


def test_overlapping_spans_with_punctuation_stay_on_the_words_route() -> None:
    """Nested spans over whole tokens holding punctuation, a sentence end inside one of them and a
    paragraph break inside another: each in its column, token by token, the sentences they cross
    held together and reported, with the reference's lines."""
    from annotate.formats.conll_spans import levels
    from annotate.formats.conll_write import _words_body

    text = "قال «الجيش السوري» في حلب. ثم دير الزور،\nوقال شاهد: انسحبوا"
    cuts = [("«الجيش", "السوري»"), ("الجيش", "السوري»"), ("حلب.", "ثم"), ("في", "دير"), ("الزور،", "شاهد:")]
    spans = [SpanCut(text.index(a), text.index(b) + len(b), "ORG", text) for a, b in cuts]
    spans = sorted(spans, key=lambda s: (s.start, -s.end))
    for columns, nested in ((1, "columns"), (3, "columns"), (1, "outer")):
        report = as_reference(text, spans, "attach", nested, columns)
        assert "sentence_joined" in {it.kind for it in report.items}
    by_level = levels(spans, "columns", "d", FormatReport("conll"))
    placed = sorted(((s, k) for k, lvl in enumerate(by_level) for s in lvl), key=lambda p: p[0].start)
    assert len(by_level) == 2 and _words_body(text, placed, 2, [], []) is not None


def test_stretches_side_by_side_are_two_regions() -> None:
    """Two stretches with nothing between them (spans over two spaces, found by the reference test at
    2,500 examples): each region mark stays a token of its own, with the reference's lines."""
    for text, cuts in (
        ("  ", [(0, 1), (1, 2)]),
        ("قال  حلب", [(3, 4), (4, 5)]),
        ("«حلب»،دمشق", [(1, 4), (6, 10)]),
    ):
        spans = [SpanCut(a, b, "LOC", text) for a, b in cuts]
        for clitics in ("attach", "split"):
            as_reference(text, spans, clitics)
