"""The demo project: what ``python main.py`` (``make run``) opens when no project is named.

It lives in the user's data folder, not in the checkout, so annotations made
while trying Hashiya out survive an update and never dirty the repository.  It
is built once from the bundled samples and re-opened afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from annotate.schema import default_schema, load_schema
from store.documents import document_count
from store.errors import ProjectError
from store.importer import import_paths
from store.project import Project

DEMO_FILE = "demo.sqlite"
RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    """``$XDG_DATA_HOME/hashiya``, else ``~/.local/share/hashiya``."""
    env = os.environ if env is None else env
    base = env.get("XDG_DATA_HOME", "").strip()
    root = (
        Path(base)
        if base and Path(base).is_absolute()
        else Path(env.get("HOME", "~")).expanduser() / ".local" / "share"
    )
    return root / "hashiya"


def demo_path(env: Mapping[str, str] | None = None) -> Path:
    return data_dir(env) / DEMO_FILE


def sample_files(resources: Path = RESOURCES) -> list[Path]:
    return sorted((resources / "samples").glob("*.txt"))


def open_demo(env: Mapping[str, str] | None = None, resources: Path = RESOURCES) -> Project:
    """Open the demo project, creating it on first run.

    Samples are imported when the project holds no document yet, so a first run
    interrupted after the file was created, or one that ran before the samples
    were installed, is completed the next time.
    """
    path = demo_path(env)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProjectError(
            f"{path.parent}: cannot create the data folder for the demo ({exc.strerror})"
        ) from exc
    if path.exists():
        project = Project.open(path)
    else:
        schema_file = resources / "default_schema.json"
        schema = load_schema(schema_file) if schema_file.exists() else default_schema()
        project = Project.create(path, schema)
    try:
        files = sample_files(resources)
        if files and not project.readonly and document_count(project) == 0:
            import_paths(project, files, "txt")
    except BaseException:
        project.close()
        raise
    return project
