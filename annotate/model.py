"""Domain records: small frozen values that every other module passes around.

They carry no behaviour that needs a database or a widget, so agreement, import
and export can be pure functions over them and be tested without either.
Offsets are Python code points, always; conversion to UTF-16 lives in
``annotate.offsets`` and is used only at the Qt boundary.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Literal, NewType

DocId = NewType("DocId", int)
SpanId = NewType("SpanId", str)
RelationId = NewType("RelationId", str)

GOLD = "gold"
"""Name of the adjudicated layer; it is stored like any annotator's layer."""

AnnotatorRole = Literal["annotator", "reviewer", "gold"]
Status = Literal["new", "in_progress", "done"]
STATUSES: tuple[Status, ...] = ("new", "in_progress", "done")

Attrs = tuple[tuple[str, str], ...]
"""Attribute values as sorted pairs, so that spans stay hashable and comparable."""


def now() -> str:
    """UTC timestamp with microseconds: sortable text, the same in every table."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def new_span_id() -> SpanId:
    return SpanId(str(uuid.uuid4()))


def new_relation_id() -> RelationId:
    return RelationId(str(uuid.uuid4()))


def attrs(values: Mapping[str, str] | None = None) -> Attrs:
    """Freeze an attribute mapping into the canonical sorted tuple."""
    if not values:
        return ()
    return tuple(sorted((str(k), str(v)) for k, v in values.items()))


@dataclass(frozen=True, slots=True)
class Document:
    id: DocId
    ext_id: str
    title: str
    text: str
    source: str
    sha256: str
    meta: Mapping[str, object] = field(default_factory=dict, compare=False, hash=False)
    imported_at: str = ""


@dataclass(frozen=True, slots=True)
class DocumentDraft:
    """A document read from a file but not yet stored (it has no id yet)."""

    text: str
    title: str
    source: str
    sha256: str
    ext_id: str = ""
    meta: Mapping[str, object] = field(default_factory=dict, compare=False, hash=False)
    encoding: str = "utf-8"


@dataclass(frozen=True, slots=True)
class DocSummary:
    """One row of the document list: what the list shows without loading text."""

    id: DocId
    ext_id: str
    title: str
    status: Status
    span_count: int


@dataclass(frozen=True, slots=True)
class Annotator:
    name: str
    role: AnnotatorRole = "annotator"


@dataclass(frozen=True, slots=True)
class Span:
    id: SpanId
    doc_id: DocId
    annotator: str
    start: int
    end: int
    label: str
    text: str
    attributes: Attrs = ()
    created_at: str = ""
    updated_at: str = ""
    provenance: Mapping[str, object] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"span {self.id}: need 0 <= start < end, got {self.start}..{self.end}")
        if len(self.text) != self.end - self.start:
            raise ValueError(f"span {self.id}: text length {len(self.text)} != {self.end - self.start}")

    @property
    def attrs(self) -> dict[str, str]:
        return dict(self.attributes)

    def with_(self, **changes: object) -> Span:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Relation:
    id: RelationId
    doc_id: DocId
    annotator: str
    head: SpanId
    tail: SpanId
    role: str
    created_at: str = ""


def make_span(
    doc: Document,
    annotator: str,
    start: int,
    end: int,
    label: str,
    attributes: Mapping[str, str] | None = None,
    span_id: SpanId | None = None,
) -> Span:
    """Build a span over ``doc`` whose text snapshot is taken from the stored text."""
    if not 0 <= start < end <= len(doc.text):
        raise ValueError(f"span {start}..{end} is outside document {doc.id} of length {len(doc.text)}")
    stamp = now()
    return Span(
        id=span_id or new_span_id(),
        doc_id=doc.id,
        annotator=annotator,
        start=start,
        end=end,
        label=label,
        text=doc.text[start:end],
        attributes=attrs(attributes),
        created_at=stamp,
        updated_at=stamp,
    )
