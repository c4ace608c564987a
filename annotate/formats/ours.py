"""Reading back our own JSONL export (``annotate.jsonl``): spans with ids and attributes, relations, status.

Span ids are the file's keys only: the store gives every imported span a new
id, so importing a file twice (or into another layer) cannot collide.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from annotate.formats.build import RawAnnotation, build_draft
from annotate.formats.jsonrecords import each_record, int_field, record_id, text_field
from annotate.formats.layers import layer_name
from annotate.formats.offsetfix import CODE_POINTS, RawSpan
from annotate.formats.records import AnnotatedDraft, RelationDraft
from annotate.formats.report import FormatReport
from annotate.model import STATUSES, attrs
from annotate.textimport import ImportFileError


def _span(path: str, line: int, i: int, sp: Any) -> RawAnnotation:
    if not isinstance(sp, dict) or not isinstance(sp.get("label"), str):
        raise ImportFileError(path, f"span {i} needs id, start, end and a string label", line)
    what = f"span {sp.get('id', i)}"
    s, e = int_field(path, line, sp, "start", what), int_field(path, line, sp, "end", what)
    a = sp.get("attributes") or {}
    if not isinstance(a, dict):
        raise ImportFileError(path, f"{what}: attributes must be an object", line)
    claimed = sp.get("text") if isinstance(sp.get("text"), str) else None
    prov = sp.get("provenance") or {}
    if not isinstance(prov, dict):
        raise ImportFileError(path, f"{what}: provenance must be an object", line)
    return RawAnnotation(str(sp.get("id", i)), sp["label"], RawSpan(s, e, claimed), attrs(a), prov)


def read_ours(path: str, text: str, report: FormatReport, *, layers: bool = False) -> list[AnnotatedDraft]:
    """Our records as drafts; with ``layers`` each goes to the layer its ``annotator`` field names."""

    def one(line: int, rec: dict[str, Any]) -> AnnotatedDraft:
        raw = text_field(path, line, rec, "text")
        user = layer_name(path, line, rec.get("annotator"), "'annotator'") if layers else None
        spans = [_span(path, line, i, sp) for i, sp in enumerate(rec.get("spans") or [])]
        rels: list[RelationDraft] = []
        for i, r in enumerate(rec.get("relations") or []):
            if not isinstance(r, dict) or not isinstance(r.get("label", r.get("role")), str):
                raise ImportFileError(path, f"relation {i} needs head, tail and a string label", line)
            rels.append(RelationDraft(str(r.get("head")), str(r.get("tail")), r.get("label", r.get("role"))))
        status = rec.get("status")
        if status is not None and status not in STATUSES:
            raise ImportFileError(path, f"status {status!r} is not one of {', '.join(STATUSES)}", line)
        meta = rec.get("meta") if isinstance(rec.get("meta"), dict) else {}
        title = rec.get("title") if isinstance(rec.get("title"), str) else ""
        d = build_draft(
            path, line, raw, spans, rels, report, known_units=CODE_POINTS,
            ext_id=record_id(rec), title=title, meta=meta, status=status,
        )  # fmt: skip
        return replace(d, annotator=user)

    return each_record(path, text, one)
