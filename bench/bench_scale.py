"""Scale: projects of 10k, 100k and 1M documents; how opening, listing, searching and memory grow.

The projects hold one-sentence articles (about 120 characters, from
``generate.short_article``) written with bulk SQL, folded search shadow
included, so the 1,000,000-document file builds in minutes and is cached
under bench/out/.  Each figure is measured at every size; only the largest
is judged against the budget, and a growth row says how each figure grew
per tenfold step (flat is ideal; about 10x means it reads the whole corpus).
"""

from __future__ import annotations

import itertools
import time
from typing import Any

from bench import generate
from bench.bench_app import probe
from bench.timing import Row, median_time, missing
from store.documents import count_summaries, summaries
from store.project import Project
from store.search import search_documents

AREA = "scale"
COMMON = "الرقه"  # folds like الرقة: ta marbuta written as ha, as people type it
RARE_N = 123_456


def store_figures(path: Any, n: int, runs: int) -> dict[str, float]:
    """Store-level figures (no Qt): open with first page, a page at the end, folded searches."""
    out: dict[str, float] = {}

    def open_first() -> None:
        with Project.open(path) as p:
            count_summaries(p, "amal")
            summaries(p, "amal", 0, 100)

    out["open"], _ = median_time(open_first, runs=runs)
    with Project.open(path, readonly=True) as p:
        out["page_end"], _ = median_time(lambda: summaries(p, "amal", max(0, n - 100), 100), runs=runs)
        out["search_common"], _ = median_time(lambda: search_documents(p, COMMON), runs=max(3, runs // 2))
        out["hits_common"] = len(search_documents(p, COMMON))
        rare = f"تقرير {min(RARE_N, n - 1)})"
        out["search_rare"], _ = median_time(lambda: search_documents(p, rare), runs=runs)
    return out


def app_figures(path: Any, n: int) -> dict[str, Any]:
    rare = f"تقرير {min(RARE_N, n - 1)})"
    o = probe(
        "app", str(path), "--scroll", "--search", COMMON, "--search", rare, "--runtime-only", timeout=300
    )
    return {
        # the window paints first and opens its project after: this budget is for the list and document shown
        "start_to_paint": o["start_to_ready"],
        "rss_mb": max(o["rss_mb"], o["rss_mb_after"]),
        "scroll_jump": max(o["scroll_jumps"]),
        "scroll_step": sorted(o["scroll_steps"])[len(o["scroll_steps"]) // 2],
        "search_common": o["search"][COMMON][0],
        "search_rare": o["search"][rare][0],
        "hits_common": o["search"][COMMON][1],
        "rows": o["rows"],
    }


FIGURES = (
    # key, figure, budget, kind, unit
    ("app.start_to_paint", "app start until the list and first document are painted", 1.0, "max_s", "s"),
    ("store.open", "Project.open + count + first page of the list (store only)", 1.0, "max_s", "s"),
    ("app.scroll_jump", "list: drag to any position (page fetch + repaint), worst of 5", 0.100, "max_s", "s"),
    ("app.scroll_step", "list: one wheel notch (repaint), median", 0.016, "max_s", "s"),
    (
        "store.page_end",
        "store summaries() OFFSET paging at the end (the list now pages by id)",
        None,
        "info",
        "s",
    ),
    ("app.search_common", f"folded search {COMMON!r} until the list shows hits", 0.200, "max_s", "s"),
    ("app.search_rare", "folded search of a rare phrase until the list shows it", 0.200, "max_s", "s"),
    ("store.search_common", f"search_documents({COMMON!r}) (store only)", None, "info", "s"),
    ("app.rss_mb", "memory of the open app (RSS, after scrolling and searching)", 400.0, "max_mb", "MB"),
)


def _get(figs: dict[str, dict[str, Any]], key: str) -> float:
    where, name = key.split(".")
    return figs[where][name]


def run(sizes: list[int], runs: int) -> list[Row]:
    rows: list[Row] = []
    per_size: dict[int, dict[str, dict[str, Any]]] = {}
    try:
        import ui.app  # noqa: F401

        have_app = True
    except ImportError:
        have_app = False
    for n in sizes:
        t = time.perf_counter()
        built = generate.build_project(n, short=True)
        build_s = time.perf_counter() - t
        figs: dict[str, dict[str, Any]] = {"store": store_figures(built.path, n, runs)}
        if have_app:
            figs["app"] = app_figures(built.path, n)
        per_size[n] = figs
        rows.append(
            Row(
                AREA,
                f"{n:,} docs: build or reuse the project (bulk SQL, cached)",
                build_s,
                note=f"{built.path.name}",
            )
        )
    largest = sizes[-1]
    for key, figure, budget, kind, unit in FIGURES:
        if key.startswith("app.") and not have_app:
            rows.append(missing(AREA, figure, "ui.app is not importable"))
            continue
        vals = [_get(per_size[n], key) for n in sizes]
        growth = [b / a if a else float("nan") for a, b in itertools.pairwise(vals)]
        shown = ", ".join(
            f"{n:,}: {v * 1000:.1f} ms" if unit == "s" else f"{n:,}: {v:.0f} {unit}"
            for n, v in zip(sizes, vals, strict=True)
        )
        rows.append(
            Row(
                AREA,
                f"{largest:,} docs: {figure}",
                vals[-1],
                unit=unit,
                budget=budget,
                kind=kind,  # type: ignore[arg-type]
                runs=runs if key.startswith("store.") else 1,
                note=f"{shown}; growth per tenfold: {' then '.join(f'x{g:.1f}' for g in growth)}",
                extra={"by_size": dict(zip(map(str, sizes), vals, strict=True)), "growth": growth},
            )
        )
    hits = {n: per_size[n]["store"]["hits_common"] for n in sizes}
    rows[-1].extra["hits_common"] = hits
    return rows
