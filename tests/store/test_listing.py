"""The document list's ids: a range while ids have no gaps, fetched ids otherwise, same order always."""

from __future__ import annotations

from array import array
from bisect import bisect_left

from annotate.commands import StatusRecord, set_status
from annotate.model import DocId
from annotate.textimport import draft
from store.annotations import apply
from store.documents import add_documents, summaries
from store.listing import id_span, listed_ids
from store.project import Project

TEXTS = [f"خبر رقم {i} عن اجتماع في المدينة." for i in range(7)]


def _add(project: Project, n: int = len(TEXTS)) -> list[DocId]:
    return add_documents(project, [draft(t, f"{i}.txt", "utf-8") for i, t in enumerate(TEXTS[:n])]).added


def _delete(project: Project, doc_id: DocId) -> None:
    with project.write() as c:
        c.execute("DELETE FROM documents WHERE id = ?", (doc_id,))


def test_contiguous_ids_are_a_range_that_reads_nothing(project: Project) -> None:
    ids = _add(project)
    listed = listed_ids(project)
    assert isinstance(listed, range)
    assert list(listed) == ids == [s.id for s in summaries(project, "salma", 0, 100)]
    assert list(listed[2:4]) == ids[2:4] and bisect_left(listed, ids[3]) == 3


def test_a_gap_fetches_the_ids_in_order(project: Project) -> None:
    ids = _add(project)
    _delete(project, ids[3])
    listed = listed_ids(project)
    assert isinstance(listed, array)
    assert list(listed) == ids[:3] + ids[4:]
    _delete(project, ids[0])  # a gap at the start is still contiguous from the new minimum
    _delete(project, ids[1])
    _delete(project, ids[2])
    assert isinstance(listed_ids(project), range) and list(listed_ids(project)) == ids[4:]


def test_no_documents_is_an_empty_list(project: Project) -> None:
    assert id_span(project) == (0, -1, 0)
    assert len(listed_ids(project)) == 0


def test_status_filters_list_one_annotators_documents(project: Project) -> None:
    ids = _add(project, 3)
    project.ensure_annotator("salma")
    apply(project, set_status(None, StatusRecord(ids[1], "salma", "in_progress")), "salma")
    assert list(listed_ids(project, "salma", "in_progress")) == [ids[1]]
    assert list(listed_ids(project, "salma", "new")) == [ids[0], ids[2]]
    assert list(listed_ids(project, "salma", "done")) == []
    assert list(listed_ids(project, "other", "new")) == ids
    assert list(listed_ids(project, None, "done")) == ids  # no annotator: the filter cannot apply
