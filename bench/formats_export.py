"""Export speed of store.export on 100,000 generated documents with 1,000,000 spans.

``python -m bench.formats_export [N [FORMAT...]]``: builds (and caches) the
project with bench.generate, then times export_jsonl against json.dumps of the
same rows (the floor; target ratio <= 2, CPU time, best of 3), and once each
further format named (conll, spacy) for scale.
"""

from __future__ import annotations

import sys
import time

from bench import generate
from bench.bench_export import dumps_floor, installed_bytecode, records
from store.export import ExportOptions, export_jsonl, export_layer
from store.project import Project


def main(n: int = 100_000) -> None:
    built = generate.build_project(n, spans_per_doc=10, name=f"formats-export-{n}")
    out = generate.OUT / "formats-export"
    out.mkdir(parents=True, exist_ok=True)
    p = Project.open(built.path)
    try:
        recs = records(p)
        t = time.perf_counter()
        dumps_floor(recs, out / "floor.jsonl")
        floor = time.perf_counter() - t
        del recs
        t = time.perf_counter()
        export_jsonl(p, out / "ours.jsonl", "amal")
        ours = time.perf_counter() - t
        print(f"{built.documents:,} docs, {built.spans:,} spans")
        print(
            f"json.dumps floor {floor:.2f} s; export_jsonl {ours:.2f} s; ratio {ours / floor:.2f} (target <= 2)"
        )
        for fmt in sys.argv[2:]:
            with installed_bytecode():
                t = time.perf_counter()
                res = export_layer(p, out / f"ours.{fmt}", "amal", fmt, ExportOptions())
                dt = time.perf_counter() - t
            print(f"export {fmt} {dt:.2f} s ({dt / floor:.2f} x floor); report {dict(res.report.counts)}")
    finally:
        p.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
