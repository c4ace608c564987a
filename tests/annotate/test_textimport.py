"""Decoding and reading text files: encodings, normalisation, refusals naming the file and line."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotate.textimport import (
    ImportFileError,
    decode_bytes,
    normalize_newlines,
    read_text_file,
    sha256_text,
    title_of,
)

TEXT = "\nغارة جوية على ريف إدلب\r\nقُتل 13 شخصًا، وأصيب آخرون.\rلإعادة الإعمار؟ «نعم»\n"
EXPECTED = TEXT.replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8 with BOM"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        ((TEXT * 4).encode("cp1256"), "cp1256"),
    ],
)
def test_encodings_decode_to_the_same_text(data: bytes, encoding: str) -> None:
    dec = decode_bytes(data, "f.txt")
    assert dec.encoding == encoding
    assert dec.text == (EXPECTED * 4 if encoding == "cp1256" else EXPECTED)
    assert dec.detection


def test_only_newlines_and_bom_change() -> None:
    assert normalize_newlines("\ufeffأ\r\nب\rج\n\ufeffد ") == "أ\nب\nج\n\ufeffد "


@given(st.text())
def test_normalised_text_has_no_cr_and_is_idempotent(text: str) -> None:
    once = normalize_newlines(text)
    assert "\r" not in once
    assert normalize_newlines(once) == once or once.startswith("\ufeff")


def test_title_is_first_non_empty_line() -> None:
    assert title_of("\n   \n  عنوان  \nنص") == "عنوان"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"\x00\x01\x02binary\x00" * 50, "binary"),
        (b"   \n\n  ", "empty text"),
        (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 100, "binary"),
    ],
)
def test_refusals_name_the_file(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    with pytest.raises(ImportFileError, match=message) as info:
        read_text_file(path)
    assert str(info.value).startswith(str(path))


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("كلمة " * 1000, encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"over the .* limit per file on this machine") as info:
        read_text_file(path, max_bytes=1000)
    assert "split it into smaller files" in str(info.value)


@pytest.mark.parametrize(
    ("ram_gib", "limit_mib"),
    [(0, 50), (0.5, 50), (4, 256), (8, 512), (16, 1024), (64, 1024)],
)
def test_the_file_limit_is_a_sixteenth_of_the_memory_within_bounds(ram_gib: float, limit_mib: int) -> None:
    """A 60 MB export of 10,000 articles of our own was refused at the old fixed 50 MB."""
    from annotate.textimport import file_limit

    assert file_limit(int(ram_gib * 2**30)) == limit_mib * 2**20


def test_the_file_limit_falls_back_to_its_floor_where_the_system_says_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from annotate import textimport

    def no_sysconf(_name: str) -> int:
        raise ValueError("unknown name")

    monkeypatch.setattr(textimport.os, "sysconf", no_sysconf)
    assert textimport.file_limit() == 50 * 2**20


def test_jsonl_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text('{"text": "أ"}\n\n["not", "an", "object"]\n', encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"d\.jsonl:3: each line must be a JSON object"):
        read_text_file(path)


def test_csv_needs_a_text_column(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("id,body\n1,نص\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="no 'text' column"):
        read_text_file(path)


def test_hash_is_of_the_stored_text() -> None:
    assert sha256_text(EXPECTED) == sha256_text(decode_bytes(TEXT.encode("cp1256"), "x").text)
