"""A label or role with a tag (``Label.tag``) is written under it by every format but ours, and read back
to its key: a tag set such as ANERcorp's ``PERS`` or an Arabic one goes out as it came in."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from annotate.schema import Schema
from store.annotated_import import import_annotated
from store.annotations import relations, spans
from store.documents import document_ids
from store.export import ExportOptions, export_conll, export_layer
from store.project import Project
from store.schema_store import replace_schema

TAGS = {"place": "مكان", "state": "STATE-FORCES", "arrest": "ARREST"}
ROLE_TAGS = {"agent": "Agent"}


def _tagged(schema: Schema) -> Schema:
    return Schema(
        schema.name,
        tuple(replace(lab, tag=TAGS.get(lab.key, "")) for lab in schema.labels),
        tuple(replace(r, tag=ROLE_TAGS.get(r.key, "")) for r in schema.roles),
        schema.attributes,
    )


@pytest.fixture
def tagged(annotated: Project) -> Project:
    replace_schema(annotated, _tagged(annotated.schema()))
    return annotated


def _text(out: Path) -> str:
    if out.is_dir():
        return "\n".join(p.read_text("utf-8") for p in sorted(out.iterdir()))
    return out.read_text("utf-8")


@pytest.mark.parametrize("fmt", ["brat", "doccano", "labelstudio", "prodigy", "conll", "csv"])
def test_every_exchange_format_writes_tags(tagged: Project, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / ("out" if fmt == "brat" else f"out.{fmt}")
    export_layer(tagged, out, "amal", fmt, ExportOptions())
    text = _text(out)
    assert "ARREST" in text and "STATE-FORCES" in text
    assert "مكان" in text or fmt == "csv"  # the table names only events and actors by their labels
    for key in ("arrest", "state"):  # no label is written under its key (place is also a role's key)
        assert not any(w.strip("\"',:") == key for w in text.replace("-", " ").split())
    if fmt in ("brat", "csv"):  # roles as well: brat's E lines and conf, the table's column
        assert "Agent" in text and "agent" not in text
    if fmt == "conll":
        assert "B-ARREST" in text and "B-مكان" in text


def test_spacy_writes_tags(tagged: Project, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    export_layer(tagged, tmp_path / "x.spacy", "amal", "spacy", ExportOptions())
    docs = list(DocBin().from_disk(tmp_path / "x.spacy").get_docs(spacy.blank("ar").vocab))
    assert {s.label_ for d in docs for s in d.spans["sc"]} == {"ARREST", "STATE-FORCES", "مكان"}


def test_ours_keeps_keys(tagged: Project, tmp_path: Path) -> None:
    export_layer(tagged, tmp_path / "ours.jsonl", "amal", "jsonl", ExportOptions())
    rows = [json.loads(ln) for ln in (tmp_path / "ours.jsonl").read_text("utf-8").splitlines()]
    assert {s["label"] for r in rows for s in r["spans"]} == {"arrest", "state", "place"}
    assert {r["label"] for row in rows for r in row["relations"]} == {"agent", "place"}


def test_brat_conf_names_tags_and_their_parents(tagged: Project, tmp_path: Path) -> None:
    schema = tagged.schema()
    child = replace(schema.labels[0], key="arrest_night", tag="", parent="arrest", hotkey="")
    replace_schema(tagged, replace(schema, labels=(*schema.labels, child)))
    assert tagged.schema().as_exported().label("arrest_night").parent == "ARREST"
    export_layer(tagged, tmp_path / "b", "amal", "brat", ExportOptions())
    conf = (tmp_path / "b" / "annotation.conf").read_text("utf-8")
    assert "\nARREST\t" in conf and "Agent*:" in conf and "STATE-FORCES" in conf


@pytest.mark.parametrize("fmt", ["brat", "doccano", "labelstudio", "prodigy"])
def test_tags_read_back_to_their_keys(tagged: Project, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / ("out" if fmt == "brat" else f"out.{fmt}")
    export_layer(tagged, out, "amal", fmt, ExportOptions())
    with Project.create(tmp_path / "fresh.sqlite", tagged.schema()) as fresh:
        files = [(p, fmt) for p in sorted(out.glob("*.ann"))] if fmt == "brat" else [(out, fmt)]
        rep = import_annotated(fresh, files, "back")
        assert not rep.refused and not rep.unknown_labels, rep.files

        def layer(p: Project, name: str) -> tuple[set, set]:
            labels = {(s.start, s.end, s.label) for i in document_ids(p) for s in spans(p, i, name)}
            roles = {r.role for i in document_ids(p) for r in relations(p, i, name)}
            return labels, roles

        got, want = layer(fresh, "back"), layer(tagged, "amal")
        assert got[0] == want[0]
        if fmt != "prodigy":  # Prodigy spans hold no relations
            assert got[1] == want[1]


def test_conll_workers_write_tags(tagged: Project, tmp_path: Path) -> None:
    alone, parallel = tmp_path / "alone.conll", tmp_path / "parallel.conll"
    export_conll(tagged, alone, "amal", workers=1)
    export_conll(tagged, parallel, "amal", workers=2, parallel_min_docs=1)
    assert parallel.read_bytes() == alone.read_bytes()
    assert "B-ARREST" in alone.read_text("utf-8")
