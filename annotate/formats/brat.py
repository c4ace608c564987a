"""brat standoff: ``.txt`` beside ``.ann`` with T (spans), E (events and their role arguments),
R (binary relations), A/M (attributes), # (notes), N (normalisations) and * (equivalences).

brat counts code points (never UTF-16 units) of the ``.txt`` as read without newline translation, so
a CRLF file's offsets count both characters; they are mapped onto the stored
LF text.  An event is one span per E line (two events on one trigger stay two),
and its arguments become relations from that span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

from annotate.formats.build import RawAnnotation, build_draft
from annotate.formats.offsetfix import CODE_POINTS, RawSpan, canonical_text
from annotate.formats.records import AnnotatedDraft, LayerDoc, RelationDraft
from annotate.formats.report import FormatReport
from annotate.model import attrs
from annotate.schema import Schema
from annotate.textimport import ImportFileError

FragmentPolicy = Literal["refuse", "join"]
_NOTE_ATTR = re.compile(r"^([a-z][a-z0-9_]*)=(.*)$", re.S)
_NUMBERED = re.compile(r"^(.*\D)\d+$")
_SAFE = re.compile(r"[^\w.-]+")


@dataclass(slots=True)
class _Ann:
    spans: dict[str, tuple[str, list[tuple[int, int]], str | None, int]] = field(default_factory=dict)
    events: dict[str, tuple[str, str, list[tuple[str, str]], int]] = field(default_factory=dict)
    rels: list[tuple[str, str, str, int]] = field(default_factory=list)
    attrs: dict[str, dict[str, str]] = field(default_factory=dict)
    attr_lines: list[tuple[str, str, int]] = field(default_factory=list)  # (target id, key, line)
    rel_ids: set[str] = field(default_factory=set)


def _parse_ann(path: str, ann: str, report: FormatReport, doc: str) -> _Ann:
    out = _Ann()
    seen: dict[str, int] = {}  # T, E and R ids: the line each was defined on
    for n, line in enumerate(ann.split("\n"), start=1):
        if not line.strip():
            continue
        parts = line.split("\t", 2)  # as brat reads it: a tab in the text after the second one is text
        aid, body = parts[0], parts[1] if len(parts) > 1 else ""
        extra = parts[2] if len(parts) > 2 else None
        fields = body.split()
        try:
            if aid in seen:  # a second T1 would replace the first one's span without a word
                raise ImportFileError(path, f"{aid} is defined twice (first on line {seen[aid]})", n)
            if aid[:1] in ("T", "E", "R"):
                seen[aid] = n
            if aid.startswith("T"):
                frags = [tuple(int(x) for x in f.split()) for f in body.split(" ", 1)[1].split(";")]
                if any(len(f) != 2 for f in frags):
                    raise ValueError
                out.spans[aid] = (fields[0], [(f[0], f[1]) for f in frags], extra, n)
            elif aid.startswith("E"):
                etype, trigger = fields[0].split(":", 1)
                args = [tuple(a.split(":", 1)) for a in fields[1:]]
                roles = {r for r, _ in args}
                named = []
                for role, target in args:
                    m = _NUMBERED.match(role)
                    named.append((m.group(1) if m and m.group(1) in roles else role, target))
                out.events[aid] = (etype, trigger, named, n)
            elif aid.startswith("R"):
                # By name, not by place: ``Arg2:T1 Arg1:T2`` is still the relation from T2 to T1.
                args = dict(a.split(":", 1) for a in fields[1:])
                if len(fields) != 3 or set(args) != {"Arg1", "Arg2"}:
                    raise ImportFileError(path, f"relation {aid} needs one Arg1 and one Arg2: {line!r}", n)
                out.rels.append((fields[0], args["Arg1"], args["Arg2"], n))
                out.rel_ids.add(aid)
            elif aid.startswith(("A", "M")):
                value = fields[2] if len(fields) > 2 else "true"
                out.attrs.setdefault(fields[1], {})[fields[0]] = value
                out.attr_lines.append((fields[1], fields[0], n))
            elif aid.startswith("#"):
                note = extra or ""
                m = _NOTE_ATTR.match(note)
                key, value = (m.group(1), m.group(2)) if m else ("note", note)
                out.attrs.setdefault(fields[1], {})[key] = value
                out.attr_lines.append((fields[1], key, n))
            elif aid.startswith("N"):
                out.attrs.setdefault(fields[1], {})["norm"] = fields[2] + (f" ({extra})" if extra else "")
                out.attr_lines.append((fields[1], "norm", n))
            elif aid.startswith("*"):
                report.add(
                    "dropped_relation", doc, f"{_name(path)}:{n}: equivalence {body!r} has no counterpart"
                )
            else:
                raise ImportFileError(path, f"unknown annotation type {aid!r}", n)
        except ImportFileError:  # already says what is wrong with the line
            raise
        except (ValueError, IndexError) as exc:
            raise ImportFileError(path, f"malformed {aid[:1] or 'empty'} line: {line!r}", n) from exc
    _check_attribute_targets(path, out, report, doc)
    return out


def _name(path: str) -> str:
    """The ``.ann`` file's name, for a report line about one of its lines (the report names the ``.txt``)."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _check_attribute_targets(path: str, out: _Ann, report: FormatReport, doc: str) -> None:
    """Attributes, notes and normalisations go on spans and events; one on a relation (which holds no
    attributes here) is reported, one on an id the file does not define is refused with its line.
    Both used to vanish without a word."""
    for target, key, n in out.attr_lines:
        if target in out.spans or target in out.events:
            continue
        if target not in out.rel_ids:
            raise ImportFileError(path, f"{key} refers to {target}, which is not defined in this file", n)
        report.add(
            "dropped_attribute",
            doc,
            f"{_name(path)}:{n}: {key} on relation {target}: relations hold no attributes",
        )
        out.attrs.pop(target, None)


def _check_offsets(
    ann_path: str, n: int, tid: str, label: str, raw_text: str, frags: list[tuple[int, int]]
) -> None:
    """Refuse fragments outside the text, empty, reversed or out of order, naming the .ann line (the
    checks of ``build_draft`` would find them too, but could not say on which line)."""
    prev = 0
    for a, b in frags:
        if a < 0 or b > len(raw_text):
            raise ImportFileError(
                ann_path, f"span {tid} ({label}) {a}..{b} is outside the text of length {len(raw_text)}", n
            )
        if a >= b or a < prev:
            raise ImportFileError(
                ann_path,
                f"span {tid} ({label}) {a}..{b} is empty, reversed or before the fragment ahead of it",
                n,
            )
        prev = b


def read_brat(
    txt_path: str,
    raw_text: str,
    ann_path: str,
    ann: str,
    report: FormatReport,
    fragments: FragmentPolicy = "refuse",
) -> AnnotatedDraft:
    """One document: ``raw_text`` is the decoded ``.txt`` before newline normalisation."""
    doc = txt_path
    parsed = _parse_ann(ann_path, ann, report, doc)
    trigger_of: dict[str, str] = {}
    for eid, (_, trig, _, n) in parsed.events.items():
        if trig not in parsed.spans:
            raise ImportFileError(ann_path, f"event {eid} has trigger {trig}, which is not a T line here", n)
        trigger_of.setdefault(trig, eid)
    items: list[RawAnnotation] = []
    offsets: dict[str, tuple[int, int, str | None]] = {}
    for tid, (label, frags, claimed, n) in parsed.spans.items():
        s, e = frags[0][0], frags[-1][1]
        _check_offsets(ann_path, n, tid, label, raw_text, frags)
        if (
            len(frags) == 1
            and claimed is not None
            and canonical_text(raw_text[s:e]) != canonical_text(claimed)
        ):
            raise ImportFileError(
                ann_path,
                f"span {tid} ({label}) {s}..{e} says {claimed!r} but the text there is {raw_text[s:e]!r}",
                n,
            )
        if len(frags) > 1:
            gaps = [raw_text[a[1] : b[0]] for a, b in pairwise(frags)]
            if any(g.strip() for g in gaps) and fragments == "refuse":
                raise ImportFileError(
                    ann_path,
                    f"{tid} is discontinuous ({len(frags)} fragments with text between them); Hashiya spans are"
                    " continuous: use --fragments join to cover them with one span, or fix the file",
                    n,
                )
            pieces = " ".join(raw_text[a:b] for a, b in frags)
            if claimed is not None and canonical_text(pieces) != canonical_text(claimed):
                raise ImportFileError(
                    ann_path, f"{tid} says {claimed!r} but its fragments read {pieces!r}", n
                )
            report.add("fragments_joined", doc, f"{tid} {label}: {len(frags)} fragments joined into {s}..{e}")
            claimed = None
        offsets[tid] = (s, e, claimed)
        if tid not in trigger_of:
            items.append(
                RawAnnotation(tid, label, RawSpan(s, e, claimed), attrs(parsed.attrs.get(tid)), event=False)
            )
    for eid, (etype, trig, _, _) in parsed.events.items():
        s, e, claimed = offsets[trig]
        a = {**parsed.attrs.get(trig, {}), **parsed.attrs.get(eid, {})}
        items.append(RawAnnotation(eid, etype, RawSpan(s, e, claimed), attrs(a), event=True))

    def key(ref: str, n: int) -> str:
        if ref in trigger_of:
            return trigger_of[ref]
        if ref in parsed.spans or ref in parsed.events:
            return ref
        raise ImportFileError(ann_path, f"refers to {ref}, which is not defined in this file", n)

    rels: list[RelationDraft] = []
    for eid, (_, _, args, n) in parsed.events.items():
        rels.extend(RelationDraft(eid, key(target, n), role) for role, target in args)
    rels.extend(RelationDraft(key(a1, n), key(a2, n), rtype) for rtype, a1, a2, n in parsed.rels)
    stem = txt_path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return build_draft(ann_path, None, raw_text, items, rels, report, known_units=CODE_POINTS, ext_id=stem)


def file_stem(item: LayerDoc) -> str:
    safe = _SAFE.sub("_", item.doc.ext_id).strip("._")[:60]
    return f"{item.doc.id}-{safe}" if safe else str(item.doc.id)


def to_brat(item: LayerDoc, schema: Schema, report: FormatReport) -> tuple[str, str]:
    """The ``.txt`` and ``.ann`` of one document; spans over line breaks become fragments."""
    text = item.doc.text
    doc = item.doc.ext_id or str(item.doc.id)
    lines: list[str] = []
    tids: dict[str, str] = {}
    eids: dict[str, str] = {}
    for n, s in enumerate(item.spans, start=1):
        tids[s.id] = f"T{n}"
        frags: list[tuple[int, int]] = []
        pos = s.start
        for piece in text[s.start : s.end].split("\n"):
            if piece:
                frags.append((pos, pos + len(piece)))
            pos += len(piece) + 1
        # Line breaks at the edges stay inside the first/last fragment: only inner ones split it.
        frags = [(s.start, s.end)] if not frags else [(s.start, frags[0][1]), *frags[1:]]
        frags[-1] = (frags[-1][0], s.end)
        if len(frags) > 1:
            report.add("newline_split", doc, f"{s.label} {s.start}..{s.end}: {len(frags)} fragments")
        shown = " ".join(text[a:b].replace("\n", " ") for a, b in frags)
        lines.append(f"T{n}\t{s.label} {';'.join(f'{a} {b}' for a, b in frags)}\t{shown}")
        if schema.has_label(s.label) and schema.label(s.label).kind == "event":
            eids[s.id] = f"E{len(eids) + 1}"
    args: dict[str, list[str]] = {sid: [] for sid in eids}
    r_count = 0
    for r in item.relations:
        target = eids.get(r.tail) or tids[r.tail]
        if r.head in eids:
            used = sum(1 for a in args[r.head] if re.sub(r"\d+$", "", a.split(":")[0]) == r.role)
            args[r.head].append(f"{r.role}{used + 1 if used else ''}:{target}")
        else:
            r_count += 1
            lines.append(f"R{r_count}\t{r.role} Arg1:{tids[r.head]} Arg2:{tids[r.tail]}\t")
    for s in item.spans:
        if s.id in eids:
            lines.append(f"{eids[s.id]}\t{s.label}:{tids[s.id]}{''.join(' ' + a for a in args[s.id])}")
    a_count = note_count = 0
    valued = {a.key for a in schema.attributes if "true" in a.values}
    for s in item.spans:
        target = eids.get(s.id) or tids[s.id]
        for k, v in s.attributes:
            if v == "true" and k not in valued:  # a binary attribute as brat writes it (read back as "true")
                a_count += 1
                lines.append(f"A{a_count}\t{k} {target}")
            elif v and not re.search(r"\s", v):
                a_count += 1
                lines.append(f"A{a_count}\t{k} {target} {v}")
            else:
                note_count += 1
                lines.append(f"#{note_count}\tAnnotatorNotes {tids[s.id]}\t{k}={' '.join(v.split())}")
                if v != " ".join(v.split()):
                    report.add("dropped_attribute", doc, f"{k}: whitespace in {v!r} collapsed in a brat note")
                elif k != "note":  # our reader takes it back as the attribute; brat itself shows a note
                    report.add("note", doc, f"{s.label} {s.text!r}: {k}={v!r} holds a space, which an A line"
                               " cannot: written as an AnnotatorNotes line")  # fmt: skip
    return text, "\n".join(lines) + ("\n" if lines else "")


def annotation_conf(schema: Schema) -> str:
    """brat's ``annotation.conf`` for the schema: entities and actors, events with their roles, attributes."""
    ents = [lab.key for lab in schema.labels if lab.kind != "event"]
    events = [lab.key for lab in schema.labels if lab.kind == "event"]
    out = [
        "# Generated by Hashiya from the project's label schema.",
        "",
        "[entities]",
        "",
        *ents,
        "",
        "[relations]",
        "",
    ]
    for role in schema.roles:
        if any(k != "event" for k in role.head_kinds):
            out.append(f"{role.key}\tArg1:<ANY>, Arg2:<ANY>")
    out += ["", "[events]", ""]
    for ev in events:
        args = []
        for role in schema.roles:
            if "event" in role.head_kinds:
                kinds = [lab.key for lab in schema.labels if lab.kind in role.tail_kinds]
                if kinds:
                    args.append(f"{role.key}*:{'|'.join(kinds)}")
        out.append(f"{ev}\t{', '.join(args)}" if args else ev)
    out += ["", "[attributes]", ""]
    for a in schema.attributes:
        kinds = "|".join("<EVENT>" if k == "event" else "<ENTITY>" for k in dict.fromkeys(a.applies_to))
        if a.values:
            out.append(f"{a.key}\tArg:{kinds}, Value:{'|'.join(a.values)}")
        else:
            out.append(f"# {a.key}: free text, written as AnnotatorNotes lines ({a.key}=value)")
    return "\n".join(out) + "\n"
