"""spaCy training data: a ``DocBin`` built with spaCy's own API over ``spacy.blank("ar")`` tokens.

Every stored span goes to ``doc.spans["sc"]`` (overlaps allowed); a
non-overlapping choice (longest first, spaCy's ``filter_spans``) goes to
``doc.ents``.  Spans are aligned to tokens with ``char_span(alignment_mode=...)``;
each widened, narrowed or dropped span, and each overlap left out of
``doc.ents``, is reported.  spaCy is optional at run time: importing it is
deferred to the export that needs it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, Literal

from annotate.formats.records import LayerDoc
from annotate.formats.report import FormatReport

Alignment = Literal["expand", "contract", "strict"]
SPANS_KEY = "sc"


class FormatUnavailable(RuntimeError):
    """A format needs an optional package that is not installed."""


def load_spacy() -> Any:
    try:
        import spacy
    except ImportError as exc:
        raise FormatUnavailable(
            "the spacy format needs spaCy, which is not installed: pip install spacy==3.8.18"
        ) from exc
    return spacy


def blank_arabic() -> Any:
    return load_spacy().blank("ar")


def make_doc(nlp: Any, item: LayerDoc, report: FormatReport, alignment: Alignment = "expand") -> Any:
    """One spaCy ``Doc`` with ``spans["sc"]`` and ``ents``; relations and attributes are reported as dropped."""
    from spacy.util import filter_spans

    name = item.doc.ext_id or str(item.doc.id)
    doc = nlp.make_doc(item.doc.text)
    aligned = []
    stored = []  # what each aligned span was, as the report names it: by the offsets the project holds
    for s in item.spans:
        sp = doc.char_span(s.start, s.end, label=s.label, alignment_mode=alignment)
        if sp is None or len(sp) == 0:
            report.add(
                "dropped_span", name, f"{s.label} {s.start}..{s.end} {s.text!r}: no token fits ({alignment})"
            )
            continue
        here = f"{s.label} {s.start}..{s.end} {s.text!r}"
        if (sp.start_char, sp.end_char) != (s.start, s.end):
            there = f"{sp.start_char}..{sp.end_char} {sp.text!r}"
            narrowed = s.start <= sp.start_char and sp.end_char <= s.end  # contract; expand only widens
            report.add("narrowed" if narrowed else "widened", name, f"{here} -> {there}")
            here += f" (as {there})"
        if s.attributes:
            report.dropped_attributes(name, s.label, s.text, s.attributes)
        aligned.append(sp)
        stored.append(here)
    doc.spans[SPANS_KEY] = aligned
    ents = filter_spans(aligned)
    kept = {(e.start, e.end, e.label_) for e in ents}
    for sp, here in zip(aligned, stored, strict=True):
        key = (sp.start, sp.end, sp.label_)
        if key in kept:
            kept.discard(key)
        else:
            report.add("dropped_overlap", name, here)
    doc.ents = ents
    for r in item.relations:
        report.add("dropped_relation", name, f"{r.role}: spaCy's DocBin holds no relations")
    return doc


def docbin_bytes(items: Iterable[LayerDoc], report: FormatReport, alignment: Alignment = "expand") -> bytes:
    """One DocBin of every document (``docbin_shards`` with no limit on a shard)."""
    (data,) = docbin_shards(items, report, alignment, size=sys.maxsize)
    return data


SHARD_DOCS = 1000
"""Documents per DocBin of a folder export.  A DocBin holds every document's token arrays until it is
written (some 47 KB a document of 1,800 characters, and about three times that while ``to_bytes``
joins them): 10,000 articles in one file took 1.9 GB, a shard of 1,000 about 0.2 GB."""


FOLDER_FROM = 5000
"""Past this many documents a folder of DocBins is the advised destination (the dialog's default, a note
from the command line): one DocBin of 5,000 articles takes about 1 GB while it is written."""


def docbin_shards(
    items: Iterable[LayerDoc], report: FormatReport, alignment: Alignment = "expand", size: int = 0
) -> Iterator[bytes]:
    """DocBins of ``size`` (default ``SHARD_DOCS``) documents each, in order, as bytes; at least one.

    A folder of them is what ``spacy train --paths.train FOLDER`` reads (spaCy walks it for
    ``.spacy`` files), with the memory of one shard at a time.
    """
    from spacy.tokens import DocBin

    size = size or SHARD_DOCS
    nlp = blank_arabic()
    with _encoders_looked_up_once():
        db = DocBin(store_user_data=False)
        made = False
        for item in items:
            db.add(make_doc(nlp, item, report, alignment))
            if len(db) == size:
                yield db.to_bytes()
                made = True
                db = DocBin(store_user_data=False)
        if len(db) or not made:
            yield db.to_bytes()


@contextmanager
def _encoders_looked_up_once() -> Iterator[None]:
    """While DocBins are built, srsly's msgpack encoders and decoders are looked up once, not per document.

    ``DocBin.add`` serialises each document's span groups with a new msgpack packer,
    and every packer asks srsly's registry for its encoders, which reads the entry
    points of every installed package and copies all of spaCy's registrations: about
    1.2 ms of the 2.7 ms a document took (10,000 articles: 21 s).  Nothing registers
    an encoder during an export, so the answer is the same each time; the bytes
    written are the same (a test compares them).  The registries are left as they
    were afterwards, and if srsly is not shaped as expected nothing is changed.
    """
    try:
        import srsly.msgpack as packing

        registries = [packing.msgpack_encoders, packing.msgpack_decoders]
        patched = [reg for reg in registries if "get_all" not in vars(reg)]  # not already (a nested export)
        for reg in patched:
            found = reg.get_all()
            reg.get_all = lambda found=found: found
    except Exception:  # another srsly: build the slow way
        patched = []
    try:
        yield
    finally:
        for reg in patched:
            with suppress(AttributeError):
                del reg.get_all
