"""The real files in ../shared/formats import without loss (skipped with a reason when the folder is absent)."""

from __future__ import annotations

import pytest

from annotate.formats.read import collect, read_annotated
from annotate.formats.report import FormatReport
from annotate.textimport import ImportFileError
from tests.annotate.test_formats_helpers import SHARED

pytestmark = pytest.mark.skipif(
    not SHARED.exists(), reason=f"{SHARED} (shared format samples) is not present"
)


def _read(sub: str, name: str, fmt: str):
    rep = FormatReport(fmt)
    return read_annotated(SHARED / sub / name, fmt, rep), rep


def _ann_lines(path, prefix: str) -> int:
    return sum(1 for ln in path.read_text(encoding="utf-8").split("\n") if ln.startswith(prefix))


def test_brat_tutorial_keeps_events_relations_attributes_notes() -> None:
    (d,), rep = _read("brat", "tutorials__news__000-introduction.ann", "brat")
    assert len(d.spans) == 7  # 7 T lines, T3 is E1's trigger: E1 stands for it
    assert len(d.relations) == 4 + 2  # E1's four role arguments, R1, R2
    by_key = {s.key: s for s in d.spans}
    assert d.text[by_key["E1"].start : by_key["E1"].end] == "moving"
    assert dict(by_key["T4"].attributes) == {"Mention": "Name", "Individual": "true"}
    assert dict(by_key["T2"].attributes) == {"note": "100000000 USD"}
    assert by_key["T5"].attributes and dict(by_key["T5"].attributes)["norm"].startswith("Wikipedia:64488")
    assert rep.clean


def test_brat_bionlp_every_event_is_a_span_and_equivalence_is_reported() -> None:
    ann = SHARED / "brat" / "corpora__BioNLP-ST_2011__BioNLP-ST_2011_GE__PMID-10485906.ann"
    (d,), rep = _read("brat", ann.name, "brat")
    triggers = {
        ln.split("\t")[1].split()[0].split(":")[1] for ln in ann.read_text().split("\n") if ln.startswith("E")
    }
    assert len(d.spans) == _ann_lines(ann, "T") - len(triggers) + _ann_lines(ann, "E")
    args = sum(len(ln.split("\t")[1].split()) - 1 for ln in ann.read_text().split("\n") if ln.startswith("E"))
    assert len(d.relations) == args
    assert rep.count("dropped_relation") == 1  # '*	Equiv T6 T7'


def test_brat_conll2002_spanish() -> None:
    (d,), _ = _read("brat", "corpora__CoNLL-ST_2002__esp__esp.train-doc-29.ann", "brat")
    assert len(d.spans) == 13
    assert ("PER", "Camilo José Cela") in {(s.label, d.text[s.start : s.end][-16:]) for s in d.spans}


def test_conll_shapes_count_like_spacys_own_tests() -> None:
    docs, _ = _read("conll", "spacy_test_conll_ner.txt", "conll")
    assert len(docs) == 1 and docs[0].text.count("\n") == 4  # 5 sentences
    assert len(docs[0].spans) == 10
    docs, _ = _read("conll", "spacy_test_iob.txt", "conll")
    assert sum(len(d.spans) for d in docs) == 8


def test_doccano_files_and_conll_examples() -> None:
    docs, _ = _read(
        "doccano", "data_export__pipeline__examples__relation_extraction__example.jsonl", "doccano"
    )
    assert len(docs[0].spans) == 4 and len(docs[0].relations) == 3
    docs, _ = _read("doccano", "data_import__pipeline__examples__sequence_labeling__example.jsonl", "doccano")
    assert [len(d.spans) for d in docs] == [1, 1, 1]
    docs, _ = _read(
        "doccano", "data_import__tests__data__sequence_labeling__example_overlapping.jsonl", "doccano"
    )
    assert len(docs[0].spans) == 2
    docs, _ = _read("doccano", "data_import__pipeline__examples__sequence_labeling__example.txt", "conll")
    assert len(docs[0].spans) == 4
    with pytest.raises(ImportFileError, match=r"labeling\.invalid\.conll:1: 'SOCCERO' is not a BIO tag"):
        _read("doccano", "data_import__tests__data__sequence_labeling__labeling.invalid.conll", "conll")


def test_label_studio_completions() -> None:
    (d,), _ = _read("label_studio", "test__fixtures__completions__348.json", "labelstudio")
    assert len(d.spans) == 38 and d.text.startswith(" -Antioxidant")


def test_prodigy_spans() -> None:
    docs, _ = _read("prodigy", "fashion_brands_training.first25_with_spans.jsonl", "prodigy")
    assert len(docs) == 25 and sum(len(d.spans) for d in docs) == 54
    assert docs[0].meta["section"] == "malefashionadvice"


def test_auto_detection_over_the_shared_folder() -> None:
    found = {p.name: k for p, k in collect([SHARED], "auto")}
    assert found["tutorials__news__000-introduction.ann"] == "brat"
    assert found["spacy_test_iob.txt"] == "conll"
    assert found["data_export__pipeline__examples__relation_extraction__example.jsonl"] == "doccano"
    assert found["test__fixtures__completions__348.json"] == "labelstudio"
    assert found["fashion_brands_training.first25_with_spans.jsonl"] == "prodigy"
    assert found["SOURCE.txt"] is None
