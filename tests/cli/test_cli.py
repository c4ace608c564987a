"""The command-line contract: names, flags, exit codes, one JSON object, one-line errors."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from tests.cli.conftest import Run


def _init(cli, tmp_path: Path) -> Path:
    project = tmp_path / "p.sqlite"
    r = cli("init", str(project), "--json")
    assert r.code == 0, r.err
    assert r.json()["labels"] > 10
    return project


def test_import_export_round_trip_is_exact(cli, tmp_path: Path, samples: list[Path]) -> None:
    project = _init(cli, tmp_path)
    corpus = tmp_path / "corpus"
    shutil.copytree(samples[0].parent, corpus, ignore=shutil.ignore_patterns("*.md"))
    r = cli("import", str(project), str(corpus), "--json")
    assert r.code == 0, r.err
    report = r.json()
    assert report["added"] == len(samples) and report["refused"] == 0

    r = cli("import", str(project), str(corpus), "--json")
    assert r.code == 0 and r.json()["added"] == 0 and r.json()["duplicates"] == len(samples)

    r = cli("stats", str(project), "--json")
    stats = r.json()
    assert stats["documents"] == len(samples) and stats["spans"] == 0 and stats["annotators"] == 0

    out = tmp_path / "out.jsonl"
    r = cli(
        "import", str(project), str(corpus / samples[0].name), "--annotator", "ali"
    )  # creates the annotator
    assert r.code == 0
    r = cli("export", str(project), "--format", "jsonl", "--out", str(out), "--annotator", "ali")
    assert r.code == 0, r.err
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len(samples)
    by_id = {rec["id"]: rec for rec in lines}
    for path in samples:
        assert by_id[path.stem]["text"] == path.read_text(encoding="utf-8")
        assert set(by_id[path.stem]) == {
            "id",
            "title",
            "text",
            "annotator",
            "status",
            "meta",
            "spans",
            "relations",
        }


def test_windows_1256_copy_is_the_same_document(cli, tmp_path: Path, samples: list[Path]) -> None:
    project = _init(cli, tmp_path)

    def fits_1256(p: Path) -> bool:
        try:
            p.read_text(encoding="utf-8").encode("cp1256")
        except UnicodeEncodeError:  # an emoji cannot be written in Windows-1256
            return False
        return True

    sample = next(p for p in samples if fits_1256(p))
    assert cli("import", str(project), str(sample)).code == 0
    text = sample.read_text(encoding="utf-8")
    copy = tmp_path / "copy-1256.txt"
    copy.write_bytes(text.replace("\n", "\r\n").encode("cp1256"))
    r = cli("import", str(project), str(copy), "--json")
    assert r.code == 0
    report = r.json()
    assert report["added"] == 0 and report["duplicates"] == 1
    assert report["files"][0]["encoding"] == "cp1256"


def test_binary_file_fails_naming_it_and_changes_nothing(cli, tmp_path: Path) -> None:
    project = _init(cli, tmp_path)
    digest = hashlib.sha256(project.read_bytes()).hexdigest()
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    r = cli("import", str(project), str(binary))
    assert r.code != 0
    assert str(binary) in r.err
    r = cli("stats", str(project), "--json")
    assert r.json()["documents"] == 0
    assert hashlib.sha256(project.read_bytes()).hexdigest() == digest or r.json()["changes"] == 0


def test_errors_are_one_line_on_stderr(cli, tmp_path: Path) -> None:
    not_a_project = tmp_path / "notes.txt"
    not_a_project.write_text("hello", encoding="utf-8")
    for args in (("stats", str(not_a_project)), ("stats", str(tmp_path / "missing.sqlite"))):
        r: Run = cli(*args)
        assert r.code == 1
        assert r.out == ""
        assert len(r.err.strip().splitlines()) == 1
        assert args[1] in r.err
    assert not_a_project.read_text(encoding="utf-8") == "hello"


def test_schema_dump_then_load_with_rename(cli, tmp_path: Path) -> None:
    project = _init(cli, tmp_path)
    r = cli("schema", str(project), "--dump")
    assert r.code == 0
    data = json.loads(r.out)
    parents = {lab.get("parent") for lab in data["labels"]}
    i = next(i for i, lab in enumerate(data["labels"]) if lab["key"] not in parents)
    key = data["labels"][i]["key"]
    data["labels"][i]["key"] = "renamed_" + key
    edited = tmp_path / "s.json"
    edited.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = cli("schema", str(project), "--load", str(edited), "--rename", f"{key}=renamed_{key}", "--json")
    assert r.code == 0, r.err
    assert r.json()["renamed"] == [{"from": key, "to": f"renamed_{key}", "moved": 0}]
    assert f"renamed_{key}" in cli("schema", str(project)).out
    bad = tmp_path / "bad.json"
    bad.write_text('{"labels": [{"key": "X"}]}', encoding="utf-8")
    r = cli("schema", str(project), "--load", str(bad))
    assert r.code == 1 and str(bad) in r.err and "labels[0]" in r.err


def test_terminal_shaping_is_off_for_pipes_and_json(cli, tmp_path: Path, samples: list[Path]) -> None:
    project = _init(cli, tmp_path)
    cli("import", str(project), str(samples[0]))
    r = cli("import", str(project), str(samples[0]))
    assert r.code == 0
    # stdout is a pipe here: logical order, unshaped (no presentation forms U+FE70..U+FEFF).
    assert "skipped" in r.out
    assert not any("\ufe70" <= ch <= "\ufeff" for ch in r.out)


def test_export_right_after_import_needs_no_layer(cli, tmp_path: Path, samples: list[Path]) -> None:
    """Before anyone annotates, `export` alone writes the texts (empty span lists) to check them against the files."""
    project = _init(cli, tmp_path)
    assert cli("import", str(project), *map(str, samples)).code == 0
    out = tmp_path / "texts.jsonl"
    r = cli("export", str(project), "--format", "jsonl", "--out", str(out), "--json")
    assert r.code == 0, r.err
    assert r.json()["spans"] == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {rec["id"]: rec["text"] for rec in lines} == {
        p.stem: p.read_text(encoding="utf-8") for p in samples
    }
    assert {rec["annotator"] for rec in lines} == {None} and all(rec["spans"] == [] for rec in lines)


def test_export_without_a_layer_is_refused_when_several_annotators_exist(
    cli, tmp_path: Path, samples: list[Path]
) -> None:
    project = _init(cli, tmp_path)
    for name in ("ali", "huda"):
        assert cli("import", str(project), str(samples[0]), "--annotator", name).code == 0
    out = tmp_path / "x.jsonl"
    r = cli("export", str(project), "--format", "jsonl", "--out", str(out))
    assert r.code != 0 and "ali" in r.err and "huda" in r.err and str(project) in r.err
    assert not out.exists()


def test_import_with_index_leaves_search_fully_indexed(cli, tmp_path: Path, samples: list[Path]) -> None:
    from store.project import Project
    from store.search import backlog_count, needs_indexing

    plain, indexed = tmp_path / "plain.sqlite", tmp_path / "indexed.sqlite"
    reports = {}
    for project, flags in ((plain, []), (indexed, ["--index"])):
        assert cli("init", str(project)).code == 0
        r = cli("import", str(project), *map(str, samples), *flags, "--json")
        assert r.code == 0, r.err
        reports[project] = r.json()
    assert "indexed" not in reports[plain] and reports[indexed]["indexed"] == len(samples)
    with Project.open(plain) as p:
        assert needs_indexing(p) and backlog_count(p) == len(samples)  # left for the workbench
    with Project.open(indexed) as p:
        assert not needs_indexing(p) and backlog_count(p) == 0


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["import", "p.sqlite", "a.txt"], False),
        (["--no-shaping", "import", "p.sqlite", "a.txt"], True),
        (["import", "p.sqlite", "a.txt", "--no-shaping"], True),  # as the README writes it
        (["stats", "--no-shaping", "p.sqlite"], True),
    ],
)
def test_no_shaping_goes_before_or_after_the_command(argv: list[str], expected: bool) -> None:
    import main

    assert main.build_parser().parse_args(argv).no_shaping is expected


def test_stats_text_lists_spans_per_annotator_and_per_label(cli, tmp_path: Path) -> None:
    project = _init(cli, tmp_path)
    data = tmp_path / "d.jsonl"
    recs = [
        {
            "text": "قصف على الرقة ودير الزور",
            "label": [[8, 13, "place"], [14, 24, "place"], [0, 3, "air_strike"]],
        },
        {"text": "اشتباك في درعا", "label": [[10, 14, "place"]]},
    ]
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs), encoding="utf-8")
    assert cli("import", str(project), str(data), "--annotator", "ali", "--add-labels").code == 0
    out = cli("--no-shaping", "stats", str(project)).out.splitlines()
    assert "  ali: 4 spans in 2 documents, 0 done" in out
    at = out.index("spans per label:")
    assert out[at + 1 : at + 3] == ["  place: 3", "  air_strike: 1"]


def test_files_a_folder_import_ignores_are_listed_by_name(cli, tmp_path: Path) -> None:
    project = _init(cli, tmp_path)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("قصف على حلب", encoding="utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG")
    r = cli("--no-shaping", "import", str(project), str(folder))
    assert r.code == 0, r.err
    assert f"ignored   {folder / 'photo.png'}: not a suffix this import reads" in r.out.splitlines()
    assert "1 other file(s) ignored" in r.out
