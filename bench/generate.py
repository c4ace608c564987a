"""Generated corpora for the benchmarks: articles stitched from our own sample sentences.

Sentences come from ``resources/samples/*.txt`` (written by us), a few
sentences of our own below, and ``/work/shared/seeds`` when that folder exists
(read at run time, never copied into the repository).  Each article carries its
number in its dateline, so no two are duplicates.  Everything is cached under
``bench/out/`` (git-ignored) and rebuilt only when ``GEN_VERSION`` changes.

Annotation layers are random word-aligned spans with schema labels; a second
and third annotator copy the first with misses, shifted edges and other labels,
so agreement has real work to do.
"""

from __future__ import annotations

import json
import random
import re
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotate.arabic import fold
from annotate.model import DocId, Span, SpanId
from annotate.schema import default_schema
from annotate.textimport import sha256_text

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SAMPLES = ROOT / "resources" / "samples"
SEEDS = Path("/work/shared/seeds")
GEN_VERSION = 4
PART_DOCS = 2000
STAMP = "2026-01-01T00:00:00.000000+00:00"

# Our own sentences (fictional events), so the generator works before any sample file exists.
OWN_SENTENCES = (
    "أفادت مصادر محلية بأن دورية تابعة للقوات الحكومية داهمت منزلين في حي الفردوس فجر اليوم واعتقلت ثلاثة شبان.",
    "وقال شاهد عيان إن طائرة مسيّرة استهدفت سيارة على الطريق الواصل بين البلدتين دون أن تُعرف حصيلة الضحايا.",
    "وتجمّع عشرات الأهالي أمام مبنى المجلس المحلي مطالبين بالإفراج عن المعتقلين وتحسين الخدمات.",
    "وأعلنت فصائل المعارضة سيطرتها على قرية صغيرة في الريف الشرقي بعد اشتباكات استمرت ساعات.",
    "وذكر المرصد أن قذائف الهاون سقطت على السوق الشعبي وأدت إلى إصابة خمسة مدنيين بينهم طفلان.",
    "ونقلت وكالة أنباء رسمية عن مسؤول أمني قوله إن الحاجز الجديد أقيم لضبط حركة التهريب عبر النهر.",
    "وأشار ناشطون إلى أن مسلحين مجهولين اغتالوا مختاراً سابقاً أمام منزله في ساعة متأخرة من الليل.",
    "وتوصّل وجهاء العشائر إلى اتفاق يقضي بوقف إطلاق النار وتسليم الموقوفين خلال ثلاثة أيام.",
    "وانشقّ أحد عشر عنصراً عن الميليشيا المحلية وانضموا إلى مجموعة مسلحة تنشط قرب الحدود.",
    "وفرضت السلطات حظر تجوال في المدينة بعد انفجار عبوة ناسفة قرب مقر الشرطة.",
    "وتحدثت مصادر إعلامية عن وصول تعزيزات عسكرية إلى المطار العسكري قادمة من العاصمة.",
    "وأكد الهلال الأحمر أن فرقه أجلت نحو مئتي عائلة من الأحياء الغربية إلى مراكز إيواء مؤقتة.",
    "ولم تعلّق الجهات الرسمية على الحادثة حتى ساعة إعداد هذا التقرير.",
    "وسُجّلت حالات نهب لمحال تجارية في السوق القديم عقب انسحاب عناصر الحراسة منه.",
    "وقالت مصادر طبية إن حصيلة القتلى ارتفعت إلى سبعة أشخاص بعد وفاة جريحين متأثرين بإصابتهما.",
    "وتسلّل عدد من المسلحين إلى أطراف البلدة ليلاً قبل أن تتصدى لهم مجموعة من الحراسة المحلية.",
)

_SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+|\n+")
_WORD = re.compile(r"[^\s.,،:;؛!؟?\"«»()\[\]“”]+")


def sentence_pool() -> list[str]:
    """Every sentence we may stitch articles from (samples, our own, the seeds when present)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))] if SAMPLES.is_dir() else []
    if SEEDS.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    pool = list(OWN_SENTENCES)
    for t in texts:
        pool += [s.strip() for s in _SENTENCE_END.split(t) if len(s.strip()) >= 20]
    return pool


_POOL: list[str] | None = None


def _pool() -> list[str]:
    global _POOL
    if _POOL is None:
        _POOL = sentence_pool()
    return _POOL


def article(i: int, mean_chars: int = 1500) -> tuple[str, str]:
    """Article ``i`` (deterministic): a title line, a numbered dateline, paragraphs of sentences."""
    rng = random.Random(i)
    pool = _pool()
    target = max(200, int(rng.lognormvariate(0, 0.5) * mean_chars))
    title = rng.choice(pool)[:90]
    parts = [title, "", f"دير الزور – {i % 28 + 1}/{i % 12 + 1}/2025 (تقرير {i})", ""]
    size = sum(map(len, parts))
    para: list[str] = []
    while size < target:
        s = rng.choice(pool)
        para.append(s)
        size += len(s) + 1
        if len(para) >= rng.randint(2, 4):
            parts.append(" ".join(para))
            parts.append("")
            para = []
    if para:
        parts.append(" ".join(para))
    return title, "\n".join(parts).rstrip() + "\n"


def short_article(i: int) -> tuple[str, str]:
    """A one-sentence article of about 75 characters for the scale projects (so 1,000,000 build in minutes)."""
    pool = _pool()
    s = pool[(i * 7919) % len(pool)]
    title = s[:40]
    return title, f"{s[:60]} (تقرير {i})\n"


def article_of_length(chars: int, seed: int = 7) -> str:
    """One article of exactly ``chars`` code points (reader benchmarks)."""
    rng = random.Random(seed)
    pool = _pool()
    out: list[str] = []
    size = 0
    while size < chars:
        s = rng.choice(pool)
        out.append(s)
        size += len(s) + 1
        if rng.random() < 0.25:
            out.append("\n")
            size += 1
    return " ".join(out)[:chars]


# -- corpora as files ------------------------------------------------------------------------------
def _fresh(stamp: Path) -> bool:
    return stamp.exists() and stamp.read_text() == str(GEN_VERSION)


def corpus_dir(n: int) -> Path:
    """A folder of JSONL files holding ``n`` generated articles (built once, then cached)."""
    folder = OUT / f"corpus-{n}"
    stamp = folder / ".version"
    if _fresh(stamp):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.jsonl"):
        old.unlink()
    for part, lo in enumerate(range(0, n, PART_DOCS)):
        with (folder / f"part-{part:04d}.jsonl").open("w", encoding="utf-8") as fh:
            for i in range(lo, min(n, lo + PART_DOCS)):
                title, text = article(i)
                fh.write(json.dumps({"id": f"gen-{i}", "title": title, "text": text}, ensure_ascii=False))
                fh.write("\n")
    stamp.write_text(str(GEN_VERSION))
    return folder


def document_rows(n: int) -> Iterator[dict[str, object]]:
    """The rows an import of ``corpus_dir(n)`` stores: the raw-insert reference writes exactly these."""
    for i in range(n):
        title, text = article(i)
        yield {
            "ext_id": f"gen-{i}",
            "title": title,
            "text": text,
            "source": f"part-{i // PART_DOCS:04d}.jsonl:{i % PART_DOCS + 1}",
            "sha256": sha256_text(text),
            "meta": "{}",
            "encoding": "utf-8",
            "imported_at": STAMP,
        }


# -- annotation layers -----------------------------------------------------------------------------
_LABELS: list[str] | None = None


def labels() -> list[str]:
    global _LABELS
    if _LABELS is None:
        _LABELS = [lab.key for lab in default_schema().labels]
    return _LABELS


def word_ranges(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD.finditer(text)]


def layer(text: str, k: int, seed: int) -> list[tuple[int, int, str]]:
    """``k`` word-aligned spans of one to three words (they may overlap) with random labels."""
    rng = random.Random(seed)
    words = word_ranges(text)
    if not words:
        return []
    labs = labels()
    out = []
    for _ in range(k):
        a = rng.randrange(len(words))
        b = min(len(words) - 1, a + rng.choice((0, 0, 0, 1, 2)))
        out.append((words[a][0], words[b][1], rng.choice(labs)))
    return sorted(set(out))


def perturbed(spans: Sequence[tuple[int, int, str]], text: str, seed: int) -> list[tuple[int, int, str]]:
    """Another annotator's view of the same text: some spans missed, some edges moved, some relabelled."""
    rng = random.Random(seed)
    labs = labels()
    words = word_ranges(text)
    starts = [w[0] for w in words]
    out = []
    for s, e, lab in spans:
        r = rng.random()
        if r < 0.1:
            continue
        if r < 0.2:
            lab = rng.choice(labs)
        elif r < 0.28:
            i = starts.index(s) if s in starts else -1
            if i > 0:
                s = starts[i - 1]
        out.append((s, e, lab))
    if words and rng.random() < 0.5:
        w = rng.choice(words)
        out.append((w[0], w[1], rng.choice(labs)))
    return sorted(set(out))


def spans_of(doc_id: int, text: str, annotator: str, ranges: Sequence[tuple[int, int, str]]) -> list[Span]:
    return [
        Span(SpanId(str(uuid.uuid4())), DocId(doc_id), annotator, s, e, lab, text[s:e], (), STAMP, STAMP)
        for s, e, lab in ranges
    ]


def three_layers(doc_id: int, text: str, k: int) -> dict[str, list[tuple[int, int, str]]]:
    a = layer(text, k, doc_id)
    return {"amal": a, "badr": perturbed(a, text, doc_id + 1), "carim": perturbed(a, text, doc_id + 2)}


# -- projects built with bulk SQL ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Built:
    path: Path
    documents: int
    spans: int


def _upgrade(path: Path) -> None:
    """Bring a cached project to the current file format (a migration landed since it was built).

    Cheaper than rebuilding a million documents; the backup the upgrade makes is removed.
    """
    from store.migrations import schema_version
    from store.project import Project

    conn = sqlite3.connect(str(path))
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()
    if version == schema_version():
        return
    p = Project.open(path)
    try:
        if p.backup_path is not None:
            p.backup_path.unlink(missing_ok=True)
    finally:
        p.close()


def _insert_spans(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    conn.executemany(
        'INSERT INTO spans(id, doc_id, annotator, start, "end", label, attributes, text, created_at,'
        " updated_at, provenance) VALUES (?,?,?,?,?,?,'{}',?,?,?,'{}')",
        rows,
    )


def build_project(
    n: int,
    *,
    spans_per_doc: int = 0,
    annotators: Sequence[str] = ("amal",),
    short: bool = False,
    name: str = "",
) -> Built:
    """A project of ``n`` generated documents (and layers), written with bulk SQL and cached.

    The schema and migrations come from ``Project.create``, so the file is a
    real project; rows go in with ``executemany`` in a few large transactions,
    the folded search shadow included.  ``short`` uses one-sentence articles.
    """
    from store.project import Project

    name = name or f"project-{n}-{spans_per_doc}-{len(annotators)}{'-short' if short else ''}"
    path = OUT / f"{name}.hashiya"
    stamp = OUT / f"{name}.version"
    if path.exists() and _fresh(stamp):
        _upgrade(path)
        meta = json.loads((OUT / f"{name}.json").read_text())
        return Built(path, meta["documents"], meta["spans"])
    OUT.mkdir(parents=True, exist_ok=True)
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)
    Project.create(path, default_schema()).close()
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -200000")
    # The search index is filled in one 'rebuild' pass at the end (about 2.5x faster than row by row
    # through the trigger); the trigger is put back exactly as the migration wrote it.
    trigger = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'doc_fold_ai'"
    ).fetchone()
    conn.execute("BEGIN")
    if trigger:
        conn.execute("DROP TRIGGER doc_fold_ai")
    conn.executemany(
        "INSERT OR IGNORE INTO annotators(name, role, created_at) VALUES (?, 'annotator', ?)",
        [(a, STAMP) for a in annotators],
    )
    n_spans = 0
    make = short_article if short else article
    batch = 20_000
    for lo in range(0, n, batch):
        docs, folds, spans = [], [], []
        for i in range(lo, min(n, lo + batch)):
            title, text = make(i)
            doc_id = i + 1
            docs.append((doc_id, f"gen-{i}", title, text, f"gen:{i}", sha256_text(text), STAMP))
            folds.append((doc_id, fold(title).text, fold(text).text))
            if spans_per_doc:
                lay = (
                    three_layers(doc_id, text, spans_per_doc)
                    if len(annotators) > 1
                    else {annotators[0]: layer(text, spans_per_doc, doc_id)}
                )
                for who in annotators:
                    for s, e, lab in lay.get(who, []):
                        spans.append((str(uuid.uuid4()), doc_id, who, s, e, lab, text[s:e], STAMP, STAMP))
        conn.executemany(
            "INSERT INTO documents(id, ext_id, title, text, source, sha256, imported_at) VALUES (?,?,?,?,?,?,?)",
            docs,
        )
        conn.executemany("INSERT INTO doc_fold(doc_id, title, text) VALUES (?,?,?)", folds)
        _insert_spans(conn, spans)
        n_spans += len(spans)
    if trigger:
        conn.execute("INSERT INTO doc_fold_fts(doc_fold_fts) VALUES ('rebuild')")
        conn.execute(trigger[0])
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    (OUT / f"{name}.json").write_text(json.dumps({"documents": n, "spans": n_spans}))
    stamp.write_text(str(GEN_VERSION))
    return Built(path, n, n_spans)
