"""What an export or import could not keep or had to change: counts per kind and every case listed.

A target format that cannot hold overlapping spans, a span inside a token or a
relation must say so; the report is how it says so, to the terminal (``lines``)
or as one JSON object (``to_json``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

KIND_TEXT = {
    "widened": "span widened to token boundaries",
    "narrowed": "span narrowed to token boundaries",
    "dropped_span": "span dropped (cannot be aligned to tokens)",
    "dropped_overlap": "overlapping span left out of doc.ents (kept in doc.spans['sc'])",
    "dropped_nested": "nested span not written (one nesting layer chosen)",
    "clitic_attached": "span inside a whitespace token: the whole token took the tag",
    "clitic_split": "token cut at a span edge",
    "sentence_joined": "span running over a sentence end: the sentences around it written as one",
    "dropped_relation": "relation the format cannot hold",
    "dropped_attribute": "attribute the format cannot hold",
    "fragments_joined": "discontinuous span joined into one",
    "offsets_utf16": "document whose offsets counted UTF-16 units, converted",
    "offsets_crlf": "document whose offsets counted a CRLF line break as one character, converted",
    "offsets_graphemes": "document whose offsets counted user-perceived characters (a letter with its harakat), converted",
    "offsets_guessed": "document whose offset reading no stated span text confirmed (check it)",
    "label_mapped": "label matched to a schema label of another spelling",
    "label_added": "label added to the schema",
    "role_added": "role added to the schema",
    "tag_kept": "label or role of the schema written in exports as the file spells it",
    "text_mismatch": "span text in the file differs from the text at its offsets",
    "newline_split": "span crossing a line break written as fragments",
    "skipped_layer": "document already had annotations of this annotator; left as it was",
    "attribute_not_in_schema": "attribute value the schema does not offer (kept on the span)",
    "note": "note",
}


@dataclass(frozen=True, slots=True)
class ReportItem:
    kind: str
    document: str
    detail: str


@dataclass(slots=True)
class FormatReport:
    format: str
    items: list[ReportItem] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, kind: str, document: str, detail: str) -> None:
        self.items.append(ReportItem(kind, document, detail))
        self.counts[kind] += 1

    def dropped_attributes(self, document: str, label: str, text: str, attributes: Mapping[str, str]) -> None:
        """A span's attributes that the format cannot hold: one line, spelled the same by every writer."""
        self.add("dropped_attribute", document, f"{label} {text!r}: {dict(attributes)}")

    def merge(self, other: FormatReport) -> None:
        self.items.extend(other.items)
        self.counts.update(other.counts)

    def count(self, kind: str) -> int:
        return self.counts.get(kind, 0)

    @property
    def clean(self) -> bool:
        return not self.items

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "counts": dict(sorted(self.counts.items())),
            "items": [{"kind": i.kind, "document": i.document, "detail": i.detail} for i in self.items],
        }

    def lines(self, limit: int = 20) -> list[str]:
        """Human summary: one line per kind with its count, then up to ``limit`` cases of each."""
        out: list[str] = []
        for kind, n in sorted(self.counts.items()):
            out.append(f"{n} × {KIND_TEXT.get(kind, kind)}")
            shown = [i for i in self.items if i.kind == kind][:limit]
            out.extend(f"    {i.document}: {i.detail}" for i in shown)
            if n > len(shown):
                out.append(f"    … and {n - len(shown)} more (use --json for the full list)")
        return out
