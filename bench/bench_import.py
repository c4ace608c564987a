"""Import of a generated corpus against raw sqlite-utils ``insert_all`` of the same rows; then ``stats``.

The imported project is kept for the export and stats benchmarks: a layer of
ten spans per document is added to it with bulk SQL (the span-text trigger
still checks every row).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from annotate.schema import default_schema
from bench import generate
from bench.timing import Row, median_time, timed
from store import importer
from store.project import Project

AREA = "import"


def _fresh(path: Path) -> Project:
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)
    return Project.create(path, default_schema())


def raw_insert(n: int, runs: int) -> float:
    """Floor: sqlite-utils ``insert_all`` of the rows the import stores, into a fresh project's table."""
    rows = list(generate.document_rows(n))
    path = generate.OUT / f"raw-{n}.hashiya"
    holder: dict[str, Project] = {}

    def setup() -> None:
        if "p" in holder:
            holder["p"].close()
        holder["p"] = _fresh(path)

    def insert() -> None:
        p = holder["p"]
        with p.write():
            p.db["documents"].insert_all(rows, batch_size=1000)

    med, _ = median_time(insert, runs=runs, setup=setup, warmup=0)
    holder["p"].close()
    return med


def import_corpus(n: int) -> tuple[Path, float, float]:
    """Time ``import_paths`` over the generated JSONL files; returns (project, total s, search-index s)."""
    corpus = generate.corpus_dir(n)
    path = generate.OUT / f"import-{n}.hashiya"
    p = _fresh(path)
    spent = {"index": 0.0}
    original = importer.index_documents

    def timed_index(project: Project, ids: list) -> int:
        t = time.perf_counter()
        try:
            return original(project, ids)
        finally:
            spent["index"] += time.perf_counter() - t

    importer.index_documents = timed_index  # type: ignore[assignment]
    try:
        total = timed(lambda: importer.import_paths(p, [corpus]))
    finally:
        importer.index_documents = original  # type: ignore[assignment]
    count = p.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    p.close()
    if count != n:
        raise RuntimeError(f"import stored {count} of {n} documents")
    return path, total, spent["index"]


def add_layer(path: Path, per_doc: int, annotator: str = "amal") -> int:
    """Ten word-aligned spans per document, written in one bulk transaction (not timed)."""
    p = Project.open(path)
    try:
        rows = []
        for doc_id, text in p.conn.execute("SELECT id, text FROM documents ORDER BY id"):
            for s, e, lab in generate.layer(text, per_doc, doc_id):
                rows.append(
                    (
                        str(uuid.uuid4()),
                        doc_id,
                        annotator,
                        s,
                        e,
                        lab,
                        text[s:e],
                        generate.STAMP,
                        generate.STAMP,
                    )
                )
        with p.write() as c:
            c.execute(
                "INSERT OR IGNORE INTO annotators(name, role, created_at) VALUES (?, 'annotator', ?)",
                (annotator, generate.STAMP),
            )
            generate._insert_spans(c, rows)
        p.conn.execute("ANALYZE")
        return len(rows)
    finally:
        p.close()


def stats_rows(path: Path, runs: int) -> list[Row]:
    from store.stats import project_stats

    p = Project.open(path, readonly=True)
    try:
        med, _ = median_time(lambda: project_stats(p), runs=runs)
    finally:
        p.close()
    rows = [Row(AREA, "project_stats() on the imported project", med, budget=0.5, kind="max_s", runs=runs)]
    main = generate.ROOT / "main.py"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    def cli() -> None:
        r = subprocess.run(
            [sys.executable, str(main), "stats", str(path), "--json"],
            capture_output=True,
            env=env,
            check=False,
        )
        if r.returncode:
            raise RuntimeError(r.stderr.decode(errors="replace").strip()[-300:])
        json.loads(r.stdout)

    try:
        med_cli, _ = median_time(cli, runs=runs)
        rows.append(
            Row(
                AREA,
                "`hashiya stats` whole process (Python start included)",
                med_cli,
                budget=0.5,
                kind="max_s",
                runs=runs,
            )
        )
    except RuntimeError as exc:
        rows.append(Row(AREA, "`hashiya stats` whole process", None, note=f"CLI failed: {exc}"))
    return rows


def run(n: int, spans_per_doc: int, runs: int) -> tuple[list[Row], Path]:
    raw = raw_insert(n, runs=3)
    path, total, index = import_corpus(n)
    rows = [
        Row(
            AREA,
            f"import {n:,} generated articles (import_paths, JSONL)",
            total,
            reference=raw,
            reference_name="sqlite-utils insert_all, same rows",
            budget=0.30,
            kind="min_ratio",
            runs=1,
            note=f"1 run (too long to repeat); of which folded search index {index:.1f} s; reference median of 3",
            extra={"docs_per_s": n / total, "index_s": index},
        )
    ]
    spans = add_layer(path, spans_per_doc)
    rows[0].extra["spans_added_after"] = spans
    rows += stats_rows(path, runs)
    rows[-1].extra["spans"] = spans
    return rows, path
