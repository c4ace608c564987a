"""Our JSONL exchange format: one line per document and layer, full fidelity.

``{"id", "title", "text", "annotator", "status", "meta", "spans": [{"id", "start", "end",
"label", "text", "attributes"}], "relations": [{"id", "head", "tail", "label"}]}``
Spans of the gold layer also carry ``"provenance"`` (``proposed_by``, ``decided_by``,
``decided_at``, ``from_span_ids``, ``decision``; ``{}`` for a span drawn directly in gold):
who stands behind a training example must survive the export.
Offsets are code points.  Every span's text is checked against ``text[start:end]``
before a line is produced, so a drifted offset can never reach a training set.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotate.model import Document, Relation, Span, Status


class ExportCheckError(ValueError):
    """A span whose snapshot disagrees with the document: the export is refused whole."""


def document_line(
    doc: Document,
    spans: Sequence[Span],
    relations: Sequence[Relation],
    annotator: str,
    status: Status,
    *,
    provenance: bool = False,
) -> dict[str, Any]:
    """One record; ``provenance`` adds each span's provenance (the export asks for it on the gold layer)."""
    out_spans = []
    for s in sorted(spans, key=lambda s: (s.start, -s.end, s.id)):
        if doc.text[s.start : s.end] != s.text:
            raise ExportCheckError(
                f"document {doc.ext_id} (id {doc.id}): span {s.id} {s.start}..{s.end} says {s.text!r}"
                f" but the text there is {doc.text[s.start : s.end]!r}"
            )
        item: dict[str, Any] = {
            "id": s.id,
            "start": s.start,
            "end": s.end,
            "label": s.label,
            "text": s.text,
            "attributes": dict(s.attributes),
        }
        if provenance:
            item["provenance"] = dict(s.provenance)
        out_spans.append(item)
    ids = {s.id for s in spans}
    out_rel = []
    for r in relations:
        if r.head not in ids or r.tail not in ids:
            raise ExportCheckError(
                f"document {doc.ext_id}: relation {r.id} points at a span outside this layer"
            )
        out_rel.append({"id": r.id, "head": r.head, "tail": r.tail, "label": r.role})
    return {
        "id": doc.ext_id,
        "title": doc.title,
        "text": doc.text,
        "annotator": annotator,
        "status": status,
        "meta": dict(doc.meta),
        "spans": out_spans,
        "relations": out_rel,
    }
