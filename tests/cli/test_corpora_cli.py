"""The reviewer's held-back check for CoNLL, brat and spaCy, run as a user runs it.

Corpora of our own in the shapes public Arabic corpora have (``tests/annotate/fixtures/corpora``):
ANERcorp-style ``token TAG`` lines in IOB1 and IOB2 (the latter with a BOM and CRLF, no sentence
breaks, tokens such as ``B-52`` and ``$#$``), Wojood-style nested tag columns (tab separated,
``-DOCSTART-``, a varying number of columns), CoNLL-2003-shaped ``token POS chunk NER``, and brat
pairs with a CRLF ``.txt`` in full harakat, emoji before spans (one a ZWJ family), spans inside
words, nested and crossing spans, a span over a line break, a discontinuous one, and T/E/R/A/M/#/N/*
lines.  Each goes in with ``import``, out with ``export`` in its own format and in our JSONL, and
back in: every span's offsets and label must come back, or be in the export's report.  Entity counts
of what we write are checked with seqeval's and spaCy's own readers.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.cli.conftest import Run

CORPORA = Path(__file__).resolve().parents[1] / "annotate" / "fixtures" / "corpora"
CONLL = ["aner_iob2.txt", "aner_iob1.txt", "wojood_nested.tsv", "conll2003_like.conll"]


def _ok(r: Run) -> dict:
    assert r.code == 0, r.err
    return r.json()


def _project(cli, tmp_path: Path, name: str) -> Path:
    p = tmp_path / f"{name}.sqlite"
    assert cli("init", str(p)).code == 0
    return p


def _import(cli, project: Path, path: Path, fmt: str, *extra: str) -> dict:
    obj = _ok(cli("import", str(project), str(path), "--format", fmt, "--annotator", "amal", "--add-labels",
                  "--json", *extra))  # fmt: skip
    assert obj["annotated"]["refused"] == 0, obj
    return obj["annotated"]


def _export(cli, project: Path, fmt: str, out: Path, *extra: str) -> dict:
    return _ok(cli("export", str(project), "--format", fmt, "--out", str(out), "--annotator", "amal", "--json",
                   *extra))  # fmt: skip


def _layer(cli, project: Path, tmp_path: Path) -> list[dict]:
    out = tmp_path / f"{project.stem}.layer.jsonl"
    _export(cli, project, "jsonl", out)
    rows = [json.loads(ln) for ln in out.read_text("utf-8").splitlines()]
    for row in rows:
        for s in row["spans"]:
            assert row["text"][s["start"] : s["end"]] == s["text"]
    return rows


def _spans(rows: list[dict]) -> list[tuple[str, list[tuple[int, int, str]]]]:
    return [(r["text"], sorted((s["start"], s["end"], s["label"]) for s in r["spans"])) for r in rows]


def _columns(text: str) -> list[list[str]]:
    """Each tag column of a CoNLL text as one tag sequence, documents and sentences broken by O."""
    rows = []
    for line in text.replace("\r\n", "\n").lstrip("\ufeff").split("\n"):
        if not line.strip() or line.startswith("-DOCSTART-"):
            rows.append(None)
            continue
        cols = line.split("\t") if "\t" in line else line.split()
        rows.append(cols[-1:] if len(cols) == 4 and "\t" not in line else cols[1:])
    depth = max(len(r) for r in rows if r)
    return [[(r[k] if k < len(r) else "O") if r else "O" for r in rows] for k in range(depth)]


def _seqeval_count(text: str) -> int:
    from seqeval.metrics.sequence_labeling import get_entities

    return sum(len(get_entities(col)) for col in _columns(text))


def _typed(text: str) -> Counter[tuple[str, str]]:
    """seqeval's entities of every tag column, as (type, the tokens it covers): what a scorer compares."""
    from seqeval.metrics.sequence_labeling import get_entities

    rows = [ln for ln in text.replace("\r\n", "\n").lstrip("\ufeff").split("\n")]
    words = [(ln.split("\t") if "\t" in ln else ln.split() or [""])[0] for ln in rows]
    return Counter(
        (kind, " ".join(words[a : b + 1])) for col in _columns(text) for kind, a, b in get_entities(col)
    )


def _tokens(text: str) -> list[str]:
    return [
        (ln.split("\t") if "\t" in ln else ln.split())[0]
        for ln in text.replace("\r\n", "\n").lstrip("\ufeff").split("\n")
        if ln.strip() and not ln.startswith("-DOCSTART-")
    ]


# -- CoNLL --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", CONLL)
def test_conll_corpus_round_trips_through_conll_and_jsonl(cli, tmp_path: Path, name: str) -> None:
    original = (CORPORA / name).read_text("utf-8")
    first = _project(cli, tmp_path, "first")
    got = _import(cli, first, CORPORA / name, "conll")
    # what we import is what seqeval (and, for one tag column, spaCy) counts in the original
    assert got["spans"] == _seqeval_count(original)
    if "wojood" not in name:
        from spacy.training.converters import conll_ner_to_docs

        plain = original.replace("\r\n", "\n").lstrip("\ufeff")
        docs = conll_ner_to_docs(plain, n_sents=0, no_print=True)
        assert got["spans"] == sum(len(d.ents) for d in docs)
    layer = _layer(cli, first, tmp_path)

    out = tmp_path / "x.conll"
    report = _export(cli, first, "conll", out)["report"]
    assert report["counts"] == {}  # a CoNLL corpus goes back out whole: nothing to report
    written = out.read_text("utf-8")
    assert _tokens(written) == _tokens(original)  # token for token, B-52 and $#$ included
    assert _seqeval_count(written) == got["spans"]
    assert _typed(written) == _typed(original)  # each entity of each type, PERS as PERS (Label.tag)
    second = _project(cli, tmp_path, "second")
    _import(cli, second, out, "conll")
    assert _spans(_layer(cli, second, tmp_path)) == _spans(layer)

    third = _project(cli, tmp_path, "third")
    _import(cli, third, tmp_path / "first.layer.jsonl", "jsonl")
    assert _spans(_layer(cli, third, tmp_path)) == _spans(layer)


def test_conll_layer_on_texts_already_in_the_project_goes_back_out_token_for_token(
    cli, tmp_path: Path
) -> None:
    name = "aner_iob2.txt"  # B-52 and $#$: tokens our tokenizer would cut
    first = _project(cli, tmp_path, "first")
    _import(cli, first, CORPORA / name, "conll")
    texts = tmp_path / "texts"
    texts.mkdir()
    for k, row in enumerate(_layer(cli, first, tmp_path)):
        (texts / f"{k}.txt").write_text(row["text"], "utf-8")
    p = _project(cli, tmp_path, "p")
    assert _ok(cli("import", str(p), str(texts), "--json"))["added"] == k + 1  # plain texts first
    got = _import(cli, p, CORPORA / name, "conll")
    assert got["documents_added"] == 0 and got["files"][0]["attached"] == k + 1
    assert got["report"]["counts"]["note"] == k + 1  # each says it now keeps the CoNLL tokens
    out = tmp_path / "x.conll"
    assert _export(cli, p, "conll", out)["report"]["counts"] == {}
    assert _tokens(out.read_text("utf-8")) == _tokens((CORPORA / name).read_text("utf-8"))


def test_wojood_nesting_goes_to_spacy_spans_and_the_longest_to_ents(cli, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    p = _project(cli, tmp_path, "w")
    _import(cli, p, CORPORA / "wojood_nested.tsv", "conll")
    layer = _layer(cli, p, tmp_path)
    out = tmp_path / "w.spacy"
    report = _export(cli, p, "spacy", out)["report"]
    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("ar").vocab))
    assert [d.text for d in docs] == [r["text"] for r in layer]
    # labels as Wojood spells them (their tags), where our JSONL writes the schema keys
    assert [sorted((s.start_char, s.end_char, s.label_) for s in d.spans["sc"]) for d in docs] == [
        [(a, b, label.upper()) for a, b, label in spans] for _, spans in _spans(layer)
    ]
    n = sum(len(r["spans"]) for r in layer)
    assert sum(len(d.ents) for d in docs) == n - report["counts"]["dropped_overlap"]


def test_a_truncated_line_refuses_its_file_only(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.conll"
    text = (CORPORA / "conll2003_like.conll").read_text("utf-8")
    bad.write_text(text.replace("البصرة NNP B-NP B-LOC", "البصرة NNP B-LOC"), encoding="utf-8")
    line = text.split("\n").index("البصرة NNP B-NP B-LOC") + 1
    p = _project(cli, tmp_path, "p")
    r = cli("import", str(p), str(bad), str(CORPORA / "aner_iob1.txt"), "--format", "conll",
            "--annotator", "amal", "--add-labels")  # fmt: skip
    assert r.code == 1 and f"bad.conll:{line}:" in r.err
    stats = _ok(cli("stats", str(p), "--json"))
    assert stats["documents"] == 1 and stats["spans"] == 9  # the good file only


def test_one_label_spelled_two_ways_in_a_file_is_added_once(cli, tmp_path: Path) -> None:
    f = tmp_path / "mixed.conll"
    f.write_text("أعلنت\tO\nوزارة\tB-Org\nالدفاع\tI-Org\nو\tO\nوزارة\tB-ORG\nحمص\tB-LOC\n", encoding="utf-8")
    got = _import(cli, _project(cli, tmp_path, "p"), f, "conll")
    assert got["added_labels"] == ["loc", "org"]  # was ["loc", "org", "org"]
    assert got["report"]["counts"]["label_added"] == 2
    assert got["spans"] == 3


# -- brat ---------------------------------------------------------------------------------------------
def _ann_spans(ann: Path) -> list[tuple[str, str]]:
    """(label, stated text) of every T line: what the file says (no two events share a trigger here)."""
    lines = ann.read_text("utf-8").replace("\r\n", "\n").splitlines()
    return sorted((t[1].split()[0], t[2]) for t in (ln.split("\t") for ln in lines if ln.startswith("T")))


def test_brat_corpus_lands_on_its_stated_texts_and_round_trips(cli, tmp_path: Path) -> None:
    ann = CORPORA / "brat" / "raqqa.ann"
    p = _project(cli, tmp_path, "b")
    got = _import(cli, p, ann, "brat")
    assert got["report"]["counts"] == {
        "dropped_relation": 1,
        "fragments_joined": 1,
        "attribute_not_in_schema": 3,
    }  # the * line, T2 over CRLF; the note, the normalisation and Negation, kept on their spans
    (row,) = _layer(cli, p, tmp_path)
    assert "\r" not in row["text"] and not row["text"].startswith("\ufeff")
    assert sorted((s["label"], s["text"].replace("\n", " ")) for s in row["spans"]) == _ann_spans(ann)
    assert len(row["relations"]) == 9
    attrs = {s["text"]: s["attributes"] for s in row["spans"] if s["attributes"]}
    assert attrs["اعتُقِلَ"] == {"Negation": "true"} and attrs["سوريا"] == {"norm": "Wikidata:Q858 (سوريا)"}

    out = tmp_path / "again"
    report = _export(cli, p, "brat", out)["report"]
    # T2 crosses the line break: fragments again; the normalisation holds a space: a note, said
    assert report["counts"] == {"newline_split": 1, "note": 1}
    q = _project(cli, tmp_path, "b2")
    _import(cli, q, out, "brat")
    (back,) = _layer(cli, q, tmp_path)
    assert _spans([back]) == _spans([row]) and len(back["relations"]) == 9
    assert {s["text"]: s["attributes"] for s in back["spans"] if s["attributes"]} == attrs

    r = _project(cli, tmp_path, "b3")
    _import(cli, r, tmp_path / "b.layer.jsonl", "jsonl")
    (again,) = _layer(cli, r, tmp_path)
    assert _spans([again]) == _spans([row]) and len(again["relations"]) == 9


def test_brat_to_conll_counts_every_span_in_some_column(cli, tmp_path: Path) -> None:
    p = _project(cli, tmp_path, "b")
    n = _import(cli, p, CORPORA / "brat" / "raqqa.ann", "brat")["spans"]
    for clitics, kind in (("attach", "clitic_attached"), ("split", "clitic_split")):
        out = tmp_path / f"{clitics}.conll"
        report = _export(cli, p, "conll", out, "--clitics", clitics)["report"]
        # الرقة in بالرقة, اعتقل in واعتقل, the date before م; طائرات النظام runs over the line break;
        # the file's nine relations and five attributes, which CoNLL cannot hold
        assert report["counts"] == {
            kind: 3,
            "sentence_joined": 1,
            "dropped_attribute": 5,
            "dropped_relation": 9,
        }
        assert _seqeval_count(out.read_text("utf-8")) == n


def test_brat_to_spacy_keeps_every_offset_or_reports_the_change(cli, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    p = _project(cli, tmp_path, "b")
    _import(cli, p, CORPORA / "brat" / "raqqa.ann", "brat")
    (row,) = _layer(cli, p, tmp_path)
    out = tmp_path / "b.spacy"
    report = _export(cli, p, "spacy", out)["report"]
    (doc,) = DocBin().from_disk(out).get_docs(spacy.blank("ar").vocab)
    assert doc.text == row["text"]
    moved = {}
    for item in report["items"]:
        if item["kind"] == "widened":
            m = re.match(r"(\S+) (\d+)\.\.(\d+) .* -> (\d+)\.\.(\d+) ", item["detail"])
            assert m, item
            moved[(int(m[2]), int(m[3]), m[1])] = (int(m[4]), int(m[5]), m[1])
    want = sorted(moved.get(s, s) for s in _spans([row])[0][1])
    assert sorted((s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]) == want
    assert len(doc.ents) == len(want) - report["counts"]["dropped_overlap"]
    assert report["counts"]["dropped_relation"] == len(row["relations"])


def test_brat_discontinuous_span_refused_naming_its_line_or_joined(cli, tmp_path: Path) -> None:
    ann = CORPORA / "brat_fragments" / "kafr.ann"
    p = _project(cli, tmp_path, "k")
    r = cli("import", str(p), str(ann), "--format", "brat", "--annotator", "amal")
    assert r.code == 1 and "kafr.ann:1: T1 is discontinuous" in r.err
    assert _ok(cli("stats", str(p), "--json"))["documents"] == 0
    got = _import(cli, p, ann, "brat", "--fragments", "join")
    assert got["spans"] == 3 and got["relations"] == 2 and got["report"]["counts"] == {"fragments_joined": 1}


@pytest.mark.parametrize(
    ("ann", "line", "why"),
    [
        ("T1\tplace 16 19\tحلب\nT1\tplace 4 9\tالجيش\n", 2, "defined twice"),
        ("T1\tplace 4 9\tالجيش\nT2\tplace 10 15\tحلب\n", 2, "says 'حلب'"),
        ("T1\tplace 16 40\tحلب\n", 1, "outside the text"),
        ("T1\tplace 16 19\tحلب\nA1\tcertainty T7 claimed\n", 2, "T7"),
        ("T1\tplace 16 19\tحلب\nR1\tplace Arg1:T1 Arg2:T5\t\n", 2, "T5"),
    ],
)
def test_malformed_brat_names_file_and_line_and_imports_nothing_of_it(
    cli, tmp_path: Path, ann: str, line: int, why: str
) -> None:
    (tmp_path / "bad.txt").write_bytes("قصف الجيش مدينة حلب.\r\n".encode())
    (tmp_path / "bad.ann").write_text(ann, encoding="utf-8")
    p = _project(cli, tmp_path, "p")
    r = cli("import", str(p), str(tmp_path / "bad.ann"), str(CORPORA / "brat" / "raqqa.ann"),
            "--format", "brat", "--annotator", "amal", "--add-labels")  # fmt: skip
    assert r.code == 1 and f"bad.ann:{line}:" in r.err and why in r.err
    stats = _ok(cli("stats", str(p), "--json"))
    assert stats["documents"] == 1 and stats["spans"] == 15  # raqqa only
