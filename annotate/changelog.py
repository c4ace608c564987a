"""Rebuilding layers from the append-only change log.

The log is the project's memory: replaying it in order must give exactly the
rows the tables hold, which is what the store tests check and what merge and
audit rely on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from annotate.commands import Op, StatusRecord
from annotate.model import Relation, Span
from annotate.records import record_key


@dataclass(slots=True)
class Rebuilt:
    spans: dict[str, Span] = field(default_factory=dict)
    relations: dict[str, Relation] = field(default_factory=dict)
    statuses: dict[str, StatusRecord] = field(default_factory=dict)


def replay(ops: Iterable[Op], layer: str | None = None) -> Rebuilt:
    """Apply logged operations in order; ``layer`` keeps one annotator's records only."""
    out = Rebuilt()
    for op in ops:
        rec = op.after if op.after is not None else op.before
        if rec is None or (layer is not None and rec.annotator != layer):
            continue
        table: dict = (
            out.spans
            if isinstance(rec, Span)
            else out.relations
            if isinstance(rec, Relation)
            else out.statuses
        )
        key = record_key(rec)
        if op.kind == "delete":
            table.pop(key, None)
        else:
            table[key] = op.after
    return out
