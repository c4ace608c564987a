"""Importing documents together with their annotations, into one named layer or the layers the file names.

Each file is read whole (pure, in ``annotate.formats``), its labels matched to
the schema, then written in ONE transaction: documents, spans, relations and
statuses of a file land together or not at all.  A document whose text is
already in the project gets the layer on the stored copy (same text, same
offsets) unless that annotator already annotated it there.  When the file names
the annotators (``annotator=None``), the layers it names that the project lacks
become annotators, and each gets the documents of its layer assigned, in that
same transaction: a refused file leaves no half-made team behind.
"""

from __future__ import annotations

import json
import re
import sqlite3
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from annotate.commands import Command, Op, StatusRecord, add_relation, add_spans, combine
from annotate.formats.brat import FragmentPolicy
from annotate.formats.conll import WHITESPACE_META
from annotate.formats.offsetfix import OffsetUnit
from annotate.formats.read import AnnotatedFormat, collect, detect, read_annotated
from annotate.formats.records import AnnotatedDraft
from annotate.formats.report import FormatReport
from annotate.model import GOLD, DocId, Relation, Span, SpanId, attrs, new_relation_id, new_span_id, now
from annotate.schema import Label, Role, Schema, is_tag
from annotate.textimport import MAX_FILE_BYTES, ImportFileError, sha256_text
from store.annotations import apply_in
from store.errors import ProjectError
from store.project import Project
from store.schema_store import replace_schema
from store.search import index_in
from store.team import assign_in

_PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22")


@dataclass(slots=True)
class LayerCount:
    """What one annotator's layer received: the summary lists it per layer, so a lost annotator shows."""

    documents: int = 0
    spans: int = 0
    relations: int = 0

    def add(self, documents: int, spans: int, relations: int) -> None:
        self.documents += documents
        self.spans += spans
        self.relations += relations

    def to_json(self) -> dict[str, int]:
        return {"documents": self.documents, "spans": self.spans, "relations": self.relations}


@dataclass(slots=True)
class AnnotatedFileOutcome:
    path: str
    format: str
    outcome: str  # imported | refused
    documents: int = 0
    attached: int = 0
    skipped: int = 0
    """Documents left as they were: already in the project with spans of the layer they would get."""
    spans: int = 0
    relations: int = 0
    error: str = ""
    layers: dict[str, LayerCount] = field(default_factory=dict)


@dataclass(slots=True)
class AnnotatedImportReport:
    annotator: str | None  # None: each annotation went to the layer its file names
    files: list[AnnotatedFileOutcome] = field(default_factory=list)
    added_ids: list[DocId] = field(default_factory=list)
    layer_ids: list[DocId] = field(default_factory=list)
    unknown_labels: Counter[str] = field(default_factory=Counter)
    unknown_roles: Counter[str] = field(default_factory=Counter)
    added_labels: list[str] = field(default_factory=list)
    added_roles: list[str] = field(default_factory=list)
    report: FormatReport = field(default_factory=lambda: FormatReport("import"))
    cancelled: bool = False

    @property
    def refused(self) -> list[AnnotatedFileOutcome]:
        return [f for f in self.files if f.outcome == "refused"]

    @property
    def layers(self) -> dict[str, LayerCount]:
        """Per annotator, what every imported file gave their layer."""
        total: dict[str, LayerCount] = {}
        for f in self.files:
            for name, n in f.layers.items():
                total.setdefault(name, LayerCount()).add(n.documents, n.spans, n.relations)
        return dict(sorted(total.items()))

    def to_json(self) -> dict[str, object]:
        return {
            "annotator": self.annotator,
            "documents_added": len(self.added_ids),
            "documents_annotated": len(self.layer_ids),
            "spans": sum(f.spans for f in self.files),
            "relations": sum(f.relations for f in self.files),
            "refused": len(self.refused),
            "cancelled": self.cancelled,
            "unknown_labels": dict(self.unknown_labels),
            "unknown_roles": dict(self.unknown_roles),
            "added_labels": self.added_labels,
            "added_roles": self.added_roles,
            "layers": {name: n.to_json() for name, n in self.layers.items()},
            "files": [
                {
                    "path": f.path,
                    "format": f.format,
                    "outcome": f.outcome,
                    "documents": f.documents,
                    "attached": f.attached,
                    "skipped": f.skipped,
                    "spans": f.spans,
                    "relations": f.relations,
                    "error": f.error,
                    "layers": {name: n.to_json() for name, n in sorted(f.layers.items())},
                }
                for f in self.files
            ],
            "report": self.report.to_json(),
        }


# -- labels ------------------------------------------------------------------------------------------
def label_key(name: str) -> str:
    """A schema key for a foreign label: lower case, ``[a-z0-9_]``, starting with a letter."""
    key = re.sub(r"[^a-z0-9_]+", "_", name.strip().lower()).strip("_")
    if not key:
        return f"label_{zlib.crc32(name.encode('utf-8')):08x}"
    return key if key[0].isalpha() else f"x_{key}"


class _Matcher:
    """Matches a foreign label (or role) to a schema key: exact key or tag, then by key spelling, then
    English name."""

    def __init__(self, items: Iterable[Label] | Iterable[Role]) -> None:
        items = list(items)
        self.exact = {it.key: it.key for it in items} | {it.tag: it.key for it in items if it.tag}
        self.by_norm = {label_key(it.tag): it.key for it in items if it.tag} | {
            label_key(it.key): it.key for it in items
        }  # Pers finds the label written PERS; a key's own spelling wins
        self.by_name = {it.name_en.strip().lower(): it.key for it in items if it.name_en}

    def as_held(self, name: str) -> bool:
        """Whether ``name`` is a key or a tag as the schema holds it: no other spelling to report."""
        return name in self.exact

    def __call__(self, name: str) -> str | None:
        return (
            self.exact.get(name)
            or self.by_norm.get(label_key(name))
            or self.by_name.get(name.strip().lower())
        )


def _matchers(schema: Schema) -> tuple[_Matcher, _Matcher]:
    return _Matcher(schema.labels), _Matcher(schema.roles)


def _first_spellings(names: Iterable[str]) -> dict[str, str]:
    """Key -> the spelling ``_extend_schema`` makes a label or role from: the first in sorted order, as
    it takes them, so that two spellings of one key are one addition, reported once."""
    out: dict[str, str] = {}
    for name in sorted(names):
        out.setdefault(label_key(name), name)
    return out


def _tag_for(name: str, key: str, written: set[str]) -> str:
    """The tag a label or role added from a file keeps: the file's own spelling, when the key is not it
    and it can stand in every format without writing a name another label is written under."""
    if name == key or not is_tag(name) or name in written:
        return ""
    return name


def _extend_schema(
    project: Project,
    labels: dict[str, str],
    roles: Sequence[str],
    retag: tuple[Mapping[str, str], Mapping[str, str]] = ({}, {}),
) -> Schema:
    """Add foreign labels (name -> kind) and roles to the project schema, and give the labels and roles
    of ``retag`` (key -> the file's spelling) that spelling as their tag; returns the new schema."""
    old = project.schema()
    new_labels = _retagged(old.labels, retag[0])
    have = {lab.key for lab in old.labels}
    written = {lab.export_name for lab in new_labels}
    for name, kind in labels.items():
        key = label_key(name)
        if key in have:
            continue
        have.add(key)
        tag = _tag_for(name, key, written)
        written.add(tag or key)
        color = _PALETTE[zlib.crc32(key.encode()) % len(_PALETTE)]
        new_labels.append(Label(key=key, kind=kind, name_en=name, name_ar=name, color=color, tag=tag))  # type: ignore[arg-type]
    new_roles = _retagged(old.roles, retag[1])
    have_roles = {r.key for r in old.roles}
    written = {r.export_name for r in new_roles}
    for name in roles:
        key = label_key(name)
        if key not in have_roles:
            have_roles.add(key)
            tag = _tag_for(name, key, written)
            written.add(tag or key)
            new_roles.append(
                Role(key, name, name, ("event", "actor", "entity"), ("event", "actor", "entity"), tag=tag)
            )
    new = Schema(old.name, tuple(new_labels), tuple(new_roles), old.attributes)
    replace_schema(project, new)
    return project.schema()


_Item = TypeVar("_Item", Label, Role)


def _retagged(items: Sequence[_Item], spellings: Mapping[str, str]) -> list[_Item]:
    """``items`` with the spelling of ``spellings`` as the tag of each item it names, where it can be one."""
    out = list(items)
    written = {it.export_name for it in out}
    for i, it in enumerate(out):
        name = spellings.get(it.key)
        if name is None or it.tag:
            continue
        tag = _tag_for(name, it.key, written)
        if tag:
            written.discard(it.key)
            written.add(tag)
            out[i] = replace(it, tag=tag)
    return out


# -- writing -----------------------------------------------------------------------------------------
def _doc_id(c: sqlite3.Connection, d: AnnotatedDraft, stamp: str) -> tuple[DocId, bool]:
    sha = sha256_text(d.text)
    row = c.execute("SELECT id FROM documents WHERE sha256 = ?", (sha,)).fetchone()
    if row:
        return DocId(row[0]), False
    cur = c.execute(
        "INSERT INTO documents(ext_id, title, text, source, sha256, meta, encoding, imported_at)"
        " VALUES (?,?,?,?,?,?,?,?)",
        (
            d.ext_id or sha[:16],
            d.title,
            d.text,
            d.source,
            sha,
            json.dumps(dict(d.meta), ensure_ascii=False),
            "utf-8",
            stamp,
        ),
    )
    new = DocId(cur.lastrowid)
    index_in(c, [new])  # its search shadow, in the same transaction
    return new, True


def _keep_whitespace_tokens(
    c: sqlite3.Connection, d: AnnotatedDraft, doc_id: DocId, notes: FormatReport
) -> None:
    """A CoNLL layer landing on a text already in the project marks it as read from CoNLL too.

    The stored copy is the very text the CoNLL tokens were joined into, so
    exporting it with those tokens and lines (``conll.WHITESPACE_META``)
    gives the file back; with our tokenizer ``B-52`` or ``$#$`` would be cut
    and the offsets of the round trip would move.
    """
    key, value = next(iter(WHITESPACE_META.items()))
    if d.meta.get(key) != value:
        return
    done = c.execute(
        f"UPDATE documents SET meta = json_set(meta, '$.{key}', ?)"
        f" WHERE id = ? AND json_extract(meta, '$.{key}') IS NOT ?",
        (value, doc_id, value),
    ).rowcount
    if done:
        notes.add(
            "note", d.source, f"document {doc_id}, already in the project, now exports with these tokens"
        )


def _commands(
    d: AnnotatedDraft,
    doc_id: DocId,
    annotator: str,
    label_of: Callable[[str], str],
    role_of: Callable[[str], str],
) -> tuple[Command, int, int]:
    stamp = now()
    ids: dict[str, SpanId] = {}
    spans: list[Span] = []
    for sd in d.spans:
        ids[sd.key] = new_span_id()
        spans.append(
            Span(
                ids[sd.key],
                doc_id,
                annotator,
                sd.start,
                sd.end,
                label_of(sd.label),
                d.text[sd.start : sd.end],
                attrs(dict(sd.attributes)),
                stamp,
                stamp,
                provenance=dict(sd.provenance),
            )
        )
    rels = [
        Relation(new_relation_id(), doc_id, annotator, ids[r.head], ids[r.tail], role_of(r.role), stamp)
        for r in d.relations
    ]
    parts = [add_spans(spans, "import"), *(add_relation(r) for r in rels)]
    if d.status:
        parts.append(Command("import", (Op("insert", None, StatusRecord(doc_id, annotator, d.status)),)))
    return combine("import annotations", parts), len(spans), len(rels)


def import_annotated(
    project: Project,
    files: Sequence[tuple[Path, AnnotatedFormat]],
    annotator: str | None,
    *,
    add_labels: bool = False,
    fragments: FragmentPolicy = "refuse",
    offsets: OffsetUnit | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    read_budget: int = MAX_FILE_BYTES,
) -> AnnotatedImportReport:
    """Read every file, match labels, then store each file in its own transaction.

    ``annotator`` names the one layer every annotation goes to; None sends each
    to the layer its file names (``--annotator-from-file``), and a file whose
    format names no annotators is refused.  ``offsets`` is what the user says
    doccano and Label Studio files count (``annotate.formats.offsetfix``).
    """
    if annotator is not None and not annotator.strip():
        raise ProjectError("importing annotations needs --annotator NAME: the layer they belong to")
    if annotator is not None:  # as annotators are named everywhere: ' bob ' is bob's layer
        annotator = annotator.strip()
    rep = AnnotatedImportReport(annotator)
    # (path, format, its documents or None to read it again, how many)
    read: list[tuple[Path, str, list[AnnotatedDraft] | None, int]] = []
    # What each file's reading converted or noted joins the report only if the file lands: a refused
    # file changed nothing.
    notes: dict[Path, FormatReport] = {}
    schema = project.schema()
    labels, roles = _matchers(schema)
    missing_by_file: dict[Path, set[str]] = {}
    kinds: dict[str, str] = {}
    mapped: set[tuple[Path, str]] = set()
    noted: set[tuple[Path, str]] = set()
    respelled: tuple[dict[str, str], dict[str, str]] = ({}, {})  # schema key -> the file's first spelling

    def check(path: Path, drafts: Sequence[AnnotatedDraft]) -> None:
        """The file's labels, roles and attributes against the schema (what --add-labels would add)."""
        for d in drafts:
            heads = {r.head for r in d.relations}
            for s in d.spans:
                if labels(s.label) is None:
                    rep.unknown_labels[s.label] += 1
                    missing_by_file.setdefault(path, set()).add(f"label {s.label!r}")
                    # brat tells events (E) from entities that an R line links (T); other formats do not
                    if (s.key in heads) if s.event is None else s.event:  # once an event, always
                        kinds[s.label] = "event"
                    else:
                        kinds.setdefault(s.label, "entity")
                elif not labels.as_held(s.label) and (path, s.label) not in mapped:
                    mapped.add((path, s.label))
                    notes[path].add("label_mapped", str(path), f"{s.label!r} -> {labels(s.label)!r}")
                    respelled[0].setdefault(labels(s.label) or "", s.label)
                for key, value in s.attributes:
                    why = schema.attribute_mismatch(key, value)
                    if why is not None and (path, why) not in noted:
                        noted.add((path, why))  # once per file: a corpus repeats its attributes
                        notes[path].add("attribute_not_in_schema", str(path), f"{why} (kept on the span)")
            for r in d.relations:
                if roles(r.role) is None:
                    rep.unknown_roles[r.role] += 1
                    missing_by_file.setdefault(path, set()).add(f"role {r.role!r}")
                elif roles(r.role) != r.role:
                    respelled[1].setdefault(roles(r.role) or "", r.role)

    def reading(path: Path, fmt: str, report: FormatReport) -> list[AnnotatedDraft]:
        return read_annotated(path, fmt, report, fragments, layers=annotator is None, offsets=offsets)

    # Every file is read and checked before any is stored: the labels of all of them decide what
    # --add-labels adds.  Their documents are kept for storing while their files fit in a budget (what
    # one file may take, ``MAX_FILE_BYTES``); a file past it is read again when its turn comes, so a
    # set of large files is never held in memory at once.
    budget = read_budget
    ticks = _Ticks(progress, cancelled)  # its total once every file is read
    for path, fmt in files:
        file_report = FormatReport(fmt)
        try:
            drafts = reading(path, fmt, file_report)
        except ImportFileError as exc:
            rep.files.append(AnnotatedFileOutcome(str(path), fmt, "refused", error=str(exc)))
            continue
        notes[path] = file_report
        check(path, drafts)
        size = _file_size(path, fmt)
        if size <= budget:
            budget -= size
            read.append((path, fmt, drafts, len(drafts)))
        else:
            read.append((path, fmt, None, len(drafts)))
        if ticks.stopped():  # before anything is stored: nothing is
            rep.cancelled = True
            return rep
    # Labels and roles of the schema a file spells otherwise (DATE for date) keep the file's spelling in
    # exports, as those it adds do: a tag set goes out as it came in.  Only with --add-labels, which
    # allows changing the schema, and only where the schema gives no tag yet.
    retag = (
        {k: n for k, n in respelled[0].items() if not schema.label(k).tag and is_tag(n)},
        {k: n for k, n in respelled[1].items() if not schema.role(k).tag and is_tag(n)},
    )
    if add_labels and (missing_by_file or retag[0] or retag[1]):
        before = schema
        schema = _extend_schema(project, dict(sorted(kinds.items())), sorted(rep.unknown_roles), retag)
        made, made_roles = _first_spellings(kinds), _first_spellings(rep.unknown_roles)
        rep.added_labels, rep.added_roles = sorted(made), sorted(made_roles)
        for k in kinds:
            if made[label_key(k)] != k:  # B-Org beside B-ORG: one label, said once
                continue
            lab = schema.label(label_key(k))
            kept = f"; exports write {lab.tag!r}" if lab.tag else ""
            rep.report.add("label_added", annotator or "schema", f"{k!r} as {lab.key!r} ({kinds[k]}{kept})")
        for key, k in made_roles.items():
            tag = schema.role(key).tag
            kept = f"; exports write {tag!r}" if tag else ""
            rep.report.add("role_added", annotator or "schema", f"{k!r} as {key!r}{kept}")
        for what, old_items, new_items in (
            ("label", before.labels, schema.labels),
            ("role", before.roles, schema.roles),
        ):
            tags = {it.key: it.tag for it in old_items}
            for it in new_items:
                if it.key in tags and it.tag != tags[it.key]:
                    rep.report.add(
                        "tag_kept", annotator or "schema", f"{what} {it.key!r}: exports write {it.tag!r}"
                    )
        labels, roles = _matchers(schema)
        missing_by_file = {}
    ticks.total = sum(n for *_, n in read)
    for path, fmt, drafts, n_docs in read:
        if path in missing_by_file:
            what = ", ".join(sorted(missing_by_file[path]))
            rep.files.append(
                AnnotatedFileOutcome(
                    str(path),
                    fmt,
                    "refused",
                    error=f"{path}: not in the project schema: {what} (use --add-labels to add them)",
                )
            )
        else:
            try:  # over the reading budget (None): read again, now that its turn has come; notes as first read
                drafts = drafts if drafts is not None else reading(path, fmt, FormatReport(fmt))
                rep.files.append(
                    _store_file(project, path, fmt, drafts, annotator, labels, roles, rep, notes[path], ticks)
                )
            except ImportFileError as exc:  # changed on disk since
                rep.files.append(AnnotatedFileOutcome(str(path), fmt, "refused", error=str(exc)))
            except _Cancelled:  # this file rolled back whole; those before it stay
                rep.cancelled = True
                break
        ticks.passed(n_docs)  # refused or stored: its documents are behind us
        if ticks.stopped():
            rep.cancelled = True
            break
    return rep


class _Cancelled(Exception):
    """Cancel pressed while a file was being stored: its transaction rolls back."""


class _Ticks:
    """Progress in documents over every file, and the cancel asked for between documents.

    A large file is thousands of documents in one transaction: reported every
    ``_EVERY`` of them, and cancelled before the next one (the file rolls back
    whole, as a refused file does), not only between files.
    """

    _EVERY = 50

    def __init__(
        self, progress: Callable[[int, int], None] | None, cancelled: Callable[[], bool] | None
    ) -> None:
        self.total = 0
        self.progress, self.cancelled = progress, cancelled
        self.done = 0
        self.base = 0  # documents of the files before this one

    def next_document(self) -> None:
        """Raise ``_Cancelled`` if a cancel was asked for; else count the document about to be stored."""
        if self.cancelled and self.cancelled():
            raise _Cancelled
        self.done += 1
        if self.progress and self.done % self._EVERY == 0:
            self.progress(self.done, self.total)

    def passed(self, n_docs: int) -> None:
        self.base += n_docs
        self.done = self.base
        if self.progress:
            self.progress(self.done, self.total)

    def stopped(self) -> bool:
        return bool(self.cancelled and self.cancelled())


def _file_size(path: Path, fmt: str) -> int:
    """Bytes a file's documents come from (a brat document is its .txt and its .ann)."""
    try:
        size = path.stat().st_size
        if fmt == "brat":
            size += path.with_suffix(".txt").stat().st_size
        return size
    except OSError:
        return 0


def _add_layers(c: sqlite3.Connection, names: Iterable[str | None], stamp: str) -> None:
    """The annotators of a file's layers that the project lacks, inside the file's transaction."""
    c.executemany(
        "INSERT OR IGNORE INTO annotators(name, role, created_at) VALUES (?, ?, ?)",
        [(n, "gold" if n == GOLD else "annotator", stamp) for n in sorted({n for n in names if n})],
    )


def _store_file(
    project: Project,
    path: Path,
    fmt: str,
    drafts: Sequence[AnnotatedDraft],
    annotator: str | None,
    labels: _Matcher,
    roles: _Matcher,
    rep: AnnotatedImportReport,
    notes: FormatReport,
    ticks: _Ticks,
) -> AnnotatedFileOutcome:
    """One file in one transaction; each draft to ``annotator``'s layer, or (None) to the one it names.

    ``notes`` (what reading the file reported) joins ``rep`` once the file is stored; ``ticks`` counts
    the documents and raises ``_Cancelled`` (the transaction rolls back) when a cancel is asked for."""
    out = AnnotatedFileOutcome(str(path), fmt, "imported")
    added: dict[DocId, None] = {}
    layered: dict[DocId, None] = {}
    done: set[tuple[DocId, str]] = set()
    try:
        with project.write() as c:
            stamp = now()
            # The annotators join with the file's annotations: a refused file leaves no new annotator either.
            _add_layers(c, [annotator] if annotator is not None else [d.annotator for d in drafts], stamp)
            for d in drafts:
                ticks.next_document()
                doc_id, is_new = _doc_id(c, d, stamp)
                if is_new:
                    added[doc_id] = None
                    out.documents += 1
                layer = annotator or d.annotator
                if layer is None:
                    continue  # a Label Studio task nobody annotated: its document, in no layer
                if (doc_id, layer) in done or (
                    doc_id not in added
                    and c.execute(
                        "SELECT 1 FROM spans WHERE doc_id = ? AND annotator = ? LIMIT 1", (doc_id, layer)
                    ).fetchone()
                ):
                    notes.add("skipped_layer", d.source, f"document {doc_id} already has {layer}'s spans")
                    out.skipped += 1
                    continue
                if doc_id not in added and doc_id not in layered:
                    out.attached += 1
                    _keep_whitespace_tokens(c, d, doc_id, notes)
                cmd, n_spans, n_rels = _commands(
                    d, doc_id, layer, lambda x: labels(x) or x, lambda x: roles(x) or x
                )
                if cmd.ops:
                    apply_in(c, cmd, layer, stamp)
                done.add((doc_id, layer))
                layered[doc_id] = None
                out.layers.setdefault(layer, LayerCount()).add(1, n_spans, n_rels)
                out.spans += n_spans
                out.relations += n_rels
            if annotator is None:
                assign_in(c, sorted(done), stamp)  # each document to whoever's layer it received
    except (ProjectError, sqlite3.Error) as exc:
        return AnnotatedFileOutcome(str(path), fmt, "refused", error=f"{path}: nothing imported: {exc}")
    rep.added_ids.extend(added)
    rep.layer_ids.extend(layered)
    rep.report.merge(notes)
    return out


def route_paths(paths: Sequence[str], fmt: str) -> tuple[list[tuple[Path, AnnotatedFormat]], list[str]]:
    """Split the command line's paths into annotated files (with their format) and plain-text paths.

    ``txt`` and ``csv`` stay plain as before; ``jsonl`` takes our annotated
    JSONL when a file's records carry spans and plain JSONL otherwise; ``auto``
    recognises every annotated format and leaves the rest to the text importer.
    """
    if fmt in ("txt", "csv"):
        return [], list(paths)
    if fmt not in ("auto", "jsonl"):
        return [(p, k) for p, k in collect(paths, fmt) if k], []  # type: ignore[misc]
    annotated: list[tuple[Path, AnnotatedFormat]] = []
    plain: list[str] = []
    for p, kind in collect(paths, fmt):
        if fmt == "jsonl":
            kind = "jsonl" if detect(p) == "jsonl" else None
        if kind:
            annotated.append((p, kind))
        else:
            plain.append(str(p))
    return annotated, plain
