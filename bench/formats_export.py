"""Export speed of store.export on 100,000 generated documents with 1,000,000 spans.

``python -m bench.formats_export [N [FORMAT...]]``: builds (and caches) the
project with bench.generate, then times export_jsonl and each further format
named (conll, spacy) against json.dumps of the same rows (the floor; target
ratio <= 2), each export and the floor run one after the other three times,
medians compared (see ``bench.bench_export``).
"""

from __future__ import annotations

import statistics
import sys

from bench import generate
from bench.bench_export import dumps_floor, installed_bytecode, records
from bench.timing import alternating
from store.export import ExportOptions, export_jsonl, export_layer
from store.project import Project


def main(n: int = 100_000, runs: int = 3) -> None:
    built = generate.build_project(n, spans_per_doc=10, name=f"formats-export-{n}")
    out = generate.OUT / "formats-export"
    out.mkdir(parents=True, exist_ok=True)
    p = Project.open(built.path)
    try:
        recs = records(p)
        print(f"{built.documents:,} docs, {built.spans:,} spans")

        def floor() -> None:
            dumps_floor(recs, out / "floor.jsonl")

        def show(name: str, mine: list[float], ref: list[float]) -> None:
            ratio = statistics.median(mine) / statistics.median(ref)
            each = ", ".join(f"{m / r:.2f}" for m, r in zip(mine, ref, strict=True))
            print(
                f"{name}: export {', '.join(f'{t:.2f}' for t in mine)} s; floor {', '.join(f'{t:.2f}' for t in ref)} s;"
                f" ratio of medians {ratio:.2f} (each pair: {each}; target <= 2)"
            )

        with installed_bytecode():  # both exports start worker processes, as an installed program does
            _, _, mine, ref = alternating(lambda: export_jsonl(p, out / "ours.jsonl", "amal"), floor, runs)
        show("jsonl", mine, ref)
        for fmt in sys.argv[2:]:
            with installed_bytecode():
                _, _, mine, ref = alternating(
                    lambda fmt=fmt: export_layer(p, out / f"ours.{fmt}", "amal", fmt, ExportOptions()),
                    floor,
                    runs,
                )
            show(fmt, mine, ref)
    finally:
        p.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
