"""Folded search: spelling variants find each other, offsets map back, 100,000 documents stay fast."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.model import DocId
from annotate.textimport import draft
from store.annotations import apply
from store.documents import add_documents
from store.importer import import_paths
from store.project import Project
from store.search import (
    hits_in,
    index_documents,
    index_missing,
    needs_indexing,
    search_documents,
    unindexed_count,
)

TEXT_A = "أعلنت اللجنة إعادة فتح المعبر الحدودي بعد أسبوعين من الإغلاق."
TEXT_B = "قالت مصادر طبية إن حصيلة القصف ارتفعت إلى خمسة قتلى في القرية."
TEXT_C = "عُقِدَ اجتماعٌ في المدينة لبحث مسألة المياه."


def _add(project: Project, *texts: str) -> list[DocId]:
    ids = add_documents(project, [draft(t, f"t{i}.txt", "utf-8") for i, t in enumerate(texts)]).added
    index_documents(project, ids)
    return ids


def test_folded_query_finds_hamza_and_ta_marbuta_forms(project: Project) -> None:
    a, b, _ = _add(project, TEXT_A, TEXT_B, TEXT_C)
    assert search_documents(project, "اعاده") == [a]
    assert search_documents(project, "إعادة") == [a]
    assert search_documents(project, "حصيله") == [b]
    assert search_documents(project, "معبر اللا") == []


def test_harakat_and_tatweel_do_not_hide_a_word(project: Project) -> None:
    _, _, c = _add(project, TEXT_A, TEXT_B, TEXT_C)
    assert search_documents(project, "عقد اجتماع") == [c]
    assert search_documents(project, "اجتمـــاع") == [c]


def test_a_phrase_broken_across_lines_is_found(project: Project) -> None:
    (d,) = _add(project, "أعلنت الهيئة وقف\n  إطلاق النار في المنطقة.")
    assert search_documents(project, "وقف اطلاق النار") == [d]
    text = "أعلنت الهيئة وقف\n  إطلاق النار في المنطقة."
    assert [text[s:e] for s, e in hits_in(text, "وقف اطلاق")] == ["وقف\n  إطلاق"]


def test_short_queries_scan_instead_of_failing(project: Project) -> None:
    _, b, c = _add(project, TEXT_A, TEXT_B, TEXT_C)
    assert search_documents(project, "في") == [b, c]
    assert search_documents(project, "  ") == []


def test_status_filter_applies_to_the_annotator(project: Project) -> None:
    from annotate.commands import StatusRecord, set_status

    _, b, c = _add(project, TEXT_A, TEXT_B, TEXT_C)
    project.ensure_annotator("salma")
    apply(project, set_status(None, StatusRecord(b, "salma", "done")), "salma")
    assert search_documents(project, "في", "salma", "done") == [b]
    assert search_documents(project, "في", "salma", "new") == [c]
    assert search_documents(project, "في", "other", "done") == []


def test_hits_map_back_to_original_offsets_with_harakat() -> None:
    hits = hits_in(TEXT_C, "عقد")
    assert [TEXT_C[s:e] for s, e in hits] == ["عُقِدَ"]
    hits = hits_in(TEXT_A, "اعاده")
    assert [TEXT_A[s:e] for s, e in hits] == ["إعادة"]


@given(st.text(alphabet="ابتأإآةهىيـَُِّ ", max_size=40), st.text(alphabet="ابتةهي", min_size=1, max_size=3))
@settings(max_examples=200, deadline=None)
def test_every_hit_folds_to_the_query(text: str, query: str) -> None:
    from annotate.arabic import fold

    for s, e in hits_in(text, query):
        assert fold(query).text in fold(text[s:e]).text


def test_importer_fills_the_shadow(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (folder / "b.txt").write_text(TEXT_B, encoding="utf-8")
    report = import_paths(project, [folder])
    assert report.added == 2
    assert unindexed_count(project) == 0
    assert len(search_documents(project, "الاغلاق")) == 1


def _without_shadows(project: Project) -> None:
    """Documents as an old project (or a hand-edited file) may hold them: no search shadow."""
    with project.write() as c:
        c.execute("DELETE FROM doc_fold")


def test_every_stored_document_has_its_shadow(project: Project) -> None:
    add_documents(project, [draft(t, f"{i}.txt", "utf-8") for i, t in enumerate((TEXT_A, TEXT_B))])
    assert unindexed_count(project) == 0 and len(search_documents(project, "الاغلاق")) == 1


def test_index_missing_repairs_documents_stored_without_shadow(project: Project) -> None:
    ids = add_documents(
        project, [draft(t, f"{i}.txt", "utf-8") for i, t in enumerate((TEXT_A, TEXT_B))]
    ).added
    _without_shadows(project)
    assert unindexed_count(project) == 2
    seen: list[tuple[int, int]] = []
    assert index_missing(project, progress=lambda d, t: seen.append((d, t))) == 2
    assert seen[-1] == (2, 2)
    assert search_documents(project, "مصادر طبيه") == [ids[1]]
    assert index_missing(project) == 0 and not needs_indexing(project)


def test_index_missing_stops_on_cancel(project: Project) -> None:
    add_documents(project, [draft(f"{TEXT_A} {i}", f"{i}.txt", "utf-8") for i in range(1200)])
    _without_shadows(project)
    assert index_missing(project, cancelled=lambda: True) == 0
    assert unindexed_count(project) == 1200


@pytest.mark.slow
def test_search_stays_fast_on_100k_documents(project: Project) -> None:
    words = ["قصف", "اشتباك", "اعتقال", "مظاهرة", "حاجز", "قرية", "مدينة", "جيش", "مسلحون", "انفجار"]
    drafts = [
        draft(f"خبر {i}: {words[i % 10]} في {words[(i * 7) % 10]} رقم {i} " + "نص " * 30, f"{i}", "utf-8")
        for i in range(100_000)
    ]
    drafts[54321] = draft("أُعيدَت إعادةُ المحاكمة في القضية", "special", "utf-8")
    ids = add_documents(project, drafts).added
    t0 = time.perf_counter()
    index_documents(project, ids)
    index_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = search_documents(project, "اعاده المحاكمه")
    search_s = time.perf_counter() - t0
    assert found == [ids[54321]]
    t0 = time.perf_counter()
    many = search_documents(project, "مظاهره")
    many_s = time.perf_counter() - t0
    assert len(many) == 20_000
    print(
        f"index 100k: {index_s:.1f}s, rare query: {search_s * 1000:.1f} ms, 20k hits: {many_s * 1000:.1f} ms"
    )
    print(f"folded search {search_s:.3f} s, {many_s:.3f} s for a common word (make bench holds the budget)")
