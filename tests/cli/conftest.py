"""Run main.py as a user would: a fresh interpreter, real files, exit codes and streams."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.store.conftest import SCHEMA

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> dict:
        lines = [ln for ln in self.out.splitlines() if ln.strip()]
        assert len(lines) == 1, f"--json must print exactly one line of JSON, got {self.out!r}"
        return json.loads(lines[0])


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd or ROOT,
        env=full_env,
        timeout=120,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def samples() -> list[Path]:
    files = sorted(SAMPLES.glob("*.txt"))
    assert files, "resources/samples must hold our sample articles"
    return files


@pytest.fixture
def proj(cli, tmp_path: Path) -> Path:
    """A fresh project with the small test schema of the store tests."""
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(SCHEMA, ensure_ascii=False), encoding="utf-8")
    p = tmp_path / "p.sqlite"
    assert cli("init", str(p), "--schema", str(schema)).code == 0
    return p
