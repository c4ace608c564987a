"""Import of a generated corpus against raw sqlite-utils ``insert_all`` of the same rows, the deferred
search index it leaves, then ``stats``.

The imported project is kept for the export and stats benchmarks: a layer of
ten spans per document is added to it with bulk SQL (the span-text trigger
still checks every row).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from annotate.schema import default_schema
from bench import generate
from bench.timing import Row, median_time, timed
from store import importer, search
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


RARE = "اعاده المحاكمه"  # folded; absent from the generated articles, so every shadow is read


def import_corpus(n: int) -> tuple[Path, dict[str, float]]:
    """Time ``import_paths`` over the generated JSONL files, then the FTS pass it defers.

    Returns the project path and timings: ``import`` (documents and shadows stored:
    search is complete from here, by scanning the backlog), ``index`` (``index_missing``:
    the FTS index brought up to date), and one rare-word search before and after it.
    """
    corpus = generate.corpus_dir(n)
    path = generate.OUT / f"import-{n}.hashiya"
    p = _fresh(path)
    out: dict[str, float] = {}
    try:
        out["import"] = timed(lambda: importer.import_paths(p, [corpus]))
        out["backlog"] = float(search.backlog_count(p))
        out["search_before"], _ = median_time(lambda: search.search_documents(p, RARE), runs=3, warmup=0)
        out["index"] = timed(lambda: search.index_missing(p))
        out["search_after"], _ = median_time(lambda: search.search_documents(p, RARE), runs=3, warmup=0)
        count = p.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        left = search.backlog_count(p) + search.unindexed_count(p)
    finally:
        p.close()
        _drop(path)  # 1.5 GB, rebuilt by every run: the import is the figure
    if count != n or left:
        raise RuntimeError(f"import stored {count} of {n} documents, {left} not indexed")
    return path, out


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
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    def cli() -> None:  # python main.py stats, with the dev venv's numpy hidden as a user's install has none
        r = subprocess.run(
            [sys.executable, "-m", "bench.app_probe", "cli", "stats", str(path), "--json", "--runtime-only"],
            cwd=generate.ROOT,
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


def annotated_row(n: int) -> Row:
    """Import with annotations (our JSONL of ``n`` generated articles, ten spans each) against the plain
    import of ``n`` articles of the same generator, one run each, in a fresh project.

    A corpus brought from another tool comes this way: every span checked against the schema and the
    text, written with its change log, each file in one transaction.
    """
    from store.annotated_import import import_annotated
    from store.export import export_jsonl

    built = generate.build_project(n, spans_per_doc=10, name=f"formats-export-{n}")
    src = generate.OUT / f"annotated-{n}.jsonl"
    if not src.exists() or src.stat().st_mtime < built.path.stat().st_mtime:
        with Project.open(built.path) as layered:
            export_jsonl(layered, src, "amal")
    path = generate.OUT / f"annotated-import-{n}.hashiya"
    p = _fresh(path)
    try:
        rep = None

        def annotated() -> None:
            nonlocal rep
            rep = import_annotated(p, [(src, "jsonl")], "bench")

        t = timed(annotated)
        stored = p.conn.execute("SELECT count(*) FROM spans").fetchone()[0]
    finally:
        p.close()
        _drop(path)
    if rep is None or rep.refused or stored != built.spans:
        raise RuntimeError(f"annotated import stored {stored} of {built.spans} spans")
    p = _fresh(path)
    try:
        ref = timed(lambda: importer.import_paths(p, [generate.corpus_dir(n)]))
    finally:
        p.close()
        _drop(path)
    return Row(
        AREA,
        f"import {n:,} articles with {built.spans:,} spans (our JSONL, import_annotated)",
        t,
        reference=ref,
        reference_name=f"plain import of {n:,} generated articles",
        runs=1,
        note="1 run each; spans checked against the schema and the text, written with their change log",
        extra={"ms_per_doc": 1000 * t / n},
    )


def run(n: int, spans_per_doc: int, runs: int) -> tuple[list[Row], Path]:
    """Import timing, then stats on a cached project of the same articles with a layer of spans.

    The layered project (``generate.build_project``) holds exactly the imported
    documents plus ten spans each; building it once and caching it keeps the
    bench inside ten minutes (the import itself cannot be cached: it is the figure).
    """
    raw = raw_insert(n, runs=2)
    _, t = import_corpus(n)
    rows = [
        Row(
            AREA,
            f"import {n:,} generated articles (import_paths, JSONL)",
            t["import"],
            reference=raw,
            reference_name="sqlite-utils insert_all, same rows",
            budget=0.30,
            kind="min_ratio",
            runs=1,
            note="1 run (too long to repeat); documents and folded shadows stored, search complete"
            f" (FTS index deferred: {t['backlog']:,.0f} shadows scanned until indexed); reference median of 2",
            extra={"docs_per_s": n / t["import"]},
        ),
        Row(
            AREA,
            f"import {n:,} articles until search is fully indexed (import_paths + index_missing)",
            t["import"] + t["index"],
            runs=1,
            note=f"of which the deferred FTS5 trigram index {t['index']:.1f} s (bulk, committed batches)",
            extra={"index_s": t["index"]},
        ),
        Row(
            AREA,
            f"rare-word search right after the import ({n:,} shadows pending: scan)",
            t["search_before"],
            runs=3,
        ),
        Row(AREA, "the same search once the FTS index is up to date", t["search_after"], runs=3),
    ]
    rows.append(annotated_row(n // 10))
    layered = generate.build_project(n, spans_per_doc=spans_per_doc)
    rows += stats_rows(layered.path, runs)
    rows[-1].extra["spans"] = layered.spans
    return rows, layered.path
