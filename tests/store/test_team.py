"""Assignments: unknown names and ids are refused clearly and write nothing; create=True adds the names."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotate.model import DocId
from store.errors import ProjectError
from store.project import Project
from store.team import assign, assign_rotation, assigned_to, assignees
from tests.store.teamdata import new_project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = new_project(tmp_path / "t.hashiya")
    p.ensure_annotator("ali")
    yield p
    p.close()


def _names(p: Project) -> set[str]:
    return {a.name for a in p.annotators()}


def _rows(p: Project) -> int:
    return p.conn.execute("SELECT count(*) FROM assignments").fetchone()[0]


@pytest.mark.parametrize("rotation", [False, True])
def test_an_unknown_annotator_is_named_and_nothing_is_assigned(project: Project, rotation: bool) -> None:
    with pytest.raises(ProjectError) as err:
        if rotation:
            assign_rotation(project, [DocId(1), DocId(2)], ["ali", "nadia"], 1)
        else:
            assign(project, [DocId(1), DocId(2)], ["ali", "nadia"])
    message = str(err.value)
    assert "no annotator named 'nadia'" in message and "known: ali" in message
    assert "FOREIGN KEY" not in message
    assert _rows(project) == 0  # not even ali's half
    assert _names(project) == {"ali"}


def test_create_adds_unknown_annotators_with_their_assignments(project: Project) -> None:
    assert assign(project, [DocId(1), DocId(2)], ["ali", " nadia "], create=True) == 4
    roles = {a.name: a.role for a in project.annotators()}
    assert roles == {"ali": "annotator", "nadia": "annotator"}
    assert assigned_to(project, "nadia") == [DocId(1), DocId(2)]
    assert assign(project, [DocId(1), DocId(2)], ["ali", "nadia"]) == 0  # idempotent, no create needed now
    assert assign_rotation(project, [DocId(3)], ["ali", "omar"], 1, create=True) == 1
    assert assignees(project, DocId(3)) == ["ali"] and "omar" in _names(project)


@pytest.mark.parametrize("create", [False, True])
def test_an_unknown_document_is_named_and_nothing_is_written(project: Project, create: bool) -> None:
    with pytest.raises(ProjectError, match=r"no document with id 77, 99; nothing was assigned"):
        assign(project, [DocId(1), DocId(99), DocId(77)], ["ali", "nadia"], create=create)
    assert _rows(project) == 0
    assert _names(project) == {"ali"}  # nadia was not created for an assignment that did not happen


def test_an_empty_name_is_refused(project: Project) -> None:
    with pytest.raises(ProjectError, match="needs a name"):
        assign(project, [DocId(1)], ["ali", "  "], create=True)
    with pytest.raises(ProjectError, match="needs a name"):
        assign(project, [DocId(1)], [], create=True)
    assert _rows(project) == 0
