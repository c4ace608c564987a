"""Turning one foreign record into an ``AnnotatedDraft``: offsets fixed, texts checked, ids checked.

Every reader collects raw spans (file units, claimed text) and relations by the
file's own ids, then calls ``build_draft``; so the checks that keep a drifted
offset out of the project are written once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from annotate.formats.offsetfix import NewlineMap, RawSpan, canonical_text, resolve_units
from annotate.formats.records import AnnotatedDraft, RelationDraft, SpanDraft
from annotate.formats.report import FormatReport
from annotate.model import Attrs, Status
from annotate.textimport import ImportFileError, title_of


@dataclass(frozen=True, slots=True)
class RawAnnotation:
    key: str
    label: str
    span: RawSpan
    attributes: Attrs = ()


def _first_mismatch(raw_text: str, items: Sequence[RawAnnotation]) -> str:
    for it in items:
        s, e = it.span.start, it.span.end
        if not 0 <= s < e <= len(raw_text):
            return f"span {it.key} ({it.label}) {s}..{e} is outside the text of length {len(raw_text)}"
        if it.span.claimed is not None and canonical_text(raw_text[s:e]) != canonical_text(it.span.claimed):
            return (
                f"span {it.key} ({it.label}) {s}..{e} says {it.span.claimed!r}"
                f" but the text there is {raw_text[s:e]!r}"
            )
    return "span offsets do not fit the text"


def build_draft(
    path: str,
    line: int | None,
    raw_text: str,
    items: Sequence[RawAnnotation],
    relations: Sequence[RelationDraft],
    report: FormatReport,
    *,
    utf16_default: bool = False,
    known_code_points: bool = False,
    ext_id: str = "",
    title: str = "",
    meta: Mapping[str, object] | None = None,
    status: Status | None = None,
) -> AnnotatedDraft:
    """Check and convert one document's annotations; raise ImportFileError (path, line) on any problem."""
    if not raw_text.strip():
        raise ImportFileError(path, "empty text", line)
    try:
        if known_code_points:
            pairs, was_utf16 = resolve_units(raw_text, [it.span for it in items], False, cp_only=True)
        else:
            pairs, was_utf16 = resolve_units(raw_text, [it.span for it in items], utf16_default)
    except ValueError as exc:
        raise ImportFileError(path, _first_mismatch(raw_text, items), line) from exc
    nl = NewlineMap(raw_text)
    doc_name = ext_id or f"{path}:{line}" if line else ext_id or path
    if was_utf16:
        report.add("offsets_utf16", doc_name, f"{len(items)} span offset(s) converted from UTF-16 units")
    spans: list[SpanDraft] = []
    keys: set[str] = set()
    for it, (s, e) in zip(items, pairs, strict=True):
        if it.key in keys:
            raise ImportFileError(path, f"span id {it.key!r} is used twice in one document", line)
        keys.add(it.key)
        ns, ne = nl(s), nl(e)
        if ne <= ns:
            raise ImportFileError(path, f"span {it.key} ({it.label}) {s}..{e} covers only a line break", line)
        spans.append(SpanDraft(it.key, ns, ne, it.label, it.attributes))
    for r in relations:
        for end in (r.head, r.tail):
            if end not in keys:
                raise ImportFileError(
                    path, f"relation {r.role!r} points at {end!r}, which is not a span here", line
                )
    return AnnotatedDraft(
        text=nl.text,
        source=f"{path}:{line}" if line else path,
        ext_id=ext_id,
        title=title.strip() or title_of(nl.text),
        meta=dict(meta or {}),
        spans=tuple(spans),
        relations=tuple(relations),
        status=status,
        line=line,
    )
