"""Damaged and foreign project files: one clear line naming the file, and the file's bytes never change.

The damage is made from a real project of 300 documents with a layer (cut in
half, a page of noise in the middle, a scrambled header, a zeroed tail) or is
not SQLite at all.  Each is run through the CLI (``stats`` and ``export``, as a
user would) and through ``Project.open`` plus a full read in-process.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from annotate.commands import add_spans
from annotate.model import make_span
from annotate.schema import default_schema
from annotate.textimport import draft
from store.annotations import apply
from store.documents import add_documents, iter_documents
from store.errors import ProjectError
from store.project import Project
from store.stats import project_stats
from tests.faults.conftest import ARTICLE, ROOT

PAGE = 4096


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("healthy") / "p.hashiya"
    with Project.create(path, default_schema()) as p:
        ids = add_documents(p, [draft(f"{ARTICLE}\n({i})", f"s{i}", "utf-8") for i in range(300)]).added
        for d in ids[::10]:
            doc = next(iter_documents(p, [d]))
            apply(
                p,
                add_spans([make_span(doc, "amal", 0, 5, "arrest"), make_span(doc, "amal", 6, 11, "place")]),
                "amal",
            )
    return path.read_bytes()


def _page_of_noise(data: bytes) -> bytes:
    b = bytearray(data)
    k = len(data) // PAGE // 2
    b[k * PAGE : (k + 1) * PAGE] = random.Random(1).randbytes(PAGE)
    return bytes(b)


def _scrambled_header(data: bytes) -> bytes:
    return data[:16] + b"\xff" * 8 + data[24:]


def _other_program(tmp: Path) -> bytes:
    f = tmp / "other.db"
    conn = sqlite3.connect(f)
    conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO documents(text) VALUES ('x')")
    conn.commit()
    conn.close()
    return f.read_bytes()


DAMAGE: dict[str, Callable[[bytes, Path], bytes]] = {
    "cut in half": lambda d, t: d[: len(d) // 2],
    "page of noise": lambda d, t: _page_of_noise(d),
    "scrambled header": lambda d, t: _scrambled_header(d),
    "zeroed tail": lambda d, t: d[: 2 * PAGE] + b"\0" * (len(d) - 2 * PAGE),
    "random bytes": lambda d, t: random.Random(2).randbytes(50_000),
    "text file": lambda d, t: ("مقالة عن الرقة\n" * 500).encode(),
    "empty": lambda d, t: b"",
    "only the header": lambda d, t: d[:100],
    "another program's SQLite": lambda d, t: _other_program(t),
}


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_file_gets_one_clear_line_and_is_never_written(
    healthy: bytes, tmp_path: Path, damage: str
) -> None:
    data = DAMAGE[damage](healthy, tmp_path)
    path = tmp_path / "مشروع تالف.hashiya"
    path.write_bytes(data)
    outcomes = []
    for args in (
        ["stats", str(path)],
        ["export", str(path), "--annotator", "amal", "--out", str(tmp_path / "o.jsonl")],
    ):
        r = cli(*args)
        outcomes.append((args[0], r.returncode, r.stderr.strip()))
        assert "Traceback" not in r.stderr, f"{damage}: {args[0]} crashed:\n{r.stderr}"
        if r.returncode:
            assert r.returncode == 1 and r.stderr.count("\n") == 1 and str(path) in r.stderr, r.stderr
        assert path.read_bytes() == data, f"{damage}: {args[0]} changed the file"
    print(f"damaged file ({damage}): {outcomes}")
    assert any(code == 1 for _, code, _ in outcomes)


def test_a_damaged_page_met_while_reading_becomes_a_project_error(healthy: bytes, tmp_path: Path) -> None:
    path = tmp_path / "p.hashiya"
    data = _page_of_noise(healthy)
    path.write_bytes(data)
    try:
        with Project.open(path, readonly=True) as p:
            project_stats(p)
            for _ in iter_documents(p):
                pass
    except ProjectError as exc:
        assert str(path) in str(exc)
    else:
        pytest.fail("the damaged page was never noticed")
    assert path.read_bytes() == data


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_open_refuses_or_reads_but_never_writes(healthy: bytes, tmp_path: Path, damage: str) -> None:
    data = DAMAGE[damage](healthy, tmp_path)
    path = tmp_path / "x.hashiya"
    path.write_bytes(data)
    for readonly in (True, False):
        try:
            Project.open(path, readonly=readonly).close()
        except ProjectError as exc:
            assert str(path) in str(exc)
        assert path.read_bytes() == data
