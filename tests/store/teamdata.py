"""Builders for team tests (merge, gold, CLI, adjudication view): projects with our own Arabic sentences."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from annotate.commands import StatusRecord, add_span, add_spans, set_status
from annotate.model import DocId, Document, DocumentDraft, Span, make_span
from annotate.schema import default_schema
from annotate.textimport import sha256_text
from store.annotations import apply, status
from store.documents import add_documents, get_document
from store.project import Project

TEXTS = [
    "قصفت قوات النظام بلدة في ريف الرقة صباح اليوم الأحد وقتل ثلاثة مدنيين",
    "اعتقلت دورية للأمن العسكري شابين عند حاجز على طريق دير الزور",
    "انشق عنصران عن الفرقة الرابعة وفرّا إلى مناطق سيطرة الفصائل 😀 في الشمال",
]
LABELS = ["shelling", "state_forces", "place", "killing", "arrest", "civilians", "defection", "count"]


def new_project(path: Path, texts: list[str] | None = None) -> Project:
    p = Project.create(path, default_schema())
    drafts = [DocumentDraft(t, t[:20], f"mem:{i}", sha256_text(t)) for i, t in enumerate(texts or TEXTS)]
    add_documents(p, drafts)
    return p


def offline_copy(src: Path, dst: Path) -> Path:
    """An annotator's offline copy: the lead's file, copied consistently (WAL included) by SQLite's backup API."""
    with Project.open(src) as p:
        target = sqlite3.connect(str(dst))
        p.conn.backup(target)
        target.close()
    return dst


def doc(p: Project, doc_id: int) -> Document:
    return get_document(p, DocId(doc_id))


def put(p: Project, d: Document, who: str, start: int, end: int, label: str) -> Span:
    s = make_span(d, who, start, end, label)
    apply(p, add_span(s), who)
    return s


def mark(p: Project, doc_id: int, who: str, st: str = "done") -> None:
    before = status(p, DocId(doc_id), who)
    apply(p, set_status(before, StatusRecord(DocId(doc_id), who, st)), who)  # type: ignore[arg-type]


def random_spans(d: Document, who: str, n: int, seed: int) -> list[Span]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        start = rng.randrange(0, len(d.text) - 1)
        end = min(len(d.text), start + rng.randint(1, 12))
        out.append(make_span(d, who, start, end, rng.choice(LABELS)))
    return out


def fill(p: Project, d: Document, who: str, n: int, seed: int) -> list[Span]:
    spans = random_spans(d, who, n, seed)
    apply(p, add_spans(spans), who)
    return spans


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, for comparing a file before and after."""
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        out = {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
        out["__integrity__"] = conn.execute("PRAGMA integrity_check").fetchall()
        return out
    finally:
        conn.close()
