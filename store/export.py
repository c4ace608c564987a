"""Writing a layer of the project out: to a temporary file first, renamed into place when complete.

A failed or cancelled export therefore never leaves a truncated file where the
user expects training data.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotate.jsonl import document_line
from annotate.model import GOLD, DocId
from store.annotations import relations, spans, status_of
from store.documents import document_count, iter_documents
from store.project import Project, ProjectError


class ExportCancelled(ProjectError):
    """The user stopped the export; nothing was written at the destination."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: str
    documents: int
    spans: int
    relations: int


def layer_lines(project: Project, layer: str, doc_ids: list[DocId] | None = None) -> Iterator[dict[str, Any]]:
    """One JSONL record per document for ``layer`` (an annotator's name, or ``gold``)."""
    for doc in iter_documents(project, doc_ids):
        yield document_line(
            doc,
            spans(project, doc.id, layer),
            relations(project, doc.id, layer),
            layer,
            status_of(project, doc.id, layer),
        )


def resolve_layer(project: Project, annotator: str | None, gold: bool) -> str:
    if gold:
        return GOLD
    if annotator:
        known = {a.name for a in project.annotators()}
        if annotator not in known:
            raise ProjectError(
                f"{project.path}: no annotator named {annotator!r} (known: {', '.join(sorted(known)) or 'none'})"
            )
        return annotator
    names = [a.name for a in project.annotators() if a.role != "gold"]
    if len(names) == 1:
        return names[0]
    raise ProjectError(
        f"{project.path}: say which layer to export: --gold or --annotator NAME (annotators: {', '.join(names) or 'none'})"
    )


def write_atomically(path: Path, lines: Iterator[str]) -> None:
    tmp = path.with_name(f".{path.name}.partial-{os.getpid()}")
    try:
        with tmp.open("w", encoding="utf-8", newline="\n") as fh:
            for line in lines:
                fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def export_jsonl(
    project: Project,
    out: str | Path,
    layer: str,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportResult:
    total = document_count(project)
    counts = {"docs": 0, "spans": 0, "relations": 0}

    def lines() -> Iterator[str]:
        for rec in layer_lines(project, layer):
            if cancelled and cancelled():
                raise ExportCancelled(f"{out}: export cancelled; nothing was written")
            counts["docs"] += 1
            counts["spans"] += len(rec["spans"])
            counts["relations"] += len(rec["relations"])
            if progress:
                progress(counts["docs"], total)
            yield json.dumps(rec, ensure_ascii=False) + "\n"

    write_atomically(Path(out), lines())
    return ExportResult(str(out), counts["docs"], counts["spans"], counts["relations"])
