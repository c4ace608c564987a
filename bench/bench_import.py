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
from pathlib import Path

from annotate.schema import default_schema
from bench import generate
from bench.timing import Row, median_time, timed
from store import importer
from store.project import Project

AREA = "import"


def _drop(path: Path) -> None:
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)


def _fresh(path: Path) -> Project:
    _drop(path)
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
    _drop(path)
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
    _drop(path)  # 1.5 GB, rebuilt by every run: the import is the figure
    if count != n:
        raise RuntimeError(f"import stored {count} of {n} documents")
    return path, total, spent["index"]


def stats_rows(path: Path, runs: int) -> list[Row]:
    from store.stats import project_stats

    p = Project.open(path, readonly=True)
    try:
        med, _ = median_time(lambda: project_stats(p), runs=runs)
    finally:
        p.close()
    rows = [
        Row(
            AREA,
            "project_stats() on the same articles with a layer of 10 spans each",
            med,
            budget=0.5,
            kind="max_s",
            runs=runs,
        )
    ]
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
                "`hashiya stats` whole process (Python start included; runtime packages only)",
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
    """Import timing, then stats on a cached project of the same articles with a layer of spans.

    The layered project (``generate.build_project``) holds exactly the imported
    documents plus ten spans each; building it once and caching it keeps the
    bench inside ten minutes (the import itself cannot be cached: it is the figure).
    """
    raw = raw_insert(n, runs=2)
    _, total, index = import_corpus(n)
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
            note=f"1 run (too long to repeat); of which folded search index {index:.1f} s; reference median of 2",
            extra={"docs_per_s": n / total, "index_s": index},
        )
    ]
    layered = generate.build_project(n, spans_per_doc=spans_per_doc)
    rows += stats_rows(layered.path, runs)
    rows[-1].extra["spans"] = layered.spans
    return rows, layered.path
