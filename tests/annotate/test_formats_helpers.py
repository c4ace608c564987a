"""Shared helpers of the format tests: fixture paths and a LayerDoc built from words of our own text."""

from __future__ import annotations

from pathlib import Path

from annotate.formats.records import LayerDoc
from annotate.model import DocId, Document, Relation, RelationId, Span, make_span
from annotate.textimport import sha256_text

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "formats"
if not SHARED.exists():
    SHARED = Path("/work/shared/formats")


def document(text: str, doc_id: int = 1, ext_id: str = "doc") -> Document:
    return Document(DocId(doc_id), ext_id, text[:20], text, "test", sha256_text(text))


def span_at(doc: Document, word: str, label: str, after: int = 0, **attributes: str) -> Span:
    start = doc.text.index(word, after)
    return make_span(doc, "amal", start, start + len(word), label, attributes or None)


def relation(head: Span, tail: Span, role: str) -> Relation:
    return Relation(RelationId(f"{head.id}>{tail.id}"), head.doc_id, "amal", head.id, tail.id, role)


def layer(doc: Document, spans: list[Span], relations: list[Relation] | None = None) -> LayerDoc:
    return LayerDoc(doc, tuple(sorted(spans, key=lambda s: (s.start, -s.end))), tuple(relations or ()))
