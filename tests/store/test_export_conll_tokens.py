"""A corpus imported from CoNLL is exported with its own tokens and sentences, by one process or by workers."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from annotate.schema import Schema
from store import children, export, export_workers
from store.annotated_import import import_annotated
from store.export import ExportOptions, export_layer
from store.project import Project

CORPORA = Path(__file__).resolve().parents[1] / "annotate" / "fixtures" / "corpora"


def _rows(text: str) -> list[list[str]]:
    """Token lines as (token, tags...), blank lines kept (they are the sentence breaks), documents dropped."""
    out = []
    for line in text.replace("\r\n", "\n").lstrip("\ufeff").split("\n"):
        if line.startswith("-DOCSTART-"):
            continue
        out.append(line.split("\t") if "\t" in line else line.split())
    while out and not out[0]:
        out.pop(0)
    return out


@pytest.fixture
def corpus(tmp_path: Path, schema: Schema) -> Project:
    p = Project.create(tmp_path / "c.hashiya", schema)
    rep = import_annotated(p, [(CORPORA / "wojood_nested.tsv", "conll")], "amal", add_labels=True)
    assert not rep.refused
    yield p
    p.close()


def _sentences(path: Path) -> list[list[str]]:
    """Tokens, sentence by sentence (documents and tag columns ignored)."""
    out: list[list[str]] = [[]]
    for row in _rows(path.read_text("utf-8")):
        if row:
            out[-1].append(row[0])
        elif out[-1]:
            out.append([])
    return [s for s in out if s]


@pytest.mark.parametrize("workers", [False, True])
def test_a_conll_corpus_keeps_its_tokens_and_sentences(
    corpus: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: bool
) -> None:
    # Wojood's $#$ marker was written as three tokens, and a blank line moved: tokens no longer lined up.
    started: list[subprocess.Popen] = []
    if workers:
        real = children.subprocess.Popen
        monkeypatch.setattr(
            children.subprocess, "Popen", lambda *a, **k: started.append(real(*a, **k)) or started[-1]
        )
        monkeypatch.setattr(export_workers, "PARALLEL_MIN_DOCS", 1)
        monkeypatch.setattr(children, "cpu_count", lambda: 2)
        monkeypatch.setattr(export, "_CHUNK", 1)
    out = tmp_path / "x.conll"
    result = export_layer(corpus, out, "amal", "conll", ExportOptions())
    assert bool(started) == workers
    assert result.report.clean
    assert _sentences(out) == _sentences(CORPORA / "wojood_nested.tsv")
