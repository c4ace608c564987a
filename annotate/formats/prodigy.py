"""Prodigy / spaCy JSONL: ``{"text", "spans": [{"start", "end", "label"}], "relations"?}``, both directions.

Prodigy counts code points (it is Python), so no UTF-16 reading is tried.  Rejected and ignored answers are not
training data: they are skipped and listed.  A relation names its two spans by
``head_span``/``child_span`` offsets, which are matched to the record's spans.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from annotate.formats.build import RawAnnotation, build_draft
from annotate.formats.jsonrecords import int_field, iter_records, text_field
from annotate.formats.layers import layer_name
from annotate.formats.offsetfix import CODE_POINTS, RawSpan
from annotate.formats.records import AnnotatedDraft, LayerDoc, RelationDraft
from annotate.formats.report import FormatReport
from annotate.model import Span
from annotate.textimport import ImportFileError
from annotate.tokens import split_at, tokenize

_KNOWN = {"text", "spans", "tokens", "relations", "meta", "answer", "_input_hash", "_task_hash", "_view_id"}


def _span_key(path: str, line: int, obj: Any, spans: list[RawAnnotation], by_pos: dict[tuple, str]) -> str:
    """The span a relation end names by offsets (and label, when two spans share offsets)."""
    if not isinstance(obj, dict):
        raise ImportFileError(path, "relation without head_span/child_span", line)
    s, e = (
        int_field(path, line, obj, "start", "relation span"),
        int_field(path, line, obj, "end", "relation span"),
    )
    key = by_pos.get((s, e, obj.get("label"))) or by_pos.get((s, e))
    if key is None:
        key = f"s{len(spans)}"
        spans.append(RawAnnotation(key, str(obj.get("label") or "span"), RawSpan(s, e, obj.get("text"))))
        by_pos[(s, e)] = by_pos[(s, e, obj.get("label"))] = key
    return key


def _annotator(path: str, line: int, rec: dict[str, Any]) -> str:
    """A multi-user session's annotator: ``_annotator_id``, else ``_session_id`` (older Prodigy)."""
    for key in ("_annotator_id", "_session_id"):
        if rec.get(key) is not None:
            return layer_name(path, line, rec[key], repr(key))
    raise ImportFileError(path, "record names no annotator (no '_annotator_id' or '_session_id')", line)


def read_prodigy(path: str, text: str, report: FormatReport, *, layers: bool = False) -> list[AnnotatedDraft]:
    """Accepted records as drafts; with ``layers`` each names its annotator, or the file is refused."""
    drafts: list[AnnotatedDraft] = []
    for line, rec in iter_records(path, text):
        raw = text_field(path, line, rec, "text")
        user = _annotator(path, line, rec) if layers else None
        answer = rec.get("answer", "accept")
        if answer != "accept":
            report.add(
                "note", f"{path}:{line}", f"answer {answer!r}: record skipped (only accepted ones are data)"
            )
            continue
        foreign = [k for k in ("label", "entities") if isinstance(rec.get(k), list) and rec[k]]
        if foreign and not rec.get("spans"):  # (a string 'label' is Prodigy's own, of a text category)
            raise ImportFileError(  # doccano's: read as Prodigy, its annotation would be kept as metadata
                path, f"record holds doccano's {foreign[0]!r}, not Prodigy's 'spans': --format doccano", line
            )
        spans: list[RawAnnotation] = []
        by_pos: dict[tuple, str] = {}
        for i, sp in enumerate(rec.get("spans") or []):
            if not isinstance(sp, dict) or not isinstance(sp.get("label"), str):
                raise ImportFileError(path, f"span {i} needs start, end and a string label", line)
            s, e = (
                int_field(path, line, sp, "start", f"span {i}"),
                int_field(path, line, sp, "end", f"span {i}"),
            )
            claimed = sp.get("text") if isinstance(sp.get("text"), str) else None
            key = f"s{i}"
            spans.append(RawAnnotation(key, sp["label"], RawSpan(s, e, claimed)))
            by_pos.setdefault((s, e), key)
            by_pos.setdefault((s, e, sp["label"]), key)
        rels: list[RelationDraft] = []
        for i, r in enumerate(rec.get("relations") or []):
            if not isinstance(r, dict):
                raise ImportFileError(path, f"relation {i} is not an object", line)
            head = _span_key(path, line, r.get("head_span"), spans, by_pos)
            child = _span_key(path, line, r.get("child_span"), spans, by_pos)
            rels.append(RelationDraft(head, child, str(r.get("label") or "related")))
        meta = dict(rec["meta"]) if isinstance(rec.get("meta"), dict) else {}
        meta.update({k: v for k, v in rec.items() if k not in _KNOWN and not k.startswith("_")})
        ext = meta.pop("id", "")
        d = build_draft(
            path, line, raw, spans, rels, report, known_units=CODE_POINTS, ext_id=str(ext), meta=meta
        )
        drafts.append(replace(d, annotator=user))
    if not drafts:
        raise ImportFileError(path, "no accepted records")
    return drafts


def _ref(s: Span, at: dict[str, tuple[int, int]]) -> dict[str, Any]:
    ref: dict[str, Any] = {"start": s.start, "end": s.end, "label": s.label, "text": s.text}
    if s.id in at:
        ref["token_start"], ref["token_end"] = at[s.id]
    return ref


def _relation(head: Span, child: Span, role: str, at: dict[str, tuple[int, int]]) -> dict[str, Any]:
    """A relation as Prodigy's ``rel.manual`` writes it: ``head``/``child`` are each span's last token."""
    rel: dict[str, Any] = {"head_span": _ref(head, at), "child_span": _ref(child, at), "label": role}
    if head.id in at and child.id in at:
        rel = {"head": at[head.id][1], "child": at[child.id][1], **rel}
    return rel


def _tokens(item: LayerDoc, report: FormatReport) -> tuple[list[dict[str, Any]], dict[str, tuple[int, int]]]:
    """Prodigy's ``tokens`` (``annotate.tokens``, cut at every span edge: its manual recipes refuse a span
    that is not whole tokens) and each span's first and last token, by span id.

    A cut is reported as the CoNLL export reports it under ``--clitics split`` (ب | الرقة); a span
    over no token (whitespace only) keeps its character offsets alone, reported.
    """
    text = item.doc.text
    whole = tokenize(text)
    toks = split_at(whole, {e for s in item.spans for e in (s.start, s.end)})
    name = item.doc.ext_id or str(item.doc.id)
    whole_starts = [t.start for t in whole]

    def cuts(e: int) -> bool:
        k = bisect_right(whole_starts, e) - 1
        return k >= 0 and whole[k].start < e < whole[k].end

    starts, ends = [t.start for t in toks], [t.end for t in toks]
    at: dict[str, tuple[int, int]] = {}
    for s in item.spans:
        if cuts(s.start) or cuts(s.end):
            report.add("clitic_split", name, f"{s.label} {s.text!r}: token cut at its edge")
        first, last = bisect_left(starts, s.start), bisect_right(ends, s.end) - 1
        if first > last:
            report.add(
                "note", name, f"{s.label} {s.text!r} covers no token: written without token_start/token_end"
            )
            continue
        at[s.id] = (first, last)
    tokens = [
        {
            "text": t.text,
            "start": t.start,
            "end": t.end,
            "id": i,
            "ws": t.end < len(text) and text[t.end].isspace(),
        }
        for i, t in enumerate(toks)
    ]
    return tokens, at


def to_prodigy(
    items: Sequence[LayerDoc], report: FormatReport, layer: str | None = None
) -> list[dict[str, Any]]:
    """Prodigy's shape as its manual recipes write it: ``tokens``, spans with their token range,
    relations with ``head``/``child`` (the last token of each span) and both spans; attributes are reported.

    ``layer`` goes where a multi-user session names its annotator (``_annotator_id``, and
    ``_session_id`` for older Prodigy), so that ``--annotator-from-file`` brings it back to that layer.
    """
    out: list[dict[str, Any]] = []
    for it in items:
        by_id = {s.id: s for s in it.spans}
        for s in it.spans:
            if s.attributes:
                report.dropped_attributes(it.doc.ext_id, s.label, s.text, s.attributes)
        tokens, at = _tokens(it, report)

        out.append(
            {
                "text": it.doc.text,
                "meta": {**it.doc.meta, "id": it.doc.ext_id},  # the file's own meta (a section, a source)
                "tokens": tokens,
                "spans": [_ref(s, at) for s in it.spans],
                "relations": [_relation(by_id[r.head], by_id[r.tail], r.role, at) for r in it.relations],
                "answer": "accept",
                **({} if layer is None else {"_annotator_id": layer, "_session_id": layer}),
            }
        )
    return out
