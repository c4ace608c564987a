"""A large import reads ahead in a helper process: same rows, same report, and never worse off than without it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotate.schema import Schema
from store import readahead
from store.importer import import_paths
from store.project import Project
from store.search import search_documents

WORDS = [
    "غارة",
    "على",
    "مواقع",
    "في",
    "الرقة",
    "وأعلنت",
    "قوات",
    "الأمن",
    "اعتقال",
    "خمسة",
    "أشخاص",
    "قرب",
    "حلب",
]


def _corpus(folder: Path) -> list[Path]:
    """JSONL and text files of our own words, with a duplicate across files and a file that must be refused."""
    folder.mkdir()
    paths = []
    for f in range(4):
        lines = [
            json.dumps(
                {
                    "id": f"{f}-{i}",
                    "text": f"خبر {f}-{i}: " + " ".join(WORDS[(i + j) % len(WORDS)] for j in range(8)),
                }
            )
            for i in range(30)
        ]
        p = folder / f"part-{f}.jsonl"
        p.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(p)
    (folder / "same.txt").write_text(" ".join(WORDS[:8]) + "\n", encoding="utf-8")
    (folder / "same-again.txt").write_text(" ".join(WORDS[:8]) + "\n", encoding="utf-8")
    (folder / "broken.jsonl").write_text('{"text": "خبر"}\n{"text": \n', encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    return paths


def _rows(project: Project) -> list[tuple]:
    docs = project.conn.execute(
        "SELECT id, title, text, source, sha256, meta FROM documents ORDER BY id"
    ).fetchall()
    folds = project.conn.execute("SELECT doc_id, title, text FROM doc_fold ORDER BY doc_id").fetchall()
    return [docs, folds]


def _import(tmp_path: Path, schema: Schema, name: str, min_bytes: int) -> tuple[list[tuple], dict]:
    with Project.create(tmp_path / f"{name}.hashiya", schema) as p:
        report = import_paths(p, [tmp_path / "corpus"], parallel_min_bytes=min_bytes)
        found = search_documents(p, "الرقه")
        out = report.to_json()
        for f in out["files"]:  # type: ignore[union-attr]
            f["path"] = Path(f["path"]).name
        return [*_rows(p), found], out


def test_reading_ahead_stores_exactly_what_reading_in_turn_stores(
    tmp_path: Path, schema: Schema, monkeypatch: pytest.MonkeyPatch
) -> None:
    _corpus(tmp_path / "corpus")
    in_turn = _import(tmp_path, schema, "in-turn", min_bytes=2**62)

    def not_here(*_a: object) -> None:
        raise AssertionError("read in this process: the helper did not do the reading")

    monkeypatch.setattr(readahead, "prepare", not_here)  # the helper process keeps the real one
    ahead = _import(tmp_path, schema, "ahead", min_bytes=0)
    assert ahead == in_turn
    report = ahead[1]
    assert report["added"] == 4 * 30 + 1 and report["duplicates"] == 1 and report["refused"] == 2
    assert any("broken.jsonl:2" in f["error"] for f in report["files"])  # the file and the line, as always


def test_a_helper_that_dies_costs_nothing(
    tmp_path: Path, schema: Schema, monkeypatch: pytest.MonkeyPatch
) -> None:
    _corpus(tmp_path / "corpus")
    in_turn = _import(tmp_path, schema, "in-turn", min_bytes=2**62)
    monkeypatch.setattr(
        readahead.sys, "executable", "/bin/false"
    )  # the helper exits at once, having sent nothing
    assert _import(tmp_path, schema, "no-helper", min_bytes=0) == in_turn


def test_a_helper_dead_before_its_list_is_written_costs_nothing(
    tmp_path: Path, schema: Schema, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing the list into a closed pipe fails (CI once raised BrokenPipeError here, by chance of timing)."""
    _corpus(tmp_path / "corpus")
    in_turn = _import(tmp_path, schema, "in-turn", min_bytes=2**62)
    real_start = readahead.start_python

    def dead(args: list[str], **kwargs: int) -> object:
        proc = real_start(["-c", "pass"], **kwargs)  # exits without reading stdin
        proc.wait()
        return proc

    monkeypatch.setattr(readahead, "start_python", dead)
    assert _import(tmp_path, schema, "dead-helper", min_bytes=0) == in_turn


def test_a_cancelled_import_stops_the_helper(
    tmp_path: Path, schema: Schema, monkeypatch: pytest.MonkeyPatch
) -> None:
    _corpus(tmp_path / "corpus")
    started: list[object] = []
    real_popen = readahead.subprocess.Popen

    def watch(*args: object, **kwargs: object) -> object:
        proc = real_popen(*args, **kwargs)  # type: ignore[call-overload]
        started.append(proc)
        return proc

    monkeypatch.setattr(readahead.subprocess, "Popen", watch)
    with Project.create(tmp_path / "c.hashiya", schema) as p:
        calls = iter(range(100))
        report = import_paths(
            p, [tmp_path / "corpus"], parallel_min_bytes=0, cancelled=lambda: next(calls) >= 1
        )
        assert report.cancelled and len(report.files) == 2
        assert p.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == report.added
    (helper,) = started
    assert helper.poll() is not None  # type: ignore[attr-defined]
