"""Random annotation layers checked against established implementations (test-only dependencies).

scikit-learn's cohen_kappa_score, the krippendorff package (np.nan for missing)
and seqeval's entity F1 compute from full tag sequences; ours works from
sparse tag maps and pattern counts, so agreement to 1e-9 checks the shortcut.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping

import krippendorff
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from seqeval.metrics import classification_report as seqeval_report
from seqeval.metrics import f1_score as seqeval_f1
from sklearn.metrics import cohen_kappa_score

from annotate.agreement import iob2_tags, span_f1, token_kappa_alpha
from annotate.agreement_stats import cohen_kappa, krippendorff_alpha_nominal
from annotate.model import DocId, Span, SpanId

LABELS = ["EVENT", "ACTOR", "PLACE"]
ANNOTATORS = ["amal", "bilal", "carim", "dunya"]


def tokens_of(n: int) -> list[tuple[int, int]]:
    """Words of two code points with one space between: offsets 0-2, 3-5, ..."""
    return [(3 * k, 3 * k + 2) for k in range(n)]


def make_span(doc: int, who: str, start: int, end: int, label: str, n: int) -> Span:
    return Span(SpanId(f"{who}-{doc}-{n}"), DocId(doc), who, start, end, label, "x" * (end - start))


@st.composite
def free_corpus(draw: st.DrawFn) -> tuple[list[Span], dict, dict]:
    """Any spans, also overlapping, nested and inside words; some annotators skip some documents."""
    who = ANNOTATORS[: draw(st.integers(2, 4))]
    docs = {d: tokens_of(draw(st.integers(1, 12))) for d in range(draw(st.integers(1, 4)))}
    spans: list[Span] = []
    done: dict[str, list[DocId]] = {a: [] for a in who}
    for d, toks in docs.items():
        length = toks[-1][1]
        for a in who:
            if not draw(st.booleans()) and draw(st.booleans()):
                continue  # a quarter of the time this annotator never opened the document
            done[a].append(DocId(d))
            for n in range(draw(st.integers(0, 5))):
                start = draw(st.integers(0, length - 1))
                end = draw(st.integers(start + 1, min(length, start + 9)))
                spans.append(make_span(d, a, start, end, draw(st.sampled_from(LABELS)), n))
    return spans, {DocId(d): t for d, t in docs.items()}, done


@st.composite
def tiled_pair(draw: st.DrawFn) -> tuple[list[Span], dict]:
    """Two annotators, token-aligned spans that never overlap within one annotator (what IOB2 can hold)."""
    docs = {d: tokens_of(draw(st.integers(1, 15))) for d in range(draw(st.integers(1, 4)))}
    spans: list[Span] = []
    for d, toks in docs.items():
        for a in ("amal", "bilal"):
            k = 0
            while k < len(toks):
                width = draw(st.integers(1, 3))
                if draw(st.booleans()):
                    last = min(len(toks), k + width) - 1
                    label = draw(st.sampled_from(LABELS))
                    spans.append(make_span(d, a, toks[k][0], toks[last][1], label, k))
                k += width
    return spans, {DocId(d): t for d, t in docs.items()}


def same(ours: float | None, theirs: float) -> bool:
    if ours is None:
        return math.isnan(theirs)
    return abs(ours - theirs) <= 1e-9


def krippendorff_nominal(data: np.ndarray) -> float:
    """The package's alpha, NaN where it finds the figure undefined (it warns or raises then)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
        except ValueError:  # it needs more than one value in the domain
            return math.nan


def sequences(spans: list[Span], tokens: Mapping[DocId, list], who: str) -> dict[DocId, list[str]]:
    return {
        d: iob2_tags([s for s in spans if s.doc_id == d and s.annotator == who], t) for d, t in tokens.items()
    }


@settings(max_examples=300, deadline=None)
@given(free_corpus())
def test_token_kappa_and_alpha_match_sklearn_and_krippendorff(case: tuple) -> None:
    spans, tokens, done = case
    ours = token_kappa_alpha(spans, tokens, docs_per_annotator=done)
    who = [a for a in ANNOTATORS if a in done]
    tags = {a: sequences(spans, tokens, a) for a in who}
    for pair in ours.pairs:
        shared = [d for d in tokens if d in done[pair.a] and d in done[pair.b]]
        x = [t for d in shared for t in tags[pair.a][d]]
        y = [t for d in shared for t in tags[pair.b][d]]
        assert pair.tokens == len(x)
        if x:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                assert same(pair.kappa, cohen_kappa_score(x, y))
        else:
            assert pair.kappa is None
    codes: dict[str, float] = {}
    rows = []
    for a in who:
        row: list[float] = []
        for d, toks in tokens.items():
            if d in done[a]:
                row.extend(codes.setdefault(t, float(len(codes))) for t in tags[a][d])
            else:
                row.extend([np.nan] * len(toks))
        rows.append(row)
    assert same(ours.alpha, krippendorff_nominal(np.array(rows)))


@settings(max_examples=300, deadline=None)
@given(tiled_pair())
def test_exact_span_f1_matches_seqeval(case: tuple) -> None:
    spans, tokens = case
    truth = list(sequences(spans, tokens, "amal").values())
    guess = list(sequences(spans, tokens, "bilal").values())
    ours = span_f1(spans, annotators=["amal", "bilal"])
    pair = ours.pairs[0]
    if pair.f1 is None:
        assert not any(s for s in spans)
        return
    assert abs(pair.f1 - seqeval_f1(truth, guess)) <= 1e-9
    per_type = seqeval_report(truth, guess, output_dict=True, zero_division=0)
    for label, f1 in ours.per_label.items():
        assert f1 is not None
        assert abs(f1 - per_type[label]["f1-score"]) <= 1e-9


def naive_tags(spans: list[Span], tokens: list[tuple[int, int]]) -> list[str]:
    """The documented rule, literally: longest first, a span touching a taken token is left out."""
    tags = ["O"] * len(tokens)
    for s in sorted(spans, key=lambda s: (s.start - s.end, s.start, s.end, s.label, s.id)):
        touched = [k for k, (ts, te) in enumerate(tokens) if ts < s.end and s.start < te]
        if touched and all(tags[k] == "O" for k in touched):
            tags[touched[0]] = "B-" + s.label
            for k in touched[1:]:
                tags[k] = "I-" + s.label
    return tags


@settings(max_examples=300, deadline=None)
@given(free_corpus())
def test_iob2_tags_follow_the_documented_rule(case: tuple) -> None:
    spans, tokens, _ = case
    for d, toks in tokens.items():
        for a in ANNOTATORS:
            mine = [s for s in spans if s.doc_id == d and s.annotator == a]
            tags = iob2_tags(mine, toks)
            assert tags == naive_tags(mine, toks)
            for before, tag in zip(["O", *tags], tags, strict=False):
                if tag.startswith("I-"):
                    assert before[2:] == tag[2:] and before != "O"


values = st.sampled_from(["O", "B-EVENT", "I-EVENT", "B-ACTOR"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(values, values), min_size=1, max_size=40))
def test_cohen_kappa_formula_matches_sklearn(items: list[tuple[str, str]]) -> None:
    table: dict[tuple[str, str], int] = {}
    for item in items:
        table[item] = table.get(item, 0) + 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = cohen_kappa_score([x for x, _ in items], [y for _, y in items])
    assert same(cohen_kappa(table), theirs)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=2, max_size=5), min_size=1, max_size=30
    )
)
def test_alpha_formula_matches_krippendorff(units: list[list[int | None]]) -> None:
    width = max(len(u) for u in units)
    padded = [tuple(u) + (None,) * (width - len(u)) for u in units]
    patterns: dict[tuple, int] = {}
    for u in padded:
        patterns[u] = patterns.get(u, 0) + 1
    data = np.array([[np.nan if v is None else v for v in u] for u in padded], dtype=float).T
    assert same(krippendorff_alpha_nominal(patterns), krippendorff_nominal(data))
