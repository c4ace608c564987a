"""Plain-dict forms of spans, relations and statuses.

One serialisation serves the change log, merge and our JSONL format, so a
record written by one is always readable by the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from annotate.commands import Record, StatusRecord
from annotate.model import DocId, Relation, RelationId, Span, SpanId, attrs


def span_to_dict(s: Span) -> dict[str, Any]:
    return {
        "id": s.id,
        "doc_id": s.doc_id,
        "annotator": s.annotator,
        "start": s.start,
        "end": s.end,
        "label": s.label,
        "text": s.text,
        "attributes": dict(s.attributes),
        "created_at": s.created_at,
        "updated_at": s.updated_at,
        "provenance": dict(s.provenance),
    }


def span_from_dict(d: Mapping[str, Any]) -> Span:
    return Span(
        id=SpanId(str(d["id"])),
        doc_id=DocId(int(d["doc_id"])),
        annotator=str(d["annotator"]),
        start=int(d["start"]),
        end=int(d["end"]),
        label=str(d["label"]),
        text=str(d["text"]),
        attributes=attrs(d.get("attributes") or {}),
        created_at=str(d.get("created_at") or ""),
        updated_at=str(d.get("updated_at") or ""),
        provenance=dict(d.get("provenance") or {}),
    )


def relation_to_dict(r: Relation) -> dict[str, Any]:
    return {
        "id": r.id,
        "doc_id": r.doc_id,
        "annotator": r.annotator,
        "head": r.head,
        "tail": r.tail,
        "role": r.role,
        "created_at": r.created_at,
    }


def relation_from_dict(d: Mapping[str, Any]) -> Relation:
    return Relation(
        id=RelationId(str(d["id"])),
        doc_id=DocId(int(d["doc_id"])),
        annotator=str(d["annotator"]),
        head=SpanId(str(d["head"])),
        tail=SpanId(str(d["tail"])),
        role=str(d["role"]),
        created_at=str(d.get("created_at") or ""),
    )


def status_to_dict(s: StatusRecord) -> dict[str, Any]:
    return {"doc_id": s.doc_id, "annotator": s.annotator, "status": s.status}


def status_from_dict(d: Mapping[str, Any]) -> StatusRecord:
    return StatusRecord(DocId(int(d["doc_id"])), str(d["annotator"]), d["status"])


def record_to_dict(rec: Record) -> dict[str, Any]:
    if isinstance(rec, Span):
        return span_to_dict(rec)
    if isinstance(rec, Relation):
        return relation_to_dict(rec)
    return status_to_dict(rec)


def record_from_dict(entity: str, d: Mapping[str, Any]) -> Record:
    if entity == "span":
        return span_from_dict(d)
    if entity == "relation":
        return relation_from_dict(d)
    if entity == "status":
        return status_from_dict(d)
    raise ValueError(f"unknown entity {entity!r}")


def status_key(doc_id: int, annotator: str) -> str:
    """A status's identity in the change log: one per document and annotator."""
    return f"{doc_id}/{annotator}"


def record_key(rec: Record) -> str:
    """The identity a change-log entry is about: uuid, or document/annotator for a status."""
    if isinstance(rec, StatusRecord):
        return status_key(rec.doc_id, rec.annotator)
    return rec.id
