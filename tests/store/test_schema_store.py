"""The project's copy of its schema: changing it never deletes annotations; value names persist and upgrade."""

from __future__ import annotations

import copy
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from annotate import commands as C
from annotate.model import DocId, make_span
from annotate.schema import Attribute, Schema, SchemaError, default_schema, schema_from_dict
from store import annotations as A
from store import migrations as mig
from store.documents import get_document
from store.errors import ProjectError
from store.project import Project
from store.schema_store import replace_schema
from tests.store.conftest import SCHEMA
from tests.store.oldfiles import write_schema_before_m008


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


# -- Arabic names of attribute values --------------------------------------------------------------


def _named(names: dict[str, str]) -> dict:
    data = copy.deepcopy(SCHEMA)
    data["attributes"][0]["value_names_ar"] = names
    return data


def _stored(tmp_path: Path, data: dict) -> tuple[Attribute, str, str]:
    """Create a project with the schema ``data``, open it again: its first attribute as read, and the
    value_names_ar and value_names_en columns as stored."""
    schema = schema_from_dict(data)
    path = tmp_path / "named.sqlite"
    Project.create(path, schema).close()
    with Project.open(path) as p:
        assert p.schema() == schema
        row = p.conn.execute("SELECT value_names_ar, value_names_en FROM attributes WHERE key = 'certainty'")
        return p.schema().attributes[0], *row.fetchone()


def test_value_names_are_stored_and_read_back(tmp_path: Path) -> None:
    certainty, stored, _ = _stored(tmp_path, _named({"claimed": "مُعلَن من طرف", "confirmed": "مؤكَّد"}))
    assert certainty.value_names_ar == (("confirmed", "مؤكَّد"), ("claimed", "مُعلَن من طرف"))
    assert json.loads(stored) == {"confirmed": "مؤكَّد", "claimed": "مُعلَن من طرف"}
    assert "مؤكَّد" in stored  # written as characters, readable in the file


def test_english_value_names_are_stored_and_read_back_apart_from_the_arabic(tmp_path: Path) -> None:
    data = _named({"claimed": "مُعلَن من طرف"})
    data["attributes"][0]["value_names_en"] = {"claimed": "Claimed", "confirmed": "Confirmed"}
    certainty, arabic, english = _stored(tmp_path, data)
    assert certainty.value_names_en == (("confirmed", "Confirmed"), ("claimed", "Claimed"))
    assert certainty.value_names_ar == (("claimed", "مُعلَن من طرف"),)
    assert json.loads(arabic) == {"claimed": "مُعلَن من طرف"}
    assert json.loads(english) == {"confirmed": "Confirmed", "claimed": "Claimed"}


def test_loading_a_schema_replaces_the_value_names(project: Project, docs: list) -> None:
    doc = get_document(project, docs[0])
    span = make_span(doc, "ali", 0, 3, "arrest", {"certainty": "claimed"})
    A.apply(project, C.add_span(span), "ali")
    replace_schema(project, schema_from_dict(_named({"claimed": "ادّعاء"})))
    assert project.schema().attributes[0].value_names_ar == (("claimed", "ادّعاء"),)
    assert project.schema().attributes[0].value_name("claimed", "ar") == "ادّعاء"
    english = _named({})
    english["attributes"][0]["value_names_en"] = {"claimed": "Claimed"}
    replace_schema(project, schema_from_dict(english))
    assert project.schema().attributes[0].value_name("claimed", "en") == "Claimed"
    replace_schema(project, schema_from_dict(SCHEMA))
    assert (
        project.schema().attributes[0].value_names_ar == () == project.schema().attributes[0].value_names_en
    )
    assert [s.attrs for s in A.spans(project, doc.id)] == [{"certainty": "claimed"}]


def _m007_project(path: Path, schema: Schema) -> None:
    """A project as m007 left it (no value names), with an event span whose certainty is ``claimed``."""
    from sqlite_utils import Database

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {mig.APPLICATION_ID}")
    mig.migrations.apply(Database(conn), stop_before="m008_attribute_value_names")
    conn.execute(f"PRAGMA user_version = {mig.known_names().index('m008_attribute_value_names')}")
    conn.execute("BEGIN")
    write_schema_before_m008(conn, schema)
    conn.execute(
        "INSERT INTO documents(ext_id, title, text, source, sha256, imported_at)"
        " VALUES ('d', 't', 'أعلن فصيل اعتقال عنصرين', 's', 'h', 'now')"
    )
    conn.execute("INSERT INTO doc_fold(doc_id, title, text) VALUES (1, 't', 'اعلن فصيل اعتقال عنصرين')")
    conn.execute("INSERT INTO annotators(name, role, created_at) VALUES ('ali', 'annotator', 'now')")
    conn.execute(
        'INSERT INTO spans(id, doc_id, annotator, start, "end", label, attributes, text, created_at, updated_at)'
        """ VALUES ('s1', 1, 'ali', 10, 16, 'arrest', '{"certainty": "claimed"}', 'اعتقال', 'now', 'now')"""
    )
    conn.execute("COMMIT")
    conn.close()


def test_an_older_project_is_backed_up_then_gains_the_default_value_names(tmp_path: Path) -> None:
    """m008: the default schema's own attributes get its Arabic names; a lead's own attribute gets none."""
    default = default_schema()
    own_polarity = replace(
        default.attributes[1], values=("yes", "no"), default="yes", value_names_ar=(), value_names_en=()
    )
    old_schema = Schema(default.name, default.labels, default.roles, (default.attributes[0], own_polarity))
    path = tmp_path / "old.sqlite"
    _m007_project(path, old_schema)
    with Project.open(path) as p:
        assert p.backup_path is not None and p.backup_path.exists()
        assert p.conn.execute("PRAGMA user_version").fetchone()[0] == mig.schema_version()
        certainty, polarity = p.schema().attributes
        assert certainty == default.attributes[0]  # the names the default schema file gives
        assert certainty.value_name("claimed", "ar") == "مُعلَن من طرف"
        assert certainty.value_name("claimed", "en") == "Claimed"  # m010
        assert polarity == own_polarity and polarity.value_names_ar == () == polarity.value_names_en
        assert A.spans(p, DocId(1))[0].attrs == {"certainty": "claimed"}  # values stay keys
        backup = p.backup_path
    old = sqlite3.connect(backup)
    assert not {"value_names_ar", "value_names_en"} & {
        r[1] for r in old.execute("PRAGMA table_info(attributes)")
    }
    old.close()
    with Project.open(path) as again:
        assert again.backup_path is None
        assert again.schema().attributes[0] == default.attributes[0]
