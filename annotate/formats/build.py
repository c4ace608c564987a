"""Turning one foreign record into an ``AnnotatedDraft``: offsets fixed, texts checked, ids checked.

Every reader collects raw spans (file units, claimed text) and relations by the
file's own ids, then calls ``build_draft``; so the checks that keep a drifted
offset out of the project are written once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from annotate.formats.offsetfix import (
    CODE_POINTS,
    GRAPHEMES,
    OFFSETS_META,
    NewlineMap,
    OffsetUnit,
    RawSpan,
    Units,
    canonical_text,
    read_as,
    resolve_units,
    unit_name,
)
from annotate.formats.records import AnnotatedDraft, RelationDraft, SpanDraft
from annotate.formats.report import FormatReport
from annotate.model import Attrs, Status
from annotate.offsets import OffsetMap
from annotate.textimport import ImportFileError, title_of


@dataclass(frozen=True, slots=True)
class RawAnnotation:
    key: str
    label: str
    span: RawSpan
    attributes: Attrs = ()
    provenance: Mapping[str, object] = field(default_factory=dict, compare=False, hash=False)
    """How a gold span was decided (our JSONL of a gold layer): kept, so a round trip loses none of it."""
    event: bool | None = None
    """Whether the file says this is an event (brat's E lines against its T lines); None: it does not say."""


_READING = {
    Units(): "code points",
    Units(utf16=True): "UTF-16 units",
    Units(crlf_one=True): "code points with a CRLF as one character",
    Units(utf16=True, crlf_one=True): "UTF-16 units with a CRLF as one character",
    Units(graphemes=True): "grapheme clusters",
}


_STATED = {"codepoints": CODE_POINTS, "utf16": Units(utf16=True), "graphemes": GRAPHEMES}


def _first_mismatch(raw_text: str, items: Sequence[RawAnnotation], habit: Units) -> str:
    """The first span that does not fit, shown in the tool's own reading (UTF-16 for Label Studio)."""
    pairs = read_as(raw_text, [it.span for it in items], habit) or [
        (it.span.start, it.span.end) for it in items
    ]
    for it, (s, e) in zip(items, pairs, strict=True):
        where = f"span {it.key} ({it.label}) {it.span.start}..{it.span.end}"
        if s >= e:
            return f"{where} is empty or reversed: a span ends after it starts"
        if not 0 <= s < e <= len(raw_text):
            return f"{where} is outside the text of length {len(raw_text)}"
        if it.span.claimed is not None and canonical_text(raw_text[s:e]) != canonical_text(it.span.claimed):
            return f"{where} says {it.span.claimed!r} but the text there is {raw_text[s:e]!r}"
    return "span offsets fit the text in no reading (code points or UTF-16 units, a CRLF as two or one)"


def _kept_unit(raw_text: str, found: Units, habit: Units) -> OffsetUnit:
    """What a document's offsets counted, as its export should count them: without a character beyond
    the BMP, code points and UTF-16 units are the same numbers, and the tool's habit names them."""
    if found.graphemes or not OffsetMap(raw_text).identity:
        return unit_name(found)
    return unit_name(habit)


def build_draft(
    path: str,
    line: int | None,
    raw_text: str,
    items: Sequence[RawAnnotation],
    relations: Sequence[RelationDraft],
    report: FormatReport,
    *,
    habit: Units = CODE_POINTS,
    known_units: Units | None = None,
    unit: OffsetUnit | None = None,
    ext_id: str = "",
    title: str = "",
    meta: Mapping[str, object] | None = None,
    status: Status | None = None,
    keep_unit: bool = False,
) -> AnnotatedDraft:
    """Check and convert one document's annotations; raise ImportFileError (path, line) on any problem.

    ``habit`` is how the tool usually counts (it breaks ties between readings);
    ``known_units`` is the file's own word for it (``CODE_POINTS`` for brat, Prodigy and ours);
    ``unit`` is the user's (``import --offsets``), for a file that does not say;
    ``keep_unit`` records the unit found in the metadata (``OFFSETS_META``), for a format whose
    files count in more than one way (doccano, Label Studio), so that its export counts the same way.
    """
    if not raw_text.strip():
        raise ImportFileError(path, "empty text", line)
    try:
        found = resolve_units(raw_text, [it.span for it in items], habit, known=known_units, unit=unit)
    except ValueError as exc:
        shown = known_units or (_STATED[unit] if unit else habit)
        why = _first_mismatch(raw_text, items, shown)
        if unit and known_units is None:
            why += f" (offsets read as {_READING[shown]}, as --offsets {unit} says)"
        raise ImportFileError(path, why, line) from exc
    pairs = found.pairs
    nl = NewlineMap(raw_text)
    doc_name = ext_id or f"{path}:{line}" if line else ext_id or path
    # Only spans the conversion moved are news: a file in UTF-16 units with no emoji before a span (our
    # own doccano export, say) reads the same either way, and "0 converted" lines said otherwise.
    n = sum((it.span.start, it.span.end) != tuple(pair) for it, pair in zip(items, pairs, strict=True))
    if n and found.units.utf16:
        report.add("offsets_utf16", doc_name, f"{n} span offset(s) converted from UTF-16 units")
    if n and found.units.crlf_one:
        report.add("offsets_crlf", doc_name, f"{n} span offset(s) counted a CRLF as one character")
    if n and found.units.graphemes:
        report.add("offsets_graphemes", doc_name, f"{n} span offset(s) counted grapheme clusters")
    if found.guessed:
        report.add(
            "offsets_guessed",
            doc_name,
            f"read as {_READING[found.units]}: no span text told the readings apart;"
            " chosen by where the span edges fall, then the tool's habit",
        )
    spans: list[SpanDraft] = []
    keys: set[str] = set()
    for it, (s, e) in zip(items, pairs, strict=True):
        if it.key in keys:
            raise ImportFileError(path, f"span id {it.key!r} is used twice in one document", line)
        keys.add(it.key)
        ns, ne = nl(s), nl(e)
        if ne <= ns:
            raise ImportFileError(path, f"span {it.key} ({it.label}) {s}..{e} covers only a line break", line)
        spans.append(SpanDraft(it.key, ns, ne, it.label, it.attributes, it.provenance, it.event))
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
        meta={**(meta or {}), OFFSETS_META: _kept_unit(raw_text, found.units, habit)}
        if keep_unit
        else dict(meta or {}),
        spans=tuple(spans),
        relations=tuple(relations),
        status=status,
        line=line,
    )
