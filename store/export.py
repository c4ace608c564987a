"""Writing a layer of the project out, in our JSONL or a training format, to a temporary file first,
renamed into place when complete.

A failed or cancelled export therefore never leaves a truncated file where the
user expects training data.  Layers are read in bulk (documents, spans,
relations and statuses of ~900 documents per query) rather than three queries
per document: 100,000 documents must export in about the time ``json.dumps``
takes over the same rows.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal

from annotate.formats import brat, conll, csv_events, doccano, labelstudio, prodigy
from annotate.formats.conll_write import SpanCut, conll_bytes
from annotate.formats.records import LayerDoc
from annotate.formats.report import FormatReport
from annotate.formats.spacy_docbin import Alignment, docbin_bytes, docbin_shards, load_spacy
from annotate.formats.split import parse_ratios, split_ids
from annotate.jsonl import ExportCheckError, document_line
from annotate.model import GOLD, DocId, Document, Relation, RelationId, Span, SpanId, Status, attrs
from annotate.schema import Schema
from store import children
from store.documents import document_count
from store.project import Project, ProjectError

ExportFormat = Literal["jsonl", "spacy", "conll", "brat", "csv", "doccano", "labelstudio", "prodigy"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    "jsonl", "spacy", "conll", "brat", "csv", "doccano", "labelstudio", "prodigy",
)  # fmt: skip
SUFFIX: dict[str, str] = {
    "jsonl": ".jsonl", "spacy": ".spacy", "conll": ".conll", "brat": "", "csv": ".csv",
    "doccano": ".jsonl", "labelstudio": ".json", "prodigy": ".jsonl",
}  # fmt: skip
_CHUNK = 900


class ExportCancelled(ProjectError):
    """The user stopped the export; nothing was written at the destination."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: str
    documents: int
    spans: int
    relations: int


@dataclass(frozen=True, slots=True)
class ExportOptions:
    clitics: conll.Clitics = "attach"
    nested: conll.Nested = "columns"
    alignment: Alignment = "expand"
    split: str = ""
    seed: int = 0


@dataclass(slots=True)
class ExportOutcome:
    """Every file written (one per split part) and what the format could not hold."""

    format: str
    layer: str
    results: list[ExportResult] = field(default_factory=list)
    report: FormatReport = field(default_factory=lambda: FormatReport(""))

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "layer": self.layer,
            "files": [
                {"out": r.path, "documents": r.documents, "spans": r.spans, "relations": r.relations}
                for r in self.results
            ],
            "documents": sum(r.documents for r in self.results),
            "spans": sum(r.spans for r in self.results),
            "relations": sum(r.relations for r in self.results),
            "report": self.report.to_json(),
        }


# -- reading a layer in bulk -------------------------------------------------------------------------
_DOC_COLS = "id, ext_id, title, text, source, sha256, meta, imported_at"


def _chunks(
    project: Project,
    doc_ids: Sequence[DocId] | None,
    cols: str = _DOC_COLS,
    *,
    after: int = -1,
    upto: int | None = None,
    chunk: int = 0,
) -> Iterator[list[tuple]]:
    """Document rows, ``chunk`` (default ``_CHUNK``) at a time: of the listed ids, each chunk in id
    order, or of every id in (after, upto] in id order."""
    size = chunk or _CHUNK
    if doc_ids is not None:
        ids = list(doc_ids)
        for i in range(0, len(ids), size):
            part = ids[i : i + size]
            q = f"SELECT {cols} FROM documents WHERE id IN ({','.join('?' * len(part))}) ORDER BY id"
            rows = project.conn.execute(q, part).fetchall()
            if rows:
                yield rows
        return
    last = after
    bound = "" if upto is None else f" AND id <= {int(upto)}"
    while True:
        q = f"SELECT {cols} FROM documents WHERE id > ?{bound} ORDER BY id LIMIT {size}"
        rows = project.conn.execute(q, (last,)).fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _grouped(project: Project, sql: str, args: Sequence[Any]) -> dict[int, list[tuple]]:
    """The rows of ``sql`` by their first column (a document id)."""
    out: dict[int, list[tuple]] = defaultdict(list)
    for row in project.conn.execute(sql, args):
        out[row[0]].append(row)
    return out


def _listed(sql: str, layer: str, ids: list[int]) -> tuple[str, list[Any]]:
    """``sql`` and its arguments for ``layer`` and the documents ``ids`` (``{marks}`` in ``sql``)."""
    return sql.format(marks=",".join("?" * len(ids))), [layer, *ids]


_SPANS_SQL = (
    'SELECT doc_id, id, start, "end", label, text, attributes, created_at, updated_at, provenance FROM spans'
    ' WHERE annotator = ? AND doc_id IN ({marks}) ORDER BY doc_id, start, "end" DESC, id'
)
_RELS_SQL = (
    "SELECT doc_id, id, head, tail, role, created_at FROM relations"
    " WHERE annotator = ? AND doc_id IN ({marks}) ORDER BY doc_id, created_at, id"
)
_STATUS_SQL = "SELECT doc_id, status FROM doc_status WHERE annotator = ? AND doc_id IN ({marks})"


def _raw_layer(
    project: Project, layer: str, doc_ids: Sequence[DocId] | None
) -> Iterator[tuple[tuple, list[tuple], list[tuple], Status]]:
    """(document row, span rows, relation rows, status) per document, four queries per chunk."""
    for rows in _chunks(project, doc_ids):
        ids = [r[0] for r in rows]
        spans = _grouped(project, *_listed(_SPANS_SQL, layer, ids))
        rels = _grouped(project, *_listed(_RELS_SQL, layer, ids))
        status = {r[0]: r[1] for r in project.conn.execute(*_listed(_STATUS_SQL, layer, ids))}
        for r in rows:
            yield r, spans.get(r[0], []), rels.get(r[0], []), status.get(r[0], "new")


def _provenance(raw: str) -> dict[str, Any]:
    """A gold span's provenance; most spans have none, and a million exported spans skip the decoding."""
    return {} if raw == "{}" else json.loads(raw)


def iter_layer(project: Project, layer: str, doc_ids: Sequence[DocId] | None = None) -> Iterator[LayerDoc]:
    """Every document with ``layer``'s spans and relations, in id order, read in bulk."""
    for d, srows, rrows, st in _raw_layer(project, layer, doc_ids):
        doc = Document(DocId(d[0]), d[1], d[2], d[3], d[4], d[5], json.loads(d[6]), d[7])
        spans = tuple(
            Span(SpanId(s[1]), doc.id, layer, *s[2:6], attrs(json.loads(s[6])), s[7], s[8], _provenance(s[9]))
            for s in srows
        )
        rels = tuple(
            Relation(RelationId(r[1]), doc.id, layer, SpanId(r[2]), SpanId(r[3]), r[4], r[5]) for r in rrows
        )
        yield LayerDoc(doc, spans, rels, st)


def _as_exported(items: Iterable[LayerDoc], schema: Schema) -> Iterator[LayerDoc]:
    """Each document with its labels and roles under the names exports write (``Label.tag``)."""
    labels, roles = schema.export_names()
    if not labels and not roles:
        yield from items
        return
    for it in items:
        yield replace(
            it,
            spans=tuple(replace(s, label=labels[s.label]) if s.label in labels else s for s in it.spans),
            relations=tuple(replace(r, role=roles[r.role]) if r.role in roles else r for r in it.relations),
        )


def layer_lines(project: Project, layer: str, doc_ids: list[DocId] | None = None) -> Iterator[dict[str, Any]]:
    """One JSONL record per document for ``layer`` (an annotator's name, or ``gold``, with provenance)."""
    for it in iter_layer(project, layer, doc_ids):
        yield document_line(it.doc, it.spans, it.relations, layer, it.status, provenance=layer == GOLD)


_SPAN_JSON_SQL = (
    "SELECT doc_id, id, start, \"end\", text, json_object('id', id, 'start', start, 'end', \"end\", 'label', label,"
    " 'text', text, 'attributes', json(attributes){provenance}) FROM spans WHERE annotator = ? AND doc_id IN ({marks})"
    ' ORDER BY doc_id, start, "end" DESC, id'
)
_PROVENANCE_JSON = ", 'provenance', json(provenance)"
"""Gold spans say who proposed them and who decided (``document_line(..., provenance=True)``)."""


def json_lines(
    project: Project,
    layer: str,
    doc_ids: Sequence[DocId] | None,
    *,
    after: int = -1,
    upto: int | None = None,
    chunk: int = 0,
) -> Iterator[tuple[str, int, int]]:
    """``layer_lines`` as ready JSON text, span objects encoded by SQLite: the export's hot path.

    The same records as ``document_line`` (tests compare them parsed), with
    provenance on the gold layer; every span's text is still checked against the
    document before its line is made.  ``after``, ``upto`` and ``chunk`` as ``_chunks`` (a worker's unit).
    """
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    span_sql = _SPAN_JSON_SQL.replace("{provenance}", _PROVENANCE_JSON if layer == GOLD else "")
    for rows in _chunks(project, doc_ids, after=after, upto=upto, chunk=chunk):
        ids = [r[0] for r in rows]
        marks = ",".join("?" * len(ids))
        texts = {r[0]: r[3] for r in rows}
        spans_by: dict[int, list[str]] = defaultdict(list)
        span_ids: dict[int, set[str]] = defaultdict(set)
        for doc_id, sid, s, e, stext, obj in project.conn.execute(
            span_sql.format(marks=marks), [layer, *ids]
        ):
            if texts[doc_id][s:e] != stext:
                raise ExportCheckError(
                    f"document id {doc_id}: span {sid} {s}..{e} says {stext!r}"
                    f" but the text there is {texts[doc_id][s:e]!r}"
                )
            spans_by[doc_id].append(obj)
            span_ids[doc_id].add(sid)
        rels = _grouped(project, *_listed(_RELS_SQL, layer, ids))
        status = dict(project.conn.execute(_STATUS_SQL.format(marks=marks), [layer, *ids]).fetchall())
        for d in rows:
            doc_id = d[0]
            out_rels = []
            known = span_ids.get(doc_id, set())
            for _, rid, head, tail, role, _ in rels.get(doc_id, ()):
                if head not in known or tail not in known:
                    raise ExportCheckError(
                        f"document {d[1]}: relation {rid} points at a span outside this layer"
                    )
                out_rels.append({"id": rid, "head": head, "tail": tail, "label": role})
            objs = spans_by.get(doc_id, [])
            fields = {
                "id": d[1],
                "title": d[2],
                "text": d[3],
                "annotator": layer or None,
                "status": status.get(doc_id, "new"),
            }
            head = dumps(fields)
            line = f'{head[:-1]}, "meta": {d[6]}, "spans": [{", ".join(objs)}], "relations": {dumps(out_rels)}}}\n'
            yield line, len(objs), len(out_rels)


# -- layer choice and atomic writing -------------------------------------------------------------------
NO_LAYER = ""


def resolve_layer(project: Project, annotator: str | None, gold: bool) -> str:
    """The layer to export: the gold one, the named annotator's, the only annotator's, or none yet.

    With several annotators and no choice the export is refused: guessing would silently ship
    one person's layer as the training data.
    """
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
    if not names:
        # Nobody has annotated yet: the texts alone (every span list empty) are what there is to export,
        # e.g. to check that stored text equals the imported files.  "" is a layer that holds no spans.
        return NO_LAYER
    raise ProjectError(
        f"{project.path}: say which layer to export: --gold or --annotator NAME (annotators: {', '.join(names) or 'none'})"
    )


def _partial(path: Path) -> Path:
    return path.with_name(f".{path.name}.partial-{os.getpid()}")


def _write_via_partial(path: Path, mode: str, chunks: Iterable[str] | Iterable[bytes]) -> None:
    """Write under a temporary name, fsync, then rename: a reader never sees half a file."""
    tmp = _partial(path)
    try:
        with tmp.open(mode, **({"encoding": "utf-8", "newline": "\n"} if mode == "w" else {})) as fh:
            for chunk in chunks:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomically(path: Path, lines: Iterator[str]) -> None:
    _write_via_partial(path, "w", lines)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    _write_via_partial(path, "wb", [data])


def folder_in_use(path: Path) -> bool:
    """Whether a folder export may not write ``path``: something is there that is not an empty folder
    (or a folder it cannot look into)."""
    try:
        return path.exists() and (not path.is_dir() or any(path.iterdir()))
    except OSError:
        return True


def write_folder_atomically(path: Path, files: Iterator[tuple[str, str | bytes]]) -> None:
    """Fill a fresh folder under a temporary name, then rename it into place (refuses a non-empty one)."""
    if folder_in_use(path):
        raise ProjectError(f"{path}: exists and is not an empty folder; choose a new folder for the export")
    tmp = _partial(path)
    try:
        tmp.mkdir(parents=True)
        for name, content in files:
            if isinstance(content, bytes):
                (tmp / name).write_bytes(content)
            else:
                (tmp / name).write_text(content, encoding="utf-8", newline="\n")
        if path.exists():
            path.rmdir()
        tmp.rename(path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


# -- exporters ----------------------------------------------------------------------------------------
class _Counter:
    """Counts what passes and calls progress/cancel once per document."""

    def __init__(
        self,
        out: str | Path,
        total: int,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
        done: int = 0,
    ) -> None:
        self.out, self.total, self.progress, self.cancelled = str(out), total, progress, cancelled
        self.docs = self.spans = self.relations = 0
        self.done = done

    def tick(self, n_spans: int, n_rels: int) -> None:
        self.stop_if_cancelled()
        self.add(1, n_spans, n_rels)

    def add(self, docs: int, spans: int, relations: int) -> None:
        """Count documents written (here, or by a worker process), and report progress once."""
        self.docs += docs
        self.done += docs
        self.spans += spans
        self.relations += relations
        if self.progress:
            self.progress(self.done, self.total)

    def stop_if_cancelled(self) -> None:
        if self.cancelled and self.cancelled():
            raise ExportCancelled(f"{self.out}: export cancelled; nothing was written")

    def result(self) -> ExportResult:
        return ExportResult(self.out, self.docs, self.spans, self.relations)

    def items(self, it: Iterable[LayerDoc]) -> Iterator[LayerDoc]:
        for x in it:
            self.tick(len(x.spans), len(x.relations))
            yield x


def _workers(n_docs: int, workers: int, min_docs: int | None) -> int:
    """How many worker processes (``store.export_workers``) an export of ``n_docs`` documents starts, or 0
    to render in this process: ``workers`` (default: one per CPU), from ``min_docs`` documents on
    (default: ``export_workers.PARALLEL_MIN_DOCS``, below which starting them costs more than they save)."""
    from store import export_workers

    least = export_workers.PARALLEL_MIN_DOCS if min_docs is None else min_docs
    n = workers or children.cpu_count()
    return n if n >= 2 and n_docs >= max(least, 1) else 0


def export_jsonl(
    project: Project,
    out: str | Path,
    layer: str,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    doc_ids: Sequence[DocId] | None = None,
    total: int | None = None,
    counter: _Counter | None = None,
    workers: int = 0,
    parallel_min_docs: int | None = None,
) -> ExportResult:
    """Write ``layer`` as our JSONL; a large export is rendered by worker processes, as ``export_conll``."""
    n_docs = len(doc_ids) if doc_ids is not None else document_count(project)
    cnt = counter or _Counter(out, total or n_docs, progress, cancelled)
    if n_workers := _workers(n_docs, workers, parallel_min_docs):
        from store import export_workers

        export_workers.export_parallel(
            project, Path(out), layer, "jsonl", FormatReport("jsonl"), doc_ids, cnt, n_workers
        )
        return cnt.result()

    def lines() -> Iterator[str]:
        for line, n_spans, n_rels in json_lines(project, layer, doc_ids):
            cnt.tick(n_spans, n_rels)
            yield line

    write_atomically(Path(out), lines())
    return cnt.result()


_NESTING_SQL = (
    "SELECT 1 + ifnull(max(n), 0) FROM (SELECT count(*) AS n FROM spans a JOIN spans b"
    ' ON b.doc_id = a.doc_id AND b.annotator = a.annotator AND b.start >= a.start AND b.start < a."end"'
    " AND b.rowid != a.rowid WHERE a.annotator = ? AND {where} GROUP BY b.rowid)"
)


def _max_depth(
    project: Project, layer: str, doc_ids: Sequence[DocId] | None, *, after: int = -1, upto: int | None = None
) -> int:
    """The tag columns every document of the export gets: the deepest nesting anywhere (offsets only).

    That is the most spans over one character: ``nesting_depth`` places spans
    by start, each in the first level free at its start, so a span goes to
    level k only where k spans already cover its first character (and no span
    is empty).  SQLite counts, for each span, the others covering its first
    character, from the index of span starts.
    """
    conn = project.conn
    if doc_ids is None:
        where = "a.doc_id > ?" + ("" if upto is None else f" AND a.doc_id <= {int(upto)}")
        return int(conn.execute(_NESTING_SQL.format(where=where), [layer, after]).fetchone()[0])
    ids = list(doc_ids)
    depth = 1
    for i in range(0, len(ids), _CHUNK):
        part = ids[i : i + _CHUNK]
        q = _NESTING_SQL.format(where=f"a.doc_id IN ({','.join('?' * len(part))})")
        depth = max(depth, int(conn.execute(q, [layer, *part]).fetchone()[0]))
    return depth


_CONLL_SPANS_SQL = (
    'SELECT doc_id, start, "end", label FROM spans WHERE annotator = ? AND {where}'
    ' ORDER BY doc_id, start, "end" DESC, id'
)
# What CoNLL cannot hold, for the report: the attributes of the spans that have some, read over the
# partial index of those spans (m011); as a column of the query above they cost 1% of a 100,000-article
# export that has none.
_CONLL_ATTRIBUTED_SQL = (
    'SELECT doc_id, start, "end", label, attributes FROM spans WHERE annotator = ? AND {where}'
    " AND attributes != '{{}}' ORDER BY doc_id, start, \"end\" DESC, id"
)
_first = itemgetter(0)
_REL_ROLES_SQL = (
    "SELECT doc_id, role FROM relations WHERE annotator = ? AND {where} ORDER BY doc_id, created_at, id"
)
# A document read from CoNLL says so in its metadata (conll.WHITESPACE_META): it is written with its own tokens.
# instr() first: parsing every document's metadata as JSON cost some 2 µs a document of a 100,000-article export.
_CONLL_DOC_COLS = (
    "id, ext_id, text, instr(meta, '{0}') > 0 AND json_extract(meta, '$.tokens') = '{0}'".format(
        conll.WHITESPACE_META["tokens"]
    )
)


def _conll_layer(
    project: Project,
    layer: str,
    doc_ids: Sequence[DocId] | None,
    *,
    after: int = -1,
    upto: int | None = None,
    chunk: int = 0,
) -> Iterator[tuple[tuple, list[SpanCut], Sequence[tuple[str, str, dict[str, str]]], Sequence[str]]]:
    """(id, ext_id, text of a document and whether it keeps its whitespace tokens, spans as the CoNLL
    writer reads them, (label, text, attributes) of each span that has attributes, roles of its
    relations: what ``conll.report_unheld`` takes) per document, in the order of ``_chunks``.

    Offsets, labels and texts, and no Span built: the spans' share of a
    million-span export.  Attributes are read only for the spans that have
    some.  Without a list of ids a chunk is every id between two, and spans
    are looked up by that range.
    """
    conn = project.conn
    new = tuple.__new__
    labels, role_tags = project.schema().export_names()
    tag = labels.get  # a label is written under its tag (PERS, not pers)
    low = after
    for rows in _chunks(project, doc_ids, _CONLL_DOC_COLS, after=after, upto=upto, chunk=chunk):
        if doc_ids is None:
            where, args = "doc_id > ? AND doc_id <= ?", [layer, low, rows[-1][0]]
            low = rows[-1][0]
        else:
            where, args = f"doc_id IN ({','.join('?' * len(rows))})", [layer, *(r[0] for r in rows)]
        found = conn.execute(_CONLL_SPANS_SQL.format(where=where), args).fetchall()
        attributed = _grouped(project, _CONLL_ATTRIBUTED_SQL.format(where=where), args)
        rels = _grouped(project, _REL_ROLES_SQL.format(where=where), args)
        unheld = bool(attributed or rels)  # most chunks have nothing CoNLL cannot hold: no list per document
        # Spans come in the documents' order: grouped as they come, each made a SpanCut in one pass.
        groups = groupby(found, _first)
        doc, group = next(groups, (None, ()))
        for r in rows:
            d = r[0]
            if d == doc:
                text = r[2]
                cuts = [new(SpanCut, (s[1], s[2], tag(s[3], s[3]), text)) for s in group]
                doc, group = next(groups, (None, ()))
            else:
                cuts = []
            if unheld:
                noted = [
                    (tag(s[3], s[3]), r[2][s[1] : s[2]], json.loads(s[4])) for s in attributed.get(d, ())
                ]
                yield r, cuts, noted, [role_tags.get(x[1], x[1]) for x in rels.get(d, ())]
            else:
                yield r, cuts, (), ()


def conll_pieces(
    project: Project,
    layer: str,
    doc_ids: Sequence[DocId] | None,
    clitics: conll.Clitics,
    nested: conll.Nested,
    report: FormatReport,
    columns: int,
    *,
    after: int = -1,
    upto: int | None = None,
    chunk: int = 0,
) -> Iterator[tuple[bytes, int, int]]:
    """(CoNLL lines in UTF-8, span count, relation count) per document, in export order; what a worker
    writes too."""
    lines = conll_bytes
    for d, spans, attributed, roles in _conll_layer(
        project, layer, doc_ids, after=after, upto=upto, chunk=chunk
    ):
        name = d[1] or str(d[0])
        data = lines(name, d[2], spans, clitics, nested, report, columns, "whitespace" if d[3] else "words")
        if attributed or roles:
            conll.report_unheld(name, attributed, roles, report)
        yield data, len(spans), len(roles)


def export_conll(
    project: Project,
    out: str | Path,
    layer: str,
    *,
    clitics: conll.Clitics = "attach",
    nested: conll.Nested = "columns",
    report: FormatReport | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    doc_ids: Sequence[DocId] | None = None,
    counter: _Counter | None = None,
    workers: int = 0,
    parallel_min_docs: int | None = None,
) -> ExportResult:
    """Write ``layer`` as CoNLL; a large export is rendered by ``workers`` processes (default: one per CPU).

    Below ``parallel_min_docs`` documents (``export_workers.PARALLEL_MIN_DOCS``)
    the export runs in this process, where starting the workers would cost more
    than they save.  The file is the same either way.
    """
    rep = report if report is not None else FormatReport("conll")
    n_docs = len(doc_ids) if doc_ids is not None else document_count(project)
    cnt = counter or _Counter(out, n_docs, progress, cancelled)
    if n_workers := _workers(n_docs, workers, parallel_min_docs):
        from store import export_workers

        export_workers.export_parallel(
            project, Path(out), layer, "conll", rep, doc_ids, cnt, n_workers, clitics, nested
        )
        return cnt.result()
    columns = _max_depth(project, layer, doc_ids) if nested == "columns" else 1

    def lines() -> Iterator[bytes]:
        for data, n_spans, n_rels in conll_pieces(project, layer, doc_ids, clitics, nested, rep, columns):
            cnt.tick(n_spans, n_rels)
            yield data

    _write_via_partial(Path(out), "wb", lines())
    return cnt.result()


def _json_records(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    for rec in records:
        yield json.dumps(rec, ensure_ascii=False) + "\n"


def json_array(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """``json.dumps(list(records), ensure_ascii=False, indent=1) + "\\n"``, written a record at a time.

    Label Studio reads one JSON array; built whole, the tasks of 10,000 articles took some 550 MB
    before the first byte was written.  Each record is indented one level deeper, as inside the list
    (a string's newlines are escaped, so every newline of a record's JSON is between its items).
    """
    sep = "[\n "
    for rec in records:
        yield sep + json.dumps(rec, ensure_ascii=False, indent=1).replace("\n", "\n ")
        sep = ",\n "
    yield "[]\n" if sep == "[\n " else "\n]\n"


def _export_one(
    project: Project,
    fmt: str,
    out: Path,
    layer: str,
    opts: ExportOptions,
    rep: FormatReport,
    doc_ids: Sequence[DocId] | None,
    cnt: _Counter,
) -> ExportResult:
    # Every format but ours writes a label or role under its tag when it has one; ours keeps keys.
    schema = project.schema().as_exported()
    items = lambda: _as_exported(cnt.items(iter_layer(project, layer, doc_ids)), project.schema())  # noqa: E731
    if fmt == "jsonl":
        return export_jsonl(project, out, layer, doc_ids=doc_ids, counter=cnt)
    if fmt == "conll":
        return export_conll(project, out, layer, clitics=opts.clitics, nested=opts.nested, report=rep,
                            doc_ids=doc_ids, counter=cnt)  # fmt: skip
    if fmt == "spacy" and not writes_folder(fmt, out):  # one DocBin
        write_bytes_atomically(out, docbin_bytes(items(), rep, opts.alignment))
    elif fmt == "spacy":  # a folder of DocBins, one shard in memory at a time
        shards = docbin_shards(items(), rep, opts.alignment)
        write_folder_atomically(out, ((f"part-{k:04d}.spacy", data) for k, data in enumerate(shards, 1)))
    elif fmt == "brat":

        def files() -> Iterator[tuple[str, str]]:
            yield "annotation.conf", brat.annotation_conf(schema)
            for it in items():
                txt, ann = brat.to_brat(it, schema, rep)
                stem = brat.file_stem(it)
                yield f"{stem}.txt", txt
                yield f"{stem}.ann", ann

        write_folder_atomically(out, files())
    elif fmt == "csv":
        cols = csv_events.columns(schema)

        def rows() -> Iterator[str]:
            buf = io.StringIO()
            w = csv.DictWriter(buf, cols, lineterminator="\n")
            w.writeheader()
            for it in items():
                w.writerows(csv_events.event_rows(it, schema, rep))
                yield buf.getvalue()
                buf.seek(0)
                buf.truncate()
            yield buf.getvalue()

        write_atomically(out, rows())
    elif fmt == "doccano":
        write_atomically(out, _json_records(r for it in items() for r in doccano.to_doccano([it], rep)))
    elif fmt == "prodigy":
        records = (r for it in items() for r in prodigy.to_prodigy([it], rep, layer))
        write_atomically(out, _json_records(records))
    elif fmt == "labelstudio":
        tasks = (t for it in items() for t in labelstudio.to_labelstudio([it], rep, layer))
        write_atomically(out, json_array(tasks))
    else:
        raise ProjectError(f"unknown export format {fmt!r} (known: {', '.join(EXPORT_FORMATS)})")
    return cnt.result()


def writes_folder(fmt: str, out: str | Path) -> bool:
    """Whether an export of ``fmt`` to ``out`` writes a folder: brat always, spaCy when ``out`` has no
    suffix (DocBins of ``SHARD_DOCS`` documents), every other format one file."""
    return fmt == "brat" or (fmt == "spacy" and not Path(out).suffix)


def split_path(out: Path, part: str) -> Path:
    """``train.spacy`` -> ``train.dev.spacy``; a folder gets a sub-folder per part."""
    if not out.suffix:
        return out / part
    return out.with_name(f"{out.stem}.{part}{out.suffix}")


def export_layer(
    project: Project,
    out: str | Path,
    layer: str,
    fmt: str = "jsonl",
    options: ExportOptions | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportOutcome:
    """Export ``layer`` in ``fmt`` (one file, or one per part of ``options.split``); what the GUI calls.

    ``progress(done, total)`` is called per document; ``cancelled()`` stops the
    export before the next document and leaves nothing at the destination.
    """
    opts = options or ExportOptions()
    if fmt == "spacy":
        load_spacy()
    outcome = ExportOutcome(fmt, layer, report=FormatReport(fmt))
    out = Path(out)
    if not out.parent.is_dir():  # else the error names the hidden partial file the export writes first
        what = "is not a folder" if out.parent.exists() else "does not exist"
        raise ProjectError(f"{out}: the folder {out.parent} {what}")
    total = document_count(project)
    if not opts.split:
        cnt = _Counter(out, total, progress, cancelled)
        outcome.results.append(_export_one(project, fmt, out, layer, opts, outcome.report, None, cnt))
        return outcome
    ratios = parse_ratios(opts.split)
    all_ids = [r[0] for r in project.conn.execute("SELECT id FROM documents ORDER BY id")]
    parts = split_ids(all_ids, ratios, opts.seed)
    made = not out.suffix and not out.exists()  # a folder made here goes again with a cancel or failure
    if not out.suffix:
        out.mkdir(parents=True, exist_ok=True)
    done = 0
    written: list[Path] = []
    try:
        for name, ids in parts.items():
            target = split_path(out, name)
            cnt = _Counter(target, total, progress, cancelled, done)
            outcome.results.append(
                _export_one(project, fmt, target, layer, opts, outcome.report, [DocId(i) for i in ids], cnt)
            )
            written.append(target)
            done = cnt.done
    except BaseException:
        for p in written:
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
        if made:
            with suppress(OSError):  # only if empty: what else is in it is not ours to delete
                out.rmdir()
        raise
    return outcome
