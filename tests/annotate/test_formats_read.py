"""Reading annotated files of our own, shaped like each tool's files: every span lands on its exact text."""

from __future__ import annotations

import json

import pytest

from annotate.formats.read import collect, detect, read_annotated
from annotate.formats.report import FormatReport
from annotate.textimport import ImportFileError
from tests.annotate.test_formats_helpers import FIXTURES


def _read(name: str, fmt: str, **kw: object) -> tuple[list, FormatReport]:
    rep = FormatReport(fmt)
    return read_annotated(FIXTURES / name, fmt, rep, **kw), rep  # type: ignore[arg-type]


def _spans(d) -> set[tuple[str, str]]:
    return {(s.label, d.text[s.start : s.end]) for s in d.spans}


def test_brat_crlf_diacritics_events_relations_attributes() -> None:
    (d,), rep = _read("brat/kafranbel.ann", "brat")
    assert "\r" not in d.text and d.text.count("\n") == 2
    assert _spans(d) == {
        ("clash", "اشتبكت"),
        ("state", "قوّاتُ الجيش"),
        ("place", "بلدةِ كفرنبل"),
        ("arrest", "اعتقلت"),
        ("state", "القوات"),
        ("place", "الرقة"),
        ("place", "كفرنبل"),
    }
    by_key = {s.key: s for s in d.spans}
    roles = {
        (by_key[r.head].label, r.role, d.text[by_key[r.tail].start : by_key[r.tail].end]) for r in d.relations
    }
    assert roles == {
        ("clash", "agent", "قوّاتُ الجيش"),
        ("clash", "place", "بلدةِ كفرنبل"),
        ("arrest", "agent", "القوات"),
        ("arrest", "place", "الرقة"),
        ("place", "place", "كفرنبل"),
    }
    assert dict(by_key["E1"].attributes) == {"certainty": "claimed"}
    assert dict(by_key["T3"].attributes) == {"note": "قرب الحدود"}
    assert rep.count("dropped_relation") == 1  # the * equivalence line, reported not lost silently


def test_brat_discontinuous_refused_with_line_or_joined() -> None:
    with pytest.raises(ImportFileError, match=r"aleppo\.ann:1: T1 is discontinuous"):
        _read("brat_fragments/aleppo.ann", "brat")
    (d,), rep = _read("brat_fragments/aleppo.ann", "brat", fragments="join")
    (s,) = d.spans
    assert d.text[s.start : s.end] == "مدينة حلب الشرقية"
    assert rep.count("fragments_joined") == 1


def test_doccano_both_shapes_utf16_offsets_after_emoji_and_crlf() -> None:
    docs, rep = _read("doccano.jsonl", "doccano")
    assert _spans(docs[0]) == {("clash", "اشتباكاً"), ("place", "درعا"), ("arrest", "اعتقالَ")}
    assert "\r" not in docs[0].text
    assert rep.count("offsets_utf16") == 1
    assert _spans(docs[1]) == {("state", "الجيش"), ("clash", "معارك"), ("place", "تل رفعت")}
    assert {r.role for r in docs[1].relations} == {"agent", "place"}
    assert docs[1].ext_id == "7"


def test_labelstudio_annotations_and_completions() -> None:
    docs, rep = _read("labelstudio.json", "labelstudio")
    assert _spans(docs[0]) == {("clash", "اشتباكات"), ("place", "ريف إدلب")}
    assert [r.role for r in docs[0].relations] == ["place"]
    assert _spans(docs[1]) == {("arrest", "اعتقلت"), ("place", "حمص")}
    assert rep.count("offsets_utf16") == 1
    assert docs[0].meta == {"source": "x", "offset_unit": "utf16"}  # what its export counts in again


def test_prodigy_skips_rejected_answers_and_reports_them() -> None:
    docs, rep = _read("prodigy.jsonl", "prodigy")
    assert len(docs) == 1
    assert _spans(docs[0]) == {("place", "الرقة"), ("state", "للجيش")}
    assert rep.count("note") == 1


def test_our_jsonl_keeps_attributes_status_overlaps_and_in_word_spans() -> None:
    (d,), _ = _read("ours.jsonl", "jsonl")
    assert d.status == "done" and d.ext_id == "saraqib-1" and d.title == "سراقب"
    assert ("arrest", "عتقال") in _spans(d) and ("place", "سراقب") in _spans(d)
    assert {dict(s.attributes).get("certainty") for s in d.spans} == {"confirmed", None}
    assert len(d.relations) == 2


def test_conll_iob1_four_columns_docstart() -> None:
    docs, rep = _read("conll/iob1_4col.conll", "conll")
    assert len(docs) == 2
    assert _spans(docs[0]) == {("state", "قوات الأمن"), ("place", "الرقة"), ("place", "وريف حلب")}
    assert _spans(docs[1]) == {("clash", "اشتباك"), ("place", "درعا")}
    assert rep.count("note") == 1  # POS and chunk columns are reported, not imported


def test_conll_two_columns_no_breaks_nested_columns_and_pipe() -> None:
    (d,), _ = _read("conll/anercorp_like.txt", "conll")
    assert _spans(d) == {("state", "الطائرات"), ("place", "مدينة حلب")}
    (n,), _ = _read("conll/nested_columns.tsv", "conll")
    assert _spans(n) == {("state", "قوات النظام"), ("place", "ريف حماة"), ("place", "حماة")}
    (p,), _ = _read("conll/pipe.iob", "conll")
    assert _spans(p) == {("arrest", "اعتقلت"), ("state", "القوات"), ("place", "حمص")}


def test_conll_bad_tag_names_file_and_line() -> None:
    with pytest.raises(ImportFileError, match=r"bad_tag\.conll:3: 'PLACE' is not a BIO tag"):
        _read("conll/bad_tag.conll", "conll")


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("brat/kafranbel.txt", "brat"),
        ("brat/kafranbel.ann", "brat"),
        ("doccano.jsonl", "doccano"),
        ("labelstudio.json", "labelstudio"),
        ("prodigy.jsonl", "prodigy"),
        ("ours.jsonl", "jsonl"),
        ("conll/iob1_4col.conll", "conll"),
        ("conll/anercorp_like.txt", "conll"),
        ("conll/nested_columns.tsv", "conll"),
    ],
)
def test_detect(name: str, fmt: str) -> None:
    assert detect(FIXTURES / name) == fmt


def test_detect_leaves_plain_text_and_plain_jsonl_alone(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("قال مصدر إن الوضع هادئ.\nولا جديد.", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": 1, "text": "نص عادي", "labels": ["x"]}\n', encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"text": "نص", "label": [[0, 2, "place"]]}\n', encoding="utf-8")
    assert detect(tmp_path / "a.txt") is None
    assert detect(tmp_path / "b.jsonl") is None
    assert detect(tmp_path / "c.jsonl") == "doccano"
    found = dict(collect([tmp_path], "auto"))
    assert found == {tmp_path / "a.txt": None, tmp_path / "b.jsonl": None, tmp_path / "c.jsonl": "doccano"}


def test_brat_folder_lists_each_pair_once() -> None:
    found = collect([FIXTURES / "brat"], "auto")
    assert found == [(FIXTURES / "brat" / "kafranbel.ann", "brat")]


def test_malformed_json_line_names_file_and_line(tmp_path) -> None:
    f = tmp_path / "x.jsonl"
    f.write_text('{"text": "نص", "spans": []}\n{"text": "نص آخر", "spans": [\n', encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"x\.jsonl:2: malformed JSON"):
        read_annotated(f, "prodigy", FormatReport("prodigy"))


def test_span_text_mismatch_is_refused_with_both_texts(tmp_path) -> None:
    f = tmp_path / "x.jsonl"
    f.write_text(
        '{"text": "قصفت الطائرات حلب", "spans": [{"start": 0, "end": 4, "label": "clash", "text": "حلب"}]}\n'
    )
    with pytest.raises(ImportFileError, match=r"x\.jsonl:1: .*says 'حلب' but the text there is 'قصفت'"):
        read_annotated(f, "prodigy", FormatReport("prodigy"))


def test_relation_to_unknown_span_is_refused(tmp_path) -> None:
    f = tmp_path / "x.jsonl"
    rec = '{"text": "نص", "entities": [{"id": 1, "start_offset": 0, "end_offset": 2, "label": "place"}],'
    rec += ' "relations": [{"from_id": 1, "to_id": 9, "type": "place"}]}'
    f.write_text(rec + "\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="points at '9'"):
        read_annotated(f, "doccano", FormatReport("doccano"))


def test_a_brat_text_in_windows_1256_or_utf_32_is_read_with_its_offsets(tmp_path) -> None:
    # Older Arabic corpora are in the Windows code page; brat counts characters, whatever the bytes.
    text = "قصفت الطائرات مدينة حلب صباح اليوم وقالت مصادر محلية إن القصف استهدف سوقا شعبية مكتظة."
    s = text.index("حلب")
    for name, data in (("cp", text.encode("cp1256")), ("u32", text.encode("utf-32"))):
        (tmp_path / f"{name}.txt").write_bytes(data)
        (tmp_path / f"{name}.ann").write_text(f"T1\tplace {s} {s + 3}\tحلب\n", encoding="utf-8")
        (d,) = read_annotated(tmp_path / f"{name}.ann", "brat", FormatReport("brat"))
        assert d.text == text and [(x.start, x.end) for x in d.spans] == [(s, s + 3)], name


def test_an_ann_without_its_text_and_a_file_over_the_limit_are_refused(tmp_path) -> None:
    from annotate.formats.read import read_bytes

    (tmp_path / "lone.ann").write_text("T1\tplace 0 3\tحلب\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"lone\.ann: no text file lone\.txt beside it"):
        read_annotated(tmp_path / "lone.ann", "brat", FormatReport("brat"))
    big = tmp_path / "big.jsonl"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(ImportFileError, match=r"big\.jsonl: is 0\.0 MB, over the 0 MB limit per file"):
        read_bytes(big, max_bytes=1024)


def test_a_folder_walk_skips_hidden_files_and_one_word_lines_are_not_conll(tmp_path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.jsonl").write_text(
        '{"text": "نص", "label": [[0, 2, "place"]]}\n', encoding="utf-8"
    )
    (tmp_path / ".hidden.jsonl").write_text('{"text": "نص", "label": [[0, 2, "place"]]}\n', encoding="utf-8")
    (tmp_path / "list.txt").write_text("O\nO\nB-X\n", encoding="utf-8")  # a word per line, no tag column
    assert detect(tmp_path / "list.txt") is None
    assert collect([tmp_path], "auto") == [(tmp_path / "list.txt", None)]


def test_a_named_file_whose_suffix_no_format_claims_is_recognised_by_its_content(tmp_path) -> None:
    """tasks.export (Label Studio JSON) was read as one plain text: 63 MB of JSON as a document."""
    tasks = [{"data": {"text": "قصف حلب"}, "annotations": [{"result": []}]}]
    (tmp_path / "tasks.export").write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "corpus").write_text("قصف\tO\nحلب\tB-LOC\n", encoding="utf-8")
    (tmp_path / "readme").write_text("ملاحظات عن المدونة.\n", encoding="utf-8")
    (tmp_path / "data.csv").write_text("text\nقصف حلب\n", encoding="utf-8")
    named = [tmp_path / n for n in ("tasks.export", "corpus", "readme", "data.csv")]
    assert dict(collect(named, "auto")) == dict(zip(named, ["labelstudio", "conll", None, None], strict=True))
    # In a folder only known suffixes are taken (others are not even opened): nothing here but the CSV.
    assert dict(collect([tmp_path], "auto")) == {tmp_path / "data.csv": None}


def test_brat_named_for_a_file_that_is_no_brat_pair_says_what_is_missing(tmp_path) -> None:
    """--format brat on a .jsonl named a .ann that is not there; a .txt alone raised FileNotFoundError."""
    data = tmp_path / "d.jsonl"
    data.write_text('{"text": "نص"}\n', encoding="utf-8")
    with pytest.raises(
        ImportFileError, match=r"d\.jsonl: not a brat file: brat annotates a \.txt in a \.ann"
    ):
        read_annotated(data, "brat", FormatReport("brat"))
    (tmp_path / "alone.txt").write_text("قصف على حلب", encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"alone\.txt: no annotation file alone\.ann beside it"):
        read_annotated(tmp_path / "alone.txt", "brat", FormatReport("brat"))
