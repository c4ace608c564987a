"""doccano JSONL: sequence labeling (``label: [[start, end, label]]``) and relation extraction
(``entities`` with ids, ``relations`` with ``from_id``/``to_id``/``type``), both directions.

doccano's web editor counts offsets in JavaScript over the text the browser
shows: UTF-16 units (an emoji is two), and a CRLF line break as one character.
Files converted by scripts count code points and both characters of a CRLF;
a project set to "count grapheme clusters as one character" counts a letter
with its harakat as one.
``build_draft`` tells them apart per document (doccano's own way wins a tie) and
reports the conversion.  We write what doccano's editor shows, UTF-16 units, and
say so in ``offset_unit`` so that our reader need not guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotate.formats.build import RawAnnotation, build_draft
from annotate.formats.jsonrecords import each_record, int_field, record_id, text_field
from annotate.formats.offsetfix import (
    DECLARED_UNIT,
    OffsetUnit,
    RawSpan,
    Units,
    declared_units,
    exported_offsets,
)
from annotate.formats.records import AnnotatedDraft, LayerDoc, RelationDraft
from annotate.formats.report import FormatReport
from annotate.textimport import ImportFileError

_KNOWN = {
    "text",
    "column_data",
    "label",
    "column_label",
    "entities",
    "relations",
    "id",
    "meta",
    "offset_unit",
}
BROWSER = Units(utf16=True, crlf_one=True)
_SPAN_SHAPES = ("entities", "label", "column_label")
"""The fields that can hold a record's spans; an empty one (a tool's placeholder) holds none and is no shape."""


def _from_label_list(path: str, line: int, items: Any) -> list[RawAnnotation]:
    out: list[RawAnnotation] = []
    if not isinstance(items, list):
        raise ImportFileError(path, "'label' must be a list of [start, end, label]", line)
    for i, item in enumerate(items):
        if isinstance(item, str):
            raise ImportFileError(
                path,
                "'label' holds document categories, not spans (text classification is not imported)",
                line,
            )
        if not (isinstance(item, list) and len(item) == 3):
            raise ImportFileError(path, f"label item {i} is {item!r}; expected [start, end, label]", line)
        for name, v in zip(("start", "end"), item[:2], strict=True):
            if isinstance(v, bool) or not isinstance(v, int):  # JSON true is a Python int: offset 1
                raise ImportFileError(path, f"label item {i}: {name!r} must be an integer, got {v!r}", line)
        out.append(RawAnnotation(f"L{i}", str(item[2]), RawSpan(item[0], item[1])))
    return out


def _from_entities(
    path: str, line: int, rec: dict[str, Any]
) -> tuple[list[RawAnnotation], list[RelationDraft]]:
    spans: list[RawAnnotation] = []
    for i, ent in enumerate(rec.get("entities") or []):
        if not isinstance(ent, dict):
            raise ImportFileError(path, f"entity {i} is not an object", line)
        what = f"entity {ent.get('id', i)}"
        s = int_field(path, line, ent, "start_offset", what)
        e = int_field(path, line, ent, "end_offset", what)
        if not isinstance(ent.get("label"), str):
            raise ImportFileError(path, f"{what}: no string 'label'", line)
        spans.append(RawAnnotation(str(ent.get("id", i)), ent["label"], RawSpan(s, e)))
    rels: list[RelationDraft] = []
    for i, r in enumerate(rec.get("relations") or []):
        if (
            not isinstance(r, dict)
            or "from_id" not in r
            or "to_id" not in r
            or not isinstance(r.get("type"), str)
        ):
            raise ImportFileError(path, f"relation {i} needs from_id, to_id and a string type", line)
        rels.append(RelationDraft(str(r["from_id"]), str(r["to_id"]), r["type"]))
    return spans, rels


def read_doccano(
    path: str, text: str, report: FormatReport, *, unit: OffsetUnit | None = None
) -> list[AnnotatedDraft]:
    """Every record as a draft; ``unit`` is what the user says the offsets count (a record's own
    ``offset_unit`` wins)."""

    def one(line: int, rec: dict[str, Any]) -> AnnotatedDraft:
        raw = text_field(path, line, rec, "text", "column_data")
        # relations belong to the entities shape: with a 'label' list they would be dropped
        shapes = [k for k in _SPAN_SHAPES if rec.get(k) or (k == "entities" and rec.get("relations"))]
        if len(shapes) > 1:  # keeping one would drop the other's spans; keeping both may count them twice
            raise ImportFileError(
                path,
                f"record has spans in both {shapes[0]!r} and {shapes[1]!r}: which holds its annotation is"
                " ambiguous; keep one",
                line,
            )
        if not shapes and rec.get("spans"):  # Prodigy's: read as doccano, its annotation would be dropped
            raise ImportFileError(
                path,
                "record holds Prodigy's 'spans', not doccano's 'label' or 'entities': --format prodigy",
                line,
            )
        shape = shapes[0] if shapes else "entities" if "entities" in rec else "label"
        if shape == "entities":
            spans, rels = _from_entities(path, line, rec)
        else:
            spans, rels = _from_label_list(path, line, rec.get(shape, [])), []
        meta = dict(rec["meta"]) if isinstance(rec.get("meta"), dict) else {}
        meta.update({k: v for k, v in rec.items() if k not in _KNOWN})
        try:
            known = declared_units(rec.get("offset_unit"))
        except ValueError as exc:
            raise ImportFileError(path, str(exc), line) from exc
        return build_draft(
            path,
            line,
            raw,
            spans,
            rels,
            report,
            habit=BROWSER,
            known_units=known,
            unit=unit,
            ext_id=record_id(rec),
            meta=meta,
            keep_unit=True,
        )

    return each_record(path, text, one)


def to_doccano(items: Sequence[LayerDoc], report: FormatReport) -> list[dict[str, Any]]:
    """The relation-extraction shape (it holds both spans and relations); attributes are reported.

    Offsets count what the doccano file a document came from counted (``OFFSETS_META``), so its
    own offsets come back; any other document counts UTF-16 units, as doccano's editor does (in
    code points every span after an emoji would show shifted there).  ``offset_unit`` (kept by
    doccano as metadata) tells our reader not to guess; other tools ignore it.  Our stored text
    has no CR, so no CRLF question arises.
    """
    out: list[dict[str, Any]] = []
    for it in items:
        ids = {s.id: n for n, s in enumerate(it.spans)}
        unit, edges = exported_offsets(it, report)
        for s in it.spans:
            if s.attributes:
                report.dropped_attributes(it.doc.ext_id, s.label, s.text, s.attributes)
        out.append(
            {
                # the document's metadata as doccano keeps a record's other fields: beside its own
                **{k: v for k, v in it.doc.meta.items() if k not in _KNOWN},
                "id": it.doc.ext_id,
                "text": it.doc.text,
                "offset_unit": DECLARED_UNIT[unit],
                "entities": [
                    {"id": ids[s.id], "start_offset": a, "end_offset": b, "label": s.label}
                    for s, (a, b) in zip(it.spans, edges, strict=True)
                ],
                "relations": [
                    {"id": n, "from_id": ids[r.head], "to_id": ids[r.tail], "type": r.role}
                    for n, r in enumerate(it.relations)
                ],
            }
        )
    return out
