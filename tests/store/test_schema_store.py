"""Changing a project's schema never deletes annotations."""

from __future__ import annotations

import copy

import pytest

from annotate import commands as C
from annotate.model import make_span
from annotate.schema import SchemaError, schema_from_dict
from store import annotations as A
from store.documents import get_document
from store.errors import ProjectError
from store.project import Project
from store.schema_store import replace_schema
from tests.store.conftest import SCHEMA


def _without(key: str) -> dict:
    data = copy.deepcopy(SCHEMA)
    data["labels"] = [lab for lab in data["labels"] if lab["key"] != key]
    return data


def test_removing_a_label_in_use_is_refused_with_its_count(project: Project, docs: list) -> None:
    doc = get_document(project, docs[0])
    for start in (0, 7):
        A.apply(project, C.add_span(make_span(doc, "ali", start, start + 3, "place")), "ali")
    with pytest.raises(SchemaError, match=r"'place' is used by 2 span\(s\)"):
        replace_schema(project, schema_from_dict(_without("place")))
    assert project.schema().has_label("place")
    assert len(A.spans(project, doc.id)) == 2


def test_unused_label_can_be_removed(project: Project, docs: list) -> None:
    change = replace_schema(project, schema_from_dict(_without("clash")))
    assert change.removed_labels == ("clash",)
    assert not project.schema().has_label("clash")


def test_rename_moves_annotations(project: Project, docs: list) -> None:
    doc = get_document(project, docs[0])
    A.apply(project, C.add_span(make_span(doc, "ali", 0, 3, "place")), "ali")
    data = copy.deepcopy(SCHEMA)
    for lab in data["labels"]:
        if lab["key"] == "place":
            lab["key"] = "location"
    change = replace_schema(project, schema_from_dict(data), {"place": "location"})
    assert change.renamed == (("place", "location", 1),)
    assert [s.label for s in A.spans(project, doc.id)] == ["location"]
    assert not project.schema().has_label("place")


def test_merge_into_existing_label(project: Project, docs: list) -> None:
    doc = get_document(project, docs[0])
    A.apply(project, C.add_span(make_span(doc, "ali", 0, 3, "clash")), "ali")
    A.apply(project, C.add_span(make_span(doc, "ali", 4, 8, "arrest")), "ali")
    replace_schema(project, schema_from_dict(_without("clash")), {"clash": "arrest"})
    assert sorted(s.label for s in A.spans(project, doc.id)) == ["arrest", "arrest"]


def test_rename_to_unknown_key_is_refused(project: Project) -> None:
    with pytest.raises(SchemaError, match="not in the new schema"):
        replace_schema(project, schema_from_dict(_without("clash")), {"clash": "nowhere"})


def test_change_log_is_append_only(project: Project, docs: list) -> None:
    doc = get_document(project, docs[0])
    A.apply(project, C.add_span(make_span(doc, "ali", 0, 3, "place")), "ali")
    with pytest.raises(ProjectError, match="append-only"), project.write() as c:
        c.execute("DELETE FROM changes")
    with pytest.raises(ProjectError, match="append-only"), project.write() as c:
        c.execute("UPDATE changes SET actor = 'mallory'")
