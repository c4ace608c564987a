"""Every importer fed damaged input: no crash, no partial import, an ImportFileError naming the file.

Inputs start from a valid file of each format (written here, Arabic of our
own) and are damaged by hypothesis: random bytes, truncation, flipped bytes,
a wrong encoding, NUL bytes, a very long line.  A reader may accept the
result (damage can leave a valid file) or refuse it, but only with
``ImportFileError`` whose message starts with the file's path.  The store
importers must then hold all of a file's documents or none of them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate.formats.read import read_annotated
from annotate.formats.report import FormatReport
from annotate.textimport import MAX_FILE_BYTES, ImportFileError, read_text_file
from store.annotated_import import import_annotated
from store.documents import document_count
from store.importer import import_paths
from store.project import Project
from tests.faults.conftest import ARTICLE, SECOND, make_project

W = ARTICLE.split("\n")[0]
P0, P1 = W.index("حي الفردوس"), W.index("حي الفردوس") + len("حي الفردوس")

VALID: dict[str, tuple[str, str]] = {
    # name: (suffix, content)
    "txt": (".txt", ARTICLE),
    "jsonl": (
        ".jsonl",
        "\n".join(
            json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in enumerate((ARTICLE, SECOND))
        ),
    ),
    "csv": (".csv", 'id,title,text\n1,خبر,"' + W + '"\n2,آخر,"' + SECOND + '"\n'),
    "ours": (
        ".jsonl",
        json.dumps(
            {
                "id": "a1",
                "title": "خبر",
                "text": W,
                "annotator": "amal",
                "status": "done",
                "meta": {},
                "spans": [
                    {"id": "s1", "start": P0, "end": P1, "label": "place", "text": W[P0:P1], "attributes": {}}
                ],
                "relations": [],
            },
            ensure_ascii=False,
        ),
    ),
    "doccano": (".jsonl", json.dumps({"text": W, "label": [[P0, P1, "place"]]}, ensure_ascii=False)),
    "prodigy": (
        ".jsonl",
        json.dumps(
            {"text": W, "spans": [{"start": P0, "end": P1, "label": "place"}], "answer": "accept"},
            ensure_ascii=False,
        ),
    ),
    "labelstudio": (
        ".json",
        json.dumps(
            [
                {
                    "id": 1,
                    "data": {"text": W},
                    "annotations": [
                        {
                            "result": [
                                {
                                    "from_name": "label",
                                    "to_name": "text",
                                    "type": "labels",
                                    "value": {"start": P0, "end": P1, "text": W[P0:P1], "labels": ["place"]},
                                }
                            ]
                        }
                    ],
                }
            ],
            ensure_ascii=False,
        ),
    ),
    "conll": (
        ".conll",
        "داهمت O\nدورية O\nمنزلين O\nفي O\nحي B-place\nالفردوس I-place\n.\tO\n\nوقال O\nشاهد O\n",
    ),
    "brat": (".ann", f"T1\tplace {P0} {P1}\t{W[P0:P1]}\n"),
}
TEXT_READERS = ("txt", "jsonl", "csv")
FMT = {"ours": "jsonl"}


def read_any(name: str, path: Path) -> int:
    """Read ``path`` with the reader of ``name``; returns the number of documents."""
    if name in TEXT_READERS:
        return len(read_text_file(path).drafts)
    return len(read_annotated(path, FMT.get(name, name), FormatReport(name)))  # type: ignore[arg-type]


def write_input(folder: Path, name: str, data: bytes) -> Path:
    suffix, _ = VALID[name]
    path = folder / f"ملف {name}{suffix}"
    path.write_bytes(data)
    if name == "brat":
        path.with_suffix(".txt").write_text(W, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", list(VALID))
def test_each_valid_sample_reads(tmp_path: Path, name: str) -> None:
    path = write_input(tmp_path, name, VALID[name][1].encode("utf-8"))
    assert read_any(name, path) >= 1


def damaged(valid: bytes, longest: int = 200_000) -> st.SearchStrategy[bytes]:
    def flip(data: bytes, pos: list[int], val: int) -> bytes:
        b = bytearray(data)
        for p in pos:
            b[p % len(b)] = val
        return bytes(b)

    text = valid.decode("utf-8")
    return st.one_of(
        st.binary(min_size=0, max_size=400),
        st.integers(0, len(valid)).map(lambda n: valid[:n]),
        st.tuples(st.lists(st.integers(0, 10**6), min_size=1, max_size=8), st.integers(0, 255)).map(
            lambda a: flip(valid, *a)
        ),
        st.sampled_from(["cp1256", "utf-16-le", "utf-16-be", "iso8859-6"]).map(
            lambda enc: text.encode(enc, errors="replace")
        ),
        st.integers(0, len(valid)).map(lambda n: valid[:n] + b"\x00" + valid[n:]),
        st.integers(1, longest).map(lambda n: valid.replace(b"\n", b" " + b"x" * n + b"\n", 1)),
        st.text(min_size=0, max_size=200).map(lambda s: s.encode("utf-8", errors="surrogatepass")),
    )


@pytest.mark.parametrize("name", list(VALID))
def test_damaged_input_is_read_or_refused_naming_the_file(
    tmp_path_factory: pytest.TempPathFactory, name: str
) -> None:
    folder = tmp_path_factory.mktemp(f"fuzz-{name}")
    valid = VALID[name][1].encode("utf-8")
    tally = {"read": 0, "refused": 0}

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    # CSV fields over 131,072 characters are tracked by test_csv_with_a_field_over_128k_characters below
    @given(data=damaged(valid, 100_000 if name == "csv" else 200_000))
    def check(data: bytes) -> None:
        path = write_input(folder, name, data)
        try:
            read_any(name, path)
            tally["read"] += 1
        except ImportFileError as exc:
            tally["refused"] += 1
            assert str(exc).startswith(exc.path) and Path(exc.path).name in (
                path.name,
                path.with_suffix(".txt").name,
            )

    check()
    print(
        f"fuzz {name}: {tally['read']} damaged inputs read, {tally['refused']} refused with the file named, 0 crashes"
    )


def test_very_long_line_and_the_size_limit(tmp_path: Path) -> None:
    long = tmp_path / "سطر طويل.txt"
    long.write_text("كلمة " * 2_000_000, encoding="utf-8")  # one 10 MB line
    assert len(read_text_file(long).drafts[0].text) == 10_000_000
    # The limit depends on the machine's memory (MAX_FILE_BYTES: 1 GB here); its floor, 50 MB, is given
    # explicitly so that the test reads 50 MB wherever it runs.
    limit = 50 * 2**20
    assert limit <= MAX_FILE_BYTES
    big = tmp_path / "كبير جدا.txt"
    with big.open("wb") as fh:
        fh.truncate(limit + 1)  # sparse: 50 MB + 1 byte without writing them
    with pytest.raises(ImportFileError, match="limit") as info:
        read_text_file(big, max_bytes=limit)
    assert info.value.path == str(big)
    exact = tmp_path / "خمسون.jsonl"
    line = json.dumps({"text": W}, ensure_ascii=False).encode() + b"\n"
    exact.write_bytes(line * (limit // len(line)))
    n = len(read_text_file(exact, max_bytes=limit).drafts)
    print(
        f"size: a 10 MB line read whole, a 50 MB + 1 byte file refused, a {exact.stat().st_size / 1e6:.0f} MB JSONL read ({n} lines)"
    )


@pytest.mark.parametrize("where", ["header", "row"])
def test_csv_with_a_field_over_128k_characters(tmp_path: Path, where: str) -> None:
    long = "خبر " * 40_000  # 160,000 characters: a long article, not a damaged file
    path = tmp_path / "طويل.csv"
    rows = f'text\n"{long}"\n' if where == "row" else f'text,{"x" * 140_000}\n"{W}",1\n'
    path.write_text(rows, encoding="utf-8")
    try:
        drafts = read_text_file(path).drafts
    except ImportFileError as exc:
        pytest.fail(f"refused: {exc}")
    assert len(drafts) == 1


# -- no partial import ----------------------------------------------------------------------------------------
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(1, 5000), where=st.integers(0, 39))
def test_a_damaged_jsonl_file_is_imported_whole_or_not_at_all(tmp_path: Path, cut: int, where: int) -> None:
    folder = tmp_path / f"p{cut}-{where}"
    folder.mkdir()
    lines = [json.dumps({"id": f"d{i}", "text": f"{W} ({i}-{cut})"}, ensure_ascii=False) for i in range(40)]
    data = "\n".join(lines).encode("utf-8")
    pos = sum(len(x.encode()) + 1 for x in lines[:where]) + cut % 60
    bad = folder / "مقالات.jsonl"
    bad.write_bytes(data[:pos] + b'{"text": ' + data[pos:])
    good = folder / "سليم.txt"
    good.write_text(SECOND + f" ({cut}-{where})", encoding="utf-8")
    path = make_project(folder / "p.hashiya")
    with Project.open(path) as p:
        report = import_paths(p, [bad, good])
        added = document_count(p) - 2
    outcome = {f.path: f for f in report.files}
    assert added in (1, 41), added
    if added == 1:
        assert outcome[str(bad)].outcome == "refused" and outcome[str(bad)].error.startswith(str(bad))


def test_a_bad_annotated_file_imports_nothing_and_the_good_one_lands(tmp_path: Path) -> None:
    good = write_input(tmp_path, "doccano", VALID["doccano"][1].encode())
    bad = tmp_path / "تالف.jsonl"
    rec = {
        "text": SECOND,
        "label": [[0, 5, "place"], [3, 999, "place"]],
    }  # the second span runs past the text
    bad.write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    path = make_project(tmp_path / "p.hashiya")
    with Project.open(path) as p:
        before = document_count(p)
        rep = import_annotated(p, [(bad, "doccano"), (good, "doccano")], "amal")
        outcomes = {Path(f.path).name: f for f in rep.files}
        spans = p.conn.execute("SELECT count(*) FROM spans").fetchone()[0]
        docs = document_count(p)
    print(f"annotated import: {[(k, v.outcome, v.error[:80]) for k, v in outcomes.items()]}")
    assert outcomes[bad.name].outcome == "refused" and str(bad) in outcomes[bad.name].error
    assert outcomes[good.name].outcome == "imported"
    assert spans == 1 and docs == before + 1  # only the good file's document and its one span
