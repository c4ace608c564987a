"""Feeding the agreement figures (annotate.agreement) from a project file.

Spans and relations come out of one ordered query each; tokens are made from
a document's text only when a figure asks for them, through a mapping that
reads and tokenizes on access and keeps a few recent documents, so a corpus of
100,000 texts is never held in memory at once.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from annotate.agreement import AgreementReport, agreement_report, collector_paused
from annotate.agreement_tokens import TextTokens
from annotate.model import GOLD, DocId, Relation, RelationId, Span, SpanId, attrs
from store.errors import ProjectError
from store.project import Project

NO_ATTRIBUTES = "{}"
"""How a span without attributes is stored: most spans, so decoding it is skipped (290,000 json.loads)."""


class LazyTokens(Mapping[DocId, Sequence[tuple[int, int]]]):
    """Token offsets of the given documents, tokenized from the stored text when first asked for.

    The figures walk documents in id order, so a miss reads the texts of the
    next ``ahead`` documents in one query (one query per document cost 10,000
    round trips); only those texts and the ``keep`` most recent token lists
    stay in memory.
    """

    def __init__(self, project: Project, doc_ids: Sequence[DocId], keep: int = 64, ahead: int = 256) -> None:
        self._project = project
        self._ids = list(doc_ids)
        self._pos = {d: i for i, d in enumerate(self._ids)}
        self._cache: OrderedDict[DocId, TextTokens] = OrderedDict()
        self._keep = keep
        self._ahead = max(ahead, 1)
        self._texts: dict[DocId, str] = {}

    def __getitem__(self, doc_id: DocId) -> TextTokens:
        pos = self._pos.get(doc_id)
        if pos is None:
            raise KeyError(doc_id)
        hit = self._cache.get(doc_id)
        if hit is not None:
            self._cache.move_to_end(doc_id)
            return hit
        text = self._texts.get(doc_id)
        if text is None:
            self._read_from(pos)
            text = self._texts[doc_id]  # KeyError: deleted since the spans were read
        offsets = TextTokens(text)  # == tokenize(text)'s offsets; tagging lists only those near spans
        self._cache[doc_id] = offsets
        if len(self._cache) > self._keep:
            self._cache.popitem(last=False)
        return offsets

    def _read_from(self, pos: int) -> None:
        ids = self._ids[pos : pos + self._ahead]
        q = f"SELECT id, text FROM documents WHERE id IN ({_in(ids)})"
        self._texts = {DocId(d): t for d, t in self._project.conn.execute(q, ids)}

    def __iter__(self) -> Iterator[DocId]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


@dataclass(frozen=True, slots=True)
class AgreementInput:
    spans: list[Span]
    relations: list[Relation]
    tokens_by_doc: LazyTokens
    docs_per_annotator: dict[str, list[DocId]]
    annotators: list[str]


def _in(names: Sequence[str]) -> str:
    return ",".join("?" * len(names))


def compared_annotators(project: Project) -> list[str]:
    """Everyone with spans or a status, except the gold layer (it is not an independent opinion)."""
    rows = project.conn.execute(
        "SELECT annotator FROM spans UNION SELECT annotator FROM doc_status ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows if r[0] != GOLD]


def docs_per_annotator(
    project: Project, annotators: Sequence[str], only_done: bool
) -> dict[str, list[DocId]]:
    """The documents each annotator annotated: marked done, or (unless ``only_done``) with spans or in progress.

    An annotator is compared with another only on documents both annotated; a
    document they never opened is missing for them, not "no spans".
    """
    out: dict[str, set[DocId]] = {a: set() for a in annotators}
    if not annotators:
        return {}
    q = f"SELECT annotator, doc_id FROM doc_status WHERE annotator IN ({_in(annotators)})"
    q += " AND status = 'done'" if only_done else " AND status != 'new'"
    for a, d in project.conn.execute(q, list(annotators)):
        out[a].add(DocId(d))
    if not only_done:
        q = f"SELECT DISTINCT annotator, doc_id FROM spans WHERE annotator IN ({_in(annotators)})"
        for a, d in project.conn.execute(q, list(annotators)):
            out[a].add(DocId(d))
    return {a: sorted(ds) for a, ds in out.items()}


def _check_names(project: Project, names: Sequence[str], labels: Sequence[str] | None) -> None:
    """Refuse an annotator or label the project does not have, and the gold layer: a typo would give a
    report of empty figures that reads as "no agreement", and gold is not an independent opinion."""
    if GOLD in names:
        raise ProjectError(
            f"{project.path}: the gold layer is not compared (it adjudicates the others); leave out {GOLD!r}"
        )
    # Every layer and status names a row of annotators (their foreign key): no scan of the spans.
    known = [r[0] for r in project.conn.execute("SELECT name FROM annotators ORDER BY name")]
    if missing := [n for n in names if n not in known]:
        raise ProjectError(
            f"{project.path}: no annotator named {', '.join(map(repr, missing))}"
            f" (annotators: {', '.join(n for n in known if n != GOLD) or 'none'})"
        )
    have = {lab.key for lab in project.schema().labels}
    if labels and not have.issuperset(labels):  # the spans' own labels (a scan) only for a name not in it
        have |= {r[0] for r in project.conn.execute("SELECT DISTINCT label FROM spans")}
        if missing := [lab for lab in labels if lab not in have]:
            raise ProjectError(
                f"{project.path}: no label {', '.join(map(repr, missing))} in the schema or the spans"
                f" (labels: {', '.join(sorted(have))})"
            )


def load_agreement_input(
    project: Project,
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    only_done: bool = False,
) -> AgreementInput:
    names = list(annotators) if annotators else compared_annotators(project)
    _check_names(project, names if annotators else [], labels)
    covered = docs_per_annotator(project, names, only_done)
    wanted = {d for ds in covered.values() for d in ds}
    spans: list[Span] = []
    if names:
        q = (
            'SELECT id, doc_id, annotator, start, "end", label, text, attributes FROM spans'
            f" WHERE annotator IN ({_in(names)})"
        )
        args: list[object] = list(names)
        if labels:
            q += f" AND label IN ({_in(labels)})"
            args += list(labels)
        # No ORDER BY: the agreement code orders each layer itself, and a sort of 300,000 rows in SQLite
        # (whichever index the planner picks) cost a third of the read.
        for sid, d, a, s, e, lab, text, raw in project.conn.execute(q, args):
            if d in wanted:
                at = () if raw == NO_ATTRIBUTES else attrs(json.loads(raw))
                spans.append(Span(SpanId(sid), DocId(d), a, s, e, lab, text, at))
    relations: list[Relation] = []
    if names:
        q = f"SELECT id, doc_id, annotator, head, tail, role, created_at FROM relations WHERE annotator IN ({_in(names)})"
        for rid, d, a, h, t, role, at in project.conn.execute(q + " ORDER BY doc_id", names):
            if d in wanted:
                relations.append(Relation(RelationId(rid), DocId(d), a, SpanId(h), SpanId(t), role, at))
    tokens = LazyTokens(project, sorted(wanted))
    return AgreementInput(spans, relations, tokens, covered, names)


def project_agreement(
    project: Project,
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    only_done: bool = False,
) -> AgreementReport:
    """All agreement figures of a project (see annotate.agreement for what each means)."""
    with collector_paused():
        data = load_agreement_input(project, annotators, labels, only_done)
    return agreement_report(
        data.spans,
        data.relations,
        data.tokens_by_doc,
        annotators=data.annotators,
        labels=list(labels) if labels else None,
        docs_per_annotator=data.docs_per_annotator,
    )
