"""Reading plain-text corpora (.txt, JSONL, CSV) into document drafts.

Pure functions from bytes to drafts: nothing is stored here, so a file that
fails anywhere is refused whole before the project is touched.  Stored text is
the decoded text with CRLF/CR turned into LF and a leading BOM removed, and
nothing else: every later offset depends on that.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from annotate.model import DocumentDraft

TextFormat = Literal["txt", "jsonl", "csv"]
_MIB = 1024 * 1024


def file_limit(ram: int | None = None) -> int:
    """The largest file an import reads: a sixteenth of the machine's memory, from 50 MiB to 1 GiB.

    A file is read whole and held as documents until its one transaction commits,
    which takes some 5 to 8 times its size in memory (measured on 35–300 MB files:
    plain JSONL 7.5×, the annotated formats 4.6–5.2×).  A fixed 50 MiB refused a
    10,000-article export of our own; a limit with no bound would let one file take
    all the memory.  ``ram`` is for tests; by default the machine's, where the
    system says (else the 50 MiB floor).
    """
    if ram is None:
        try:
            ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        except (AttributeError, ValueError, OSError):  # no sysconf (Windows) or no such name
            ram = 0
    return max(50 * _MIB, min(1024 * _MIB, ram // 16))


MAX_FILE_BYTES = file_limit()
_SUFFIXES: dict[str, TextFormat] = {".txt": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
"""Control characters that text does not hold: below 32, except \\t \\n \\v \\f \\r."""
_RESERVED_JSONL = {"spans", "relations", "entities", "label", "annotations", "completions"}


class ImportFileError(ValueError):
    """A file refused whole; ``str()`` is ``path:line: message`` (line omitted when not about one line)."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    detection: str
    """How the encoding was found: 'BOM', 'valid UTF-8', or the detector's verdict."""


@dataclass(frozen=True, slots=True)
class FileRead:
    path: str
    format: TextFormat
    drafts: tuple[DocumentDraft, ...]
    encoding: str
    detection: str
    notes: tuple[str, ...] = ()


def normalize_newlines(text: str) -> str:
    """The only change ever made to imported text: drop a leading BOM, CRLF and CR become LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def title_of(text: str, limit: int = 200) -> str:
    """The first non-empty line, stripped for display (the stored text keeps its spaces)."""
    for line in text.split("\n"):
        if line.strip():
            return line.strip()[:limit]
    return ""


def bom_codec(data: bytes) -> str | None:
    """The codec a byte-order mark at the start of ``data`` names (it drops the mark), or None."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def decode_bytes(data: bytes, path: str) -> Decoded:
    """Decode a whole file, or refuse it with a message naming it."""
    if not data:
        raise ImportFileError(path, "empty file")
    codec = bom_codec(data)
    if codec is not None:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                path, f"has a {codec} byte-order mark but does not decode: {exc.reason}"
            ) from exc
        return Decoded(normalize_newlines(text), codec.replace("-sig", " with BOM"), "BOM")
    if b"\x00" in data:
        raise ImportFileError(
            path, "looks binary (contains NUL bytes); if it is UTF-16 text, save it with a byte-order mark"
        )
    try:
        return Decoded(normalize_newlines(data.decode("utf-8")), "utf-8", "valid UTF-8")
    except UnicodeDecodeError:
        pass
    # Imported here: most files are UTF-8, and every process that imports this module (the GUI, each
    # export worker) would pay some 14 ms for it.
    best = _detect(data)
    if best is None or best.encoding != "cp1256":
        arabic = _as_arabic_1256(data)
        if arabic is not None:
            guess = f" (charset-normalizer guessed {best.encoding})" if best is not None else ""
            return Decoded(
                normalize_newlines(arabic), "cp1256", f"its non-ASCII words read as Arabic in cp1256{guess}"
            )
    if best is None:
        raise ImportFileError(path, "cannot be decoded as text in any known encoding (binary?)")
    enc = best.encoding
    text = str(best)
    return Decoded(
        normalize_newlines(text),
        enc,
        f"detected by charset-normalizer as {enc} (languages: {', '.join(best.languages) or 'unknown'},"
        f" chaos {best.chaos:.2f})",
    )


_CODE_PAGES = (
    "cp1256",
    "cp1252",
    "cp1251",
    "latin_1",
    "cp1254",
    "cp1250",
    "cp1253",
    "cp1255",
    "koi8_r",
    "iso8859_6",
)
"""The code pages a file that is neither BOM-marked nor UTF-8 is first tried in, most likely first.

Left to choose among all its ~90 codecs, the detector read a three-word Windows-1256 headline as cp932
(``ﾞﾕﾝ ﾚ碆 ﾍ睚``): a few bytes fit many code pages.  This program reads Arabic news, with French, English
and Russian around it; a file in none of these is tried in all codecs after.  The order breaks the
detector's ties (which it settles by the codec's name: short French came out as cp1250, è as č);
ISO-8859-6, rare, comes last (short lower-case Russian reads as Arabic there)."""


def _detect(data: bytes) -> Any:
    """charset-normalizer's verdict among ``_CODE_PAGES`` (else among all it knows), ties broken our way.

    A tie (the detector's own ``<`` orders neither first) is common in a short text, where every reading
    scores chaos 0 and no language: the reading with the fewest words mixing scripts wins (ISO-8859-6
    read as Windows-1256 gives ``âصل``), then the earlier code page, but an Arabic reading none of whose
    letters is one of ل م ن ه و ى ي, bytes above 0xE0 where upper-case Cyrillic never reaches, goes after
    the others (МОСКВА read so is جخرتآہ).
    """
    # Imported here: most files are UTF-8, and every process that imports this module (the GUI, each
    # export worker) would pay some 14 ms for it.
    from charset_normalizer import from_bytes

    results = from_bytes(data, cp_isolation=list(_CODE_PAGES))
    best = results.best()
    if best is None:
        return from_bytes(data).best()
    tied = [r for r in results if not (r < best or best < r)]

    def rank(match: Any) -> tuple[int, bool, int]:
        text = str(match)
        arabic = match.encoding in ("cp1256", "iso8859_6")
        return (
            _mixed_script_words(text),
            arabic and not _COMMON_HIGH_ARABIC.search(text),
            _CODE_PAGES.index(match.encoding) if match.encoding in _CODE_PAGES else len(_CODE_PAGES),
        )

    return min(tied, key=rank)


_COMMON_HIGH_ARABIC = re.compile("[لمنهوىي]")
_SCRIPTS = {"ARABIC": 1, "LATIN": 2, "CYRILLIC": 3, "GREEK": 4, "HEBREW": 5}


def _mixed_script_words(text: str, limit: int = 5000) -> int:
    """How many of the first ``limit`` non-ASCII words hold letters of two scripts (a wrong code page's mark)."""
    mixed = seen = 0
    for word in text.split():
        if word.isascii():
            continue
        seen += 1
        scripts = {_SCRIPTS.get(unicodedata.name(ch, "?").split(" ")[0], 0) for ch in word if ch.isalpha()}
        mixed += len(scripts - {0}) > 1
        if seen == limit:
            break
    return mixed


# What an Arabic word may hold besides Arabic letters: harakat, Arabic and ASCII punctuation and digits,
# guillemets, ZWNJ/ZWJ and the direction marks, dashes and quotation marks; no Latin letter.
_ARABIC_WORD = re.compile(
    r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefe\u2000-\u206f«»"
    r"\x21-\x40\x5b-\x60\x7b-\x7e]+"
)
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")


def _as_arabic_1256(data: bytes) -> str | None:
    """``data`` decoded as Windows-1256 when, read so, 19 in 20 of its first 5,000 words holding a
    non-ASCII character are Arabic words, and one in ten of those has the article ال; else None.

    The detector weighs byte frequencies, and a file mostly of ASCII (CoNLL's tags and columns) around
    Arabic words was read as mac_latin2 or mac_cyrillic, every token mojibake; Arabic news is what this
    program reads.  Text of another code page read as Windows-1256 gives Latin letters inside its words
    (Latin-1's ä is an Arabic letter there, its é stays é; Cyrillic а, и, о become à, è, î; ISO-8859-6's
    و and ي become è and ê), so it fails the first test.  Upper-case Cyrillic reads as Arabic letters
    throughout (МОСКВА as جخرتآہ) but never as ال, whose lam is a lower-case letter there: the article,
    in a third of the words of Arabic prose and of CoNLL's tokens, keeps the detector's verdict on it.
    Fewer than ten such words say too little to overrule the detector.
    """
    text = data.decode("cp1256", errors="replace")
    words = arabic = articled = 0
    for word in text[:2_000_000].split():
        if word.isascii():
            continue
        words += 1
        if _ARABIC_WORD.fullmatch(word) and _ARABIC_LETTER.search(word):
            arabic += 1
            articled += "ال" in word
        if words == 5000:
            break
    return text if words >= 10 and 20 * arabic >= 19 * words and 10 * articled >= arabic else None


def _check_text(text: str, path: str, line: int | None = None, *, may_hold_controls: bool = True) -> None:
    """Refuse an empty text, or one whose first 100,000 characters are more than 0.1 % control characters.

    The count is one compiled-regex pass (a per-character Python loop was a third
    of the import time of a large corpus).  ``may_hold_controls=False`` skips it
    for text the caller knows holds none (a JSON string whose line has no
    ``\\u00`` or ``\\b`` escape: JSON refuses raw control characters).
    """
    if not text.strip():
        raise ImportFileError(path, "empty text", line)
    if not may_hold_controls:
        return
    head = text[:100_000]
    if _CONTROL.search(head) is None:
        return
    controls = len(_CONTROL.findall(head))
    if controls > max(2, len(head) // 1000):
        raise ImportFileError(path, f"looks binary ({controls} control characters in the text)", line)


def draft(
    text: str, source: str, encoding: str, ext_id: str = "", title: str = "", meta: Mapping | None = None
) -> DocumentDraft:
    return DocumentDraft(
        text=text,
        title=title.strip() or title_of(text),
        source=source,
        sha256=sha256_text(text),
        ext_id=ext_id,
        meta=dict(meta or {}),
        encoding=encoding,
    )


def sniff_format(path: Path, text: str) -> TextFormat:
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt:
        return fmt
    first = text.lstrip()[:1]
    return "jsonl" if first == "{" else "txt"


def read_txt(path: Path, dec: Decoded) -> FileRead:
    _check_text(dec.text, str(path))
    d = draft(dec.text, str(path), dec.encoding, ext_id=path.stem)
    return FileRead(str(path), "txt", (d,), dec.encoding, dec.detection)


def _meta_from(record: Mapping[str, Any], skip: set[str]) -> dict[str, Any]:
    meta = dict(record.get("meta") or {}) if isinstance(record.get("meta"), dict) else {}
    for k, v in record.items():
        if k not in skip and k != "meta":
            meta[k] = v
    return meta


def read_jsonl(path: Path, dec: Decoded) -> FileRead:
    drafts: list[DocumentDraft] = []
    notes: list[str] = []
    reserved_lines = 0
    for n, raw in enumerate(dec.text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            rec = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ImportFileError(str(path), f"malformed JSON at column {exc.colno}: {exc.msg}", n) from exc
        if not isinstance(rec, dict):
            raise ImportFileError(str(path), "each line must be a JSON object", n)
        text = rec.get("text")
        if not isinstance(text, str):
            raise ImportFileError(str(path), 'no "text" field with a string value', n)
        text = normalize_newlines(text)
        _check_text(text, str(path), n, may_hold_controls="\\u00" in raw or "\\b" in raw)
        if _RESERVED_JSONL & rec.keys():
            reserved_lines += 1
        ext_id = rec.get("id")
        title = rec.get("title")
        drafts.append(
            draft(
                text,
                f"{path}:{n}",
                dec.encoding,
                ext_id="" if ext_id is None else str(ext_id),
                title=title if isinstance(title, str) else "",
                meta=_meta_from(rec, {"text", "id", "title", *_RESERVED_JSONL}),
            )
        )
    if not drafts:
        raise ImportFileError(str(path), "no documents (no non-empty lines)")
    if reserved_lines:
        notes.append(
            f"{reserved_lines} line(s) carry annotations; only their text was imported here"
            " (import them with an annotation format, e.g. --format jsonl of an export, to keep spans)"
        )
    return FileRead(str(path), "jsonl", tuple(drafts), dec.encoding, dec.detection, tuple(notes))


def read_csv(path: Path, dec: Decoded) -> FileRead:
    csv.field_size_limit(MAX_FILE_BYTES)  # a long article is one field; the default limit is 128 KiB
    sample = dec.text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    if dialect.escapechar is None:
        # A quote inside a quoted field is doubled (RFC 4180). The sniffer says no whenever its sample
        # holds no doubled quote, and a later "a ""b"" c" was read as 'a "b"" c"'.
        dialect.doublequote = True
    # strict: a quoted field still open at the end of the file (its closing quote lost) raises instead
    # of swallowing every later row into it, and so does text after a closing quote ("a"b).
    reader = csv.DictReader(io.StringIO(dec.text, newline=""), dialect=dialect, strict=True)
    try:
        fields = {(f or "").strip().lower(): f for f in reader.fieldnames or []}
    except csv.Error as exc:
        raise ImportFileError(str(path), f"malformed CSV header: {exc}", 1) from exc
    if "text" not in fields:
        raise ImportFileError(str(path), f"no 'text' column (columns: {', '.join(fields) or 'none'})", 1)
    drafts: list[DocumentDraft] = []
    last = reader.line_num  # the line the previous row (or the header) ended on
    try:
        for row in reader:
            n = reader.line_num
            last = n
            if None in row:
                raise ImportFileError(str(path), "more fields than the header has", n)
            text = normalize_newlines(row.get(fields["text"]) or "")
            _check_text(text, str(path), n)
            meta = {k: v for k, v in row.items() if k not in {fields.get(x) for x in ("text", "id", "title")}}
            drafts.append(
                draft(
                    text,
                    f"{path}:{n}",
                    dec.encoding,
                    ext_id=(row.get(fields["id"]) or "") if "id" in fields else "",
                    title=(row.get(fields["title"]) or "") if "title" in fields else "",
                    meta=meta,
                )
            )
    except csv.Error as exc:
        opened = _unclosed_quote_line(dec.text, last, reader.reader.dialect)
        if str(exc) == "unexpected end of data" and opened is not None:
            raise ImportFileError(
                str(path),
                "malformed CSV: a quoted field opens here and is never closed"
                " (every later line would be read into it)",
                opened,
            ) from exc
        raise ImportFileError(str(path), f"malformed CSV: {exc}", reader.line_num) from exc
    if not drafts:
        raise ImportFileError(str(path), "no rows under the header")
    return FileRead(str(path), "csv", tuple(drafts), dec.encoding, dec.detection)


def _unclosed_quote_line(text: str, after: int, dialect: Any) -> int | None:
    """The line of the quote that opens the field left open at the end of ``text``, reading from line
    ``after`` + 1 (where the row the reader failed in starts), or None when it finds none open.

    The reader only says it ran out of data, at the last line; the mistake is where the quote opened.
    A quote opens a field only at the field's start, as the reader takes it (elsewhere it is a character).
    """
    quote, delimiter, doubled = dialect.quotechar or '"', dialect.delimiter, dialect.doublequote
    rest = "\n".join(text.split("\n")[after:])
    state, opened_at = "start", 0
    for i, ch in enumerate(rest):
        if state == "quoted":
            state = "closing" if ch == quote else "quoted"
        elif state == "closing" and ch == quote and doubled:
            state = "quoted"
        elif ch in (delimiter, "\n"):
            state = "start"
        elif state == "start" and ch == quote:
            state, opened_at = "quoted", i
        elif not (state == "start" and ch == " " and dialect.skipinitialspace):
            state = "plain"
    return after + rest.count("\n", 0, opened_at) + 1 if state == "quoted" else None


def too_large(size: int, limit: int) -> str:
    """Why a file over the limit is refused, and what to do."""
    return (
        f"is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit per file on this machine (a file is"
        " read whole, taking some 5 to 8 times its size in memory); split it into smaller files"
    )


def _require_utf8(data: bytes, path: str) -> None:
    """Refuse JSON Lines that are not UTF-8, naming the line and column of the first bad byte.

    JSON text exchanged between systems must be UTF-8 (RFC 8259, 8.1); a byte that is not is damage, not
    another code page, and the detector read a two-line file with one such byte as iso8859_11 or cp1250,
    every document mojibake.  A byte-order mark (UTF-8, UTF-16, UTF-32) is still honoured by the caller.
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = data[: exc.start]
        line = head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1
        column = exc.start - max(head.rfind(b"\n"), head.rfind(b"\r"))
        raise ImportFileError(
            path,
            f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at byte {column} of the line: {exc.reason});"
            " JSON Lines must be UTF-8, save the file as UTF-8",
            line,
        ) from exc


def read_text_file(
    path: str | Path, fmt: TextFormat | Literal["auto"] = "auto", max_bytes: int = MAX_FILE_BYTES
) -> FileRead:
    """Read one file whole; raise ImportFileError naming it (and the line) on any problem."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise ImportFileError(str(p), too_large(size, max_bytes))
        data = p.read_bytes()
    except OSError as exc:
        raise ImportFileError(str(p), f"cannot be read ({exc.strerror or exc})") from exc
    kind: TextFormat | None = _SUFFIXES.get(p.suffix.lower()) if fmt == "auto" else fmt
    if kind == "jsonl" and bom_codec(data) is None and b"\x00" not in data:
        _require_utf8(data, str(p))  # before the detector, which would read any bytes as something
    dec = decode_bytes(data, str(p))
    if kind is None:
        kind = sniff_format(p, dec.text)
        if kind == "jsonl" and dec.detection != "BOM":
            _require_utf8(data, str(p))
    readers = {"txt": read_txt, "jsonl": read_jsonl, "csv": read_csv}
    return readers[kind](p, dec)


def collect_paths(paths: Iterable[str | Path], fmt: str = "auto") -> tuple[list[Path], list[Path]]:
    """Expand folders recursively into the files to read, sorted; returns (files, skipped).

    A folder contributes files of the chosen format's suffix (all known text
    suffixes for auto); hidden files are skipped.  A file named explicitly is
    always read, whatever its suffix, so a wrong file gets a clear refusal.
    """
    wanted = set(_SUFFIXES) if fmt == "auto" else {s for s, f in _SUFFIXES.items() if f == fmt}
    files: list[Path] = []
    skipped: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if not child.is_file():
                    continue
                if any(part.startswith(".") for part in child.relative_to(p).parts):
                    continue
                (files if child.suffix.lower() in wanted else skipped).append(child)
        else:
            files.append(p)
    return files, skipped
