"""Result records of the agreement report and how tallies turn into them.

Plain frozen dataclasses for callers that compute with the figures, each with a
``to_json()`` of JSON-ready values (``None`` where a figure is undefined) for
callers that show or save them.  The key names are documented in docs/agreement.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from annotate.agreement_pairs import MISSING, F1Tally, PairTally, Tallies
from annotate.agreement_stats import cohen_kappa, f1_score, mean_of, mean_sd, percent_agreement
from annotate.model import DocId


@dataclass(frozen=True, slots=True)
class PairF1:
    a: str
    b: str
    tp: int
    fp: int
    fn: int

    @property
    def f1(self) -> float | None:
        return f1_score(self.tp, self.fp, self.fn)

    def to_json(self) -> dict[str, object]:
        return {"a": self.a, "b": self.b, "f1": self.f1, "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass(frozen=True, slots=True)
class F1Summary:
    """F1 per annotator pair over all labels; mean and population SD over pairs; mean per label."""

    mean: float | None
    sd: float | None
    pairs: tuple[PairF1, ...]
    per_label: dict[str, float | None]
    """Label (or, for role links, role) → mean over pairs of that label's F1."""

    def to_json(self, group_key: str = "per_label") -> dict[str, object]:
        return {
            "mean": self.mean,
            "sd": self.sd,
            "pairs": [p.to_json() for p in self.pairs],
            group_key: dict(self.per_label),
        }


def summarize_f1(
    tallies: Sequence[PairTally], pick: Callable[[PairTally], F1Tally], keys: Sequence[str]
) -> F1Summary:
    pairs = tuple(PairF1(t.a, t.b, *pick(t).counts()) for t in tallies)
    mean, sd = mean_sd(p.f1 for p in pairs)
    per_label = {k: mean_of(f1_score(*pick(t).counts(k)) for t in tallies) for k in keys}
    return F1Summary(mean, sd, pairs, per_label)


@dataclass(frozen=True, slots=True)
class PairAttribute:
    a: str
    b: str
    n: int
    agreement: float | None
    kappa: float | None


@dataclass(frozen=True, slots=True)
class AttributeAgreement:
    """One attribute, over exactly matched span pairs where at least one side set it."""

    name: str
    agreement: float | None
    kappa: float | None
    pairs: tuple[PairAttribute, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "agreement": self.agreement,
            "kappa": self.kappa,
            "pairs": [
                {"a": p.a, "b": p.b, "n": p.n, "agreement": p.agreement, "kappa": p.kappa} for p in self.pairs
            ],
        }


def summarize_attributes(tallies: Sequence[PairTally]) -> dict[str, AttributeAgreement]:
    names = sorted({name for t in tallies for name in t.attributes})
    out = {}
    for name in names:
        pairs = []
        for t in tallies:
            table = t.attributes.get(name, {})
            pairs.append(
                PairAttribute(t.a, t.b, sum(table.values()), percent_agreement(table), cohen_kappa(table))
            )
        out[name] = AttributeAgreement(
            name, mean_of(p.agreement for p in pairs), mean_of(p.kappa for p in pairs), tuple(pairs)
        )
    return out


@dataclass(frozen=True, slots=True)
class ConfusionTable:
    """Rows: A's label, columns: B's label, over overlap-paired spans of any label; MISSING for no partner."""

    a: str
    b: str
    labels: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]

    def count(self, label_a: str, label_b: str) -> int:
        return self.counts[self.labels.index(label_a)][self.labels.index(label_b)]

    def to_json(self) -> dict[str, object]:
        return {
            "a": self.a,
            "b": self.b,
            "labels": list(self.labels),
            "counts": [list(r) for r in self.counts],
        }


def confusion_table(tally: PairTally, labels: Sequence[str]) -> ConfusionTable:
    table = tally.confusion()
    seen = {x for pair in table for x in pair} - {MISSING}
    axis = (*labels, *sorted(seen - set(labels)), MISSING)
    counts = tuple(tuple(table[(x, y)] for y in axis) for x in axis)
    return ConfusionTable(tally.a, tally.b, axis, counts)


@dataclass(frozen=True, slots=True)
class DocDisagreement:
    doc_id: DocId
    disagreement: float
    """1 − mean exact F1 over the annotator pairs that share the document (0 when nobody marked anything)."""
    pairs: int

    def to_json(self) -> dict[str, object]:
        return {"doc_id": self.doc_id, "disagreement": self.disagreement, "pairs": self.pairs}


def rank_documents(tallies: Tallies) -> list[DocDisagreement]:
    ranked = []
    for doc, scores in tallies.doc_f1.items():
        mean = mean_of(scores)
        ranked.append(DocDisagreement(doc, 0.0 if mean is None else 1.0 - mean, len(scores)))
    ranked.sort(key=lambda d: (-d.disagreement, d.doc_id))
    return ranked
