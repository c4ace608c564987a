"""Who annotated what: spans and relations grouped by document and annotator, once.

Every agreement figure compares annotators only on documents both of them
annotated; an annotator who never opened a document is missing there, not
"said nothing".  Grouping once up front keeps each figure a single pass over
documents instead of a scan of all spans per annotator pair.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from annotate.model import GOLD, DocId, Relation, Span


def span_order(s: Span) -> tuple[int, int, str, str]:
    """Canonical span order, so matching and tagging never depend on input order."""
    return (s.start, s.end, s.label, s.id)


@dataclass(frozen=True, slots=True)
class Layers:
    """Spans and relations of the compared annotators, restricted to the compared labels.

    ``spans[doc][annotator]`` exists (possibly empty) exactly when that annotator
    annotated that document; the inner dicts keep the order of ``annotators``.
    """

    annotators: tuple[str, ...]
    labels: tuple[str, ...]
    docs: tuple[DocId, ...]
    spans: Mapping[DocId, Mapping[str, Sequence[Span]]]
    relations: Mapping[DocId, Mapping[str, Sequence[Relation]]]

    @property
    def pairs(self) -> list[tuple[str, str]]:
        return list(combinations(self.annotators, 2))


def index_layers(
    spans: Iterable[Span],
    relations: Iterable[Relation] = (),
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    docs_per_annotator: Mapping[str, Iterable[DocId]] | None = None,
    extra_docs: Iterable[DocId] = (),
) -> Layers:
    """Group the input; see docs/agreement.md for the defaults.

    Without ``annotators`` every annotator seen is compared except the gold
    layer (it is the adjudication of the others, not an independent opinion).
    Without ``docs_per_annotator`` every compared annotator is taken to have
    annotated every document that appears in the input or in ``extra_docs``.
    """
    spans = list(spans)
    relations = list(relations)
    if annotators is None:
        seen = {s.annotator for s in spans} | {r.annotator for r in relations}
        seen |= set(docs_per_annotator or {})
        seen.discard(GOLD)
        annotators = sorted(seen)
    names = tuple(dict.fromkeys(annotators))
    wanted = set(names)
    label_filter = None if labels is None else set(labels)
    if labels is None:
        labels = sorted({s.label for s in spans if s.annotator in wanted})
    if docs_per_annotator is None:
        everywhere = {s.doc_id for s in spans} | {r.doc_id for r in relations} | set(extra_docs)
        covered = {a: everywhere for a in names}
    else:
        covered = {a: set(docs_per_annotator.get(a, ())) for a in names}
    docs = sorted(set().union(*covered.values())) if names else []
    by_doc: dict[DocId, dict[str, list[Span]]] = {d: {} for d in docs}
    rel_by_doc: dict[DocId, dict[str, list[Relation]]] = {d: {} for d in docs}
    for a in names:
        for d in covered[a]:
            by_doc[d][a] = []
            rel_by_doc[d][a] = []
    for s in spans:
        layer = by_doc.get(s.doc_id)
        if layer is not None and (label_filter is None or s.label in label_filter):
            bucket = layer.get(s.annotator)
            if bucket is not None:
                bucket.append(s)
    for layer in by_doc.values():
        for bucket in layer.values():
            bucket.sort(key=span_order)
    for r in relations:
        rel_layer = rel_by_doc.get(r.doc_id)
        if rel_layer is not None and r.annotator in rel_layer:
            rel_layer[r.annotator].append(r)
    return Layers(names, tuple(labels), tuple(docs), by_doc, rel_by_doc)
