"""Reading CoNLL as corpora write it: a line missing a column is an error, never a column read as another."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotate.formats.conll import conll_document, read_conll
from annotate.formats.records import LayerDoc
from annotate.formats.report import FormatReport
from annotate.model import DocId, Document, make_span
from annotate.textimport import ImportFileError, sha256_text

FOUR = "-DOCSTART- -X- -X- O\n\nقال VBD B-VP O\nالجيش NN B-NP B-ORG\nإن IN B-SBAR O\n"


def _read(text: str) -> list:
    return read_conll("x.conll", text, FormatReport("conll"))


def test_four_columns_read_the_last_as_the_tag() -> None:
    (d,) = _read(FOUR)
    assert [(s.label, d.text[s.start : s.end]) for s in d.spans] == [("ORG", "الجيش")]


@pytest.mark.parametrize(
    "bad",
    [
        "إن IN B-SBAR",  # the NER column missing: the chunk tag would be read as an entity
        "إن B-SBAR O",  # the part of speech missing: chunk and NER would be read as two nesting levels
        "إن O",
    ],
)
def test_a_line_missing_a_column_among_part_of_speech_lines_names_its_line(bad: str) -> None:
    text = FOUR.replace("إن IN B-SBAR O", bad)
    with pytest.raises(ImportFileError, match=r"x\.conll:5: .*3 columns|x\.conll:5: .*2 columns"):
        _read(text)


def test_nesting_levels_may_vary_line_by_line_as_wojood_writes_them() -> None:
    text = "بلدية\tB-ORG\nنابلس\tI-ORG\tB-GPE\n.\tO\n"
    (d,) = _read(text)
    assert {(s.label, d.text[s.start : s.end]) for s in d.spans} == {("ORG", "بلدية نابلس"), ("GPE", "نابلس")}


def test_sentences_of_different_shapes_in_one_file_as_spacy_tests_them() -> None:
    text = "قال\tO\nالجيش\tB-ORG\n\nقال VBD O\nالجيش NN B-ORG\n\nقال VBD _ O\nالجيش NN _ B-ORG\n"
    (d,) = _read(text)
    assert len(d.spans) == 3


# -- a corpus read from CoNLL goes back out with its own tokens ----------------------------------------
CORPORA = Path(__file__).parent / "fixtures" / "corpora"


def _blocks(text: str) -> list[list[tuple[str, ...]]]:
    """Sentences of (token, tag...) rows, IOB1 turned into IOB2 as seqeval reads it, documents ignored."""
    from seqeval.metrics.sequence_labeling import get_entities

    sents: list[list[list[str]]] = [[]]
    for line in text.replace("\r\n", "\n").lstrip("\ufeff").split("\n"):
        if line.startswith("-DOCSTART-") or not line.strip():
            if sents[-1]:
                sents.append([])
            continue
        cols = line.split("\t") if "\t" in line else line.split()
        sents[-1].append(cols if len(cols) < 4 or "\t" in line else [cols[0], cols[-1]])
    out = []
    for sent in (s for s in sents if s):
        depth = max(len(r) for r in sent) - 1
        cols = [[r[k + 1] if k + 1 < len(r) else "O" for r in sent] for k in range(depth)]
        iob2 = []
        for col in cols:
            tags = ["O"] * len(col)
            for label, a, b in get_entities(col):
                tags[a : b + 1] = [f"B-{label}"] + [f"I-{label}"] * (b - a)
            iob2.append(tags)
        out.append([(r[0], *(c[i] for c in iob2)) for i, r in enumerate(sent)])
    return out


def _layers(drafts: list) -> list[LayerDoc]:
    items = []
    for k, d in enumerate(drafts, start=1):
        doc = Document(DocId(k), d.ext_id, d.title, d.text, d.source, sha256_text(d.text), d.meta)
        spans = [make_span(doc, "amal", s.start, s.end, s.label) for s in d.spans]
        items.append(LayerDoc(doc, tuple(sorted(spans, key=lambda s: (s.start, -s.end))), ()))
    return items


@pytest.mark.parametrize(
    "name", ["aner_iob2.txt", "aner_iob1.txt", "wojood_nested.tsv", "conll2003_like.conll"]
)
def test_a_corpus_read_from_conll_is_written_back_token_for_token(name: str) -> None:
    # Tokens such as B-52 or Wojood's $#$ marker were cut at their punctuation on the way out, and a
    # corpus without sentence breaks (ANERcorp) gained some: every offset after them moved.
    original = (CORPORA / name).read_text("utf-8")
    drafts = _read(original)
    rep = FormatReport("conll")
    lines = [ln for item in _layers(drafts) for ln in conll_document(item, "attach", "columns", rep)]
    assert rep.clean
    want = [[(row[0], *(t for t in row[1:] if t != "O")) for row in s] for s in _blocks(original)]
    got = [[(row[0], *(t for t in row[1:] if t != "O")) for row in s] for s in _blocks("\n".join(lines))]
    assert got == want
    again = _read("\n".join(lines) + "\n")
    assert [(d.text, [(s.start, s.end, s.label) for s in d.spans]) for d in again] == [
        (d.text, [(s.start, s.end, s.label) for s in d.spans]) for d in drafts
    ]


def _ws_item(text: str, spans: list[tuple[str, str, int]]) -> LayerDoc:
    doc = Document(DocId(1), "d", "d", text, "x.conll", sha256_text(text), {"tokens": "whitespace"})
    made = [
        make_span(doc, "amal", text.index(w, after), text.index(w, after) + len(w), lab)
        for w, lab, after in spans
    ]
    return LayerDoc(doc, tuple(sorted(made, key=lambda s: (s.start, -s.end))), ())


def test_whitespace_tokens_attach_or_cut_a_span_inside_a_word_and_say_so() -> None:
    item = _ws_item("قصفت الطائرات بالرقة $#$\nوقال B-52 .", [("الرقة", "LOC", 0), ("B-52", "MISC", 0)])
    rep = FormatReport("conll")
    lines = conll_document(item, "attach", "columns", rep)
    assert lines[1:] == [
        "",
        "قصفت\tO",
        "الطائرات\tO",
        "بالرقة\tB-LOC",
        "$#$\tO",
        "",
        "وقال\tO",
        "B-52\tB-MISC",
        ".\tO",
        "",
    ]
    assert rep.count("clitic_attached") == 1
    rep = FormatReport("conll")
    lines = conll_document(item, "split", "columns", rep)
    assert lines[lines.index("ب\tO") + 1] == "الرقة\tB-LOC" and rep.count("clitic_split") == 1


def test_whitespace_tokens_keep_two_lines_one_sentence_under_a_span_and_report_nesting() -> None:
    text = "اعتقلت قوات\nالأمن شابا في حي الجورة"
    item = _ws_item(text, [("قوات\nالأمن", "ORG", 0), ("حي الجورة", "LOC", 0), ("الجورة", "LOC", 0)])
    rep = FormatReport("conll")
    lines = conll_document(item, "attach", "columns", rep)
    assert "" not in lines[2:-1] and "الجورة\tI-LOC\tB-LOC" in lines
    assert [(i.kind, i.detail) for i in rep.items] == [
        ("sentence_joined", "ORG 7..17 'قوات\\nالأمن': runs over a sentence end, written in one sentence")
    ]
    rep = FormatReport("conll")
    assert (
        "الجورة\tI-LOC" in conll_document(item, "attach", "outer", rep) and rep.count("dropped_nested") == 1
    )


def test_the_same_entity_in_two_columns_is_two_spans_as_seqeval_counts_them() -> None:
    # Two identical spans (two annotations of one name) export as one tag in each column; reading them
    # back as one span lost the other without a word, and disagreed with seqeval's count per column.
    from seqeval.metrics.sequence_labeling import get_entities

    text = "قصف\tO\tO\nالجيش\tB-state\tO\nحلب\tB-place\tB-place\n.\tO\tO\n"
    (d,) = _read(text)
    rows = [ln.split("\t") for ln in text.splitlines()]
    assert len(d.spans) == sum(len(get_entities([r[k] for r in rows])) for k in (1, 2)) == 3


def test_comment_lines_are_skipped_and_reported_but_a_hash_token_is_read(tmp_path: Path) -> None:
    text = "# sent_id = 1\n# text = قصفت الطائرات حلب #سوريا\nقصفت\tO\nحلب\tB-LOC\n#\tO\nسوريا\tB-LOC\n"
    rep = FormatReport("conll")
    (d,) = read_conll("x.conll", text, rep)
    assert d.text == "قصفت حلب # سوريا"
    assert [d.text[s.start : s.end] for s in d.spans] == ["حلب", "سوريا"]
    (note,) = rep.items
    assert note.detail == "2 comment line(s) starting with # skipped (line 1, 2)"
    from annotate.formats.read import detect

    (tmp_path / "x.txt").write_text(text, encoding="utf-8")
    (tmp_path / "plain.txt").write_text("#سوريا #حلب\nقصفت الطائرات مدينة حلب.\n", encoding="utf-8")
    assert detect(tmp_path / "x.txt") == "conll" and detect(tmp_path / "plain.txt") is None


@pytest.mark.parametrize(
    ("tags", "want"),
    [
        (["S-LOC", "S-LOC", "O"], [(0, 1), (1, 2)]),  # BIOES: two single-token entities side by side
        (["U-LOC", "U-LOC", "O"], [(0, 1), (1, 2)]),  # BILOU's unit tag
        (["B-LOC", "S-LOC", "O"], [(0, 1), (1, 2)]),  # a single after an unclosed B starts its own entity
        (["B-LOC", "U-LOC", "O"], [(0, 1), (1, 2)]),
        (["B-LOC", "E-LOC", "I-LOC"], [(0, 2), (2, 3)]),  # E ends one; an I after it starts another (IOB1)
        (["B-LOC", "L-LOC", "I-LOC"], [(0, 2), (2, 3)]),  # BILOU's last tag
        (["I-LOC", "I-LOC", "B-LOC"], [(0, 2), (2, 3)]),  # IOB1: B only between two of one label
    ],
)
def test_bioes_bilou_and_iob1_tags_are_read_alike(tags: list[str], want: list[tuple[int, int]]) -> None:
    words = ["حلب", "إدلب", "حماة"]
    (d,) = _read("".join(f"{w}\t{t}\n" for w, t in zip(words, tags, strict=True)))
    starts = [d.text.index(w) for w in words]
    got = [
        (starts.index(s.start), starts.index(s.start) + len(d.text[s.start : s.end].split())) for s in d.spans
    ]
    assert sorted(got) == want


def test_a_tab_separated_token_may_hold_a_space() -> None:
    (d,) = _read("في\tO\nدير الزور\tB-LOC\n")
    assert [(s.label, d.text[s.start : s.end]) for s in d.spans] == [("LOC", "دير الزور")]


def test_a_token_without_a_tag_and_a_file_without_tokens_are_refused() -> None:
    with pytest.raises(ImportFileError, match=r"x\.conll:2: expected a token and a tag, found 'حلب'"):
        _read("في O\nحلب\n")
    with pytest.raises(ImportFileError, match=r"x\.conll: no tokens"):
        _read("-DOCSTART- -X- O O\n\n")
