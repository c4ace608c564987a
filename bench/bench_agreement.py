"""Agreement over 10,000 generated documents annotated by three people, as the dashboard computes it.

The judged figure is ``store.agreement_data.project_agreement``: reading the
three layers from the project, tokenizing, and every figure of the report.
The pure ``annotate.agreement.agreement_report`` on input already in memory
is shown beside it to tell reading from computing.
"""

from __future__ import annotations

from bench import generate
from bench.timing import Row, median_time, missing
from store.project import Project

AREA = "agreement"
WHO = ("amal", "badr", "carim")


def run(n: int, runs: int) -> list[Row]:
    figure = f"agreement report, {n:,} documents x 3 annotators"
    try:
        from annotate.agreement import agreement_report
        from store.agreement_data import load_agreement_input, project_agreement
    except ImportError as exc:
        return [missing(AREA, figure, str(exc))]
    built = generate.build_project(n, spans_per_doc=10, annotators=WHO)
    with Project.open(built.path, readonly=True) as p:
        med, samples = median_time(lambda: project_agreement(p), runs=runs, warmup=0, cap_s=30.0)
        data = load_agreement_input(p)
        # tokenized up front, not timed
        tokens = {d: data.tokens_by_doc[d].offsets() for d in data.tokens_by_doc}

        def pure() -> None:
            agreement_report(
                data.spans,
                data.relations,
                tokens,
                annotators=data.annotators,
                docs_per_annotator=data.docs_per_annotator,
            )

        pure_med, _ = median_time(pure, runs=runs, warmup=0)
        rep = project_agreement(p)
    return [
        Row(
            AREA,
            f"{figure} (project_agreement: read, tokenize, compute)",
            med,
            budget=5.0,
            kind="max_s",
            runs=len(samples),
            note=f"{built.spans:,} spans; span F1 exact {rep.span_exact.to_json()}"[:160],
            extra={"samples": samples},
        ),
        Row(AREA, f"{figure} (agreement_report only, input in memory)", pure_med, runs=runs),
    ]
