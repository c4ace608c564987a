"""Export of the imported project (100,000 documents, 1,000,000 spans) beside json.dumps of the same rows.

The reference builds the very records the JSONL export writes, in memory,
before the clock starts; only ``json.dumps`` and writing the lines are timed.
That is the floor any exporter pays.  Each export and the floor run one after
the other, five times (the bench's ``--runs``), and the medians are compared:
this machine's speed drifts by a third within minutes, and a single long run
against a floor measured at another moment gave ratios from 1.6 to 2.8 for
the same code.

The CoNLL export's worker processes start from compiled bytecode, as they do
in an installed program (see ``bench.bench_app``): under a session's
``PYTHONDONTWRITEBYTECODE`` each worker would compile our modules afresh,
some 0.15 s that no installed program pays.
"""

from __future__ import annotations

import inspect
import json
import os
import statistics
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench import generate
from bench.timing import Row, alternating, missing
from store.project import Project

AREA = "export"
LAYER = "amal"


def records(p: Project) -> list[dict[str, Any]]:
    """The rows of the export, read in two bulk queries (not timed)."""
    by_doc: dict[int, list[dict[str, Any]]] = defaultdict(list)
    q = 'SELECT doc_id, id, start, "end", label, text, attributes FROM spans WHERE annotator = ? ORDER BY doc_id, start'
    for doc_id, sid, s, e, lab, text, attrs in p.conn.execute(q, (LAYER,)):
        by_doc[doc_id].append(
            {"id": sid, "start": s, "end": e, "label": lab, "text": text, "attributes": json.loads(attrs)}
        )
    out = []
    for doc_id, ext, title, text, meta in p.conn.execute(
        "SELECT id, ext_id, title, text, meta FROM documents ORDER BY id"
    ):
        out.append(
            {
                "id": ext,
                "title": title,
                "text": text,
                "annotator": LAYER,
                "status": "new",
                "meta": json.loads(meta),
                "spans": by_doc.get(doc_id, []),
                "relations": [],
            }
        )
    return out


def dumps_floor(recs: list[dict[str, Any]], out: Path) -> None:
    with out.open("w", encoding="utf-8") as fh:
        for r in recs:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


@contextmanager
def installed_bytecode() -> Iterator[None]:
    """Child processes started inside (export workers) use the bytecode cache of ``bench.bench_app``,
    written first by a warm-up import."""
    keys = ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")
    saved = {k: os.environ.get(k) for k in keys}
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(generate.OUT / "pycache")
    try:
        subprocess.run([sys.executable, "-c", "import store.export_workers"], cwd=generate.ROOT, check=True)
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _secs(samples: list[float]) -> str:
    return ", ".join(f"{t:.1f}" for t in samples) + " s"


def conll_exporter() -> Callable[[Project, Path, str], Any] | None:
    """The CoNLL exporter of store.export, under whichever name it lands."""
    from store import export

    for name in ("export_conll", "export_conll2003"):
        fn = getattr(export, name, None)
        if callable(fn):
            return lambda p, out, layer, fn=fn: fn(p, out, layer)
    fn = getattr(export, "export_layer", None) or getattr(export, "export", None)
    if callable(fn) and "fmt" in inspect.signature(fn).parameters:
        return lambda p, out, layer, fn=fn: fn(p, out, layer, fmt="conll")
    return None


def run(imported: Path | None, runs: int) -> list[Row]:
    if imported is None or not imported.exists():
        return [missing(AREA, "export", "the import benchmark did not leave a project")]
    from store.export import export_jsonl

    out_dir = generate.OUT / "export"
    out_dir.mkdir(parents=True, exist_ok=True)
    p = Project.open(imported, readonly=False)
    try:
        docs = p.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        spans = p.conn.execute("SELECT count(*) FROM spans WHERE annotator = ?", (LAYER,)).fetchone()[0]
        recs = records(p)
        what = f"{docs:,} docs, {spans:,} spans"

        def floor() -> None:
            dumps_floor(recs, out_dir / "floor.jsonl")

        def row(figure: str, mine: list[float], ref: list[float]) -> Row:
            return Row(
                AREA,
                figure,
                statistics.median(mine),
                reference=statistics.median(ref),
                reference_name="json.dumps of the same rows",
                budget=2.0,
                kind="max_ratio",
                runs=len(mine),
                note=f"{len(mine)} alternating runs of each, medians; export {_secs(mine)}, floor {_secs(ref)}",
            )

        with installed_bytecode():  # both exports start worker processes
            _, _, mine, ref = alternating(lambda: export_jsonl(p, out_dir / "ours.jsonl", LAYER), floor, runs)
        rows = [row(f"export JSONL ({what})", mine, ref)]
        conll = conll_exporter()
        if conll is None:
            rows.append(missing(AREA, f"export CoNLL ({what})", "no CoNLL exporter in store/export.py"))
        else:
            with installed_bytecode():
                _, _, mine, ref = alternating(lambda: conll(p, out_dir / "ours.conll", LAYER), floor, runs)
            rows.append(row(f"export CoNLL ({what})", mine, ref))
        recs.clear()
        return rows
    finally:
        p.close()
        for f in out_dir.glob("*"):  # a gigabyte and more of output: measured, not kept
            f.unlink()
