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


# -- JSON Lines are UTF-8 (RFC 8259): a bad byte is damage, named by line, not a cue to guess a code page --
@pytest.mark.parametrize(
    ("name", "data", "line"),
    [
        # the detector read these as iso8859_11 and cp1250, every document mojibake, and imported them
        (
            "d.jsonl",
            b'{"id": "a", "text": "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7"}\n{"id": "b", "text": "\x85"}\n',
            2,
        ),
        ("d.jsonl", '{"text": "café"}\n{"text": "a'.encode() + b'\x80b"}\n', 2),
        ("d.ndjson", '{"text": "نص"}\r\n{"text": "نص"}\r\n{"text": "'.encode() + b'\xd9"}\r\n', 3),
        ("noext", '{"text": "café"}\n{"text": "a'.encode() + b'\x80b"}\n', 2),  # sniffed as JSONL
    ],
)
def test_jsonl_that_is_not_utf8_is_refused_at_its_first_bad_byte(
    tmp_path: Path, name: str, data: bytes, line: int
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ImportFileError, match="is not valid UTF-8") as info:
        read_text_file(path)
    assert info.value.line == line and str(info.value).startswith(f"{path}:{line}: ")


def test_jsonl_with_a_utf16_bom_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_bytes(codecs.BOM_UTF16_LE + '{"text": "غارة على حلب"}\n'.encode("utf-16-le"))
    assert [d.text for d in read_text_file(path).drafts] == ["غارة على حلب"]


def test_a_cp1256_jsonl_is_refused_but_the_same_txt_is_read(tmp_path: Path) -> None:
    (tmp_path / "d.jsonl").write_bytes('{"text": "غارة على حلب"}\n'.encode("cp1256"))
    (tmp_path / "d.txt").write_bytes("غارة على حلب\n".encode("cp1256"))
    with pytest.raises(ImportFileError, match=r"d\.jsonl:1: is not valid UTF-8"):
        read_text_file(tmp_path / "d.jsonl")
    assert read_text_file(tmp_path / "d.txt").drafts[0].text == "غارة على حلب\n"


# -- short texts: the detector is asked about this program's code pages, and its ties are broken our way --
@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("قصف على حلب", "cp1256"),  # was cp932: ﾞﾕﾝ ﾚ碆 ﾍ睚
        ("غارة جوية عنيفة", "cp1256"),  # was cp932
        ("قصف على حلب", "iso-8859-6"),  # was cp1256: âصل ظنé حنب
        ("Les élèves ont été très déçus.", "cp1252"),  # was cp1250: élčves
        ("Привет, как дела?", "cp1251"),
        ("Москва сегодня утром", "cp1251"),
        ("МОСКВА, 12 МАЯ.", "cp1251"),  # was cp932; read as Windows-1256 it is Arabic letters (جخرتآہ)
        ("Grüße aus Köln", "latin-1"),
    ],
)
def test_a_short_text_decodes_to_itself(text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec), "x.txt").text == text


def test_a_short_windows_1256_headline_is_stored_as_arabic(tmp_path: Path) -> None:
    path = tmp_path / "h.txt"
    path.write_bytes("قصف على حلب".encode("cp1256"))
    read = read_text_file(path)
    assert read.drafts[0].text == "قصف على حلب" and read.encoding == "cp1256"


# -- CSV: a quote never closed refuses the file at the line it opens, instead of swallowing later rows --
@pytest.mark.parametrize(
    ("content", "line"),
    [
        ('id,text\n1,"نص غير مغلق\n2,نص\n', 2),  # was one document holding the rest of the file, row 2 lost
        ('id,text\n1,نص\n\n2,"a\n\nb"\n3,"نص\nسطر\n4,نص\n', 7),
        ('id,text,x\n1,ab"cd,e\n2,"نص "" مقتبس",f\n3,g,"مفتوح\n4,h,i\n', 4),
    ],
)
def test_csv_with_an_unclosed_quote_is_refused_where_it_opens(
    tmp_path: Path, content: str, line: int
) -> None:
    path = tmp_path / "d.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError, match="never closed") as info:
        read_text_file(path)
    assert info.value.line == line and str(info.value).startswith(f"{path}:{line}: malformed CSV")


def test_csv_quoted_fields_across_lines_and_inner_quotes_still_read(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text('id,text\n1,"سطر\n\nوسطر, ثم"\n2,نص ab"cd\n', encoding="utf-8")
    assert [d.text for d in read_text_file(path).drafts] == ["سطر\n\nوسطر, ثم", 'نص ab"cd']


def test_csv_doubled_quotes_after_the_sniffed_sample_are_read_as_one_quote(tmp_path: Path) -> None:
    """The sniffer says 'no doubled quotes' when its 8 KB sample has none: a later one was garbled."""
    rows = [f'{i},"نص رقم {i}، مع فاصلة, هنا"' for i in range(1, 400)]
    rows.append('400,"قال ""مرحبا"" ثم ذهب"')
    path = tmp_path / "d.csv"
    path.write_text("id,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert len("\n".join(rows[:-1])) > 8192  # the doubled quote is past the sniffed sample
    assert read_text_file(path).drafts[-1].text == 'قال "مرحبا" ثم ذهب'
