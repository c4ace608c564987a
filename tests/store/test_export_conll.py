"""The CoNLL export from the project: what it reads (nesting depth, documents by id range) and how it
writes (one process or several), always the same file, report and counts."""

from __future__ import annotations

import random
import sqlite3
import subprocess
from itertools import groupby
from pathlib import Path
from types import SimpleNamespace

import pytest

from annotate.commands import add_relation, add_spans, combine
from annotate.formats.conll import nesting_depth
from annotate.model import DocId, Relation, make_span, new_relation_id
from annotate.schema import Schema
from annotate.textimport import draft
from store import children, export, export_workers
from store.annotations import apply
from store.documents import add_documents, document_ids, get_document
from store.export import ExportCancelled, ExportOptions, _max_depth, export_conll, export_layer
from store.project import Project, ProjectError

# Our own words, with what the writer treats apart: punctuation, a decimal number, an emoji, a line break.
WORDS = ["غارة", "على", "مواقع", "في", "بالرقة", "وأعلنت", "قوات", "الأمن", "اعتقال", "خمسة", "أشخاص", "قرب"]
WORDS += ["حلب", "3.5", "،", ".", "؟!", "«نعم»", "😀", "\n", "SDF"]
LABELS = ["arrest", "clash", "state", "place"]


def _fill(project: Project, n_docs: int, seed: int) -> list[DocId]:
    """``n_docs`` documents with random spans: over whole words, inside words, overlapping, nested."""
    rnd = random.Random(seed)
    texts = [
        " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(0, 30))) + f" خبر {i}" for i in range(n_docs)
    ]
    ids = add_documents(project, [draft(t, f"d{i}.txt", "utf-8") for i, t in enumerate(texts)]).added
    spans, rels = [], []
    for i in ids:
        doc = get_document(project, i)
        words = [(m, m + len(w)) for m, w in _words(doc.text)]
        mine = []
        for _ in range(rnd.choice([0, 1, 3, 6, 10])):
            if rnd.random() < 0.7 and words:
                a = rnd.randrange(len(words))
                b = min(len(words) - 1, a + rnd.randint(0, 2))
                start, end = words[a][0], words[b][1]
            else:
                start = rnd.randrange(len(doc.text))
                end = rnd.randint(start + 1, min(len(doc.text), start + 15))
            label = rnd.choice(LABELS)
            # Attributes and relations, which CoNLL cannot hold and its report lists.
            attrs = {"certainty": "claimed"} if label == "arrest" and rnd.random() < 0.5 else None
            mine.append(make_span(doc, "amal", start, end, label, attrs))
        events = [s for s in mine if s.label in ("arrest", "clash")]
        actors = [s for s in mine if s.label == "state"]
        if events and actors:
            rels.append(Relation(new_relation_id(), doc.id, "amal", events[0].id, actors[0].id, "agent"))
        spans += mine
    apply(project, combine("fill", [add_spans(spans), *(add_relation(r) for r in rels)]), "amal")
    return ids


def _words(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for w in text.split(" "):
        if w:
            out.append((pos, w))
        pos += len(w) + 1
    return out


@pytest.fixture
def busy(tmp_path: Path, schema: Schema) -> Project:
    p = Project.create(tmp_path / "busy.hashiya", schema)
    _fill(p, 60, seed=7)
    yield p
    p.close()


def _depths(project: Project) -> dict[int, int]:
    rows = project.conn.execute(
        "SELECT doc_id, start, \"end\" FROM spans WHERE annotator = 'amal' ORDER BY doc_id"
    ).fetchall()
    return {d: nesting_depth([(s, e) for _, s, e in g]) for d, g in groupby(rows, lambda r: r[0])}


def test_max_depth_is_the_deepest_nesting_the_writer_makes(busy: Project) -> None:
    per_doc = _depths(busy)
    ids = document_ids(busy)
    assert max(per_doc.values()) >= 3  # the data nests
    assert _max_depth(busy, "amal", None) == max(per_doc.values())
    for after, upto in ((-1, ids[9]), (ids[9], ids[30]), (ids[30], None)):
        want = max((v for d, v in per_doc.items() if d > after and (upto is None or d <= upto)), default=1)
        assert _max_depth(busy, "amal", None, after=after, upto=upto) == want
    some = ids[5:50:4]
    assert _max_depth(busy, "amal", some) == max((per_doc.get(i, 1) for i in some), default=1)
    assert _max_depth(busy, "nobody", None) == _max_depth(busy, "amal", []) == 1


# -- one process or several -----------------------------------------------------------------------------
@pytest.fixture
def in_workers(monkeypatch: pytest.MonkeyPatch) -> list[subprocess.Popen]:
    """Every CoNLL export below goes to two workers, in chunks of 4 documents; returns the workers started."""
    started: list[subprocess.Popen] = []
    real_popen = export_workers.subprocess.Popen

    def watch(*args: object, **kwargs: object) -> subprocess.Popen:
        proc = real_popen(*args, **kwargs)  # type: ignore[call-overload]
        started.append(proc)
        return proc

    monkeypatch.setattr(children.subprocess, "Popen", watch)
    monkeypatch.setattr(export_workers, "PARALLEL_MIN_DOCS", 1)
    monkeypatch.setattr(children, "cpu_count", lambda: 2)
    monkeypatch.setattr(export, "_CHUNK", 4)
    return started


def _in_one_process(monkeypatch: pytest.MonkeyPatch, run):
    with monkeypatch.context() as m:
        m.setattr(export_workers, "PARALLEL_MIN_DOCS", 10**9)
        return run()


def not_here(*_a: object, **_k: object) -> None:
    """Put in place of the rendering function in this process: the workers keep the real one."""
    raise AssertionError("rendered in this process: the workers did not do the writing")


def _leftovers(folder: Path) -> list[Path]:
    return list(folder.glob(".*partial*"))


@pytest.mark.parametrize(
    ("clitics", "nested"), [("attach", "columns"), ("split", "outer"), ("attach", "inner")]
)
def test_workers_write_the_file_one_process_writes(
    busy: Project, tmp_path: Path, in_workers: list, monkeypatch: pytest.MonkeyPatch, clitics, nested
) -> None:
    opts = ExportOptions(clitics=clitics, nested=nested)
    alone = _in_one_process(
        monkeypatch, lambda: export_layer(busy, tmp_path / "alone.conll", "amal", "conll", opts)
    )
    assert not in_workers

    seen: list[tuple[int, int]] = []
    with monkeypatch.context() as m:
        m.setattr(export, "conll_pieces", not_here)  # the workers keep the real one
        many = export_layer(
            busy, tmp_path / "many.conll", "amal", "conll", opts, progress=lambda d, t: seen.append((d, t))
        )
    assert len(in_workers) == 2 and all(p.returncode is not None for p in in_workers)
    assert (tmp_path / "many.conll").read_bytes() == (tmp_path / "alone.conll").read_bytes()
    assert many.report.items == alone.report.items and many.report.items  # in document order
    assert many.report.count("dropped_attribute") and many.report.count("dropped_relation")
    assert many.report.counts == alone.report.counts
    assert [(r.documents, r.spans, r.relations) for r in many.results] == [
        (r.documents, r.spans, r.relations) for r in alone.results
    ]
    assert seen[-1] == (60, 60) and seen == sorted(seen)
    assert not _leftovers(tmp_path)


def test_workers_write_each_part_of_a_split_in_its_order(
    busy: Project, tmp_path: Path, in_workers: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    opts = ExportOptions(split="70,20,10", seed=3)
    (tmp_path / "a").mkdir()
    (tmp_path / "m").mkdir()
    alone = _in_one_process(
        monkeypatch, lambda: export_layer(busy, tmp_path / "a" / "x.conll", "amal", "conll", opts)
    )
    many = export_layer(busy, tmp_path / "m" / "x.conll", "amal", "conll", opts)
    assert in_workers
    for a, b in zip(alone.results, many.results, strict=True):
        assert (
            Path(a.path).name == Path(b.path).name and Path(a.path).read_bytes() == Path(b.path).read_bytes()
        )
        assert (a.documents, a.spans) == (b.documents, b.spans)
    assert many.report.items == alone.report.items


def test_workers_keep_the_order_of_a_listed_selection(
    busy: Project, tmp_path: Path, in_workers: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = document_ids(busy)
    random.Random(1).shuffle(ids)  # read a chunk at a time, each chunk in id order
    alone = _in_one_process(
        monkeypatch, lambda: export_conll(busy, tmp_path / "a.conll", "amal", doc_ids=ids[:45])
    )
    many = export_conll(busy, tmp_path / "m.conll", "amal", doc_ids=ids[:45])
    assert in_workers and (many.documents, many.spans) == (alone.documents, alone.spans) == (45, many.spans)
    assert (tmp_path / "m.conll").read_bytes() == (tmp_path / "a.conll").read_bytes()


def test_a_small_export_starts_no_worker(
    busy: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[object] = []
    monkeypatch.setattr(children.subprocess, "Popen", lambda *a, **k: started.append(a))
    export_conll(busy, tmp_path / "x.conll", "amal")
    assert not started and (tmp_path / "x.conll").exists()


def test_cancel_stops_every_worker_and_leaves_nothing(
    busy: Project, tmp_path: Path, in_workers: list
) -> None:
    out = tmp_path / "x.conll"
    progressed: list[int] = []
    with pytest.raises(ExportCancelled):
        export_conll(
            busy, out, "amal", progress=lambda d, t: progressed.append(d), cancelled=lambda: bool(progressed)
        )
    assert progressed and progressed[-1] < 60  # stopped half-way
    assert len(in_workers) == 2 and all(p.returncode is not None for p in in_workers)
    assert not out.exists() and not _leftovers(tmp_path)


# A worker that writes its first unit, then dies as a killed process would.
_DIES = (
    "import os, store.export_workers as w\n"
    "real = w._render\n"
    "def render(*a):\n"
    "    real(*a)\n"
    "    os._exit(3)\n"
    "w._render = render\n"
    "w.worker_main()\n"
)


@pytest.mark.parametrize("worker", [["-c", "import sys; sys.exit(3)"], ["-c", _DIES]])
def test_a_worker_that_dies_fails_the_export_clearly(
    busy: Project, tmp_path: Path, in_workers: list, monkeypatch: pytest.MonkeyPatch, worker: list[str]
) -> None:
    monkeypatch.setattr(export_workers, "WORKER", worker)
    out = tmp_path / "x.conll"
    with pytest.raises(
        ProjectError, match=r"x\.conll: export worker \d stopped \(exit code 3\); nothing was written"
    ):
        export_conll(busy, out, "amal")
    assert all(p.returncode is not None for p in in_workers)
    assert not out.exists() and not _leftovers(tmp_path)


def test_an_error_in_a_worker_names_it(busy: Project, tmp_path: Path, in_workers: list, monkeypatch) -> None:
    boom = "import store.export_workers as w\ndef render(*a):\n    raise ValueError('no such thing')\nw._render = render\nw.worker_main()\n"
    monkeypatch.setattr(export_workers, "WORKER", ["-c", boom])
    with pytest.raises(ProjectError, match=r"export worker \d stopped \(ValueError: no such thing\)"):
        export_conll(busy, tmp_path / "x.conll", "amal")
    assert not _leftovers(tmp_path)


@pytest.mark.parametrize(
    ("total", "workers", "smallest"), [(100_000, 2, 200), (60, 2, 200), (112, 4, 1), (1, 2, 200)]
)
def test_units_cover_every_document_once_and_shrink_toward_the_end(
    total: int, workers: int, smallest: int
) -> None:
    sizes = export_workers._unit_sizes(total, workers, smallest)
    assert sum(sizes) == total and all(s > 0 for s in sizes)
    assert sizes == sorted(sizes, reverse=True)[: len(sizes) - 1] + sizes[-1:]  # never growing, the rest last
    if total >= 1000:  # the last unit a worker takes alone is a small part of the bulk
        assert sizes[-1] * 8 <= sizes[0] and len(sizes) <= workers * export_workers.UNITS_PER_WORKER * 2


@pytest.mark.parametrize("gaps", [False, True])
def test_cuts_cover_every_id_once_with_or_without_gaps(gaps: bool) -> None:
    """Ids without gaps are cut by arithmetic, ids with gaps from the ids read: every id in one unit
    and in one worker's share for the depth count, in order, the shares equal."""
    ids = [i for i in range(7, 2007) if not (gaps and i % 3 == 0)]
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY)")
    conn.executemany("INSERT INTO documents VALUES (?)", [(i,) for i in ids])
    units, shares = export_workers._cut(SimpleNamespace(conn=conn), None, 2)

    def members(share: export_workers.Share) -> list[int]:
        return [i for i in ids if share.after < i and (share.upto is None or i <= share.upto)]

    assert [i for u in units for i in members(u)] == ids and len(units) > 2
    assert [members(s) for s in shares] == [ids[: len(ids) // 2], ids[len(ids) // 2 :]]


# -- our JSONL by the same workers ----------------------------------------------------------------------
@pytest.mark.parametrize("split", ["", "70,20,10"])
def test_workers_write_the_jsonl_one_process_writes(
    busy: Project, tmp_path: Path, in_workers: list, monkeypatch: pytest.MonkeyPatch, split: str
) -> None:
    opts = ExportOptions(split=split, seed=3)
    (tmp_path / "a").mkdir()
    (tmp_path / "m").mkdir()
    alone = _in_one_process(
        monkeypatch, lambda: export_layer(busy, tmp_path / "a" / "x.jsonl", "amal", "jsonl", opts)
    )
    assert not in_workers

    seen: list[tuple[int, int]] = []
    with monkeypatch.context() as m:
        m.setattr(export, "json_lines", not_here)  # the workers keep the real one
        many = export_layer(
            busy, tmp_path / "m" / "x.jsonl", "amal", "jsonl", opts, progress=lambda d, t: seen.append((d, t))
        )
    assert len(in_workers) == 2 * len(many.results) and all(p.returncode is not None for p in in_workers)
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "m").iterdir()) and len(names) == len(alone.results)
    for name in names:
        assert (tmp_path / "m" / name).read_bytes() == (tmp_path / "a" / name).read_bytes()
    assert [(r.documents, r.spans, r.relations) for r in many.results] == [
        (r.documents, r.spans, r.relations) for r in alone.results
    ]
    assert seen[-1] == (60, 60) and seen == sorted(seen)


@pytest.mark.parametrize("parallel", [False, True])
def test_a_span_that_disagrees_with_its_text_refuses_the_jsonl_export_whole(
    busy: Project, tmp_path: Path, in_workers: list, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    """A damaged file (a span whose stored text is not the document's there) is said as one process says it."""
    from annotate.jsonl import ExportCheckError

    busy.conn.execute("DROP TRIGGER spans_text_update")
    busy.conn.execute("UPDATE spans SET text = 'غلط' WHERE rowid = (SELECT max(rowid) FROM spans)")
    out = tmp_path / "x.jsonl"

    def run() -> None:
        export_layer(busy, out, "amal", "jsonl", ExportOptions())

    with pytest.raises(ExportCheckError, match="says 'غلط' but the text there is"):
        run() if parallel else _in_one_process(monkeypatch, run)
    assert bool(in_workers) == parallel
    assert not out.exists() and not _leftovers(tmp_path)


def test_fewer_documents_than_workers(project: Project, tmp_path: Path, in_workers: list) -> None:
    """One document, two workers: one counts the nesting of nothing, and the file is the one-document file."""
    add_documents(project, [draft("قصفت الطائرات مدينة حلب.", "a.txt", "utf-8")])
    out = tmp_path / "one.conll"
    export_layer(project, out, "amal", "conll", ExportOptions())
    assert len(in_workers) == 2
    assert out.read_text("utf-8").startswith("-DOCSTART- -X- O O\n\nقصفت\tO\n")


def test_parts_are_appended_without_a_copy_in_the_kernel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where copy_file_range copies nothing (another file system, another system), the rest goes through
    this process; the copy never loops on a call that makes no progress."""
    calls: list[int] = []

    def stalls(_src: int, _dst: int, _n: int) -> int:
        calls.append(1)
        if len(calls) > 3:
            raise AssertionError("called again after it copied nothing")
        return 0

    monkeypatch.setattr(export_workers.os, "copy_file_range", stalls, raising=False)
    dst, part = tmp_path / "dst", tmp_path / "part"
    dst.write_bytes(b"first\n")
    part.write_bytes("ثانية\n".encode() * 1000)
    export_workers._append(dst, part)
    assert dst.read_bytes() == b"first\n" + "ثانية\n".encode() * 1000 and not part.exists()
    assert calls == [1]


@pytest.mark.parametrize("where", ["doc_id > ? AND doc_id <= ?", "doc_id IN (?, ?)"])
def test_the_spans_with_attributes_are_read_over_their_partial_index(busy: Project, where: str) -> None:
    """The report's query touches only spans that have attributes, whether documents come as a range or a list."""
    q = export._CONLL_ATTRIBUTED_SQL.format(where=where)
    plan = " ".join(str(r[3]) for r in busy.conn.execute(f"EXPLAIN QUERY PLAN {q}", ["amal", 0, 10]))
    assert "USING INDEX spans_with_attributes" in plan, plan
    got = busy.conn.execute(q.replace(where, "doc_id > ?"), ["amal", 0]).fetchall()
    assert got and all(a != "{}" for *_, a in got)
    assert len(got) == busy.conn.execute("SELECT count(*) FROM spans WHERE attributes != '{}'").fetchone()[0]


def test_an_older_file_gets_the_partial_index_on_opening(tmp_path: Path, schema: Schema) -> None:
    from tests.store.oldfiles import as_before_m011

    path = tmp_path / "old.hashiya"
    Project.create(path, schema).close()
    as_before_m011(path)
    with Project.open(path) as p:
        names = {r[0] for r in p.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "spans_with_attributes" in names and p.backup_path is not None
