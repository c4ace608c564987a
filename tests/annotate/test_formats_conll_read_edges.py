"""CoNLL files as a tester found them: a slip in one line, another encoding, CoNLL-U comments, a lost
column, two files joined with cat.  Each is read as CoNLL and refused with its line, or read whole with
what was changed reported; none is taken for plain text or read as something else without a word."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from annotate.formats.conll import read_conll
from annotate.formats.read import detect, read_annotated
from annotate.formats.report import FormatReport
from annotate.textimport import ImportFileError, decode_bytes

# our own sentences: one line per token, an organisation and a place in each
SENTENCE = "أعلنت O\nوزارة B-ORG\nالداخلية I-ORG\nفي O\nمدينة O\nحمص B-LOC\nعن O\nحظر O\nتجول O\n"


def _read(text: str, rep: FormatReport | None = None) -> list:
    return read_conll("x.conll", text, rep if rep is not None else FormatReport("conll"))


def _spans(d) -> list[tuple[str, str]]:
    return [(s.label, d.text[s.start : s.end]) for s in d.spans]


# -- 1. a malformed line in a .txt: CoNLL refused with its line, not plain text ------------------------
def test_a_txt_of_token_and_tag_lines_with_one_bad_line_is_conll_refused_at_that_line(tmp_path: Path) -> None:
    f = tmp_path / "bad.txt"
    f.write_text("أعلنت O\nوزارة B-ORG\nالداخلية\nحمص B-LOC\n", encoding="utf-8")
    assert detect(f) == "conll"
    with pytest.raises(ImportFileError, match=r"bad\.txt:3: expected a token and a tag, found 'الداخلية'"):
        read_annotated(f, "conll", FormatReport("conll"))
    named = tmp_path / "corpus"  # no suffix, named on the command line: looked into as a .txt is
    named.write_text(SENTENCE.replace("حظر O", "حظر"), encoding="utf-8")
    assert detect(named, named=True) == "conll"


def test_prose_with_a_line_ending_in_a_tag_like_word_stays_plain_text(tmp_path: Path) -> None:
    prose = (
        "قالت مصادر محلية إن الهدوء عاد إلى المدينة صباح اليوم.\n"
        "وأضافت أن فرق الإسعاف نقلت الجرحى إلى المستشفى.\n"
        "فيتامين O\n"  # a line that looks like a token and a tag
        "طراز B-52\n"
        "ولم تصدر أي جهة بيانا حتى الآن.\n"
    )
    (tmp_path / "a.txt").write_text(prose, encoding="utf-8")
    (tmp_path / "o.txt").write_text("قال O\nالجيش O\nإن O\n", encoding="utf-8")
    assert detect(tmp_path / "a.txt") is None
    # every tag O, one column before it on every line: CoNLL without entities, read as tokens, not as
    # a text holding its tags
    assert detect(tmp_path / "o.txt") == "conll"


# -- 2. and 3. encodings: a byte-order mark's, and Windows-1256 ---------------------------------------
@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_a_conll_txt_with_a_byte_order_mark_is_detected_and_read(tmp_path: Path, codec: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(codec, b"")
    f = tmp_path / "x.txt"
    f.write_bytes(bom + SENTENCE.encode(codec))
    assert detect(f) == "conll"
    (d,) = read_annotated(f, "conll", FormatReport("conll"))
    assert _spans(d) == [("ORG", "وزارة الداخلية"), ("LOC", "حمص")]


def test_a_windows_1256_conll_file_is_read_as_arabic(tmp_path: Path) -> None:
    # Mostly ASCII tags around Arabic words: the detector read such a file as mac_cyrillic, every token
    # mojibake (and a .txt of it as plain text).
    text = "\n".join([SENTENCE] * 12)
    data = text.encode("cp1256")
    assert decode_bytes(data, "x").text == text and decode_bytes(data, "x").encoding == "cp1256"
    for name in ("x.conll", "x.txt"):
        (tmp_path / name).write_bytes(data)
        assert detect(tmp_path / name) == "conll"
        docs = read_annotated(tmp_path / name, "conll", FormatReport("conll"))
        assert _spans(docs[0])[:2] == [("ORG", "وزارة الداخلية"), ("LOC", "حمص")]


def test_text_of_another_code_page_is_not_taken_for_windows_1256() -> None:
    for text, enc in (
        ("Grüße aus Köln, schöne Straße, müde Mädchen.\n" * 20, "latin-1"),
        ("Привет, как дела? Сегодня хорошая погода.\n" * 20, "cp1251"),
        # upper-case Cyrillic reads as Arabic letters in Windows-1256, but never as the article ال
        (
            "МОСКВА, 12 МАЯ. РОССИЙСКИЕ ВОЕННЫЕ СООБЩИЛИ О НОВЫХ УДАРАХ ПО ПОЗИЦИЯМ. УНИЧТОЖЕНЫ СКЛАДЫ.\n",
            "cp1251",
        ),
    ):
        dec = decode_bytes(text.encode(enc), "x")
        assert dec.encoding != "cp1256" and dec.text == text, enc


# -- 4. CoNLL-U's "# key = value" lines are comments, whatever their last word -----------------------
@pytest.mark.parametrize(
    "text",
    [
        # conflict news ends lines in model numbers: S-300 is no tag (its label has no letter)
        "موسكو تسلم دمشق منظومة S-300\n\nقالت وزارة الدفاع إنها أتمت تسليم الجيش منظومة S-300\n\nوأضافت ذلك.\n",
        "Country\tSystem\nRussia\tS-400\nTurkey\tS-400\nSyria\tS-300\n",
        "Traffic update\nCrash on I-95\nDelays on I-40\nLane closure at I-10\n",
        # lines ending in a tag-like word, but with any number of words before it
        "قال المتحدث إن القوات B-ORG\nوأضاف B-ORG\nثم غادر الوفد المدينة صباحاً B-ORG\n",
        "Send comments by E-mail\n",
        # verses or phrases that each end in O: no entity, and more than a word before each tag
        "يا ليلُ O\nيا عينُ O\nيا دارُ O\n",
    ],
)
def test_prose_and_tables_ending_in_tag_like_words_stay_plain_text(tmp_path: Path, text: str) -> None:
    f = tmp_path / "x.txt"
    f.write_text(text, encoding="utf-8")
    assert detect(f) is None


def test_key_value_comment_lines_are_comments_even_when_they_end_like_a_tag() -> None:
    text = "# newdoc id = a1\n# sent_id = 7\n# text = نشرت روسيا منظومة S-400\nنشرت\tO\nروسيا\tB-LOC\n#\tO\n"
    rep = FormatReport("conll")
    (d,) = _read(text, rep)
    assert d.text == "نشرت روسيا #" and _spans(d) == [("LOC", "روسيا")]
    (note,) = rep.items
    assert note.detail == "3 comment line(s) starting with # skipped (line 1, 2, 3)"


def test_a_txt_with_a_key_value_comment_ending_like_a_tag_is_detected_and_read(tmp_path: Path) -> None:
    f = tmp_path / "u.txt"
    f.write_text("# text = وصلت طائرات B-52\n" + SENTENCE, encoding="utf-8")
    assert detect(f) == "conll"
    (d,) = read_annotated(f, "conll", FormatReport("conll"))
    assert _spans(d) == [("ORG", "وزارة الداخلية"), ("LOC", "حمص")]


# -- 5. and 6. a lost column: against the file, and the line that differs named ----------------------
def test_a_sentence_every_line_of_which_lost_its_ner_column_is_refused() -> None:
    text = "-DOCSTART- -X- -X- O\n\nقصفت VBD B-VP O\nحمص NNP B-NP B-LOC\n\nالرقة NNP B-NP\n"
    with pytest.raises(ImportFileError, match=r"x\.conll:6: 3 columns where earlier sentences have 4"):
        _read(text)
    longer = text.replace("الرقة NNP B-NP", "وصلت VBD B-VP\nالقوات NNS B-NP")
    with pytest.raises(ImportFileError, match=r"x\.conll:6: 3 columns where earlier sentences have 4"):
        _read(longer)


def test_a_wider_later_sentence_is_still_read() -> None:
    (d,) = _read("قال VBD O\nالجيش NN B-ORG\n\nقال VBD B-VP O\nالجيش NN B-NP B-ORG\n")
    assert len(d.spans) == 2


def test_a_narrower_sentence_of_a_token_and_a_tag_after_a_wider_one_is_read() -> None:
    # spaCy's own test file mixes such shapes; only a line that keeps a part of speech lost a column
    (d,) = _read("قال VBD B-VP O\nالجيش NN B-NP B-ORG\n\nقصفت\tO\nحلب\tB-LOC\n")
    assert _spans(d) == [("ORG", "الجيش"), ("LOC", "حلب")]


def test_each_document_has_its_own_shape(tmp_path: Path) -> None:
    wide = "-DOCSTART- -X- -X- O\n\nقال VBD B-VP O\nالجيش NN B-NP B-ORG\n\n"
    narrow = "-DOCSTART- -X- -X- O\n\nقصفت\tO\nحلب\tB-LOC\n\n"
    for text in (wide + narrow, narrow + wide):  # two files joined with cat, in either order
        assert [len(d.spans) for d in _read(text)] == [1, 1]
    f = tmp_path / "mixed.txt"  # and recognised: sentences of 2 to 4 columns, as spaCy's test file
    f.write_text(wide + narrow + "الرقة\tNNP\tB-LOC\nاليوم\tNN\tO\n", encoding="utf-8")
    assert detect(f) == "conll"
    one = tmp_path / "one.txt"
    one.write_text("بغداد\tB-LOC\n", encoding="utf-8")
    assert detect(one) == "conll"  # a word and its tag, even alone


def test_the_short_line_is_named_when_it_opens_its_sentence() -> None:
    text = (
        "-DOCSTART- -X- -X- O\n\nقصفت VBD B-VP\nقوات NN B-NP B-ORG\nالجيش NN I-NP I-ORG\nحمص NNP B-NP B-LOC\n"
    )
    with pytest.raises(
        ImportFileError, match=r"x\.conll:3: 3 columns where most lines of its sentence have 4, as line 4"
    ):
        _read(text)
    extra = "قصفت VBD B-VP O\nقوات NN B-NP _ B-ORG\nالجيش NN I-NP I-ORG\n"
    with pytest.raises(ImportFileError, match=r"x\.conll:2: 5 columns where .* have 4.*a column is extra"):
        _read(extra)


# -- 7. a byte-order mark inside the file (two files joined with cat) --------------------------------
def test_a_byte_order_mark_inside_the_file_is_removed_and_reported(tmp_path: Path) -> None:
    one = codecs.BOM_UTF8 + "-DOCSTART- O\n\nقصفت\tO\nحمص\tB-LOC\n\n".encode()
    two = codecs.BOM_UTF8 + "-DOCSTART- O\n\nقال\tO\nالجيش\tB-ORG\n".encode()
    f = tmp_path / "joined.conll"
    f.write_bytes(one + two)
    rep = FormatReport("conll")
    docs = read_annotated(f, "conll", rep)
    assert [(d.text, _spans(d)) for d in docs] == [
        ("قصفت حمص", [("LOC", "حمص")]),
        ("قال الجيش", [("ORG", "الجيش")]),
    ]
    assert [i.detail for i in rep.items if i.kind == "note"] == [
        "byte-order mark (U+FEFF) removed from 1 line(s) (line 6), as files joined with cat leave it"
    ]
    (g := tmp_path / "joined.txt").write_bytes(one + two)
    assert detect(g) == "conll"


# -- 9. a token holding a space is reported ----------------------------------------------------------
def test_a_tab_separated_token_holding_a_space_is_reported_with_its_line() -> None:
    rep = FormatReport("conll")
    (d,) = _read("أعلنت\tO\nوزارة الداخلية\tB-ORG\nفي\tO\nدير الزور\tB-LOC\n", rep)
    assert _spans(d) == [("ORG", "وزارة الداخلية"), ("LOC", "دير الزور")]
    assert [(i.kind, i.detail) for i in rep.items] == [
        (
            "note",
            "2 token(s) hold a space (line 2, 4): one token here, but a CoNLL export writes the words apart",
        )
    ]
