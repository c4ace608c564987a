"""Texts and annotated files chosen together: neither kind is lost, and annotations are never dropped.

The window's "Import annotated files…" runs ``import_files`` in a worker, the
way the ``import`` command does it: plain texts through the text importer,
annotated files through ``import_annotated``, both reports back for the
summary.  "Import texts…" runs ``import_texts``, which imports the plain texts
and holds the annotated files back (``ImportReport.held_back``) for the window
to offer them to the annotated import: read as text, their annotations would
be dropped without a word.  Routing is ``route_paths`` in both, as on the
command line, so the GUI and the CLI agree on what a file is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotate.formats.brat import FragmentPolicy
from annotate.formats.offsetfix import OffsetUnit
from annotate.formats.read import AnnotatedFormat
from annotate.model import GOLD
from annotate.textimport import collect_paths
from store.annotated_import import AnnotatedImportReport, import_annotated, route_paths
from store.errors import ProjectError
from store.importer import ImportReport, import_paths
from store.project import Project
from store.team import assign

Routes = tuple[list[tuple[Path, AnnotatedFormat]], list[str]]
"""What ``route_paths`` gives: the annotated files with their format, and the plain-text paths."""


@dataclass(slots=True)
class FilesImport:
    """What one import of texts and annotated files did; ``annotated`` is None when no file held annotations."""

    annotator: str | None  # None: each annotation went to the layer its file names
    texts: ImportReport
    annotated: AnnotatedImportReport | None

    @property
    def cancelled(self) -> bool:
        return self.texts.cancelled or bool(self.annotated and self.annotated.cancelled)

    @property
    def refused(self) -> int:
        return len(self.texts.refused) + (len(self.annotated.refused) if self.annotated else 0)


def import_files(
    project: Project,
    paths: Sequence[str],
    fmt: str,
    annotator: str | None,
    *,
    add_labels: bool = False,
    fragments: FragmentPolicy = "refuse",
    offsets: OffsetUnit | None = None,
    routed: Routes | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> FilesImport:
    """Plain texts first, then annotated files into ``annotator``'s layer (None: the layers the files name).

    The ``import`` command and the window's annotated import both run this.
    The documents a named layer received (and the texts imported with them)
    are assigned to that annotator, so they show up as that annotator's work
    on the team dashboard; a cancel during the texts stops before the
    annotated files.  ``routed`` is ``route_paths(paths, fmt)`` when the caller
    has it already (the command checks the annotator first): the files are
    not looked into twice.
    """
    annotated, plain = routed or route_paths(paths, fmt)
    if annotator is not None and not annotator.strip():
        raise ProjectError("an annotator needs a name")
    if annotator is not None:  # ' bob ' is bob, whose layer and assignments these are
        annotator = annotator.strip()
    texts = ImportReport()
    if plain:
        plain_fmt = fmt if fmt in ("txt", "csv") else "auto"
        texts = import_paths(project, plain, plain_fmt, progress=progress, cancelled=cancelled)
    if annotated or plain != list(paths):  # folders were walked here: their other files were never seen there
        texts.skipped_paths = list(dict.fromkeys(_ignored(paths, fmt, annotated) + texts.skipped_paths))
    ann = None
    if annotated and texts.cancelled:
        ann = AnnotatedImportReport(annotator, cancelled=True)  # none of them read: the summary says so
    elif annotated:
        ann = import_annotated(
            project,
            annotated,
            annotator,
            add_labels=add_labels,
            fragments=fragments,
            offsets=offsets,
            progress=progress,
            cancelled=cancelled,
        )
    ids = texts.added_ids + (ann.layer_ids if ann else [])
    # Made here, not before reading: a refused file leaves no new annotator; a file that landed, even
    # with nothing new in it (a text already there), makes the one it was imported for, as always.
    landed = [f for f in (*texts.files, *(ann.files if ann else ())) if f.outcome != "refused"]
    if annotator is not None and (ids or landed):
        project.ensure_annotator(annotator, "gold" if annotator == GOLD else "annotator")
    if annotator is not None and ids:
        assign(project, list(dict.fromkeys(ids)), [annotator])
    return FilesImport(annotator, texts, ann)


def import_texts(
    project: Project,
    paths: Sequence[str],
    fmt: str = "auto",
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import the plain texts among ``paths``; files holding annotations are listed in ``held_back``, unread.

    A choice without annotated files is imported exactly as before.  Otherwise
    the text importer gets the plain files alone, and the files it would have
    listed as ignored are still listed, less the held-back ones (a brat
    ``.ann``, say), so nothing goes unmentioned.
    """
    annotated, plain = route_paths(paths, fmt)
    if not annotated:
        return import_paths(project, paths, fmt, progress=progress, cancelled=cancelled)
    report = (
        import_paths(project, plain, fmt, progress=progress, cancelled=cancelled) if plain else ImportReport()
    )
    report.skipped_paths = list(dict.fromkeys(_ignored(paths, fmt, annotated) + report.skipped_paths))
    report.held_back = [str(p) for p, _ in annotated]
    return report


def _ignored(paths: Sequence[str], fmt: str, annotated: Sequence[tuple[Path, AnnotatedFormat]]) -> list[str]:
    """The files the text importer would have listed as ignored, less the annotated ones (a brat
    ``.ann``, say): the text importer, given the routed plain files alone, never sees them."""
    held = {p for p, _ in annotated}
    _, ignored = collect_paths(paths, fmt)
    return [str(p) for p in ignored if Path(p) not in held]
