"""Importing text files into a project: duplicates by hash, whole-file refusal, summaries."""

from __future__ import annotations

from pathlib import Path

from store.documents import document_count, get_document, summaries
from store.importer import import_paths
from store.project import Project

ARTICLE = "عنوان الخبر: اشتباكات في ريف حلب\r\n\r\nقالت مصادر محلية إن اشتباكات اندلعت فجر اليوم.\r\n"


def test_folder_import_then_again_adds_nothing(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "corpus" / "sub"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8", newline="")
    (folder.parent / "b.txt").write_text("خبر آخر عن غارة جوية\n", encoding="utf-8")
    (folder.parent / "notes.md").write_text("ignored", encoding="utf-8")
    first = import_paths(project, [tmp_path / "corpus"])
    assert first.added == 2 and first.duplicates == 0
    assert first.skipped_paths == [str(folder.parent / "notes.md")]
    second = import_paths(project, [tmp_path / "corpus"])
    assert second.added == 0 and second.duplicates == 2
    assert document_count(project) == 2


def test_stored_text_is_decoded_text_with_lf_only(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    report = import_paths(project, [path])
    doc = get_document(project, report.added_ids[0])
    assert doc.text == ARTICLE.replace("\r\n", "\n")
    assert doc.title == "عنوان الخبر: اشتباكات في ريف حلب"


def test_cp1256_copy_is_recognised_as_the_same_text(project: Project, tmp_path: Path) -> None:
    (tmp_path / "u.txt").write_text(ARTICLE, encoding="utf-8", newline="")
    (tmp_path / "w.txt").write_bytes(ARTICLE.encode("cp1256"))
    report = import_paths(project, [tmp_path / "u.txt", tmp_path / "w.txt"])
    assert report.added == 1 and report.duplicates == 1
    assert report.files[1].encoding == "cp1256"


def test_binary_file_is_refused_and_others_land(project: Project, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(bytes(range(256)) * 4)
    report = import_paths(project, [tmp_path])
    assert report.added == 1
    (refused,) = report.refused
    assert refused.path.endswith("bad.txt") and "bad.txt" in refused.error


def test_bad_jsonl_line_refuses_the_whole_file(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text('{"id": "a", "text": "نص أول"}\n{"id": "b", "text": \n', encoding="utf-8")
    report = import_paths(project, [path])
    assert report.added == 0
    assert f"{path}:2:" in report.refused[0].error
    assert document_count(project) == 0


def test_jsonl_and_csv_with_ids_titles_and_meta(project: Project, tmp_path: Path) -> None:
    (tmp_path / "d.jsonl").write_text(
        '{"id": "x1", "title": "عنوان", "text": "نص الخبر الأول", "source_url": "http://e.x"}\n',
        encoding="utf-8",
    )
    (tmp_path / "d.csv").write_text(
        'id,title,text,date\n"y1","عنوان ٢","نص الخبر الثاني","2020-11-10"\n', encoding="utf-8"
    )
    report = import_paths(project, [tmp_path])
    assert report.added == 2
    rows = summaries(project, "ali", 0, 10)
    assert {r.ext_id for r in rows} == {"x1", "y1"}
    docs = [get_document(project, r.id) for r in rows]
    metas = {d.ext_id: d.meta for d in docs}
    assert metas["x1"] == {"source_url": "http://e.x"}
    assert metas["y1"] == {"date": "2020-11-10"}


def test_cancel_stops_between_batches(project: Project, tmp_path: Path) -> None:
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(f"خبر رقم {i}\n", encoding="utf-8")
    report = import_paths(project, [tmp_path], cancelled=lambda: True)
    assert report.cancelled
    assert document_count(project) == report.added == 0


def test_a_jsonl_with_a_bad_byte_is_refused_whole(project: Project, tmp_path: Path) -> None:
    """The detector once read it as a code page and stored both documents as mojibake."""
    path = tmp_path / "docs.jsonl"
    path.write_bytes('{"id": "a", "text": "نص أول"}\n{"id": "b", "text": "نص'.encode() + b'\x85"}\n')
    report = import_paths(project, [path])
    assert report.added == 0 and document_count(project) == 0
    assert f"{path}:2: is not valid UTF-8" in report.refused[0].error


def test_a_csv_with_an_unclosed_quote_is_refused_whole(project: Project, tmp_path: Path) -> None:
    """It once stored one document holding the rest of the file, and row 2 was lost."""
    path = tmp_path / "docs.csv"
    path.write_text('id,text\n1,"نص غير مغلق\n2,نص\n', encoding="utf-8")
    report = import_paths(project, [path])
    assert report.added == 0 and document_count(project) == 0
    assert f"{path}:2: malformed CSV" in report.refused[0].error
