from __future__ import annotations

from pathlib import Path

import pytest
from sklearn.metrics import cohen_kappa_score

from annotate.agreement import agreement_report, iob2_tags
from annotate.commands import add_spans
from annotate.model import DocId
from annotate.tokens import tokenize
from store.agreement_data import LazyTokens, load_agreement_input, project_agreement
from store.annotations import apply, spans
from store.project import Project, ProjectError
from tests.store.teamdata import doc, fill, mark, new_project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = new_project(tmp_path / "a.hashiya")
    for d in (1, 2, 3):
        base = fill(p, doc(p, d), "ali", 6, seed=d)
        apply(p, add_spans([s.with_(id=s.id + "-b", annotator="badr") for s in base[: 2 + d]]), "badr")
        fill(p, doc(p, d), "gold", 2, seed=40 + d)  # never compared
    mark(p, 1, "ali")
    mark(p, 1, "badr")
    yield p
    p.close()


def test_the_store_feeds_the_same_figures_as_the_spans_in_memory(project: Project) -> None:
    report = project_agreement(project)
    assert report.annotators == ("ali", "badr")
    everything = [s for d in (1, 2, 3) for s in spans(project, DocId(d)) if s.annotator != "gold"]
    tokens = {DocId(d): [(t.start, t.end) for t in tokenize(doc(project, d).text)] for d in (1, 2, 3)}
    expected = agreement_report(everything, [], tokens, annotators=["ali", "badr"])
    assert report.to_json()["span_f1"] == expected.to_json()["span_f1"]
    assert report.to_json()["token_kappa"] == expected.to_json()["token_kappa"]
    # token kappa against scikit-learn on the IOB2 tags of all tokens
    a_tags, b_tags = [], []
    for d in (1, 2, 3):
        layer = spans(project, DocId(d))
        a_tags += iob2_tags([s for s in layer if s.annotator == "ali"], tokens[DocId(d)])
        b_tags += iob2_tags([s for s in layer if s.annotator == "badr"], tokens[DocId(d)])
    kappa = report.to_json()["token_kappa"]["pairs"][0]["kappa"]
    assert kappa == pytest.approx(cohen_kappa_score(a_tags, b_tags))


def test_only_done_documents_and_filters(project: Project) -> None:
    data = load_agreement_input(project, only_done=True)
    assert data.docs_per_annotator == {"ali": [DocId(1)], "badr": [DocId(1)]}
    assert {s.doc_id for s in data.spans} == {DocId(1)}
    assert list(data.tokens_by_doc) == [DocId(1)]
    one = load_agreement_input(project, labels=["place"])
    assert {s.label for s in one.spans} <= {"place"}


def test_lazy_tokens_read_on_demand(project: Project) -> None:
    tokens = LazyTokens(project, [DocId(1), DocId(2)], keep=1)
    assert len(tokens) == 2 and list(tokens) == [DocId(1), DocId(2)]
    assert tokens[DocId(2)] == [(t.start, t.end) for t in tokenize(doc(project, 2).text)]
    assert tokens[DocId(1)] and tokens[DocId(2)]
    with pytest.raises(KeyError):
        tokens[DocId(3)]


@pytest.mark.parametrize("ahead", [1, 2, 256])
def test_lazy_tokens_read_ahead_in_any_order(project: Project, ahead: int) -> None:
    tokens = LazyTokens(project, [DocId(1), DocId(2), DocId(3)], keep=1, ahead=ahead)
    for d in (3, 1, 2, 1, 3):  # backwards and forwards, past the read-ahead window and the cache
        assert tokens[DocId(d)] == [(t.start, t.end) for t in tokenize(doc(project, d).text)]


def test_documents_counts_what_two_annotators_were_compared_on(project: Project) -> None:
    mark(project, 2, "ali")  # done by ali alone: nothing to compare it with
    assert project_agreement(project, only_done=True).documents == 1
    assert project_agreement(project).documents == 3


@pytest.mark.parametrize(
    ("annotators", "labels", "message"),
    [
        (["ali", "zed"], None, r"no annotator named 'zed' \(annotators: ali, badr\)"),
        (["ali", "gold"], None, "the gold layer is not compared"),
        (None, ["nosuch"], r"no label 'nosuch' in the schema or the spans \(labels: "),
        (["ali", "badr"], ["place", "nosuch"], "no label 'nosuch'"),
    ],
)
def test_an_unknown_name_or_the_gold_layer_is_refused(
    project: Project, annotators: list[str] | None, labels: list[str] | None, message: str
) -> None:
    """A typo gave a report of empty figures, read as "no agreement"; gold was compared when named."""
    with pytest.raises(ProjectError, match=message):
        project_agreement(project, annotators, labels)
