"""The held-back check through the command line: each tool's file in, out again, back in, nothing moved.

The files are ours, in each tool's shape (``tests/annotate/fixtures/formats/heldback``, described in
``tests/annotate/test_formats_heldback.py``); ``truth.jsonl`` holds every span and relation in code
points of the stored text.  A user runs ``init``, ``import`` (the format recognised), ``export`` in the
same format and in our JSONL, and ``import`` of that export: every offset, label and relation must come
back, and what a format cannot hold must be in the export's report.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.annotate.test_formats_heldback import FILES, HELD, TRUTH

Triple = tuple[int, int, str]
# what --add-labels makes of the label and the role missing from the default schema
KEY = {"MILITIA_X": "militia_x", "SOURCE_OF": "source_of"}
OUT_SUFFIX = {"doccano": "jsonl", "labelstudio": "json", "prodigy": "jsonl", "jsonl": "jsonl"}


def _truth(docs: str) -> dict[str, tuple[list[Triple], list[tuple[Triple, str, Triple]], set]]:
    out = {}
    for t in TRUTH:
        if t["doc"] not in docs:
            continue
        sp = [(s, e, KEY.get(lab, lab)) for s, e, lab, _ in t["spans"]]
        rels = sorted((sp[h], KEY.get(r, r), sp[tl]) for h, tl, r in t["relations"])
        attrs = {(sp[int(i)], json.dumps(v, sort_keys=True)) for i, v in t["attributes"].items()}
        out[t["text"]] = (sorted(sp), rels, attrs)
    return out


def _layer(path: Path) -> dict[str, tuple[list[Triple], list[tuple[Triple, str, Triple]], set]]:
    """Our JSONL export as text -> (spans, relations, spans with attributes), after checking span texts."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        by = {s["id"]: (s["start"], s["end"], s["label"]) for s in rec["spans"]}
        assert all(rec["text"][s["start"] : s["end"]] == s["text"] for s in rec["spans"])
        rels = sorted((by[r["head"]], r["label"], by[r["tail"]]) for r in rec["relations"])
        attrs = {
            (by[s["id"]], json.dumps(s["attributes"], sort_keys=True))
            for s in rec["spans"]
            if s["attributes"]
        }
        out[rec["text"]] = (sorted(by.values()), rels, attrs)
    return out


# what each file counted, which its export counts again (doccano says so in each record's offset_unit)
AS_IT_CAME = {
    "doccano_label.jsonl": "utf16",
    "doccano_rel.jsonl": "codepoints",
    "labelstudio.json": "utf16",
    "labelstudio_legacy.json": "utf16",
}
DECLARED = {"utf16": "utf16", "codepoints": "codepoint"}


def _exported_spans(fmt: str, path: Path, unit: str) -> list[tuple[str, int, int]]:
    """(text, start, end) in code points of every span of a Label Studio or doccano export, read in ``unit``."""
    if fmt == "labelstudio":
        tasks = json.loads(path.read_text(encoding="utf-8"))
        pairs = [
            (t["data"]["text"], r["value"]["start"], r["value"]["end"])
            for t in tasks
            for r in t["annotations"][0]["result"]
            if r["type"] == "labels"
        ]
    else:
        recs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        # a text with no character beyond the BMP counts the same either way, and says doccano's own unit
        assert {
            r["offset_unit"] for r in recs if len(r["text"].encode("utf-16-le")) > 2 * len(r["text"])
        } == {DECLARED[unit]}
        pairs = [(r["text"], e["start_offset"], e["end_offset"]) for r in recs for e in r["entities"]]

    def cp(text: str, n: int) -> int:
        if unit == "codepoints":
            return n
        return len(text.encode("utf-16-le")[: 2 * n].decode("utf-16-le"))

    return [(text, cp(text, s), cp(text, e)) for text, s, e in pairs]


def _stats(cli, proj: Path) -> dict:
    r = cli("stats", str(proj), "--json")
    assert r.code == 0, r.err
    return r.json()


@pytest.fixture
def proj(cli, tmp_path: Path) -> Path:
    p = tmp_path / "p.sqlite"
    assert cli("init", str(p)).code == 0
    return p


@pytest.mark.parametrize("name", sorted(FILES))
def test_import_export_reimport_keeps_every_offset(cli, proj: Path, tmp_path: Path, name: str) -> None:
    fmt, src = FILES[name], str(HELD / name)
    docs = {"labelstudio.json": "AB", "labelstudio_legacy.json": "C"}.get(name, "ABC")
    want = _truth(docs)
    if name == "doccano_label.jsonl":  # the label shape holds neither relations nor attributes
        want = {t: (sp, [], set()) for t, (sp, _, _) in want.items()}
    elif name in ("doccano_rel.jsonl", "prodigy.jsonl", "labelstudio_legacy.json"):
        want = {t: (sp, rels, set()) for t, (sp, rels, _) in want.items()}

    if "B" in docs:  # a label (and a role) missing from the schema: listed, the file refused whole
        r = cli("import", str(proj), src, "--annotator", "amal")
        assert r.code == 1 and "MILITIA_X (1)" in r.err and "--add-labels" in r.err, r.err
        assert _stats(cli, proj)["spans"] == 0 and _stats(cli, proj)["documents"] == 0

    r = cli("import", str(proj), src, "--annotator", "amal", "--add-labels", "--json")
    assert r.code == 0, r.err
    ann = r.json()["annotated"]
    assert [f["format"] for f in ann["files"]] == [fmt]
    assert ann["added_labels"] == (["militia_x"] if "B" in docs else [])
    first = tmp_path / "first.jsonl"
    assert cli("export", str(proj), "--format", "jsonl", "--out", str(first), "--annotator", "amal").code == 0
    assert _layer(first) == want

    out = tmp_path / f"out.{OUT_SUFFIX[fmt]}"
    r = cli("export", str(proj), "--format", fmt, "--out", str(out), "--annotator", "amal", "--json")
    assert r.code == 0, r.err
    with_attrs = sum(len(a) for _, _, a in want.values())
    if fmt in (
        "labelstudio",
        "doccano",
    ):  # as the file counted: an editor's UTF-16 units, a script's code points
        assert sorted(_exported_spans(fmt, out, AS_IT_CAME[name])) == sorted(
            (t, s, e) for t, (sp, _, _) in want.items() for s, e, _ in sp
        )
    holds_attrs = fmt in ("jsonl", "labelstudio")  # Label Studio: as per-region choices
    assert r.json()["report"]["counts"].get("dropped_attribute", 0) == (0 if holds_attrs else with_attrs)

    # back in, as another annotator over the same texts, with the format named
    r = cli("import", str(proj), str(out), "--format", fmt, "--annotator", "back", "--json")
    assert r.code == 0, r.err
    assert r.json()["annotated"]["documents_annotated"] == len(want)
    back = tmp_path / "back.jsonl"
    assert cli("export", str(proj), "--format", "jsonl", "--out", str(back), "--annotator", "back").code == 0
    kept = {t: (sp, rels, attrs if holds_attrs else set()) for t, (sp, rels, attrs) in want.items()}
    assert _layer(back) == kept


def test_browser_offsets_are_converted_and_said(cli, proj: Path) -> None:
    r = cli("import", str(proj), str(HELD / "doccano_label.jsonl"), "--annotator", "amal", "--add-labels")
    assert r.code == 0, r.err
    assert "converted from UTF-16 units" in r.out and "counted a CRLF as one character" in r.out


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("bad_doccano.jsonl", 3),
        ("bad_labelstudio.json", 326),
        ("bad_prodigy.jsonl", 2),
        ("bad_ours.jsonl", 2),
    ],
)
def test_a_broken_second_document_refuses_its_file_only(cli, proj: Path, name: str, line: int) -> None:
    good = HELD / "ours.jsonl"
    r = cli("import", str(proj), str(HELD / name), str(good), "--annotator", "amal", "--add-labels", "--json")
    assert r.code == 1
    assert f"{HELD / name}:{line}:" in r.err, r.err
    files = {Path(f["path"]).name: f for f in r.json()["annotated"]["files"]}
    assert files[name]["outcome"] == "refused" and files["ours.jsonl"]["outcome"] == "imported"
    assert _stats(cli, proj)["documents"] == 3  # the good file's three, nothing of the broken one
