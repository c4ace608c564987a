"""`import --format ...` with annotations and `export --format ...` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.annotate.test_formats_helpers import FIXTURES


def test_auto_import_of_annotated_and_plain_files(cli, proj: Path, tmp_path: Path) -> None:
    (tmp_path / "plain.txt").write_text("قال مصدر إن الوضع هادئ.\n", encoding="utf-8")
    r = cli("import", str(proj), str(FIXTURES / "brat"), str(FIXTURES / "ours.jsonl"), str(tmp_path / "plain.txt"),
            "--annotator", "amal", "--json")  # fmt: skip
    assert r.code == 0, r.err
    obj = r.json()
    assert obj["added"] == 1  # the plain text
    ann = obj["annotated"]
    assert ann["documents_added"] == 2 and ann["spans"] == 13 and ann["relations"] == 7
    assert {f["format"] for f in ann["files"]} == {"brat", "jsonl"}


def test_importing_a_file_again_says_its_documents_were_left_as_they_were(cli, proj: Path) -> None:
    """The second time every document is already there with the layer's spans: not "0 already present"."""
    f = str(FIXTURES / "doccano.jsonl")
    first = cli("import", proj.as_posix(), f, "--annotator", "amal")
    assert first.code == 0 and "left as they were" not in first.out
    again = cli("import", proj.as_posix(), f, "--annotator", "amal")
    assert again.code == 0
    assert (
        "0 new document(s), 0 already present, 2 left as they were (already in that layer), 0 span(s)"
        in again.out
    )


def test_annotated_files_need_an_annotator(cli, proj: Path) -> None:
    r = cli("import", str(proj), str(FIXTURES / "doccano.jsonl"))
    assert r.code == 1 and "--annotator" in r.err and len(r.err.strip().splitlines()) == 1


def test_unknown_labels_listed_then_added(cli, proj: Path, tmp_path: Path) -> None:
    f = tmp_path / "ls.jsonl"
    f.write_text(
        '{"text": "قصفت طائرات التحالف الرقة", "spans": [{"start": 5, "end": 19, "label": "COALITION"}]}\n'
    )
    r = cli("import", str(proj), str(f), "--format", "prodigy", "--annotator", "amal")
    assert r.code == 1 and "COALITION (1)" in r.err and "--add-labels" in r.err
    r = cli(
        "import", str(proj), str(f), "--format", "prodigy", "--annotator", "amal", "--add-labels", "--json"
    )
    assert r.code == 0 and r.json()["annotated"]["added_labels"] == ["coalition"]


def test_malformed_line_names_file_and_line(cli, proj: Path) -> None:
    r = cli("import", str(proj), str(FIXTURES / "conll" / "bad_tag.conll"), "--annotator", "amal")
    assert r.code == 1 and "bad_tag.conll:3:" in r.err


@pytest.mark.parametrize(
    "fmt", ["jsonl", "conll", "brat", "csv", "spacy", "doccano", "labelstudio", "prodigy"]
)
def test_export_every_format_with_a_json_report(cli, proj: Path, tmp_path: Path, fmt: str) -> None:
    assert cli("import", str(proj), str(FIXTURES / "ours.jsonl"), "--annotator", "amal").code == 0
    out = tmp_path / ("brat" if fmt == "brat" else f"x.{fmt}")
    r = cli("export", str(proj), "--format", fmt, "--out", str(out), "--annotator", "amal", "--json")
    assert r.code == 0, r.err
    obj = r.json()
    assert obj["format"] == fmt and obj["documents"] == 1 and obj["spans"] == 6 and out.exists()
    assert "counts" in obj["report"] and "items" in obj["report"]
    if fmt == "spacy":
        assert obj["report"]["counts"]["widened"] >= 1  # عتقال inside اعتقالَ
        assert obj["report"]["counts"]["dropped_overlap"] >= 1


def test_export_conll_clitics_nested_and_split(cli, proj: Path, tmp_path: Path) -> None:
    assert cli("import", str(proj), str(FIXTURES / "ours.jsonl"), str(FIXTURES / "doccano.jsonl"),
               "--annotator", "amal").code == 0  # fmt: skip
    out = tmp_path / "x.conll"
    r = cli("export", str(proj), "--format", "conll", "--out", str(out), "--annotator", "amal",
            "--clitics", "split", "--nested", "inner", "--split", "50,50", "--seed", "1", "--json")  # fmt: skip
    assert r.code == 0, r.err
    obj = r.json()
    assert [Path(f["out"]).name for f in obj["files"]] == ["x.train.conll", "x.dev.conll"]
    assert obj["report"]["counts"]["clitic_split"] >= 1 and obj["report"]["counts"]["dropped_nested"] >= 1
    r2 = cli(
        "export", str(proj), "--format", "conll", "--out", str(tmp_path / "y.conll"), "--annotator", "amal"
    )
    assert r2.code == 0 and "span inside a whitespace token" in r2.out


def test_plain_text_import_still_works(cli, proj: Path, tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text('{"id": "a", "text": "نص عادي للتجربة."}\n', encoding="utf-8")
    r = cli("import", str(proj), str(tmp_path / "a.jsonl"), "--format", "jsonl", "--json")
    assert r.code == 0 and r.json()["added"] == 1 and "annotated" not in r.json()


def test_offsets_option_states_what_browser_offsets_count(cli, tmp_path: Path) -> None:
    text = "🔴 قال قال قال"  # offsets 2..5 without their text: a word in code points, " قا" in UTF-16 units
    f = tmp_path / "d.jsonl"
    f.write_text(json.dumps({"text": text, "label": [[2, 5, "PLACE"]]}, ensure_ascii=False) + "\n", "utf-8")
    for unit, counts, want in (
        ("auto", {"offsets_guessed": 1}, "قال"),
        ("utf16", {"offsets_utf16": 1}, " قا"),
        ("codepoints", {}, "قال"),
    ):
        p = tmp_path / f"{unit}.sqlite"
        assert cli("init", str(p)).code == 0
        r = cli("import", str(p), str(f), "--format", "doccano", "--annotator", "amal", "--add-labels",
                "--offsets", unit, "--json")  # fmt: skip
        assert r.code == 0, r.err
        assert {
            k: v for k, v in r.json()["annotated"]["report"]["counts"].items() if "offsets" in k
        } == counts
        out = tmp_path / f"{unit}.jsonl"
        assert cli("export", str(p), "--format", "jsonl", "--out", str(out), "--annotator", "amal").code == 0
        (row,) = [json.loads(ln) for ln in out.read_text("utf-8").splitlines()]
        assert [s["text"] for s in row["spans"]] == [want], unit
    # a Label Studio file states its span texts: counted in UTF-16 units, read as code points they do not fit
    ls = tmp_path / "ls.json"
    region = {"value": {"start": 3, "end": 6, "text": "قال", "labels": ["PLACE"]}, "type": "labels"}
    ls.write_text(json.dumps([{"data": {"text": text}, "annotations": [{"result": [region]}]}]), "utf-8")
    p = tmp_path / "ls.sqlite"
    assert cli("init", str(p)).code == 0
    r = cli("import", str(p), str(ls), "--annotator", "amal", "--add-labels", "--offsets", "codepoints")
    assert r.code == 1 and "ls.json:1:" in r.err and "--offsets codepoints" in r.err
    r = cli("import", str(p), str(ls), "--annotator", "amal", "--add-labels", "--offsets", "utf16")
    assert r.code == 0, r.err


def test_offset_choices_of_the_command_line_are_the_units() -> None:
    import main
    from annotate.formats.offsetfix import OFFSET_UNITS

    assert ["auto", *OFFSET_UNITS] == main.OFFSET_CHOICES


def test_a_folder_import_lists_the_files_it_ignored(cli, proj: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("قال مصدر إن الوضع هادئ.\n", encoding="utf-8")
    (folder / "notes.md").write_text("# ملاحظات\n", encoding="utf-8")
    (folder / "d.jsonl").write_text(
        json.dumps({"text": "قصفت طائرات التحالف الرقة", "label": [[20, 25, "PLACE"]]}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    for extra in ((), ("--annotator", "amal")):
        r = cli("import", str(proj), str(folder), "--json", *extra)
        if not extra:  # the annotated file needs a layer: refused before anything is read
            assert r.code == 1 and "d.jsonl" in r.err
            continue
        assert r.code == 0, r.err
        obj = r.json()
        assert obj["skipped_paths"] == [str(folder / "notes.md")] and obj["added"] == 1
        assert obj["annotated"]["spans"] == 1


def test_spacy_to_one_file_of_many_documents_advises_a_folder(
    proj: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """A DocBin holds every document until it is written: past FOLDER_FROM documents the command says
    how to write 1,000 at a time (a note on stderr; the file is still written)."""
    pytest.importorskip("spacy")
    import main
    from annotate.formats import spacy_docbin
    from store.annotated_import import import_annotated
    from store.project import Project

    with Project.open(proj) as p:
        import_annotated(p, [(FIXTURES / "doccano.jsonl", "doccano")], "amal")
    args = ["export", str(proj), "--format", "spacy", "--annotator", "amal"]
    assert main.main([*args, "--out", str(tmp_path / "a.spacy")]) == 0
    assert "--out FOLDER" not in capsys.readouterr().err  # two documents: nothing to say
    monkeypatch.setattr(spacy_docbin, "FOLDER_FROM", 1)
    assert main.main([*args, "--out", str(tmp_path / "b.spacy")]) == 0
    err = capsys.readouterr().err
    assert "one DocBin of 2 documents is held in memory" in err and "--out FOLDER (no suffix)" in err
    assert (tmp_path / "b.spacy").stat().st_size > 0
    assert main.main([*args, "--out", str(tmp_path / "folder")]) == 0
    assert "--out FOLDER" not in capsys.readouterr().err  # a folder already


def _spans(cli, proj: Path, out: Path, *who: str) -> list[tuple[int, int, str]]:
    """Every span of a layer, as our JSONL export writes it: (start, end, text) in code points."""
    assert cli("export", str(proj), "--format", "jsonl", "--out", str(out), *who).code == 0
    rows = [json.loads(ln) for ln in out.read_text("utf-8").splitlines()]
    return sorted((s["start"], s["end"], s["text"]) for row in rows for s in row["spans"])


def test_code_points_from_a_script_survive_a_trip_through_label_studio(cli, tmp_path: Path) -> None:
    """A document from a code-point file goes out to Label Studio in code points and says so: read back,
    its span is where it was, not one word earlier as a reading of UTF-16 units would put it."""
    text = "🇸🇾 و و و و"  # every offset fits another و: only the stated unit tells which
    f = tmp_path / "cp.jsonl"
    f.write_text(json.dumps({"text": text, "label": [[5, 6, "place"]]}, ensure_ascii=False) + "\n", "utf-8")
    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    for p in (first, second):
        assert cli("init", str(p)).code == 0
    args = ("--annotator", "ali", "--add-labels")
    assert cli("import", str(first), str(f), *args, "--offsets", "codepoints").code == 0
    ls = tmp_path / "out.json"
    assert (
        cli("export", str(first), "--format", "labelstudio", "--out", str(ls), "--annotator", "ali").code == 0
    )
    r = cli("import", str(second), str(ls), *args, "--json")
    assert r.code == 0, r.err
    assert "offsets_guessed" not in r.json()["annotated"]["report"]["counts"]
    assert _spans(cli, second, tmp_path / "b.jsonl", "--annotator", "ali") == [(5, 6, "و")]


@pytest.mark.parametrize("fmt", ["labelstudio", "prodigy"])
def test_an_export_comes_back_to_its_layer_with_annotator_from_file(
    cli, proj: Path, tmp_path: Path, fmt: str
) -> None:
    assert cli("import", str(proj), str(FIXTURES / "ours.jsonl"), "--annotator", "gold").code == 0
    want = _spans(cli, proj, tmp_path / "want.jsonl", "--gold")
    out = tmp_path / f"gold.{fmt}"
    assert cli("export", str(proj), "--format", fmt, "--out", str(out), "--gold").code == 0
    again = tmp_path / "again.sqlite"
    assert cli("init", str(again)).code == 0
    r = cli(
        "import", str(again), str(out), "--format", fmt, "--annotator-from-file", "--add-labels", "--json"
    )
    assert r.code == 0, r.err
    assert list(r.json()["annotated"]["layers"]) == ["gold"]
    assert _spans(cli, again, tmp_path / "got.jsonl", "--gold") == want and want
