"""CoNLL export: clitic policies, nesting, sentence splits, and agreement with seqeval's and spaCy's readers."""

from __future__ import annotations

import pytest

from annotate.formats.conll import conll_document, nesting_depth, read_conll
from annotate.formats.report import FormatReport
from tests.annotate.test_formats_helpers import document, layer, relation, span_at

TEXT = "اعتقلت قوات الأمن ثلاثة شبان بالرقة صباح اليوم. وقال شاهد إن الحملة استمرت ساعتين؟ نعم."


def _lines(item, clitics="attach", nested="columns") -> tuple[list[str], FormatReport]:
    rep = FormatReport("conll")
    return list(conll_document(item, clitics, nested, rep)), rep


def _item():
    doc = document(TEXT)
    ev = span_at(doc, "اعتقلت", "arrest")
    return layer(doc, [ev, span_at(doc, "قوات الأمن", "state"), span_at(doc, "الرقة", "place")], [])


def test_attach_tags_the_whole_word_and_reports_it() -> None:
    lines, rep = _lines(_item(), "attach")
    assert "بالرقة\tB-place" in lines
    assert rep.count("clitic_attached") == 1
    assert "الرقة" in rep.items[0].detail


def test_split_cuts_the_token_at_the_span_edge() -> None:
    lines, rep = _lines(_item(), "split")
    i = lines.index("ب\tO")
    assert lines[i + 1] == "الرقة\tB-place"
    assert rep.count("clitic_split") == 1 and rep.count("clitic_attached") == 0


def test_sentences_are_blank_line_separated_and_arabic_question_mark_splits() -> None:
    lines, _ = _lines(_item())
    assert lines[0] == "-DOCSTART- -X- O O"
    blocks = "\n".join(lines[1:]).strip().split("\n\n")
    assert len(blocks) == 3
    assert blocks[1].endswith("؟\tO")


def test_nested_columns_outer_inner() -> None:
    doc = document("سيطرت قوات النظام على ريف حماة الشمالي.")
    outer = span_at(doc, "ريف حماة الشمالي", "place")
    inner = span_at(doc, "حماة", "place")
    item = layer(doc, [outer, inner])
    cols, rep = _lines(item, nested="columns")
    assert "حماة\tI-place\tB-place" in cols and rep.clean
    out, rep = _lines(item, nested="outer")
    assert "حماة\tI-place" in out and rep.count("dropped_nested") == 1
    inn, rep = _lines(item, nested="inner")
    assert "حماة\tB-place" in inn and "ريف\tO" in inn and rep.count("dropped_nested") == 1


def test_span_crossing_a_sentence_end_keeps_one_sentence() -> None:
    doc = document("قال. الجيش إن القصف استمر.")
    item = layer(doc, [span_at(doc, "قال. الجيش", "state")])
    lines, _ = _lines(item)
    assert lines[lines.index("قال\tB-state") + 1] == ".\tI-state"


def test_attributes_and_relations_are_reported_not_dropped() -> None:
    """CoNLL holds tags only: a span's attributes and every relation are listed in the report."""
    doc = document(TEXT)
    ev = span_at(doc, "اعتقلت", "arrest", certainty="claimed")
    actor = span_at(doc, "قوات الأمن", "state")
    lines, rep = _lines(layer(doc, [ev, actor], [relation(ev, actor, "agent")]))
    assert "اعتقلت\tB-arrest" in lines
    assert [(it.kind, it.detail) for it in rep.items] == [
        ("dropped_attribute", "arrest 'اعتقلت': {'certainty': 'claimed'}"),
        ("dropped_relation", "agent: CoNLL holds no relations"),
    ]


def test_round_trip_keeps_token_aligned_spans() -> None:
    item = _item()
    lines, _ = _lines(item, "split")
    (back,) = read_conll("x.conll", "\n".join(lines) + "\n", FormatReport("conll"))
    got = {(s.label, back.text[s.start : s.end]) for s in back.spans}
    assert got == {("arrest", "اعتقلت"), ("state", "قوات الأمن"), ("place", "الرقة")}


def test_entity_counts_match_seqeval_and_spacy_readers() -> None:
    seqeval = pytest.importorskip("seqeval.metrics.sequence_labeling")
    doc = document("اعتقلت قوات الأمن ثلاثة شبان بالرقة. وقصفت الطائرات ريف حماة الشمالي وحماة.")
    spans = [
        span_at(doc, "اعتقلت", "arrest"),
        span_at(doc, "قوات الأمن", "state"),
        span_at(doc, "الرقة", "place"),
        span_at(doc, "الطائرات", "state"),
        span_at(doc, "ريف حماة الشمالي", "place"),
        span_at(doc, "حماة", "place"),
        span_at(doc, "حماة", "place", after=doc.text.index("وحماة")),
    ]
    lines, rep = _lines(layer(doc, spans), nested="outer")
    tags = [ln.split("\t")[-1] for ln in lines[1:] if ln]
    assert len(seqeval.get_entities(tags)) == len(spans) - rep.count("dropped_nested") == 6
    spacy_conv = pytest.importorskip("spacy.training.converters")
    docs = list(spacy_conv.conll_ner_to_docs("\n".join(lines) + "\n", n_sents=0, no_print=True))
    assert sum(len(d.ents) for d in docs) == 6


def test_relations_are_not_written_but_reported_elsewhere() -> None:
    doc = document(TEXT)
    ev, ac = span_at(doc, "اعتقلت", "arrest"), span_at(doc, "قوات الأمن", "state")
    lines, _ = _lines(layer(doc, [ev, ac], [relation(ev, ac, "agent")]))
    assert all("agent" not in ln for ln in lines)


def test_labels_with_underscores_and_bilou_read_back() -> None:
    text = "اندلع\tB-armed_clash\nعنيف\tI_armed_clash\nفي\tO\nدرعا\tU-place\n"
    (d,) = read_conll("x.conll", text, FormatReport("conll"))
    assert {(s.label, d.text[s.start : s.end]) for s in d.spans} == {
        ("armed_clash", "اندلع عنيف"),
        ("place", "درعا"),
    }


def test_nesting_depth_counts_levels() -> None:
    assert nesting_depth([]) == 1
    assert nesting_depth([(0, 10), (2, 4), (3, 4), (12, 14)]) == 3
    assert nesting_depth([(0, 5), (3, 8)]) == 2  # crossing spans cannot share a column either
