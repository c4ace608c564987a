"""Importing documents with annotations: one transaction per file, labels checked, layers attributed."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from annotate.formats.conll import WHITESPACE_META
from annotate.model import GOLD
from store.annotated_import import import_annotated, route_paths
from store.annotations import relations, spans, status_of
from store.documents import document_count, document_ids, get_document
from store.export import ExportOptions, export_layer
from store.importer import import_paths
from store.project import Project
from store.schema_store import replace_schema
from store.search import unindexed_count
from tests.annotate.test_formats_helpers import FIXTURES


def _layer(project: Project, annotator: str) -> set[tuple[str, str]]:
    out = set()
    for i in document_ids(project):
        doc = get_document(project, i)
        out |= {(s.label, doc.text[s.start : s.end]) for s in spans(project, i, annotator)}
    return out


def _tag_labels(project: Project, tags: dict[str, str]) -> None:
    """Give the schema's labels named in ``tags`` those tags (as a schema file loaded by the user would)."""
    schema = project.schema()
    labels = tuple(replace(lab, tag=tags[lab.key]) if lab.key in tags else lab for lab in schema.labels)
    replace_schema(project, replace(schema, labels=labels))


@pytest.mark.parametrize(
    ("name", "fmt", "n_docs", "n_spans", "n_rels"),
    [
        ("brat/kafranbel.ann", "brat", 1, 7, 5),
        ("doccano.jsonl", "doccano", 2, 6, 2),
        ("labelstudio.json", "labelstudio", 2, 4, 1),
        ("prodigy.jsonl", "prodigy", 1, 2, 0),
        ("ours.jsonl", "jsonl", 1, 6, 2),
        ("conll/iob1_4col.conll", "conll", 2, 5, 0),
        ("conll/nested_columns.tsv", "conll", 1, 3, 0),
    ],
)
def test_each_format_lands_whole_in_the_named_layer(
    project: Project, name, fmt, n_docs, n_spans, n_rels
) -> None:
    rep = import_annotated(project, [(FIXTURES / name, fmt)], "amal")
    assert not rep.refused, rep.files
    (f,) = rep.files
    assert (f.documents, f.spans, f.relations) == (n_docs, n_spans, n_rels)
    assert document_count(project) == n_docs
    stored = sum(len(spans(project, i, "amal")) for i in document_ids(project))
    assert stored == n_spans
    assert sum(len(relations(project, i, "amal")) for i in document_ids(project)) == n_rels
    for i in document_ids(project):
        doc = get_document(project, i)
        for s in spans(project, i, "amal"):
            assert doc.text[s.start : s.end] == s.text
    assert unindexed_count(project) == 0  # each new document landed with its search shadow


def test_brat_with_crlf_keeps_attributes_and_exact_text(project: Project) -> None:
    import_annotated(project, [(FIXTURES / "brat/kafranbel.ann", "brat")], "amal")
    (doc_id,) = document_ids(project)
    assert "\r" not in get_document(project, doc_id).text
    clash = next(s for s in spans(project, doc_id, "amal") if s.label == "clash")
    assert clash.attrs == {"certainty": "claimed"} and clash.text == "اشتبكت"
    assert ("arrest", "اعتقلت") in _layer(project, "amal")


def test_our_jsonl_brings_its_status(project: Project) -> None:
    import_annotated(project, [(FIXTURES / "ours.jsonl", "jsonl")], "amal")
    (doc_id,) = document_ids(project)
    assert status_of(project, doc_id, "amal") == "done"


def test_unknown_labels_refuse_the_file_unless_added(project: Project, tmp_path: Path) -> None:
    f = tmp_path / "x.jsonl"
    f.write_text(
        json.dumps(
            {"text": "قصفت طائرات التحالف مدينة الرقة.", "label": [[5, 19, "COALITION"], [26, 31, "PLACE"]]}
        )
        + "\n",
        encoding="utf-8",
    )
    rep = import_annotated(project, [(f, "doccano")], "amal")
    assert rep.refused and "COALITION" in rep.refused[0].error and "--add-labels" in rep.refused[0].error
    assert document_count(project) == 0 and rep.unknown_labels == {"COALITION": 1}
    rep = import_annotated(project, [(f, "doccano")], "amal", add_labels=True)
    assert not rep.refused and rep.added_labels == ["coalition"]
    assert project.schema().has_label("coalition")
    assert _layer(project, "amal") == {("coalition", "طائرات التحالف"), ("place", "الرقة")}
    assert rep.report.count("label_mapped") == 1  # PLACE -> place


def test_a_refused_file_reports_no_conversion_it_did_not_make(project: Project, tmp_path: Path) -> None:
    # doccano's editor counts UTF-16 units: the emoji shifts الرقة by one, which the reader converts
    text = "🔴 قصفت طائرات التحالف مدينة الرقة."
    u16 = len("🔴".encode("utf-16-le")) // 2 - 1
    a, b = text.index("التحالف"), text.index("الرقة")
    f = tmp_path / "x.jsonl"
    record = {"text": text, "label": [[a + u16, a + u16 + 7, "COALITION"], [b + u16, b + u16 + 5, "PLACE"]]}
    f.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    rep = import_annotated(project, [(f, "doccano")], "amal")
    assert rep.refused and document_count(project) == 0
    assert rep.report.clean, rep.report.items  # no offsets_utf16, no label_mapped: nothing was imported
    rep = import_annotated(project, [(f, "doccano")], "amal", add_labels=True)
    assert (
        not rep.refused and rep.report.count("offsets_utf16") == 1 and rep.report.count("label_mapped") == 1
    )
    assert _layer(project, "amal") == {("coalition", "التحالف"), ("place", "الرقة")}


def test_a_label_spelled_as_its_tag_is_no_other_spelling(project: Project, tmp_path: Path) -> None:
    _tag_labels(project, {"place": "LOC"})
    f = tmp_path / "x.jsonl"
    record = {"text": "قصفت طائرات مدينة الرقة.", "label": [[18, 23, "LOC"], [0, 4, "Arrest"]]}
    f.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    rep = import_annotated(project, [(f, "doccano")], "amal")
    assert not rep.refused, rep.files
    # our own export read back: LOC is how the schema writes place; Arrest is another spelling of arrest
    assert [i.detail for i in rep.report.items if i.kind == "label_mapped"] == ["'Arrest' -> 'arrest'"]


def test_attributes_the_schema_does_not_offer_are_kept_and_reported(project: Project, tmp_path: Path) -> None:
    """A foreign attribute or a value the schema does not list lands on its span, and the report says so."""
    text = "قصفت طائرات التحالف مدينة الرقة. وقصفت المدفعية ريف دير الزور."
    odd = {"certainty": "maybe", "negation": "true"}
    record = {
        "text": text,
        "spans": [
            {"id": "s1", "start": 0, "end": 4, "label": "clash", "attributes": odd},
            {"id": "s2", "start": 33, "end": 38, "label": "clash", "attributes": {"certainty": "claimed"}},
            {"id": "s3", "start": 26, "end": 31, "label": "place", "attributes": {"certainty": "maybe"}},
        ],
    }
    f = tmp_path / "odd.jsonl"
    f.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    rep = import_annotated(project, [(f, "jsonl")], "amal")
    assert not rep.refused
    (doc_id,) = document_ids(project)
    got = [s.attrs for s in spans(project, doc_id, "amal")]
    assert got == [odd, {"certainty": "maybe"}, {"certainty": "claimed"}]
    details = [it.detail for it in rep.report.items if it.kind == "attribute_not_in_schema"]
    assert len(details) == 2  # once per file and value, not per span; certainty=claimed is the schema's
    assert any("certainty='maybe'" in d and "confirmed" in d for d in details)
    assert any("no attribute 'negation'" in d for d in details)


def test_a_failing_file_imports_nothing_and_others_go_on(project: Project, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    good = {"text": "اعتقلت الشرطة شابا.", "spans": [{"start": 0, "end": 6, "label": "arrest"}]}
    broken = {"text": "نص ثان.", "spans": [{"start": 0, "end": 99, "label": "arrest"}]}
    bad.write_text(json.dumps(good) + "\n" + json.dumps(broken) + "\n", encoding="utf-8")
    rep = import_annotated(project, [(bad, "prodigy"), (FIXTURES / "prodigy.jsonl", "prodigy")], "amal")
    assert len(rep.refused) == 1 and rep.refused[0].error.startswith(f"{bad}:2:")
    assert document_count(project) == 1  # only the good file's document


def test_a_refused_file_leaves_no_new_annotator(project: Project, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"text": "نص.", "spans": [{"start": 0, "end": 99, "label": "arrest"}]}\n', encoding="utf-8"
    )
    rep = import_annotated(project, [(bad, "prodigy")], "newcomer")
    assert len(rep.refused) == 1
    assert "newcomer" not in {a.name for a in project.annotators()}
    rep = import_annotated(project, [(FIXTURES / "prodigy.jsonl", "prodigy")], "newcomer")
    assert not rep.refused and "newcomer" in {a.name for a in project.annotators()}


def test_existing_text_gets_the_layer_once(project: Project, tmp_path: Path) -> None:
    (tmp_path / "kafranbel.txt").write_bytes((FIXTURES / "brat/kafranbel.txt").read_bytes())
    import_paths(project, [tmp_path / "kafranbel.txt"], "txt")
    rep = import_annotated(project, [(FIXTURES / "brat/kafranbel.ann", "brat")], "amal")
    assert rep.files[0].attached == 1 and rep.files[0].documents == 0 and rep.files[0].skipped == 0
    rep = import_annotated(project, [(FIXTURES / "brat/kafranbel.ann", "brat")], "amal")
    assert rep.report.count("skipped_layer") == 1
    assert (rep.files[0].documents, rep.files[0].attached, rep.files[0].skipped) == (0, 0, 1)
    assert rep.to_json()["files"][0]["skipped"] == 1
    assert len(spans(project, document_ids(project)[0], "amal")) == 7
    rep = import_annotated(project, [(FIXTURES / "brat/kafranbel.ann", "brat")], GOLD)
    assert len(spans(project, document_ids(project)[0], GOLD)) == 7
    assert {a.name: a.role for a in project.annotators()}[GOLD] == "gold"


def test_route_paths_tells_plain_from_annotated(tmp_path: Path) -> None:
    (tmp_path / "plain.jsonl").write_text('{"text": "نص عادي"}\n', encoding="utf-8")
    (tmp_path / "plain.txt").write_text("نص عادي\n", encoding="utf-8")
    (tmp_path / "ours.jsonl").write_bytes((FIXTURES / "ours.jsonl").read_bytes())
    annotated, plain = route_paths([str(tmp_path)], "auto")
    assert annotated == [(tmp_path / "ours.jsonl", "jsonl")]
    assert sorted(Path(p).name for p in plain) == ["plain.jsonl", "plain.txt"]
    annotated, plain = route_paths([str(tmp_path / "plain.jsonl"), str(tmp_path / "ours.jsonl")], "jsonl")
    assert annotated == [(tmp_path / "ours.jsonl", "jsonl")] and plain == [str(tmp_path / "plain.jsonl")]
    assert route_paths([str(tmp_path)], "txt") == ([], [str(tmp_path)])


def test_annotator_is_required(project: Project) -> None:
    with pytest.raises(Exception, match="--annotator"):
        import_annotated(project, [(FIXTURES / "prodigy.jsonl", "prodigy")], " ")


def test_a_tag_set_goes_out_as_it_came_in(project: Project, tmp_path: Path) -> None:
    """Labels added from a file, and schema labels the file spells otherwise, keep its spelling as their tag."""
    text = "قصفت طائرات التحالف مدينة الرقة وقالت جماعة مسلحة إنها ردت."
    at = lambda w, lab: [text.index(w), text.index(w) + len(w), lab]  # noqa: E731
    f = tmp_path / "x.jsonl"
    line = {"text": text, "label": [at("الرقة", "PLACE")]}
    f.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    rep = import_annotated(project, [(f, "doccano")], "amal")  # no --add-labels: the schema stays as it is
    assert rep.report.count("label_mapped") == 1 and project.schema().label("place").tag == ""

    line["label"] = [
        at("طائرات التحالف", "COALITION"),
        at("الرقة", "PLACE"),
        at("جماعة", "جهة_مسلحة"),
        at("مسلحة", "Armed group"),
    ]
    f.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    rep = import_annotated(project, [(f, "doccano")], "ali", add_labels=True)
    assert not rep.refused, rep.files
    schema = project.schema()
    got = {lab.key: lab.tag for lab in schema.labels if lab.key not in ("arrest", "clash", "state")}
    arabic = next(k for k in got if k.startswith("label_"))
    assert got == {"place": "PLACE", "coalition": "COALITION", arabic: "جهة_مسلحة", "armed_group": ""}
    assert rep.report.count("tag_kept") == 1  # place: a schema label, now written PLACE
    assert any("exports write 'COALITION'" in it.detail for it in rep.report.items)

    export_layer(project, tmp_path / "out.jsonl", "ali", "doccano", ExportOptions())
    (row,) = [json.loads(ln) for ln in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert sorted(e["label"] for e in row["entities"]) == sorted(
        ["COALITION", "PLACE", "جهة_مسلحة", "armed_group"]
    )


def test_a_role_the_file_spells_otherwise_keeps_its_spelling(project: Project, tmp_path: Path) -> None:
    text = "اعتقلت قوات الأمن ثلاثة شبان."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a.ann").write_text(
        "T1\tArrest 0 6\tاعتقلت\nT2\tState 7 17\tقوات الأمن\nE1\tArrest:T1 Agent:T2\n", encoding="utf-8"
    )
    rep = import_annotated(project, [(tmp_path / "a.ann", "brat")], "amal", add_labels=True)
    assert not rep.refused, rep.files
    assert project.schema().role("agent").tag == "Agent"
    assert project.schema().label("arrest").tag == "Arrest"
    assert [r.role for r in relations(project, document_ids(project)[0], "amal")] == ["agent"]


def test_roles_added_to_the_schema_are_said_as_labels_are(project: Project, tmp_path: Path) -> None:
    text = "اعتقلت قوات الأمن ثلاثة شبان."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a.ann").write_text(
        "T1\tarrest 0 6\tاعتقلت\nT2\tstate 7 17\tقوات الأمن\nT3\tarrest 18 23\tثلاثة\n"
        "E1\tarrest:T1 Jailer:T2\nE2\tarrest:T3 JAILER:T2\n",
        encoding="utf-8",
    )
    rep = import_annotated(project, [(tmp_path / "a.ann", "brat")], "amal", add_labels=True)
    assert rep.added_roles == ["jailer"]
    assert [i.detail for i in rep.report.items if i.kind == "role_added"] == [
        "'JAILER' as 'jailer'; exports write 'JAILER'"  # one role of two spellings, said once
    ]
    assert project.schema().role("jailer").tag == "JAILER"


def test_brat_entities_linked_by_r_lines_stay_entities_and_go_back_out_as_r_lines(
    project: Project, tmp_path: Path
) -> None:
    """An R line links two entities: its first argument is no event (only E lines make events)."""
    text = "نقلت الشركة أموالا إلى مصارف في سويسرا."
    at = lambda w: f"{text.index(w)} {text.index(w) + len(w)}\t{w}"  # noqa: E731
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a.ann").write_text(
        f"T1\tCompany {at('الشركة')}\nT2\tBank {at('مصارف')}\nT3\tCountry {at('سويسرا')}\n"
        f"T4\tTransfer {at('نقلت')}\nE1\tTransfer:T4 Giver:T1\nR1\tOrigin Arg1:T2 Arg2:T3\n",
        encoding="utf-8",
    )
    rep = import_annotated(project, [(tmp_path / "a.ann", "brat")], "amal", add_labels=True)
    assert not rep.refused, rep.files
    kinds = {lab.tag: lab.kind for lab in project.schema().labels if lab.tag}
    assert kinds == {"Company": "entity", "Bank": "entity", "Country": "entity", "Transfer": "event"}

    export_layer(project, tmp_path / "out", "amal", "brat", ExportOptions())
    (ann,) = (tmp_path / "out").glob("*.ann")
    lines = ann.read_text("utf-8").splitlines()
    assert any(ln.startswith("R") and ln.split("\t")[1].startswith("Origin Arg1:") for ln in lines)
    assert [ln.split("\t")[1].split(":")[0] for ln in lines if ln.startswith("E")] == ["Transfer"]


def test_a_tag_spelled_otherwise_still_finds_its_label(project: Project, tmp_path: Path) -> None:
    _tag_labels(project, {"place": "LOC"})
    text = "قصفت الطائرات مدينة الرقة."
    f = tmp_path / "x.jsonl"
    rows = [
        {"text": text, "label": [[text.index("الرقة"), text.index("الرقة") + 5, name]]}
        for name in ("LOC", "Loc")
    ]
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    rep = import_annotated(project, [(f, "doccano")], "amal")  # no --add-labels: both must be found
    assert not rep.refused and not rep.unknown_labels, rep.files
    assert _layer(project, "amal") == {("place", "الرقة")}


def _doccano_file(tmp_path: Path, text: str, labelled: list[tuple[str, str]]) -> Path:
    f = tmp_path / "x.jsonl"
    rows = [[text.index(w), text.index(w) + len(w), lab] for w, lab in labelled]
    f.write_text(json.dumps({"text": text, "label": rows}, ensure_ascii=False) + "\n", encoding="utf-8")
    return f


def test_labels_the_schema_lacks_get_keys_that_keep_them_apart(project: Project, tmp_path: Path) -> None:
    """Two Arabic labels get two keys; a label starting with a digit gets a key starting with a letter;
    two spellings of one key (ARMED_GROUP, Armed_Group) are one label, written as the first in sort order."""
    text = "قال شخص في مكان إن 3 مجموعات مسلحة وجماعة مسلحة أخرى هاجمت."
    f = _doccano_file(
        tmp_path,
        text,
        [
            ("شخص", "شخص"),
            ("مكان", "مكان"),
            ("3", "3rd_party"),
            ("مجموعات", "ARMED_GROUP"),
            ("جماعة", "Armed_Group"),
        ],
    )
    rep = import_annotated(project, [(f, "doccano")], "amal", add_labels=True)
    assert not rep.refused, rep.files
    added = {lab.key: lab.tag for lab in project.schema().labels if lab.key in rep.added_labels}
    arabic = sorted(k for k in added if k.startswith("label_"))
    assert len(arabic) == 2 and all(len(k) == len("label_") + 8 for k in arabic)
    assert {added[k] for k in arabic} == {"شخص", "مكان"}
    assert "x_3rd_party" in added and added["armed_group"] == "ARMED_GROUP" and len(added) == 4
    layer = _layer(project, "amal")
    assert ("armed_group", "مجموعات") in layer and ("armed_group", "جماعة") in layer
    assert len({lab for lab, _ in layer}) == 4


def test_a_label_is_found_by_its_english_name(project: Project, tmp_path: Path) -> None:
    f = _doccano_file(tmp_path, "اعتقلت قوات الأمن شابين.", [("قوات الأمن", "State forces")])
    rep = import_annotated(project, [(f, "doccano")], "amal")  # no --add-labels: it must be found
    assert not rep.refused and _layer(project, "amal") == {("state", "قوات الأمن")}


def test_a_spelling_is_not_taken_as_a_tag_where_it_is_taken_already(project: Project, tmp_path: Path) -> None:
    """A schema tag stays; a file's spelling that another label is written under is no tag."""
    _tag_labels(project, {"place": "LOC", "state": "PLACE"})  # odd, but allowed: state is written PLACE
    text = "قصفت الطائرات مدينة الرقة واعتقلت شابين."
    f = _doccano_file(tmp_path, text, [("الرقة", "Place"), ("اعتقلت", "ARREST"), ("شابين", "State")])
    rep = import_annotated(project, [(f, "doccano")], "amal", add_labels=True)
    assert not rep.refused, rep.files
    tags = {lab.key: lab.tag for lab in project.schema().labels}
    assert tags["place"] == "LOC" and tags["state"] == "PLACE"  # kept, whatever the file spells
    assert tags["arrest"] == "ARREST"


def test_only_a_conll_layer_marks_a_text_already_in_the_project_as_read_from_conll(
    project: Project, tmp_path: Path
) -> None:
    """Its tokens are the text's words: exported with them again.  Another format's layer changes nothing."""
    text = "قصفت الطائرات مدينة الرقة ."
    f = _doccano_file(tmp_path, text, [("الرقة", "place")])
    import_annotated(project, [(f, "doccano")], "amal")
    import_annotated(project, [(f, "doccano")], "ali")  # a second layer on the same text
    (doc_id,) = document_ids(project)
    assert "tokens" not in get_document(project, doc_id).meta
    conll = tmp_path / "x.conll"
    conll.write_text(
        "".join(f"{w}\t{'B-place' if w == 'الرقة' else 'O'}\n" for w in text.split()), encoding="utf-8"
    )
    rep = import_annotated(project, [(conll, "conll")], "omar")
    assert not rep.refused, rep.files
    assert document_ids(project) == [doc_id]
    assert get_document(project, doc_id).meta.get("tokens") == WHITESPACE_META["tokens"]


_MANY = [
    ("brat/kafranbel.ann", "brat"),
    ("doccano.jsonl", "doccano"),
    ("labelstudio.json", "labelstudio"),
    ("ours.jsonl", "jsonl"),
    ("conll/iob1_4col.conll", "conll"),
]


def _outcome(project: Project, rep) -> tuple:
    stored = {
        (get_document(project, i).text, s.start, s.end, s.label)
        for i in document_ids(project)
        for s in spans(project, i, "amal")
    }
    files = [(f.path, f.outcome, f.documents, f.spans, f.relations) for f in rep.files]
    return stored, files, rep.report.lines(), dict(rep.unknown_labels), rep.added_labels


def test_files_past_the_reading_budget_are_read_again_when_stored_with_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files are all read (for their labels) before any is stored; past the budget their documents are
    not kept but read again in turn, so several large files never sit in memory at once."""
    from annotate.schema import schema_from_dict
    from store import annotated_import
    from tests.store.conftest import SCHEMA

    real = annotated_import.read_annotated
    reads: list[str] = []
    monkeypatch.setattr(
        annotated_import,
        "read_annotated",
        lambda path, *a, **k: reads.append(path.name) or real(path, *a, **k),
    )
    files = [(FIXTURES / name, fmt) for name, fmt in _MANY]
    first = (FIXTURES / "brat/kafranbel.ann").stat().st_size + (
        FIXTURES / "brat/kafranbel.txt"
    ).stat().st_size
    outcomes, read_twice = [], []
    for budget in (10**9, 0, first):
        reads.clear()
        with Project.create(tmp_path / f"b{budget}.hashiya", schema_from_dict(SCHEMA)) as p:
            rep = import_annotated(p, files, "amal", add_labels=True, read_budget=budget)
            outcomes.append(_outcome(p, rep))
        read_twice.append(sorted({n for n in reads if reads.count(n) == 2}))
    assert outcomes[0][1] and all(status == "imported" for _, status, *_ in outcomes[0][1])
    assert outcomes[1] == outcomes[0] == outcomes[2]
    names = sorted(Path(n).name for n, _ in _MANY)
    assert read_twice == [[], names, sorted(set(names) - {"kafranbel.ann"})]  # the first fits, alone


def test_a_file_that_cannot_be_read_again_is_refused_and_nothing_of_it_stored(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store import annotated_import

    real = annotated_import.read_annotated
    calls: list[Path] = []

    def second_time_fails(path, fmt, *args, **kwargs):
        calls.append(path)
        if calls.count(path) == 2:
            raise annotated_import.ImportFileError(str(path), "changed on disk", 3)
        return real(path, fmt, *args, **kwargs)

    monkeypatch.setattr(annotated_import, "read_annotated", second_time_fails)
    rep = import_annotated(project, [(FIXTURES / "doccano.jsonl", "doccano")], "amal", read_budget=0)
    (f,) = rep.files
    assert f.outcome == "refused" and "changed on disk" in f.error and document_count(project) == 0


def _many_docs(path: Path, n: int) -> Path:
    """A doccano file of ``n`` documents, each a different text with one place."""
    lines = []
    for i in range(n):
        text = f"قصفت الطائرات مدينة حلب صباح اليوم ({i})"
        lines.append(
            json.dumps({"text": text, "label": [[text.index("حلب"), text.index("حلب") + 3, "place"]]})
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_progress_counts_documents_and_a_cancel_inside_a_large_file_rolls_it_back_whole(
    project: Project, tmp_path: Path
) -> None:
    """One file of thousands of documents is one transaction: the bar moves within it, and Cancel stops
    before the next document instead of after the whole file, leaving nothing of that file."""
    first, big = _many_docs(tmp_path / "a.jsonl", 60), _many_docs(tmp_path / "b.jsonl", 120)
    big.write_text(big.read_text(encoding="utf-8").replace("(", "[").replace(")", "]"), encoding="utf-8")
    calls: list[tuple[int, int]] = []
    rep = import_annotated(
        project,
        [(first, "doccano"), (big, "doccano")],
        "amal",
        progress=lambda done, total: calls.append((done, total)),
        cancelled=lambda: bool(calls) and calls[-1][0] >= 100,
    )
    assert calls == [(50, 180), (60, 180), (100, 180)]  # every 50 documents, and at each file's end
    assert rep.cancelled and [(Path(f.path).name, f.outcome) for f in rep.files] == [("a.jsonl", "imported")]
    assert document_count(project) == 60  # the first file whole; nothing of the cancelled one


def test_a_cancel_while_the_files_are_read_stores_nothing(project: Project, tmp_path: Path) -> None:
    files = [(_many_docs(tmp_path / f"{k}.jsonl", 3), "doccano") for k in range(2)]
    rep = import_annotated(project, files, "amal", cancelled=lambda: True)
    assert rep.cancelled and rep.files == [] and document_count(project) == 0
