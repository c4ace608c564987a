"""What a reader hands to the store: documents with their spans and relations, keyed by file ids.

Drafts are not ``Span``s yet: they have no document id, and their keys are the
ids used inside the foreign file (``T3``, doccano's entity id), which relations
refer to.  The store turns them into ``Span`` and ``Relation`` in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from annotate.model import Attrs, Document, Relation, Span, Status


@dataclass(frozen=True, slots=True)
class SpanDraft:
    key: str
    start: int
    end: int
    label: str
    attributes: Attrs = ()
    provenance: Mapping[str, object] = field(default_factory=dict, compare=False, hash=False)
    event: bool | None = None
    """Whether the file says this is an event (brat: an E line, not a T line); None: the file does not say,
    and a label added from it is an event when its span heads a relation."""


@dataclass(frozen=True, slots=True)
class RelationDraft:
    head: str
    tail: str
    role: str


@dataclass(frozen=True, slots=True)
class AnnotatedDraft:
    """One document read from a file, with one layer of annotations over its stored text."""

    text: str
    source: str
    ext_id: str = ""
    title: str = ""
    meta: Mapping[str, object] = field(default_factory=dict, compare=False, hash=False)
    spans: tuple[SpanDraft, ...] = ()
    relations: tuple[RelationDraft, ...] = ()
    status: Status | None = None
    line: int | None = None
    annotator: str | None = None
    """The layer the file names for these annotations (read with ``layers=True``); None: the file names none,
    so they go to the layer the user names (or, for a Label Studio task nobody annotated, to no layer)."""


@dataclass(frozen=True, slots=True)
class LayerDoc:
    """One document and one layer of it, as every exporter receives it."""

    doc: Document
    spans: tuple[Span, ...]
    relations: tuple[Relation, ...]
    status: Status = "new"
