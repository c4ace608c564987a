"""The CoNLL export from the project: what it reads (nesting depth, documents by id range) and how it
writes (one process or several), always the same file, report and counts."""

from __future__ import annotations

import random
from itertools import groupby
from pathlib import Path

import pytest

from annotate.commands import add_spans
from annotate.formats.conll import nesting_depth
from annotate.model import DocId, make_span
from annotate.schema import Schema
from annotate.textimport import draft
from store.annotations import apply
from store.documents import add_documents, document_ids, get_document
from store.export import _max_depth
from store.project import Project

# Our own words, with what the writer treats apart: punctuation, a decimal number, an emoji, a line break.
WORDS = ["غارة", "على", "مواقع", "في", "بالرقة", "وأعلنت", "قوات", "الأمن", "اعتقال", "خمسة", "أشخاص", "قرب"]
WORDS += ["حلب", "3.5", "،", ".", "؟!", "«نعم»", "😀", "\n", "SDF"]
LABELS = ["arrest", "clash", "state", "place"]


def _fill(project: Project, n_docs: int, seed: int) -> list[DocId]:
    """``n_docs`` documents with random spans: over whole words, inside words, overlapping, nested."""
    rnd = random.Random(seed)
    texts = [
        " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(0, 30))) + f" خبر {i}" for i in range(n_docs)
    ]
    ids = add_documents(project, [draft(t, f"d{i}.txt", "utf-8") for i, t in enumerate(texts)]).added
    spans = []
    for i in ids:
        doc = get_document(project, i)
        words = [(m, m + len(w)) for m, w in _words(doc.text)]
        for _ in range(rnd.choice([0, 1, 3, 6, 10])):
            if rnd.random() < 0.7 and words:
                a = rnd.randrange(len(words))
                b = min(len(words) - 1, a + rnd.randint(0, 2))
                start, end = words[a][0], words[b][1]
            else:
                start = rnd.randrange(len(doc.text))
                end = rnd.randint(start + 1, min(len(doc.text), start + 15))
            spans.append(make_span(doc, "amal", start, end, rnd.choice(LABELS)))
    apply(project, add_spans(spans), "amal")
    return ids


def _words(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for w in text.split(" "):
        if w:
            out.append((pos, w))
        pos += len(w) + 1
    return out


@pytest.fixture
def busy(tmp_path: Path, schema: Schema) -> Project:
    p = Project.create(tmp_path / "busy.hashiya", schema)
    _fill(p, 60, seed=7)
    yield p
    p.close()


def _depths(project: Project) -> dict[int, int]:
    rows = project.conn.execute(
        "SELECT doc_id, start, \"end\" FROM spans WHERE annotator = 'amal' ORDER BY doc_id"
    ).fetchall()
    return {d: nesting_depth([(s, e) for _, s, e in g]) for d, g in groupby(rows, lambda r: r[0])}


def test_max_depth_is_the_deepest_nesting_the_writer_makes(busy: Project) -> None:
    per_doc = _depths(busy)
    ids = document_ids(busy)
    assert max(per_doc.values()) >= 3  # the data nests
    assert _max_depth(busy, "amal", None) == max(per_doc.values())
    for after, upto in ((-1, ids[9]), (ids[9], ids[30]), (ids[30], None)):
        want = max((v for d, v in per_doc.items() if d > after and (upto is None or d <= upto)), default=1)
        assert _max_depth(busy, "amal", None, after=after, upto=upto) == want
    some = ids[5:50:4]
    assert _max_depth(busy, "amal", some) == max((per_doc.get(i, 1) for i in some), default=1)
    assert _max_depth(busy, "nobody", None) == _max_depth(busy, "amal", []) == 1
