"""An older project file met by a command: backed up, upgraded, and the user told where the backup is."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import main
from store.version import FILE_FORMAT
from tests.store.oldfiles import as_before_m011


def _older_project(cli, tmp_path: Path, samples: list[Path]) -> Path:
    path = tmp_path / "old.hashiya"
    assert cli("init", str(path)).code == 0
    assert cli("import", str(path), str(samples[0])).code == 0
    as_before_m011(path)
    return path


def _format(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("command", [["export", "--format", "jsonl"], ["stats"], ["progress"]])
def test_a_reading_command_upgrades_an_older_file_first_and_says_where_the_backup_is(
    cli, tmp_path: Path, samples: list[Path], command: list[str]
) -> None:
    """These commands open the project read-only, which alone cannot upgrade it: they used to stop
    with "needs an upgrade ... opened read-only" and nothing to do about it."""
    path = _older_project(cli, tmp_path, samples)
    args = [command[0], str(path), *command[1:]]
    if command[0] == "export":
        args += ["--out", str(tmp_path / "out.jsonl")]
    r = cli(*args)
    assert r.code == 0, r.err
    backups = [p for p in tmp_path.iterdir() if "backup" in p.name]
    assert len(backups) == 1 and _format(backups[0]) == FILE_FORMAT - 1  # the file as it was
    assert f"upgraded from file format {FILE_FORMAT - 1} to {FILE_FORMAT}" in r.err
    assert str(backups[0]) in r.err and "upgraded" not in r.out  # a note, not output
    assert _format(path) == FILE_FORMAT
    if command[0] == "export":
        assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").count("\n") == 1
    again = cli(*args)
    assert again.code == 0 and "upgraded" not in again.err  # once


def test_a_writing_command_says_so_too(cli, tmp_path: Path, samples: list[Path]) -> None:
    path = _older_project(cli, tmp_path, samples)
    r = cli("import", str(path), str(samples[1]))
    assert r.code == 0 and f"upgraded from file format {FILE_FORMAT - 1}" in r.err
    assert _format(path) == FILE_FORMAT


def test_an_older_file_that_cannot_be_written_is_refused_saying_what_to_do(
    cli, tmp_path: Path, samples: list[Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """As a file on read-only media looks to the store (the tests may run as root, who may write anything)."""
    path = _older_project(cli, tmp_path, samples)
    before = path.read_bytes()
    monkeypatch.setattr("store.project.os.access", lambda *_a, **_k: False)
    assert main.main(["stats", str(path)]) != 0
    err = capsys.readouterr().err
    assert str(path) in err and f"file format {FILE_FORMAT - 1}" in err
    assert "cannot be upgraded" in err and "copy it to a folder you can write" in err
    assert path.read_bytes() == before and not [p for p in tmp_path.iterdir() if "backup" in p.name]
