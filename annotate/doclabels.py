"""Document-level labels and attributes (``relevance = relevant``, ``region = الرقة``), adjudicated like spans.

Each layer (annotator, or gold) holds at most one value per key and document.
A reviewer compares the annotators' values key by key and decides the gold
value; its provenance names who proposed it and who decided, as for spans.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from annotate.model import GOLD, DocId

DocLabelKind = Literal["agree", "differs", "missing"]


@dataclass(frozen=True, slots=True)
class DocLabel:
    doc_id: DocId
    annotator: str
    key: str
    value: str
    updated_at: str = ""
    provenance: Mapping[str, object] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not self.key.strip():
            raise ValueError("a document label needs a key")


@dataclass(frozen=True, slots=True)
class DocLabelGroup:
    """One key of one document: every annotator's value, how they compare, and the gold value if decided."""

    doc_id: DocId
    key: str
    values: tuple[tuple[str, str], ...]
    kind: DocLabelKind
    missing: tuple[str, ...] = ()
    gold: DocLabel | None = None

    @property
    def decided(self) -> bool:
        return self.gold is not None

    def majority(self) -> str:
        """The most proposed value (ties: the one that sorts first), the default for accepting."""
        counts: dict[str, int] = {}
        for _, v in self.values:
            counts[v] = counts.get(v, 0) + 1
        return min(counts, key=lambda v: (-counts[v], v))


def compare_doc_labels(labels: Iterable[DocLabel], annotators: Sequence[str]) -> list[DocLabelGroup]:
    """Group by key; ``annotators`` are the compared layers (their absence from a key is "missing")."""
    by_key: dict[str, dict[str, str]] = {}
    gold: dict[str, DocLabel] = {}
    doc_ids: set[DocId] = set()
    for lab in labels:
        doc_ids.add(lab.doc_id)
        if lab.annotator == GOLD:
            gold[lab.key] = lab
        elif lab.annotator in annotators:
            by_key.setdefault(lab.key, {})[lab.annotator] = lab.value
    if len(doc_ids) > 1:
        raise ValueError("compare_doc_labels works on one document at a time")
    doc_id = next(iter(doc_ids), DocId(0))
    out: list[DocLabelGroup] = []
    for key in sorted(set(by_key) | set(gold)):
        values = tuple(sorted(by_key.get(key, {}).items()))
        missing = tuple(a for a in annotators if a not in dict(values))
        kind: DocLabelKind = (
            "differs" if len({v for _, v in values}) > 1 else "missing" if missing else "agree"
        )
        out.append(DocLabelGroup(doc_id, key, values, kind, missing, gold.get(key)))
    return out


def decide_doc_label(group: DocLabelGroup, value: str, reviewer: str, stamp: str) -> DocLabel:
    """The gold value for one key; proposers are the annotators who gave exactly this value."""
    return DocLabel(
        doc_id=group.doc_id,
        annotator=GOLD,
        key=group.key,
        value=value,
        updated_at=stamp,
        provenance={
            "proposed_by": sorted(a for a, v in group.values if v == value),
            "decided_by": reviewer,
            "decided_at": stamp,
            "decision": "accept" if any(v == value for _, v in group.values) else "edit",
        },
    )


def accept_agreed_doc_labels(groups: Iterable[DocLabelGroup], reviewer: str, stamp: str) -> list[DocLabel]:
    return [
        decide_doc_label(g, g.values[0][1], reviewer, stamp)
        for g in groups
        if g.kind == "agree" and not g.decided
    ]
