"""Fixtures for store tests: a small schema and a project with two Arabic documents of our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotate.commands import add_relation, add_spans, combine
from annotate.model import DocId, DocumentDraft, Relation, make_span, new_relation_id
from annotate.schema import Schema, schema_from_dict
from annotate.textimport import draft
from store.annotations import apply
from store.documents import add_documents, get_document
from store.project import Project

SCHEMA = {
    "name": "test",
    "labels": [
        {
            "key": "arrest",
            "kind": "event",
            "name_en": "Arrest",
            "name_ar": "اعتقال",
            "color": "#aa0000",
            "hotkey": "a",
        },
        {
            "key": "clash",
            "kind": "event",
            "name_en": "Clash",
            "name_ar": "اشتباك",
            "color": "#aa5500",
            "hotkey": "c",
        },
        {
            "key": "state",
            "kind": "actor",
            "name_en": "State forces",
            "name_ar": "قوات حكومية",
            "color": "#0000aa",
            "hotkey": "s",
        },
        {
            "key": "place",
            "kind": "entity",
            "name_en": "Place",
            "name_ar": "مكان",
            "color": "#00aa00",
            "hotkey": "p",
        },
    ],
    "roles": [
        {
            "key": "agent",
            "name_en": "Agent",
            "name_ar": "الفاعل",
            "head_kinds": ["event"],
            "tail_kinds": ["actor"],
        },
        {
            "key": "place",
            "name_en": "Place",
            "name_ar": "المكان",
            "head_kinds": ["event"],
            "tail_kinds": ["entity"],
        },
    ],
    "attributes": [
        {
            "key": "certainty",
            "name_en": "Certainty",
            "name_ar": "اليقين",
            "applies_to": ["event"],
            "values": ["confirmed", "claimed", "alleged"],
            "default": "confirmed",
        }
    ],
}

TEXT_1 = (
    "اعتقلت قوات الأمن ثلاثة شبان بالرقة صباح اليوم 😀 وفق مصادر محلية.\nوقال شاهد إن الحملة استمرت ساعتين."
)
TEXT_2 = "اندلع اشتباك عنيف قرب حاجز للجيش في ريف دير الزور، وأُصيب عنصران من SDF بجروح."


@pytest.fixture
def schema() -> Schema:
    return schema_from_dict(SCHEMA)


@pytest.fixture
def project(tmp_path: Path, schema: Schema) -> Project:
    p = Project.create(tmp_path / "p.sqlite", schema)
    yield p
    p.close()


@pytest.fixture
def docs(project: Project) -> list[DocId]:
    drafts: list[DocumentDraft] = [draft(TEXT_1, "one.txt", "utf-8"), draft(TEXT_2, "two.txt", "utf-8")]
    return add_documents(project, drafts).added


@pytest.fixture
def annotated(project: Project, docs: list[DocId]) -> Project:
    """The first document with an arrest, its agent, a place inside بالرقة and a wider place, linked."""
    doc = get_document(project, docs[0])

    def at(word: str, label: str, **a: str):
        i = doc.text.index(word)
        return make_span(doc, "amal", i, i + len(word), label, a or None)

    ev, ac, pl, wide = (
        at("اعتقلت", "arrest", certainty="claimed"),
        at("قوات الأمن", "state"),
        at("الرقة", "place"),
        at("بالرقة صباح", "place"),
    )
    rels = [
        Relation(new_relation_id(), doc.id, "amal", ev.id, t.id, r) for t, r in ((ac, "agent"), (pl, "place"))
    ]
    apply(project, combine("t", [add_spans([ev, ac, pl, wide]), *(add_relation(r) for r in rels)]), "amal")
    return project
