"""spaCy DocBin export: spaCy's own API, every entity equals a stored span or is in the report, and it trains."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotate.formats.report import FormatReport
from annotate.formats.spacy_docbin import blank_arabic, docbin_bytes, make_doc
from annotate.model import make_span
from tests.annotate.test_formats_helpers import document, layer, relation, span_at

spacy = pytest.importorskip("spacy", reason="spaCy is optional at run time; the spacy export tests need it")
from spacy.tokens import DocBin  # noqa: E402

ARTICLES = [
    "اعتقلت قوات الأمن ثلاثة شبان بالرقة صباح اليوم 😀 وفق مصادر محلية.\nوقال شاهد إن الحملة استمرت ساعتين.",
    "اندلع اشتباك عنيف قرب حاجز للجيش في ريف دير الزور، وأُصيب عنصران من قسد بجروح.",
    "قصفت الطائرات الحربية مدينة إدلب، وسقط قتلى في سوق المدينة.",
]


def _items():
    out = []
    d0 = document(ARTICLES[0], 1, "a")
    ev = span_at(d0, "اعتقلت", "arrest", certainty="claimed")
    st = span_at(d0, "قوات الأمن", "state")
    out.append(
        layer(
            d0,
            [ev, st, span_at(d0, "الرقة", "place"), span_at(d0, "بالرقة صباح", "place")],
            [relation(ev, st, "agent")],
        )
    )
    d1 = document(ARTICLES[1], 2, "b")
    out.append(
        layer(
            d1,
            [
                span_at(d1, "اشتباك", "clash"),
                span_at(d1, "ريف دير الزور", "place"),
                span_at(d1, "دير الزور", "place"),
            ],
        )
    )
    d2 = document(ARTICLES[2], 3, "c")
    out.append(
        layer(
            d2,
            [
                span_at(d2, "قصفت", "clash"),
                span_at(d2, "الطائرات الحربية", "state"),
                span_at(d2, "إدلب", "place"),
            ],
        )
    )
    return out


def _docbin(tmp_path: Path, items) -> tuple[list, FormatReport]:
    rep = FormatReport("spacy")
    f = tmp_path / "train.spacy"
    f.write_bytes(docbin_bytes(items, rep))
    nlp = spacy.blank("ar")
    return list(DocBin().from_disk(f).get_docs(nlp.vocab)), rep


def test_docbin_loads_and_every_entity_is_a_stored_span_or_reported(tmp_path: Path) -> None:
    items = _items()
    docs, rep = _docbin(tmp_path, items)
    assert len(docs) == 3
    widened = {i.detail.split(" -> ")[1] for i in rep.items if i.kind == "widened"}
    for doc, item in zip(docs, items, strict=True):
        assert doc.text == item.doc.text
        stored = {(s.start, s.end, s.label) for s in item.spans}
        assert len(doc.spans["sc"]) == len(item.spans) - sum(
            1 for i in rep.items if i.kind == "dropped_span" and i.document == item.doc.ext_id
        )
        for ent in doc.ents:
            if (ent.start_char, ent.end_char, ent.label_) not in stored:
                assert f"{ent.start_char}..{ent.end_char} {ent.text!r}" in widened
    assert rep.count("widened") == 1  # الرقة inside بالرقة
    assert rep.count("dropped_overlap") == 2  # الرقة under بالرقة صباح, دير الزور under ريف دير الزور
    assert rep.count("dropped_relation") == 1 and rep.count("dropped_attribute") == 1


def test_entity_count_matches_spacys_own_reader(tmp_path: Path) -> None:
    docs, rep = _docbin(tmp_path, _items())
    total = sum(len(it.spans) for it in _items())
    assert sum(len(d.ents) for d in docs) == total - rep.count("dropped_overlap") - rep.count("dropped_span")


@pytest.mark.slow
def test_minimal_spacy_train_one_epoch(tmp_path: Path) -> None:
    from spacy.cli.init_config import init_config
    from spacy.cli.train import train

    items = _items()
    docs_path = tmp_path / "train.spacy"
    docs_path.write_bytes(docbin_bytes(items, FormatReport("spacy")))
    config = init_config(lang="ar", pipeline=["ner"], optimize="efficiency")
    cfg_path = tmp_path / "config.cfg"
    config.to_disk(cfg_path)
    train(
        cfg_path,
        tmp_path / "model",
        overrides={
            "paths.train": str(docs_path),
            "paths.dev": str(docs_path),
            "training.max_epochs": 1,
            "training.max_steps": 0,
            "training.eval_frequency": 10,
        },
    )
    assert (tmp_path / "model" / "model-last" / "meta.json").exists()
    nlp = spacy.load(tmp_path / "model" / "model-last")
    assert "ner" in nlp.pipe_names and set(nlp.get_pipe("ner").labels) >= {"arrest", "place", "state"}


def test_a_span_inside_one_token_is_dropped_under_contract_and_reported() -> None:
    # spaCy's char_span gives an empty span (not None) when contracting leaves no whole token.

    d0 = document(ARTICLES[0], 1, "a")
    inside = span_at(d0, "الرقة", "place")  # inside بالرقة
    whole = span_at(d0, "قوات الأمن", "state")
    rep = FormatReport("spacy")
    doc = make_doc(blank_arabic(), layer(d0, [inside, whole]), rep, alignment="contract")
    assert [sp.text for sp in doc.spans["sc"]] == ["قوات الأمن"]
    (item,) = rep.items
    assert item.kind == "dropped_span" and "no token fits (contract)" in item.detail


def test_a_span_over_a_single_space_is_dropped_and_reported() -> None:
    # Expanding a span over the space between two tokens gives spaCy's empty span, not None.

    d0 = document("قصف الجيش حلب", 1, "a")
    rep = FormatReport("spacy")
    doc = make_doc(blank_arabic(), layer(d0, [make_span(d0, "amal", 3, 4, "place")]), rep)
    assert list(doc.spans["sc"]) == [] and list(doc.ents) == []
    (item,) = rep.items
    assert item.kind == "dropped_span" and "no token fits (expand)" in item.detail


def test_contract_reports_a_narrowed_span_as_narrowed_and_overlaps_by_their_stored_offsets() -> None:
    d0 = document("قصف والرقة اليوم", 1, "a")
    a = d0.text.index("الرقة")
    over = make_span(d0, "amal", a, len(d0.text), "place")  # الرقة اليوم: its first token is والرقة
    today = span_at(d0, "اليوم", "date")
    rep = FormatReport("spacy")
    doc = make_doc(blank_arabic(), layer(d0, [over, today]), rep, alignment="contract")
    assert [(sp.text, sp.label_) for sp in doc.spans["sc"]] == [("اليوم", "place"), ("اليوم", "date")]
    assert [(i.kind, i.detail) for i in rep.items] == [
        ("narrowed", f"place {a}..{len(d0.text)} 'الرقة اليوم' -> 11..16 'اليوم'"),
        ("dropped_overlap", "date 11..16 'اليوم'"),  # filter_spans keeps the first of two equal spans
    ]
    rep = FormatReport("spacy")
    whole = span_at(d0, "والرقة اليوم", "place")
    make_doc(blank_arabic(), layer(d0, [whole, span_at(d0, "الرقة", "place")]), rep)  # expand
    assert [(i.kind, i.detail) for i in rep.items] == [
        ("widened", f"place {a}..{a + 5} 'الرقة' -> 4..10 'والرقة'"),
        ("dropped_overlap", f"place {a}..{a + 5} 'الرقة' (as 4..10 'والرقة')"),  # as the project holds it
    ]


def test_the_encoders_looked_up_once_give_the_same_bytes_and_are_put_back() -> None:
    """srsly reads every package's entry points for each document's packer unless told once: same DocBin."""
    import srsly.msgpack as packing

    plain = DocBin(store_user_data=False)
    nlp = blank_arabic()
    for item in _items():
        plain.add(make_doc(nlp, item, FormatReport("spacy")))
    seen: list[bool] = []

    def watched():
        for item in _items():
            seen.append("get_all" in vars(packing.msgpack_encoders))  # looked up once while building
            yield item

    assert docbin_bytes(watched(), FormatReport("spacy")) == plain.to_bytes()
    assert seen == [True, True, True]
    assert "get_all" not in vars(packing.msgpack_encoders) and "get_all" not in vars(packing.msgpack_decoders)
