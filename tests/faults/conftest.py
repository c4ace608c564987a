"""Fixtures of the fault tests: a project on disk with Arabic articles of our own, and a subprocess runner."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from annotate.schema import default_schema
from annotate.textimport import draft
from store.documents import add_documents
from store.project import Project

ROOT = Path(__file__).resolve().parents[2]

ARTICLE = (
    "أفادت مصادر محلية بأن دورية تابعة للقوات الحكومية داهمت منزلين في حي الفردوس فجر اليوم، واعتقلت ثلاثة شبان.\n"
    "وقال شاهد عيان إن طائرة مسيّرة استهدفت سيارة على الطريق بين البلدتين، ولم تُعرف حصيلة الضحايا بعد.\n"
    "وتوصّل وجهاء العشائر إلى اتفاق يقضي بوقف إطلاق النار وتسليم الموقوفين خلال ثلاثة أيام."
)
SECOND = "وفرضت السلطات حظر تجوال في المدينة بعد انفجار عبوة ناسفة قرب مقر الشرطة، وأصيب عنصران."


def make_project(path: Path) -> Path:
    with Project.create(path, default_schema()) as p:
        add_documents(p, [draft(ARTICLE, "first.txt", "utf-8"), draft(SECOND, "second.txt", "utf-8")])
    return path


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return make_project(tmp_path / "faults.hashiya")


def worker(*args: str) -> subprocess.Popen[str]:
    """Start ``tests/faults/worker.py`` with line-buffered text output."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.faults.worker", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
