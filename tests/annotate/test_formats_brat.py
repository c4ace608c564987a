"""brat standoff as brat itself writes and reads it: every bad line named, nothing read silently wrong."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotate.formats.brat import annotation_conf, read_brat, to_brat
from annotate.formats.read import read_annotated
from annotate.formats.records import LayerDoc
from annotate.formats.report import FormatReport
from annotate.model import make_span
from annotate.schema import default_schema, default_schema_path, schema_from_dict
from annotate.textimport import ImportFileError
from tests.annotate.test_formats_helpers import document, layer, relation, span_at
from tests.store.conftest import SCHEMA

TEXT = "قصفَ الجيشُ مدينةَ حلب.\r\nوقال مصدرٌ إنَّ الجيشَ انسحب.\r\n"


def _read(ann: str, text: str = TEXT) -> list:
    (d,) = [read_brat("x.txt", text, "x.ann", ann, FormatReport("brat"))]
    return d


def _at(word: str, text: str = TEXT, after: int = 0) -> str:
    s = text.index(word, after)
    return f"{s} {s + len(word)}"


def test_a_t_id_defined_twice_is_refused_with_its_line() -> None:
    # The second T1 used to replace the first without a word: one span of two lost.
    ann = f"T1\tplace {_at('حلب')}\tحلب\nT1\tstate_forces {_at('الجيشُ')}\tالجيشُ\n"
    with pytest.raises(ImportFileError, match=r"x\.ann:2: .*T1.* twice"):
        _read(ann)


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("T1\tplace 20 400\tحلب", "outside the text"),
        (f"T1\tplace {_at('مدينةَ')}\tحلب", "says 'حلب'"),
        ("T1\tplace 22 19\tحلب", "reversed"),
        ("T1\tplace 19 19\t", "is empty"),
    ],
)
def test_offsets_that_do_not_fit_name_the_ann_line(line: str, why: str) -> None:
    ann = f"T9\tstate_forces {_at('الجيشُ')}\tالجيشُ\n{line}\n"
    with pytest.raises(ImportFileError, match=rf"x\.ann:2: .*{why}"):
        _read(ann)


def test_relation_arguments_are_read_by_their_names() -> None:
    # brat writes Arg1 first, but the names say which is which: a file listing Arg2 first
    # must not turn the relation around.
    ann = (
        f"T1\tstate_forces {_at('الجيشُ')}\tالجيشُ\nT2\tplace {_at('حلب')}\tحلب\n"
        "R1\tplace Arg2:T1 Arg1:T2\t\nR2\tagent Arg1:T1 Arg2:T2\t\n"
    )
    d = _read(ann)
    got = {(r.head, r.role, r.tail) for r in d.relations}
    assert got == {("T2", "place", "T1"), ("T1", "agent", "T2")}


def test_relation_without_both_arguments_is_refused_with_its_line() -> None:
    ann = f"T1\tplace {_at('حلب')}\tحلب\nR1\tplace Arg1:T1 Arg1:T1\t\n"
    with pytest.raises(ImportFileError, match=r"x\.ann:2: "):
        _read(ann)


def test_a_byte_order_mark_counts_as_brat_counts_it(tmp_path: Path) -> None:
    # brat reads the .txt as UTF-8 without dropping a BOM, so every offset counts it; the
    # stored text drops it, and the offsets move with it.
    raw = "\ufeff" + TEXT
    (tmp_path / "b.txt").write_bytes(raw.encode("utf-8"))
    first, second = raw.index("حلب"), raw.index("الجيشَ")
    (tmp_path / "b.ann").write_text(
        f"T1\tplace {first} {first + 3}\tحلب\nT2\tstate_forces {second} {second + 6}\tالجيشَ\n",
        encoding="utf-8",
    )
    (d,) = read_annotated(tmp_path / "b.ann", "brat", FormatReport("brat"))
    assert not d.text.startswith("\ufeff")
    assert {(s.label, d.text[s.start : s.end]) for s in d.spans} == {
        ("place", "حلب"),
        ("state_forces", "الجيشَ"),
    }


@pytest.mark.parametrize(
    "line",
    [
        "A2\tNegation E9",
        "#2\tAnnotatorNotes T9\tلا شيء",
        "N1\tReference T9 Wikidata:Q1\tحلب",
        "M1\tNegation T9",
    ],
)
def test_an_attribute_or_note_on_an_undefined_id_is_refused_with_its_line(line: str) -> None:
    ann = f"T1\tplace {_at('حلب')}\tحلب\n{line}\n"
    with pytest.raises(ImportFileError, match=r"x\.ann:2: .*T9|x\.ann:2: .*E9"):
        _read(ann)


def test_an_attribute_or_note_on_a_relation_is_reported_not_lost() -> None:
    ann = (
        f"T1\tstate_forces {_at('الجيشُ')}\tالجيشُ\nT2\tplace {_at('حلب')}\tحلب\n"
        "R1\tplace Arg1:T1 Arg2:T2\t\n#1\tAnnotatorNotes R1\tمن مصدر محلي\nA1\tcertainty R1 claimed\n"
    )
    rep = FormatReport("brat")
    d = read_brat("x.txt", TEXT, "x.ann", ann, rep)
    assert len(d.relations) == 1
    assert rep.count("dropped_attribute") == 2
    assert {":".join(i.detail.split(":")[:2]) for i in rep.items} == {"x.ann:4", "x.ann:5"}  # not the .txt


def test_an_equivalence_is_reported_with_its_ann_line() -> None:
    ann = f"T1\tplace {_at('حلب')}\tحلب\nT2\tplace {_at('حلب')}\tحلب\n*\tEquiv T1 T2\n"
    rep = FormatReport("brat")
    read_brat("corpus/x.txt", TEXT, "corpus/x.ann", ann, rep)
    (item,) = rep.items
    assert item.kind == "dropped_relation" and item.detail.startswith("x.ann:3: equivalence 'Equiv T1 T2'")


def test_a_binary_attribute_goes_back_out_as_brat_writes_it() -> None:
    # brat's binary attributes (M lines, A lines without a value) are held as "true"; written back as
    # "A1\tNegation E1 true" they became a multi-valued attribute with a value brat never had.
    ann = f"T1\tarrest {_at('قصفَ')}\tقصفَ\nE1\tarrest:T1\nM1\tNegation E1\nA2\tcertainty E1 claimed\n"
    d = _read(ann)
    doc = document(d.text)
    (s,) = d.spans
    item = LayerDoc(doc, (make_span(doc, "amal", s.start, s.end, s.label, dict(s.attributes)),), ())
    _, out = to_brat(item, schema_from_dict(SCHEMA), FormatReport("brat"))
    assert "\tNegation E1\n" in out and "\tcertainty E1 claimed\n" in out
    (again,) = read_brat("x.txt", d.text, "x.ann", out, FormatReport("brat")).spans
    assert dict(again.attributes) == {"Negation": "true", "certainty": "claimed"}


def test_a_tab_inside_a_span_or_a_note_is_part_of_its_text() -> None:
    # brat takes the text of a T line after its second tab, tabs and all; reading only up to the next
    # tab refused our own export of a span over a tab, and cut a note short.
    text = "قصف الجيش\tمدينة حلب يوم الأحد.\n"
    span = "الجيش\tمدينة"
    ann = f"T1\tplace {_at(span, text)}\t{span}\n#1\tAnnotatorNotes T1\tعمود\tثان\n"
    (s,) = _read(ann, text).spans
    assert text[s.start : s.end] == "الجيش\tمدينة" and dict(s.attributes) == {"note": "عمود\tثان"}


def test_a_span_over_the_cr_of_a_crlf_alone_is_refused() -> None:
    # Stored text has LF for CRLF: a span over the CR alone would have no character left.
    with pytest.raises(ImportFileError, match=r"x\.ann: span T1 \(place\) 3\.\.4 covers only a line break"):
        _read("T1\tplace 3 4\t\r\n", "قصف\r\nالجيش")


def test_fragments_out_of_order_are_refused_with_their_line() -> None:
    ann = f"T1\tplace {_at('حلب')}\tحلب\nT2\tplace {_at('انسحب')};{_at('قصفَ')}\tانسحب قصفَ\n"
    with pytest.raises(
        ImportFileError, match=r"x\.ann:2: span T2 \(place\) .* before the fragment ahead of it"
    ):
        _read(ann)


def test_two_arguments_of_one_role_are_numbered_and_read_back() -> None:
    # brat names a repeated argument Role2, Role3: two "target:" on one E line would be one argument twice.
    doc = document("قصفت الطائرات حلب وإدلب وحماة أمس.")
    strike = span_at(doc, "قصفت", "air_strike")
    places = [span_at(doc, w, "place") for w in ("حلب", "إدلب", "حماة")]
    rels = [relation(strike, p, "target") for p in places]
    _, out = to_brat(layer(doc, [strike, *places], rels), default_schema(), FormatReport("brat"))
    (e_line,) = [line for line in out.splitlines() if line.startswith("E")]
    assert e_line.split("\t")[1].split(" ")[1:] == ["target:T2", "target2:T3", "target3:T4"]
    back = read_brat("x.txt", doc.text, "x.ann", out, FormatReport("brat"))
    assert sorted((r.role, r.tail) for r in back.relations) == [
        ("target", "T2"),
        ("target", "T3"),
        ("target", "T4"),
    ]


@pytest.mark.parametrize(
    ("value", "written", "said"),
    [
        # whitespace other than single spaces cannot stand in a note: collapsed, and that is a change
        ("مصدر\nمحلي  في حلب", "مصدر محلي في حلب", ("dropped_attribute", "source_text: whitespace in"
         " 'مصدر\\nمحلي  في حلب' collapsed in a brat note")),
        # a space alone cannot stand in an A line: the value goes to a note as it is, said so
        ("مصدر محلي", "مصدر محلي", ("note", "air_strike 'قصفت': source_text='مصدر محلي' holds a space,"
         " which an A line cannot: written as an AnnotatorNotes line")),
    ],
)  # fmt: skip
def test_a_value_with_whitespace_goes_to_a_note_and_says_so(value: str, written: str, said: tuple) -> None:
    doc = document("قصفت الطائرات حلب أمس.")
    s = span_at(doc, "قصفت", "air_strike", source_text=value)
    rep = FormatReport("brat")
    txt, out = to_brat(layer(doc, [s]), default_schema(), rep)
    assert f"\tAnnotatorNotes T1\tsource_text={written}\n" in out
    assert [(i.kind, i.detail) for i in rep.items] == [said]
    back = read_brat("x.txt", txt, "x.ann", out, FormatReport("brat"))
    assert dict(back.spans[0].attributes) == {"source_text": written}  # ours reads it back


def test_annotation_conf_puts_each_role_and_attribute_where_brat_looks_for_it() -> None:
    conf = annotation_conf(default_schema())
    sections = dict(re.findall(r"\[(\w+)\]\n\n(.*?)(?=\n\[|\Z)", conf, flags=re.S))
    assert sections["relations"].strip() == ""  # every default role has an event as its head
    assert "air_strike\tagent*:" in sections["events"] and "place*:place" in sections["events"]
    assert "certainty\tArg:<EVENT>, Value:confirmed|claimed|alleged" in sections["attributes"]
    assert (
        "# source_text: free text, written as AnnotatorNotes lines (source_text=value)"
        in sections["attributes"]
    )
    d = json.loads(default_schema_path().read_text(encoding="utf-8"))
    d["roles"].append(
        {
            "key": "member_of",
            "name_en": "Member of",
            "name_ar": "عضو في",
            "head_kinds": ["actor"],
            "tail_kinds": ["actor"],
        }
    )
    conf = annotation_conf(schema_from_dict(d))
    sections = dict(re.findall(r"\[(\w+)\]\n\n(.*?)(?=\n\[|\Z)", conf, flags=re.S))
    assert sections["relations"].strip() == "member_of\tArg1:<ANY>, Arg2:<ANY>"
    assert "member_of" not in sections["events"]
