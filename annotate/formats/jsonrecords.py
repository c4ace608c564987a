"""Reading JSON records from a file that may be JSONL, one pretty-printed object, or an array.

doccano exports JSONL but its examples are pretty-printed objects; Label Studio
exports one array; Prodigy writes JSONL.  Each record comes with the line it
starts on, so an error can name it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from annotate.textimport import ImportFileError

_DECODER = json.JSONDecoder()
T = TypeVar("T")


class _Lines:
    """Line numbers of positions met in increasing order, counting only the newlines since the last one.

    Counting from the start of the text for every record made reading a file of
    many records quadratic (20,000 doccano lines, 14 MB: 51 s before a span was read).
    """

    __slots__ = ("_line", "_pos", "_text")

    def __init__(self, text: str) -> None:
        self._text, self._pos, self._line = text, 0, 1

    def at(self, pos: int) -> int:
        if pos < self._pos:  # not met in order: count afresh
            return self._text.count("\n", 0, pos) + 1
        self._line += self._text.count("\n", self._pos, pos)
        self._pos = pos
        return self._line


def _skip_space(text: str, pos: int) -> int:
    n = len(text)
    while pos < n and text[pos] in " \t\r\n\ufeff":
        pos += 1
    return pos


def _malformed(path: str, exc: json.JSONDecodeError, start: int, what: str) -> ImportFileError:
    where = f"column {exc.colno}" if exc.lineno == start else f"line {exc.lineno} column {exc.colno}"
    return ImportFileError(path, f"malformed JSON in {what} starting here ({where}): {exc.msg}", start)


def _array_items(path: str, text: str, lines: _Lines) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each object of a top-level array with the line it starts on (Label Studio exports one array)."""
    pos = _skip_space(text, text.index("[") + 1)
    if pos < len(text) and text[pos] == "]":
        pos += 1
    else:
        i = 0
        while True:
            i += 1
            start = lines.at(pos)
            try:
                item, pos = _DECODER.raw_decode(text, pos)
            except json.JSONDecodeError as exc:
                raise _malformed(path, exc, start, f"item {i} of the array") from exc
            if not isinstance(item, dict):
                raise ImportFileError(path, f"item {i} of the array is not a JSON object", start)
            yield start, item
            pos = _skip_space(text, pos)
            if pos < len(text) and text[pos] == ",":
                pos = _skip_space(text, pos + 1)
                continue
            if pos < len(text) and text[pos] == "]":
                pos += 1
                break
            raise ImportFileError(path, f"malformed JSON: ',' or ']' expected after item {i}", lines.at(pos))
    pos = _skip_space(text, pos)
    if pos < len(text):
        raise ImportFileError(path, "malformed JSON: text after the closing ']'", lines.at(pos))


def iter_records(path: str, text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line, object)`` for every top-level JSON object; refuse anything else with its line.

    The line is where the object starts, in an array too, so an error in the
    fifth task of a Label Studio export names that task's line, not the array's.
    """
    lines = _Lines(text)
    if text.lstrip().startswith("["):
        yield from _array_items(path, text, lines)
        return
    pos = 0
    n = len(text)
    while True:
        pos = _skip_space(text, pos)
        if pos >= n:
            return
        start = lines.at(pos)
        try:
            rec, end = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise _malformed(path, exc, start, "the record") from exc
        if not isinstance(rec, dict):
            raise ImportFileError(path, "each record must be a JSON object", start)
        yield start, rec
        pos = end


def each_record(path: str, text: str, one: Callable[[int, dict[str, Any]], T]) -> list[T]:
    """``one(line, record)`` for every record of a JSON-records file; a file with none is refused."""
    out = [one(line, rec) for line, rec in iter_records(path, text)]
    if not out:
        raise ImportFileError(path, "no records")
    return out


def record_id(rec: dict[str, Any]) -> str:
    """A record's own id as our external id: any JSON scalar as text, none as ''."""
    ext = rec.get("id")
    return "" if ext is None else str(ext)


def first_record(text: str) -> dict[str, Any] | None:
    """The first JSON object of a file (for format detection), or None when it does not parse."""
    stripped = text.lstrip("\ufeff \t\r\n")
    try:
        if stripped.startswith("["):
            data = json.loads(stripped)
            return data[0] if data and isinstance(data[0], dict) else None
        rec, _ = _DECODER.raw_decode(stripped)
    except (json.JSONDecodeError, ValueError):
        return None
    return rec if isinstance(rec, dict) else None


def detect_json_format(rec: dict[str, Any]) -> str | None:
    """Which annotation tool wrote a record, from its keys; None for plain text records."""
    if "annotations" in rec or "completions" in rec or isinstance(rec.get("data"), dict):
        return "labelstudio"
    spans = rec.get("spans")
    if isinstance(spans, list):
        ours = "annotator" in rec and "tokens" not in rec
        if ours and all(isinstance(s, dict) and "id" in s for s in spans):
            return "jsonl"
        return "prodigy"
    if "entities" in rec or "label" in rec or "column_label" in rec:
        return "doccano"
    return None


def text_field(path: str, line: int, rec: dict[str, Any], *names: str) -> str:
    for name in names:
        v = rec.get(name)
        if isinstance(v, str):
            return v
    raise ImportFileError(path, f"no {' or '.join(repr(n) for n in names)} field with a string value", line)


def int_field(path: str, line: int, obj: dict[str, Any], name: str, what: str) -> int:
    v = obj.get(name)
    if isinstance(v, bool) or not isinstance(v, int):
        raise ImportFileError(path, f"{what}: {name!r} must be an integer, got {v!r}", line)
    return v
