"""Exports from the project: bulk reads equal the per-document reads, every format writes atomically,
splits are deterministic, and store -> X -> store keeps what X can hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotate.jsonl import ExportCheckError, document_line
from store.annotated_import import import_annotated
from store.annotations import relations, spans, status_of
from store.documents import document_ids, get_document
from store.export import (
    ExportCancelled,
    ExportOptions,
    export_conll,
    export_jsonl,
    export_layer,
    json_array,
    layer_lines,
    resolve_layer,
)
from store.project import Project, ProjectError
from tests.annotate.test_formats_helpers import FIXTURES


def _slow_lines(project: Project, layer: str) -> list[dict]:
    return [
        document_line(
            get_document(project, i),
            spans(project, i, layer),
            relations(project, i, layer),
            layer,
            status_of(project, i, layer),
        )
        for i in document_ids(project)
    ]


def test_bulk_jsonl_equals_the_per_document_reads(annotated: Project, tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    res = export_jsonl(annotated, out, "amal")
    got = [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]
    assert got == _slow_lines(annotated, "amal") == list(layer_lines(annotated, "amal"))
    assert (res.documents, res.spans, res.relations) == (2, 4, 2)


def test_cancel_leaves_nothing_and_progress_counts(annotated: Project, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    for fmt in ("jsonl", "conll", "csv", "brat", "spacy"):
        out = tmp_path / f"x.{fmt}"
        with pytest.raises(ExportCancelled):
            export_layer(annotated, out, "amal", fmt, cancelled=lambda: True)
        assert not out.exists() and not list(tmp_path.glob(".*partial*")), fmt
    export_layer(annotated, tmp_path / "y.jsonl", "amal", "jsonl", progress=lambda d, t: seen.append((d, t)))
    assert seen == [(1, 2), (2, 2)]
    # a split into a folder of brat folders, cancelled part-way: the folder it made goes too
    calls = iter(range(100))
    out = tmp_path / "split-brat"
    with pytest.raises(ExportCancelled):
        export_layer(annotated, out, "amal", "brat", ExportOptions(split="50,50", seed=1),
                     cancelled=lambda: next(calls) >= 1)  # fmt: skip
    assert not out.exists()
    out.mkdir()  # a folder that was there before stays
    with pytest.raises(ExportCancelled):
        export_layer(
            annotated, out, "amal", "brat", ExportOptions(split="50,50", seed=1), cancelled=lambda: True
        )
    assert out.is_dir() and not any(out.iterdir())


@pytest.mark.parametrize("fmt", ["jsonl", "brat", "doccano", "labelstudio", "prodigy", "conll"])
def test_store_to_format_to_store(annotated: Project, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / ("out" if fmt == "brat" else f"out.{fmt}")
    outcome = export_layer(annotated, out, "amal", fmt, ExportOptions(clitics="split"))
    fresh = Project.create(tmp_path / "fresh.sqlite", annotated.schema())
    try:
        files = [(p, fmt) for p in sorted(out.glob("*.ann"))] if fmt == "brat" else [(out, fmt)]
        rep = import_annotated(fresh, files, "back")
        assert not rep.refused, rep.files

        def layer_of(p: Project, name: str) -> set[tuple]:
            return {
                (get_document(p, i).text, s.start, s.end, s.label)
                for i in document_ids(p)
                for s in spans(p, i, name)
            }

        def rels_of(p: Project, name: str) -> set[tuple]:
            out = set()
            for i in document_ids(p):
                by = {s.id: (s.start, s.end, s.label) for s in spans(p, i, name)}
                out |= {(by[r.head], r.role, by[r.tail]) for r in relations(p, i, name)}
            return out

        if fmt == "conll":  # no relations; the text is rebuilt from tokens (ب الرقة under --clitics split)

            def words(p: Project, name: str) -> list[tuple[str, str]]:
                return sorted((lab, text[a:b].replace(" ", "")) for text, a, b, lab in layer_of(p, name))

            assert words(fresh, "back") == words(annotated, "amal")
            assert outcome.report.count("clitic_split") == 1
            assert sorted(it.detail for it in outcome.report.items if it.kind == "dropped_relation") == [
                "agent: CoNLL holds no relations",
                "place: CoNLL holds no relations",
            ]
        else:
            assert layer_of(fresh, "back") == layer_of(annotated, "amal")
            assert rels_of(fresh, "back") == rels_of(annotated, "amal")
        if fmt in ("jsonl", "brat", "labelstudio"):
            attrs = {s.label: s.attrs for i in document_ids(fresh) for s in spans(fresh, i, "back")}
            assert attrs["arrest"] == {"certainty": "claimed"}
        else:
            assert outcome.report.count("dropped_attribute") == 1
    finally:
        fresh.close()


def test_split_is_deterministic_and_by_document(annotated: Project, tmp_path: Path) -> None:
    a = export_layer(annotated, tmp_path / "a.jsonl", "amal", "jsonl", ExportOptions(split="50,50", seed=4))
    b = export_layer(annotated, tmp_path / "b.jsonl", "amal", "jsonl", ExportOptions(split="50,50", seed=4))
    assert [r.documents for r in a.results] == [1, 1]
    for ra, rb in zip(a.results, b.results, strict=True):
        assert Path(ra.path).read_text(encoding="utf-8") == Path(rb.path).read_text(encoding="utf-8")
    assert {Path(r.path).name for r in a.results} == {"a.train.jsonl", "a.dev.jsonl"}
    brat = export_layer(annotated, tmp_path / "brat", "amal", "brat", ExportOptions(split="80,10,10"))
    assert {Path(r.path).name for r in brat.results} == {"train", "dev", "test"}


def test_brat_folder_has_conf_and_refuses_a_full_folder(annotated: Project, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    export_layer(annotated, out, "amal", "brat")
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert (
        "[events]" in conf
        and "arrest\t" in conf
        and "certainty\tArg:<EVENT>, Value:confirmed|claimed|alleged" in conf
    )
    assert len(list(out.glob("*.ann"))) == 2
    with pytest.raises(ProjectError, match="not an empty folder"):
        export_layer(annotated, out, "amal", "brat")


def test_conll_reports_attached_clitics_and_csv_rows(annotated: Project, tmp_path: Path) -> None:
    out = export_layer(annotated, tmp_path / "x.conll", "amal", "conll", ExportOptions(nested="outer"))
    assert out.report.count("clitic_attached") == 0 and out.report.count("dropped_nested") == 1
    res = export_conll(annotated, tmp_path / "y.conll", "amal")
    assert res.documents == 2
    rows = [
        ln.split("\t") for ln in (tmp_path / "y.conll").read_text(encoding="utf-8").splitlines() if "\t" in ln
    ]
    assert {len(r) for r in rows} == {
        3
    }  # the second document (no spans) is padded to the same two tag columns
    csv_out = export_layer(annotated, tmp_path / "x.csv", "amal", "csv")
    lines = (tmp_path / "x.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and "قوات الأمن" in lines[1] and csv_out.results[0].documents == 2


def test_spacy_missing_gives_a_clear_message(annotated: Project, tmp_path: Path, monkeypatch) -> None:
    import builtins

    real = builtins.__import__

    def no_spacy(name: str, *a, **k):
        if name == "spacy" or name.startswith("spacy."):
            raise ImportError("no spacy here")
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_spacy)
    from annotate.formats.spacy_docbin import FormatUnavailable

    with pytest.raises(FormatUnavailable, match="pip install spacy"):
        export_layer(annotated, tmp_path / "x.spacy", "amal", "spacy")
    assert not (tmp_path / "x.spacy").exists()


def test_imported_fixture_exports_back_to_the_same_jsonl_spans(project: Project, tmp_path: Path) -> None:
    import_annotated(project, [(FIXTURES / "ours.jsonl", "jsonl")], "amal")
    export_jsonl(project, tmp_path / "o.jsonl", "amal")
    (rec,) = [json.loads(ln) for ln in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()]
    src = json.loads((FIXTURES / "ours.jsonl").read_text(encoding="utf-8"))
    key = lambda s: (s["start"], s["end"], s["label"], s["text"], tuple(sorted(s["attributes"].items())))  # noqa: E731
    assert sorted(map(key, rec["spans"])) == sorted(map(key, src["spans"]))
    assert rec["text"] == src["text"] and rec["status"] == "done" and len(rec["relations"]) == 2


def test_a_relation_to_a_span_of_another_layer_refuses_the_export(annotated: Project, tmp_path: Path) -> None:
    """Only a damaged file holds one (the app never links across layers): the export says so, writes nothing."""
    rel_end = "SELECT tail FROM relations WHERE annotator = 'amal' LIMIT 1"
    (theirs,) = annotated.conn.execute(rel_end).fetchone()
    annotated.ensure_annotator("ali", "annotator")
    annotated.conn.execute("UPDATE spans SET annotator = 'ali' WHERE id = ?", (theirs,))
    out = tmp_path / "x.jsonl"
    with pytest.raises(ExportCheckError, match="points at a span outside this layer"):
        export_jsonl(annotated, out, "amal")
    assert not out.exists()


def test_an_unknown_annotator_is_refused_by_name(annotated: Project) -> None:
    with pytest.raises(ProjectError, match=r"no annotator named 'omar' \(known: amal\)"):
        resolve_layer(annotated, "omar", gold=False)


@pytest.mark.parametrize(
    "records",
    [
        [],
        [{}],
        [{"data": {"text": "سطر أول\nسطر ثان"}, "annotations": [{"result": [], "id": 1}]}],
        [{"a": [1, {"b": []}], "c": "«قسد»"}, {"d": None}, {"e": "x\n\ny"}],
    ],
)
def test_a_json_array_written_record_by_record_is_the_array_json_dumps_writes(records: list) -> None:
    """Label Studio's export is written a task at a time (not held whole in memory), byte for byte the same."""
    assert "".join(json_array(iter(records))) == json.dumps(records, ensure_ascii=False, indent=1) + "\n"


def test_spacy_to_a_folder_writes_docbin_shards_that_spacy_train_reads_as_one_corpus(
    annotated: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder (no ``.spacy`` suffix) gets DocBins of ``SHARD_DOCS`` documents: one in memory at a time,
    where a single file holds every document's arrays until it is written."""
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin
    from spacy.training import Corpus

    from annotate.formats import spacy_docbin

    monkeypatch.setattr(spacy_docbin, "SHARD_DOCS", 1)
    one = export_layer(annotated, tmp_path / "all.spacy", "amal", "spacy")
    many = export_layer(annotated, tmp_path / "train", "amal", "spacy")
    assert sorted(p.name for p in (tmp_path / "train").iterdir()) == ["part-0001.spacy", "part-0002.spacy"]
    assert many.report.items == one.report.items and one.report.items  # the widening is reported
    nlp = spacy.blank("ar")

    def view(docs) -> list:
        return [
            (d.text, [(e.start_char, e.end_char, e.label_) for e in d.ents],
             [(s.start_char, s.end_char, s.label_) for s in d.spans["sc"]])
            for d in docs
        ]  # fmt: skip

    whole = view(DocBin().from_disk(tmp_path / "all.spacy").get_docs(nlp.vocab))
    shards = [view(DocBin().from_disk(p).get_docs(nlp.vocab)) for p in sorted((tmp_path / "train").iterdir())]
    assert [d for shard in shards for d in shard] == whole and all(len(s) == 1 for s in shards)
    read = [eg.reference for eg in Corpus(tmp_path / "train")(nlp)]  # what spacy train reads
    assert sorted(view(read)) == sorted(whole)


def test_spacy_to_a_folder_of_an_empty_layer_is_one_empty_docbin(project: Project, tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    export_layer(project, tmp_path / "none", "amal", "spacy")
    (only,) = (tmp_path / "none").iterdir()
    assert only.name == "part-0001.spacy" and len(DocBin().from_disk(only)) == 0


@pytest.mark.parametrize("fmt", ["jsonl", "conll", "brat"])
@pytest.mark.parametrize("split", ["", "50,50"])
def test_an_output_in_no_folder_is_refused_by_its_own_name(
    annotated: Project, tmp_path: Path, fmt: str, split: str
) -> None:
    """Not "[Errno 2] … nodir/.x.jsonl.partial-8603": the hidden file an export writes first."""
    out = tmp_path / "nodir" / ("x" if fmt == "brat" else f"x.{fmt}")
    with pytest.raises(ProjectError, match=rf"^{out}: the folder {out.parent} does not exist$"):
        export_layer(annotated, out, "amal", fmt, ExportOptions(split=split, seed=1))
    (tmp_path / "file").write_text("x")
    with pytest.raises(ProjectError, match="is not a folder"):
        export_layer(annotated, tmp_path / "file" / "x.jsonl", "amal", "jsonl")
    assert not (tmp_path / "nodir").exists() and (tmp_path / "file").read_text() == "x"
