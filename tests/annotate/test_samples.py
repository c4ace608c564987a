"""Our own sample articles: well-formed, ours, and covering what the reader must handle."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "resources" / "samples").glob("*.txt"))
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def test_there_are_samples() -> None:
    assert len(SAMPLES) >= 5


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_is_utf8_lf_with_a_title(path: Path) -> None:
    data = path.read_bytes()
    text = data.decode("utf-8")
    assert b"\r" not in data and not text.startswith("\ufeff")
    assert text.split("\n")[0].strip()
    assert 500 <= len(text) <= 5000


def test_samples_cover_the_hard_cases() -> None:
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in SAMPLES)
    assert re.search(r"\bبال\w+", corpus), "a proclitic + article on a name"
    assert re.search(r"\bو\w{3,}", corpus), "a waw proclitic"
    assert re.search("ل[اأإآ]", corpus), "lam-alef ligatures"
    assert re.search("[\u064b-\u0652]", corpus), "harakat"
    assert re.search(r"[A-Za-z]{2,}", corpus) and re.search(r"\d", corpus), "Latin and digits"
    assert any(ord(ch) > 0xFFFF for ch in corpus), "a character outside the BMP (emoji)"
    assert "<b>" in corpus, "literal markup the reader must show as characters"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")
def test_no_seed_paragraph_is_copied() -> None:
    ours = "\n".join(p.read_text(encoding="utf-8") for p in SAMPLES)
    for seed in SEEDS.glob("*.txt"):
        for line in seed.read_text(encoding="utf-8").split("\n"):
            if len(line) >= 80:
                assert line not in ours, f"a paragraph of {seed.name} is in resources/samples"
