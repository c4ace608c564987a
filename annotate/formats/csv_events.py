"""An analyst's table: one row per event span with its role arguments, attributes and sentence.

Role columns come from the schema (agent, target, place, time...), each cell
``text`` of every argument in that role joined by `` | ``; ``actors`` lists
every argument whose label is an actor, with its label.  Spans linked to no
event and relations from non-events have no row: they are counted in the report.
"""

from __future__ import annotations

from bisect import bisect_right

from annotate.formats.records import LayerDoc
from annotate.formats.report import FormatReport
from annotate.schema import Schema
from annotate.tokens import sentences

FIXED = ("document", "event_id", "event_type", "event_text", "start", "end", "actors")
TAIL = ("attributes", "sentence")


def columns(schema: Schema) -> list[str]:
    return [*FIXED, *(r.key for r in schema.roles if r.key not in FIXED + TAIL), *TAIL]


def _kind(schema: Schema, label: str) -> str:
    return schema.label(label).kind if schema.has_label(label) else "entity"


def event_rows(item: LayerDoc, schema: Schema, report: FormatReport) -> list[dict[str, str]]:
    doc = item.doc.ext_id or str(item.doc.id)
    by_id = {s.id: s for s in item.spans}
    text = item.doc.text
    bounds = sentences(text)
    starts = [b[0] for b in bounds]
    role_cols = [c for c in columns(schema) if c not in FIXED + TAIL]
    linked: set[str] = set()
    rows: list[dict[str, str]] = []
    for ev in item.spans:
        if _kind(schema, ev.label) != "event":
            continue
        linked.add(ev.id)
        row = dict.fromkeys(columns(schema), "")
        row.update(
            document=doc,
            event_id=ev.id,
            event_type=ev.label,
            event_text=ev.text,
            start=str(ev.start),
            end=str(ev.end),
        )
        actors: list[str] = []
        cells: dict[str, list[str]] = {c: [] for c in role_cols}
        for r in item.relations:
            if r.head != ev.id:
                continue
            tail = by_id[r.tail]
            linked.add(tail.id)
            if r.role in cells:
                cells[r.role].append(tail.text)
            else:
                report.add("dropped_relation", doc, f"role {r.role!r} is not in the schema; no column for it")
            if _kind(schema, tail.label) == "actor":
                actors.append(f"{tail.label}: {tail.text}")
        row["actors"] = " | ".join(actors)
        for c, vals in cells.items():
            row[c] = " | ".join(vals)
        row["attributes"] = "; ".join(f"{k}={v}" for k, v in ev.attributes)
        i = bisect_right(starts, ev.start) - 1
        if i >= 0:
            j = i
            while j + 1 < len(bounds) and bounds[j][1] < ev.end:
                j += 1
            row["sentence"] = text[bounds[i][0] : bounds[j][1]]
        rows.append(row)
    for r in item.relations:
        if _kind(schema, by_id[r.head].label) != "event":
            report.add(
                "dropped_relation", doc, f"{r.role} from a non-event span has no place in an event table"
            )
    for s in item.spans:
        if s.id not in linked:
            report.add("note", doc, f"{s.label} {s.text!r} is linked to no event: not in the table")
        elif s.attributes and _kind(schema, s.label) != "event":
            # An argument's cell holds its text: its attributes have no column (an event's have).
            report.dropped_attributes(doc, s.label, s.text, dict(s.attributes))
    return rows
