"""Finding and reading annotated files: which format a file is in, and its documents with annotations.

Auto-detection must tell our plain text and plain JSONL (handled by
``annotate.textimport``) from annotated files: a JSON record with span keys, a
``.txt`` with a ``.ann`` beside it, or lines of token and BIO tag are annotated;
``detect`` returns None for everything else.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal

from annotate.formats.brat import FragmentPolicy, read_brat
from annotate.formats.conll import is_comment, read_conll
from annotate.formats.doccano import read_doccano
from annotate.formats.jsonrecords import detect_json_format, first_record
from annotate.formats.labelstudio import read_labelstudio
from annotate.formats.layers import NAMING_FORMATS, refuse_unnamed
from annotate.formats.offsetfix import OffsetUnit
from annotate.formats.ours import read_ours
from annotate.formats.prodigy import read_prodigy
from annotate.formats.records import AnnotatedDraft
from annotate.formats.report import FormatReport
from annotate.textimport import MAX_FILE_BYTES, ImportFileError, bom_codec, decode_bytes, too_large

AnnotatedFormat = Literal["brat", "doccano", "labelstudio", "prodigy", "conll", "jsonl"]
ANNOTATED_FORMATS: tuple[AnnotatedFormat, ...] = (
    "brat",
    "doccano",
    "labelstudio",
    "prodigy",
    "conll",
    "jsonl",
)
_CONLL_SUFFIXES = {".conll", ".conllu", ".bio", ".iob", ".iob2", ".bioes", ".tsv"}
_JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
BROWSER_FORMATS = ("doccano", "labelstudio")
"""Formats written by tools in a browser, whose offsets may count UTF-16 units (``import --offsets``)."""
_READERS: dict[str, Callable[..., list[AnnotatedDraft]]] = {
    "doccano": read_doccano,
    "labelstudio": read_labelstudio,
    "prodigy": read_prodigy,
    "conll": read_conll,
    "jsonl": read_ours,
}
_NAMING_READERS: dict[str, Callable[..., list[AnnotatedDraft]]] = {
    "labelstudio": read_labelstudio,
    "prodigy": read_prodigy,
    "jsonl": read_ours,
}


def read_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ImportFileError(str(path), too_large(size, max_bytes))
        return path.read_bytes()
    except OSError as exc:
        raise ImportFileError(str(path), f"cannot be read ({exc.strerror or exc})") from exc


def decode_raw(data: bytes, path: str) -> str:
    """The decoded text before newline normalisation (brat counts CR characters in its offsets).

    A UTF-8 byte-order mark stays, as U+FEFF: brat reads the file as plain UTF-8 and counts it in
    every offset; the stored text drops it (``NewlineMap``), and the offsets move with it.
    """
    dec = decode_bytes(data, path)
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            return data.decode(codec)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode(dec.encoding, errors="replace")


_SNIFFED_LINES = 200


# A tag as detection counts it: its label holds a letter.  S-300, B-52, I-95 or E-3 end many a line of
# conflict news (weapons, aircraft, roads) and are no entity tags; the reader itself takes any label.
_ENTITY_TAG = re.compile(r"^(?:O|[BIESLU][-_]\S*[^\W\d_]\S*)$")


def _looks_like_conll(text: str) -> bool:
    """Whether a ``.txt`` (or a named file of no claimed suffix) is CoNLL.

    Among its first 200 lines that are not blank, comments or ``-DOCSTART-``, two in three end in
    tags (a tag's label holds a letter) after at most three other columns (CoNLL's token, or token,
    part of speech and chunk) or are spaCy's ``token|tag`` items; some tag is not ``O``, or every such
    line is a word and its tag; and a file of one such line is a word and its tag.

    Not every line: one malformed line among them made a CoNLL file plain text, imported without a
    word, where read as CoNLL that line is refused with its number.  The few columns before the tags
    keep prose plain, whose lines ending in ``S-300`` or ``O`` have any number of words before it
    (``Send comments by E-mail``); and read as text, a file of ``O`` tags only would hold its tags.
    """
    body: list[str] = []
    for raw in text.split("\n"):
        ln = raw.replace("\ufeff", "").strip()  # a BOM inside the file: two files joined with cat
        if ln and not ln.startswith("-DOCSTART-") and not is_comment(ln):
            body.append(ln)
            if len(body) == _SNIFFED_LINES:
                break
    leads: Counter[int] = Counter()  # columns before the tags, per fitting line (0: token|tag items)
    entity = False
    for ln in body:
        cols = ln.split("\t") if "\t" in ln else ln.split()
        if len(cols) > 1 and all("|" in c and _ENTITY_TAG.match(c.rsplit("|", 1)[1]) for c in cols):
            lead, tags = 0, [c.rsplit("|", 1)[1] for c in cols]
        elif 2 <= len(cols) <= 30 and _ENTITY_TAG.match(cols[-1].strip()):
            lead = len(cols) - 1
            while lead > 1 and _ENTITY_TAG.match(cols[lead - 1].strip()):
                lead -= 1  # Wojood's nesting levels, CoNLL-2003's chunk: tags too
            tags = cols[lead:]
            if lead > 3:
                continue
        else:
            continue
        leads[lead] += 1
        entity = entity or any(t.strip() != "O" for t in tags)
    fitting = sum(leads.values())
    words = set(leads) <= {0, 1}  # a word (or token|tag items) and its tags on every fitting line
    return 3 * fitting >= 2 * len(body) > 0 and (entity or words) and (fitting > 1 or words)


def _sniffed(data: bytes) -> str:
    """The start of a file as text to look at: in the encoding its byte-order mark names (UTF-16 and
    UTF-32 too), else UTF-8, where a byte of another encoding (Windows-1256 Arabic) becomes U+FFFD and
    its word still a column.  ``data`` may end inside a character: that one is dropped."""
    codec = bom_codec(data)
    if codec is not None:
        return data.decode(codec, errors="ignore")
    return data.decode("utf-8", errors="replace")


def detect(path: Path, named: bool = False) -> AnnotatedFormat | None:
    """The annotated format of a file, or None when it is plain text for the text importer.

    ``named``: the user named this file (not found in a folder), so a suffix no format claims is
    looked into too.
    """
    suffix = path.suffix.lower()
    if suffix == ".ann" or (suffix == ".txt" and path.with_suffix(".ann").exists()):
        return "brat"
    if suffix in _CONLL_SUFFIXES:
        return "conll"
    # A named file with a suffix no format claims (tasks.export, no suffix) is looked into as .txt is: it
    # is read whatever its suffix, and Label Studio JSON read as one plain text (63 MB of it, once) is no
    # one's intent.  In a folder such files are not taken at all, and not opened to find that out.
    unclaimed = named and suffix not in _PLAIN_SUFFIXES
    if suffix in _JSON_SUFFIXES or suffix == ".txt" or unclaimed:
        try:
            with path.open("rb") as fh:
                text = _sniffed(fh.read(1 << 20))
        except OSError:
            return None
        if text.lstrip().startswith(("{", "[")):
            rec = first_record(text) or first_record(_sniffed(path.read_bytes()))
            return detect_json_format(rec) if rec else None  # type: ignore[return-value]
        if (suffix == ".txt" or unclaimed) and _looks_like_conll(text):
            return "conll"
    return None


_PLAIN_SUFFIXES = {".txt", ".jsonl", ".ndjson", ".csv"}
_FOLDER_SUFFIXES: dict[str, set[str]] = {
    "brat": {".ann"},
    "conll": _CONLL_SUFFIXES | {".txt"},
    "doccano": _JSON_SUFFIXES,
    "labelstudio": _JSON_SUFFIXES,
    "prodigy": _JSON_SUFFIXES,
    "jsonl": _JSON_SUFFIXES,
}


def collect(paths: Iterable[str | Path], fmt: str) -> list[tuple[Path, AnnotatedFormat | None]]:
    """Files to read with their format (None: plain text for the text importer).

    Folders are walked recursively (hidden files skipped); a brat pair is listed
    once, by its ``.ann``.  In a folder only files of the format's suffixes (or,
    for auto, annotated files and plain-text suffixes) are taken; a file named
    explicitly is always taken, so a wrong file gets a clear refusal.
    """
    out: list[tuple[Path, AnnotatedFormat | None]] = []
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        in_dir = p.is_dir()
        children = sorted(c for c in p.rglob("*") if c.is_file()) if in_dir else [p]
        for c in children:
            if in_dir and any(part.startswith(".") for part in c.relative_to(p).parts):
                continue
            if c.suffix.lower() == ".conf":
                continue
            if fmt == "auto":
                kind = detect(c, named=not in_dir)
                if in_dir and kind is None and c.suffix.lower() not in _PLAIN_SUFFIXES:
                    continue
            else:
                if in_dir and c.suffix.lower() not in _FOLDER_SUFFIXES.get(fmt, set()):
                    continue
                kind = fmt  # type: ignore[assignment]
            if kind == "brat":
                c = c.with_suffix(".ann")
            if c in seen:
                continue
            seen.add(c)
            out.append((c, kind))
    return out


def read_annotated(
    path: Path,
    fmt: AnnotatedFormat,
    report: FormatReport,
    fragments: FragmentPolicy = "refuse",
    *,
    layers: bool = False,
    offsets: OffsetUnit | None = None,
) -> list[AnnotatedDraft]:
    """Every document of one file with its annotations, or ImportFileError: nothing of a failing file.

    ``layers`` reads every annotator's annotations, each draft naming its layer
    (``AnnotatedDraft.annotator``); a format that names no annotators is refused.
    ``offsets`` says what the offsets of doccano and Label Studio files count
    (the other formats count code points by definition).
    """
    stated = {"unit": offsets} if offsets and fmt in BROWSER_FORMATS else {}
    if layers:
        if fmt not in NAMING_FORMATS:
            raise refuse_unnamed(str(path), fmt)
        text = decode_bytes(read_bytes(path), str(path)).text
        return _NAMING_READERS[fmt](str(path), text, report, layers=True, **stated)
    if fmt == "brat":
        if path.suffix.lower() not in (".ann", ".txt"):  # else the refusal named a .ann that is not there
            raise ImportFileError(str(path), "not a brat file: brat annotates a .txt in a .ann beside it")
        ann_path = path.with_suffix(".ann")
        txt_path = path.with_suffix(".txt")
        if not txt_path.exists():
            raise ImportFileError(str(ann_path), f"no text file {txt_path.name} beside it")
        if not ann_path.exists():
            raise ImportFileError(str(txt_path), f"no annotation file {ann_path.name} beside it")
        raw = decode_raw(read_bytes(txt_path), str(txt_path))
        ann = decode_bytes(read_bytes(ann_path), str(ann_path)).text if ann_path.stat().st_size else ""
        return [read_brat(str(txt_path), raw, str(ann_path), ann, report, fragments)]
    if fmt not in _READERS:
        raise ImportFileError(str(path), f"unknown annotation format {fmt!r}")
    text = decode_bytes(read_bytes(path), str(path)).text
    return _READERS[fmt](str(path), text, report, **stated)
