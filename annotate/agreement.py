"""Inter-annotator agreement: the public entry points.

Everything here is a pure function of spans, relations and token offsets, so
the store can feed it whatever layers a project holds and tests can check each
figure against an established implementation.  ``agreement_report`` computes
all figures in one pass; the single-figure functions are for callers that need
one.  Rules and JSON keys: docs/agreement.md.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from annotate.agreement_layers import Layers, index_layers
from annotate.agreement_match import match_spans
from annotate.agreement_pairs import MISSING, PairTally, tally_pairs
from annotate.agreement_summary import (
    AttributeAgreement,
    ConfusionTable,
    DocDisagreement,
    F1Summary,
    PairAttribute,
    PairF1,
    confusion_table,
    rank_documents,
    summarize_attributes,
    summarize_f1,
)
from annotate.agreement_tokens import Offsets, TokenAgreement, iob2_tags, token_agreement
from annotate.model import DocId, Relation, Span

__all__ = [
    "MISSING",
    "AgreementReport",
    "AttributeAgreement",
    "ConfusionTable",
    "DocDisagreement",
    "F1Summary",
    "PairAttribute",
    "PairF1",
    "TokenAgreement",
    "agreement_report",
    "attribute_agreement",
    "collector_paused",
    "documents_by_disagreement",
    "iob2_tags",
    "label_confusion",
    "match_spans",
    "relation_f1",
    "span_f1",
    "token_kappa_alpha",
]

DocsPerAnnotator = Mapping[str, Iterable[DocId]]


@dataclass(frozen=True, slots=True)
class AgreementReport:
    annotators: tuple[str, ...]
    labels: tuple[str, ...]
    documents: int
    span_exact: F1Summary
    span_overlap: F1Summary
    tokens: TokenAgreement
    relations_exact: F1Summary
    relations_overlap: F1Summary
    attributes: dict[str, AttributeAgreement]
    confusion: tuple[ConfusionTable, ...]
    """One table per annotator pair, in pair order."""
    documents_by_disagreement: tuple[DocDisagreement, ...]

    def to_json(self) -> dict[str, object]:
        """JSON-ready dict (``json.dumps`` it); undefined figures are ``null``."""
        return {
            "annotators": list(self.annotators),
            "labels": list(self.labels),
            "documents": self.documents,
            "span_f1": {"exact": self.span_exact.to_json(), "overlap": self.span_overlap.to_json()},
            "token_kappa": self.tokens.kappa_json(),
            "alpha": self.tokens.alpha,
            "relations": {
                "exact": self.relations_exact.to_json("per_role"),
                "overlap": self.relations_overlap.to_json("per_role"),
            },
            "attributes": {name: a.to_json() for name, a in self.attributes.items()},
            "confusion": [c.to_json() for c in self.confusion],
            "documents_by_disagreement": [d.to_json() for d in self.documents_by_disagreement],
        }


def _roles(tallies: Sequence[PairTally]) -> list[str]:
    return sorted(set().union(*(t.relations_exact.keys() for t in tallies)))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration.

    A report allocates about a million short-lived objects that form no cycles;
    the collector would scan the whole heap repeatedly for nothing (15-20% of
    the run time on 10,000 documents).  Reading the input from a project makes
    as many (one Span per row), so the store pauses it around that too.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def agreement_report(
    spans: Iterable[Span],
    relations: Iterable[Relation],
    tokens_by_doc: Mapping[DocId, Offsets],
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    docs_per_annotator: DocsPerAnnotator | None = None,
) -> AgreementReport:
    """All agreement figures between the annotators, each pair compared on the documents both annotated."""
    with collector_paused():
        return _report(
            index_layers(spans, relations, annotators, labels, docs_per_annotator, tokens_by_doc),
            tokens_by_doc,
        )


def _report(layers: Layers, tokens_by_doc: Mapping[DocId, Offsets]) -> AgreementReport:
    tallies = tally_pairs(layers)
    roles = _roles(tallies.pairs)
    return AgreementReport(
        annotators=layers.annotators,
        labels=layers.labels,
        documents=sum(len(layers.spans[d]) > 1 for d in layers.docs),  # compared: two annotated it
        span_exact=summarize_f1(tallies.pairs, lambda t: t.exact, layers.labels),
        span_overlap=summarize_f1(tallies.pairs, lambda t: t.overlap, layers.labels),
        tokens=token_agreement(layers, tokens_by_doc),
        relations_exact=summarize_f1(tallies.pairs, lambda t: t.relations_exact, roles),
        relations_overlap=summarize_f1(tallies.pairs, lambda t: t.relations_overlap, roles),
        attributes=summarize_attributes(tallies.pairs),
        confusion=tuple(confusion_table(t, layers.labels) for t in tallies.pairs),
        documents_by_disagreement=tuple(rank_documents(tallies)),
    )


def _layers(
    spans: Iterable[Span],
    annotators: Sequence[str] | None,
    labels: Sequence[str] | None,
    docs_per_annotator: DocsPerAnnotator | None,
    relations: Iterable[Relation] = (),
) -> Layers:
    return index_layers(spans, relations, annotators, labels, docs_per_annotator)


def span_f1(
    spans: Iterable[Span],
    overlap: bool = False,
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    docs_per_annotator: DocsPerAnnotator | None = None,
) -> F1Summary:
    """Pairwise span F1, exact or overlap matching, summed over documents."""
    layers = _layers(spans, annotators, labels, docs_per_annotator)
    pick = (lambda t: t.overlap) if overlap else (lambda t: t.exact)
    return summarize_f1(tally_pairs(layers).pairs, pick, layers.labels)


def relation_f1(
    spans: Iterable[Span],
    relations: Iterable[Relation],
    overlap: bool = False,
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    docs_per_annotator: DocsPerAnnotator | None = None,
) -> F1Summary:
    """Pairwise role-link F1: a link matches when both ends are paired spans and the role is equal."""
    layers = _layers(spans, annotators, labels, docs_per_annotator, relations)
    tallies = tally_pairs(layers).pairs
    pick = (lambda t: t.relations_overlap) if overlap else (lambda t: t.relations_exact)
    return summarize_f1(tallies, pick, _roles(tallies))


def attribute_agreement(
    spans: Iterable[Span],
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    docs_per_annotator: DocsPerAnnotator | None = None,
) -> dict[str, AttributeAgreement]:
    """Percent agreement and Cohen's kappa per attribute, over exactly matched span pairs."""
    return summarize_attributes(tally_pairs(_layers(spans, annotators, labels, docs_per_annotator)).pairs)


def label_confusion(
    spans: Iterable[Span],
    a: str,
    b: str,
    labels: Sequence[str] | None = None,
    docs_per_annotator: DocsPerAnnotator | None = None,
) -> ConfusionTable:
    """Which label B gave where A gave which, over overlap-paired spans of any label."""
    if a == b:
        raise ValueError(f"label_confusion needs two different annotators, got {a!r} twice")
    layers = _layers(spans, [a, b], labels, docs_per_annotator)
    return confusion_table(tally_pairs(layers).pairs[0], layers.labels)


def documents_by_disagreement(
    spans: Iterable[Span],
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    docs_per_annotator: DocsPerAnnotator | None = None,
) -> list[DocDisagreement]:
    """Documents worst first by 1 − mean pairwise exact F1, ties by id; documents with < 2 annotators left out."""
    return rank_documents(tally_pairs(_layers(spans, annotators, labels, docs_per_annotator)))


def token_kappa_alpha(
    spans: Iterable[Span],
    tokens_by_doc: Mapping[DocId, Offsets],
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    docs_per_annotator: DocsPerAnnotator | None = None,
) -> TokenAgreement:
    """Cohen's kappa per pair and Krippendorff's alpha (nominal) over IOB2 token tags."""
    layers = index_layers(spans, (), annotators, labels, docs_per_annotator, tokens_by_doc)
    return token_agreement(layers, tokens_by_doc)
