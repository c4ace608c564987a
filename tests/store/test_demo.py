"""The demo project: created in the data folder on first run from the samples, re-opened afterwards."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from store.demo import RESOURCES, data_dir, demo_path, open_demo, sample_files
from store.documents import document_count
from store.search import search_documents, unindexed_count

SAMPLES = {
    "01-market.txt": "سقطت قذيفة هاون قرب سوق الخضار في البلدة ظهر الثلاثاء.\nولم تُسجَّل إصابات.",
    "02-convoy.txt": "تعرّضت قافلة مساعدات لإطلاق نار على الطريق الساحلي، وعادت إلى نقطة انطلاقها.",
}


@pytest.fixture
def resources(tmp_path: Path) -> Path:
    res = tmp_path / "res"
    (res / "samples").mkdir(parents=True)
    shutil.copy(RESOURCES / "default_schema.json", res / "default_schema.json")
    for name, text in SAMPLES.items():
        (res / "samples" / name).write_text(text, encoding="utf-8")
    return res


def test_data_dir_follows_xdg_then_home(tmp_path: Path) -> None:
    assert data_dir({"XDG_DATA_HOME": str(tmp_path), "HOME": "/nowhere"}) == tmp_path / "hashiya"
    assert data_dir({"HOME": str(tmp_path)}) == tmp_path / ".local" / "share" / "hashiya"
    assert data_dir({"XDG_DATA_HOME": "relative/path", "HOME": str(tmp_path)}) == (
        tmp_path / ".local" / "share" / "hashiya"
    )


def test_first_run_creates_then_reopens(tmp_path: Path, resources: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path)}
    with open_demo(env, resources) as p:
        assert p.path == demo_path(env)
        assert document_count(p) == 2
        assert unindexed_count(p) == 0
        assert len(search_documents(p, "اطلاق نار")) == 1
        p.ensure_annotator("tester")
    stamp = demo_path(env).stat().st_mtime_ns
    with open_demo(env, resources) as p:
        assert document_count(p) == 2
        assert [a.name for a in p.annotators()] == ["tester"]
    assert demo_path(env).stat().st_mtime_ns >= stamp


def test_samples_arriving_later_fill_an_empty_demo(tmp_path: Path, resources: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "data")}
    moved = tmp_path / "held"
    shutil.move(resources / "samples", moved)
    with open_demo(env, resources) as p:
        assert document_count(p) == 0
    shutil.move(moved, resources / "samples")
    with open_demo(env, resources) as p:
        assert document_count(p) == 2


def test_unwritable_data_folder_is_a_project_error(tmp_path: Path, resources: Path) -> None:
    from store.errors import ProjectError

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ProjectError, match="data folder"):
        open_demo({"XDG_DATA_HOME": str(blocker)}, resources)


def test_bundled_samples_import_cleanly(tmp_path: Path) -> None:
    files = sample_files()
    if not files:
        pytest.skip("resources/samples/ holds no .txt yet")
    with open_demo({"XDG_DATA_HOME": str(tmp_path)}) as p:
        assert document_count(p) == len(files)
