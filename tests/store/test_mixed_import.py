"""Texts and annotated files chosen together (``store.mixed_import``): no annotation is read as bare text."""

from __future__ import annotations

import json
from pathlib import Path

from annotate.schema import default_schema
from store.annotations import spans
from store.documents import document_ids, get_document
from store.importer import import_paths
from store.mixed_import import import_files, import_texts
from store.project import Project
from store.team import assigned_to

BRAT = "سيطرت فصائل محلية على قرية في ريف درعا الغربي."
DOCCANO = "أغلقت السلطات معبراً حدودياً مع الأردن بعد اشتباكات ليلية."
PLAIN = "وزّعت جمعية خيرية سلالاً غذائية على العائلات النازحة."


def _project(tmp_path: Path) -> Project:
    return Project.create(tmp_path / "p.sqlite", default_schema())


def _folder(tmp_path: Path) -> Path:
    """A brat pair, its annotation.conf, a plain text and a file of another kind."""
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "a.txt").write_text(BRAT, encoding="utf-8")
    s = BRAT.index("درعا")
    (d / "a.ann").write_text(f"T1\tplace {s} {s + 4}\tدرعا\n", encoding="utf-8")
    (d / "annotation.conf").write_text("[entities]\nplace\n", encoding="utf-8")
    (d / "b.txt").write_text(PLAIN, encoding="utf-8")
    (d / "notes.md").write_text("not an article", encoding="utf-8")
    return d


def _doccano(path: Path) -> Path:
    s = DOCCANO.index("الأردن")
    path.write_text(
        json.dumps({"text": DOCCANO, "label": [[s, s + 6, "place"]]}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return path


def _texts(p: Project) -> list[str]:
    return [get_document(p, i).text for i in document_ids(p)]


def test_a_text_import_holds_annotated_files_back_and_still_lists_what_it_ignored(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    with _project(tmp_path) as p:
        report = import_texts(p, [str(folder)])
        assert _texts(p) == [PLAIN]  # not a.txt: its annotations would be lost
        assert report.held_back == [str(folder / "a.ann")]
        assert report.skipped_paths == [str(folder / "annotation.conf"), str(folder / "notes.md")]


def test_a_text_import_without_annotated_files_is_the_text_importer_unchanged(tmp_path: Path) -> None:
    d = tmp_path / "texts"
    d.mkdir()
    (d / "b.txt").write_text(PLAIN, encoding="utf-8")
    (d / "notes.md").write_text("not an article", encoding="utf-8")
    with _project(tmp_path) as p:
        report = import_texts(p, [str(d)])
    with Project.create(tmp_path / "q.sqlite", default_schema()) as q:
        plain = import_paths(q, [str(d)])
    assert (report.added, report.skipped_paths, report.held_back) == (plain.added, plain.skipped_paths, [])


def test_import_files_brings_texts_and_annotations_and_assigns_them_to_the_layer(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    with _project(tmp_path) as p:
        res = import_files(p, [str(folder), str(_doccano(tmp_path / "d.jsonl"))], "auto", "huda")
        assert sorted(_texts(p)) == sorted([BRAT, PLAIN, DOCCANO])
        assert res.texts.added == 1 and res.annotated is not None and res.refused == 0
        assert [(f.format, f.spans) for f in res.annotated.files] == [("brat", 1), ("doccano", 1)]
        ids = {get_document(p, i).text: i for i in document_ids(p)}
        assert [s.text for s in spans(p, ids[BRAT], "huda")] == ["درعا"]
        assert [s.text for s in spans(p, ids[DOCCANO], "huda")] == ["الأردن"]
        assert assigned_to(p, "huda") == sorted(ids.values())  # as `import --annotator huda` does


def test_a_cancel_during_the_texts_reads_no_annotated_file_and_says_so(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    with _project(tmp_path) as p:
        res = import_files(p, [str(folder)], "auto", "huda", cancelled=lambda: True)
        assert res.cancelled and res.annotated is not None and res.annotated.files == []
        assert BRAT not in _texts(p)


def test_a_refused_file_leaves_no_new_annotator_and_a_text_alone_makes_one(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "نص آخر", "label": [[0, 99, "place"]]}) + "\n", encoding="utf-8")
    with _project(tmp_path) as p:
        res = import_files(p, [str(bad)], "auto", "ghost")
        assert res.refused == 1
        assert "ghost" not in {a.name for a in p.annotators()}
        plain = tmp_path / "plain.txt"
        plain.write_text(PLAIN, encoding="utf-8")
        import_files(p, [str(plain)], "auto", "ghost")  # texts assigned to the named annotator, as before
        assert assigned_to(p, "ghost") == document_ids(p)


def test_an_annotator_named_with_spaces_around_is_that_annotator(tmp_path: Path) -> None:
    with _project(tmp_path) as p:
        res = import_files(p, [str(_doccano(tmp_path / "d.jsonl"))], "auto", " huda ")
        assert res.refused == 0 and [a.name for a in p.annotators()] == ["huda"]
        (d,) = document_ids(p)
        assert [s.text for s in spans(p, d, "huda")] == ["الأردن"] and assigned_to(p, "huda") == [d]
