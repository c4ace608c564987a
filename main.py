"""Hashiya's composition root: parse the command line, open the project, run a command or the GUI.

Command names and flags are a contract with users' scripts; change them only
by adding.  ``--json`` prints exactly one JSON object on stdout; any failure is
one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from store.errors import ProjectError

# annotate.formats.offsetfix.OFFSET_UNITS, spelled here so the window's start imports no format code (a test
# keeps the two equal)
OFFSET_CHOICES = ["auto", "codepoints", "utf16", "graphemes"]

# The domain modules below are imported inside the commands that use them: ``python main.py PROJECT``
# starts the window, and what it imports before the window paints is start-up time (README, Performance).

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A failure to report on one line of stderr."""


# -- output helpers ---------------------------------------------------------------------------------
class Out:
    """Where human text and JSON go; shapes Arabic for terminals that cannot."""

    def __init__(self, as_json: bool, shaping: bool) -> None:
        self.as_json = as_json
        self.shaping = shaping

    def say(self, text: str = "") -> None:
        if not self.as_json:
            from annotate.terminal import for_terminal

            print(for_terminal(text, self.shaping))

    def note(self, text: str) -> None:
        """Progress notes go to stderr so that stdout stays clean for pipes."""
        from annotate.terminal import for_terminal

        print(for_terminal(text, self.shaping and sys.stderr.isatty()), file=sys.stderr)

    def emit(self, obj: dict[str, Any]) -> None:
        if self.as_json:
            print(json.dumps(obj, ensure_ascii=False))


@contextmanager
def progress_bar(desc: str, unit: str) -> Iterator[Callable[[int, int], None]]:
    """A tqdm bar on stderr when it is a terminal; otherwise a silent callback."""
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from tqdm import tqdm

    bar = tqdm(desc=desc, unit=unit, file=sys.stderr, leave=False)

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    try:
        yield update
    finally:
        bar.close()


def open_project(path: str, out: Out, readonly: bool = False) -> Any:
    """Open a project for a command; an older file is backed up and upgraded first, and the user told.

    A command that only reads opens read-only, which cannot upgrade: such a file is
    opened once for writing to upgrade it (as the workbench or a writing command
    would), then read-only.  Where it cannot be written, the error says so.
    """
    from store.errors import ReadOnlyProjectError, UpgradeNeededError
    from store.project import Project

    if readonly:
        try:
            return Project.open(path, readonly=True)
        except UpgradeNeededError as exc:
            try:
                with Project.open(path) as p:
                    _say_upgraded(p, out)
            except ReadOnlyProjectError:
                raise exc from None  # it says what to do
            return Project.open(path, readonly=True)
    p = Project.open(path)
    _say_upgraded(p, out)
    return p


def _say_upgraded(p: Any, out: Out) -> None:
    if p.backup_path is not None:
        from store.version import FILE_FORMAT

        out.note(
            f"{p.path}: upgraded from file format {p.upgraded_from} to {FILE_FORMAT};"
            f" the file as it was is kept as {p.backup_path}"
        )


# -- commands ---------------------------------------------------------------------------------------
def cmd_init(args: argparse.Namespace, out: Out) -> int:
    from annotate.schema import default_schema, load_schema
    from store.project import Project

    schema = load_schema(args.schema) if args.schema else default_schema()
    with Project.create(args.project, schema) as p:
        out.say(f"created {p.path} with schema {schema.name!r} ({len(schema.labels)} labels)")
        out.emit({"project": str(p.path), "schema": schema.name, "labels": len(schema.labels)})
    return EXIT_OK


_IGNORED_SHOWN = 20  # a folder of photos should not bury the import's own lines


def cmd_import(args: argparse.Namespace, out: Out) -> int:
    from store.annotated_import import route_paths
    from store.mixed_import import import_files

    annotated, plain = route_paths(args.paths, args.format)
    if annotated and not (args.annotator or args.annotator_from_file):
        names = ", ".join(str(f) for f, _ in annotated[:3]) + (" ..." if len(annotated) > 3 else "")
        raise CliError(
            f"{names}: annotated file(s) need --annotator NAME, the layer their annotations go to"
            " (or --annotator-from-file, for the annotators a Label Studio, Prodigy or our JSONL file names)"
        )
    with open_project(args.project, out) as p:
        with progress_bar("import", "item") as bar:  # files of texts, then documents of annotated files
            done = import_files(
                p,
                args.paths,
                args.format,
                None if args.annotator_from_file else args.annotator,  # None: the layers the files name
                add_labels=args.add_labels,
                fragments=args.fragments,
                offsets=None if args.offsets == "auto" else args.offsets,
                routed=(annotated, plain),
                progress=bar,
            )
        report, ann = done.texts, done.annotated
        indexed = None
        if args.index:  # otherwise the GUI indexes in the background; search is complete either way
            from store.search import index_missing

            with progress_bar("search index", "doc") as bar:
                indexed = index_missing(p, progress=bar)
    for f in report.files:
        if f.outcome == "refused":
            out.note(f"refused {f.error}")
        elif not args.json:
            how = f"{f.encoding} ({f.detection})"
            out.say(f"{f.outcome:9} {f.path}: {f.added} added, {f.duplicates} already present; {how}")
        for note in f.notes:
            out.note(f"note {f.path}: {note}")
    for src, existing, existing_src in report.duplicate_of:
        if not args.json:
            twin = f"document {existing}" if existing is not None else "another file in this import"
            out.say(f"skipped   {src}: same text as {twin} ({existing_src})")
    if not args.json:  # listed, as the README says; --json has them all under skipped_paths
        for path in report.skipped_paths[:_IGNORED_SHOWN]:
            out.say(f"ignored   {path}: not a suffix this import reads")
        if len(report.skipped_paths) > _IGNORED_SHOWN:
            out.say(f"ignored   … and {len(report.skipped_paths) - _IGNORED_SHOWN} more (all in --json)")
    if plain or not annotated:
        out.say(
            f"import: {report.added} document(s) added, {report.duplicates} duplicate(s) skipped,"
            f" {len(report.refused)} file(s) refused, {len(report.skipped_paths)} other file(s) ignored"
        )
    result = report.to_json()
    if indexed is not None:
        out.say(f"search index: {indexed} document(s) indexed")
        result["indexed"] = indexed
    if ann is not None:
        for af in ann.files:
            if af.outcome == "refused":
                out.note(f"refused {af.error}")
            else:
                who = args.annotator or f"{len(af.layers)} layer(s) named in the file"
                kept = f", {af.skipped} left as they were (already in that layer)" if af.skipped else ""
                out.say(
                    f"imported  {af.path} ({af.format}): {af.documents} new document(s), {af.attached} already"
                    f" present{kept}, {af.spans} span(s), {af.relations} relation(s) as {who}"
                )
        if args.annotator_from_file:
            for name, n in ann.layers.items():
                out.say(
                    f"layer {name}: {n.documents} document(s), {n.spans} span(s), {n.relations} relation(s)"
                )
        if ann.unknown_labels and not args.add_labels:
            listed = ", ".join(f"{k} ({n})" for k, n in ann.unknown_labels.most_common())
            out.note(f"labels not in the schema: {listed}; add them with --add-labels")
        if ann.unknown_roles and not args.add_labels:
            listed = ", ".join(f"{k} ({n})" for k, n in ann.unknown_roles.most_common())
            out.note(f"roles not in the schema: {listed}; add them with --add-labels")
        for line in ann.report.lines():
            out.say(f"  {line}")
        result["annotated"] = ann.to_json()
    out.emit(result)
    return EXIT_FAIL if report.refused or (ann and ann.refused) else EXIT_OK


def cmd_export(args: argparse.Namespace, out: Out) -> int:
    from annotate.formats.spacy_docbin import FormatUnavailable
    from store.export import ExportOptions, export_layer, resolve_layer, writes_folder

    opts = ExportOptions(args.clitics, args.nested, args.alignment, args.split or "", args.seed)
    with open_project(args.project, out, readonly=True) as p:
        layer = resolve_layer(p, args.annotator, args.gold)
        if args.format == "spacy" and not writes_folder(args.format, args.out) and not args.split:
            _advise_spacy_folder(p, out)
        with progress_bar("export", "doc") as bar:
            try:
                res = export_layer(p, args.out, layer, args.format, opts, progress=bar)
            except FormatUnavailable as exc:
                raise CliError(str(exc)) from exc
    for r in res.results:
        out.say(
            f"exported {r.documents} document(s), {r.spans} span(s), {r.relations} relation(s) of {layer or 'no layer (nobody has annotated yet)'} to {r.path}"
        )
    for line in res.report.lines():
        out.say(f"  {line}")
    obj = res.to_json()
    if len(res.results) == 1:
        obj["out"] = res.results[0].path
    out.emit(obj)
    return EXIT_OK


def _advise_spacy_folder(p: Any, out: Out) -> None:
    from annotate.formats.spacy_docbin import FOLDER_FROM, SHARD_DOCS
    from store.documents import document_count

    n = document_count(p)
    if n > FOLDER_FROM:
        out.note(
            f"note: one DocBin of {n:,} documents is held in memory until it is written (about 1 GB for"
            f" {FOLDER_FROM:,}); --out FOLDER (no suffix) writes DocBins of {SHARD_DOCS:,} documents, one at a time"
        )


def cmd_stats(args: argparse.Namespace, out: Out) -> int:
    from store.stats import project_stats

    with open_project(args.project, out, readonly=True) as p:
        st = project_stats(p)
    out.emit(st)
    out.say(
        f"{st['project']}: {st['documents']} documents, {st['spans']} spans, {st['relations']} relations, {st['annotators']} annotators"
    )
    for name, figures in st["per_annotator"].items():
        done = st["status"].get(name, {}).get("done", 0)
        out.say(f"  {name}: {figures['spans']} spans in {figures['documents']} documents, {done} done")
    if st["per_label"]:
        out.say("spans per label:")
        for label, n in sorted(st["per_label"].items(), key=lambda kv: (-kv[1], kv[0])):
            out.say(f"  {label}: {n}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace, out: Out) -> int:
    from annotate.schema import load_schema, schema_to_dict
    from store.schema_store import replace_schema

    if args.load:
        renames = dict(r.split("=", 1) for r in args.rename or [])
        new = load_schema(args.load)
        with open_project(args.project, out) as p:
            change = replace_schema(p, new, renames)
        out.say(
            f"schema {new.name!r} loaded: +{len(change.added_labels)} label(s), -{len(change.removed_labels)} label(s),"
            f" {len(change.renamed)} rename(s)"
        )
        for old, new_key, n in change.renamed:
            out.say(f"  {old} -> {new_key}: {n} annotation(s) moved")
        out.emit(
            {
                "schema": new.name,
                "added_labels": list(change.added_labels),
                "removed_labels": list(change.removed_labels),
                "renamed": [{"from": a, "to": b, "moved": n} for a, b, n in change.renamed],
            }
        )
        return EXIT_OK
    with open_project(args.project, out, readonly=True) as p:
        schema = p.schema()
    # --dump (the default) writes the schema file to stdout as JSON: never reshaped.
    print(json.dumps(schema_to_dict(schema), ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_gui(args: argparse.Namespace, out: Out) -> int:
    try:
        from ui.app import run_gui
    except ImportError as exc:
        raise CliError(f"the annotation workbench is not available in this build ({exc})") from exc
    return run_gui(args.project)


# -- team: merge, agreement, assignment, progress (docs/team.md) --------------------------------------
def _names(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def cmd_merge(args: argparse.Namespace, out: Out) -> int:
    from store.merge import merge_projects

    with open_project(args.project, out) as p, progress_bar("merge", "step") as bar:
        report = merge_projects(p, args.others, progress=lambda stage, done, total: bar(done, total))
    out.emit(report.to_json())
    out.say(f"merged into {report.target}; rule: {report.rule}")
    for s in report.sources:
        out.say(
            f"  {s.path}: documents +{s.documents_added} (matched {s.documents_matched}), spans +{s.spans_added}"
            f" ~{s.spans_updated} -{s.spans_deleted}, relations +{s.relations_added} -{s.relations_deleted},"
            f" statuses {s.statuses_changed}, decisions {s.decisions_merged}, assignments +{s.assignments_added},"
            f" conflicts {len(s.conflicts)}"
        )
        for c in s.conflicts:
            out.say(f"    conflict {c.entity} {c.id} in {c.document}: kept {c.kept}'s version ({c.reason})")
    return EXIT_OK


def cmd_agreement(args: argparse.Namespace, out: Out) -> int:
    from store.agreement_data import project_agreement

    with open_project(args.project, out, readonly=True) as p:
        report = project_agreement(p, _names(args.annotators), _names(args.labels), only_done=args.done_only)
    data = report.to_json()
    out.emit(data)
    names = ", ".join(report.annotators)
    out.say(f"{len(report.annotators)} annotators on {report.documents} document(s): {names}")
    for kind in ("exact", "overlap"):
        f1 = data["span_f1"][kind]  # type: ignore[index]
        out.say(f"span F1 ({kind}): mean {f1['mean']}, sd {f1['sd']}")
        for pair in f1["pairs"]:
            out.say(f"  {pair['a']} / {pair['b']}: {pair['f1']}")
    out.say(f"token kappa: mean {data['token_kappa']['mean']}; alpha: {data['alpha']}")  # type: ignore[index]
    return EXIT_OK


def cmd_assign(args: argparse.Namespace, out: Out) -> int:
    from annotate.model import DocId
    from store.documents import document_ids
    from store.team import assign, assign_rotation

    names = _names(args.annotators) or []
    if not names:
        raise CliError("assign: name at least one annotator with --annotators A,B,C")
    k = args.k if args.k is not None else len(names)
    if not 1 <= k <= len(names):
        raise CliError(f"assign: k must be between 1 and {len(names)} (the number of annotators), got {k}")
    by_hand: list[DocId] | None = None
    if args.ids:
        try:
            by_hand = [DocId(int(i)) for i in _names(args.ids) or []]
        except ValueError as exc:
            raise CliError(
                f"assign: --ids takes document ids separated by commas, like 12,13,14 ({exc})"
            ) from exc
    with open_project(args.project, out) as p:
        if by_hand is not None:
            docs = by_hand
        elif args.docs == "unassigned":
            taken = {r[0] for r in p.conn.execute("SELECT DISTINCT doc_id FROM assignments")}
            docs = [d for d in document_ids(p) if d not in taken]
        else:
            docs = document_ids(p)
        # unknown names become annotators in the same transaction as their assignments (README: assign)
        if k < len(names):
            added = assign_rotation(p, docs, names, k, create=True)
        else:
            added = assign(p, docs, names, create=True)
    out.say(f"assigned {len(docs)} document(s) to {k} of {len(names)} annotator(s) each: {added} new")
    out.emit({"documents": len(docs), "annotators": names, "k": k, "added": added})
    return EXIT_OK


def cmd_progress(args: argparse.Namespace, out: Out) -> int:
    from store.progress import progress_json, team_progress

    with open_project(args.project, out, readonly=True) as p:
        rows = team_progress(p)
    out.emit(progress_json(rows))
    out.say(f"{'annotator':16} {'role':10} {'of':>6} {'done':>6} {'doing':>6} {'not started':>12}")
    for r in rows:
        out.say(f"{r.name:16} {r.role:10} {r.assigned:6} {r.done:6} {r.in_progress:6} {r.not_started:12}")
    return EXIT_OK


# -- parser -----------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hashiya",
        description="Hashiya: annotate Arabic conflict news. With no command, opens the workbench.",
    )
    parser.add_argument(
        "--no-shaping",
        action="store_true",
        help="print Arabic as stored, for terminals that shape and reorder it themselves (or HASHIYA_NO_SHAPING=1)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help="create a project file")
    p.add_argument("project")
    p.add_argument("--schema", help="label schema file (default: resources/default_schema.json)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("import", help="import texts (.txt, folders, JSONL, CSV) or annotated files")
    p.add_argument("project")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument(
        "--format",
        default="auto",
        choices=["auto", "txt", "jsonl", "csv", "brat", "doccano", "labelstudio", "prodigy", "conll"],
        help="auto recognises annotated files (brat, doccano, Label Studio, Prodigy, CoNLL, our JSONL)",
    )
    who = p.add_mutually_exclusive_group()
    who.add_argument(
        "--annotator", help="assign the documents to this annotator; annotations go to this layer"
    )
    who.add_argument(
        "--annotator-from-file",
        action="store_true",
        help="each annotation to the layer of the annotator the file names (Label Studio, Prodigy, our JSONL)",
    )
    p.add_argument("--add-labels", action="store_true", help="add labels and roles missing from the schema")
    p.add_argument(
        "--fragments", default="refuse", choices=["refuse", "join"], help="discontinuous brat spans"
    )
    p.add_argument(
        "--offsets",
        default="auto",
        choices=OFFSET_CHOICES,
        help="what doccano and Label Studio offsets count (auto: found per document from the span texts)",
    )
    p.add_argument(
        "--index",
        action="store_true",
        help="build the full-text search index before returning (slower; the workbench does it in the background)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="export a layer")
    p.add_argument("project")
    p.add_argument(
        "--format",
        default="jsonl",
        choices=["jsonl", "spacy", "conll", "brat", "csv", "doccano", "labelstudio", "prodigy"],
    )
    p.add_argument("--out", required=True, help="a file (a folder for brat)")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--annotator")
    who.add_argument("--gold", action="store_true")
    p.add_argument(
        "--clitics", default="attach", choices=["attach", "split"], help="CoNLL: span inside a word"
    )
    p.add_argument(
        "--nested", default="columns", choices=["columns", "outer", "inner"], help="CoNLL: nested spans"
    )
    p.add_argument(
        "--alignment", default="expand", choices=["expand", "contract", "strict"], help="spaCy tokens"
    )
    p.add_argument("--split", metavar="80,10,10", help="train,dev(,test) by document")
    p.add_argument("--seed", type=int, default=0, help="seed of --split (same seed, same split)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("stats", help="counts of documents, spans, annotators")
    p.add_argument("project")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("schema", help="print (--dump) or replace (--load) the project's label schema")
    p.add_argument("project")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--dump", action="store_true", help="print the schema as JSON (the default)")
    mode.add_argument("--load", metavar="FILE", help="replace the schema; annotations are never deleted")
    p.add_argument("--rename", action="append", metavar="OLD=NEW", help="move annotations of OLD to NEW")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_schema)
    p = sub.add_parser("merge", help="merge annotators' offline copies into this project")
    p.add_argument("project")
    p.add_argument("others", nargs="+", metavar="OTHER")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser("agreement", help="inter-annotator agreement figures")
    p.add_argument("project")
    p.add_argument("--annotators", metavar="A,B", help="compare only these annotators")
    p.add_argument("--labels", metavar="X,Y", help="compare only these labels")
    p.add_argument("--done-only", action="store_true", help="only documents the annotators marked done")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_agreement)

    p = sub.add_parser("assign", help="assign documents to annotators (each to k of them, in rotation)")
    p.add_argument("project")
    p.add_argument("--annotators", required=True, metavar="A,B,C")
    p.add_argument("--k", type=int, help="annotators per document (default: all named)")
    p.add_argument("--docs", default="all", choices=["all", "unassigned"])
    p.add_argument("--ids", metavar="1,2,3", help="assign these document ids by hand")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_assign)

    p = sub.add_parser("progress", help="per annotator: documents done, in progress, not started")
    p.add_argument("project")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_progress)

    for command in sub.choices.values():  # after the command too, as the README's examples write it
        command.add_argument(
            "--no-shaping", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
        )
    return parser


def _shaping(args: argparse.Namespace) -> bool:
    """Terminal shaping for commands; the window shapes Arabic itself (and skips the import)."""
    if args.func is cmd_gui:
        return False
    from annotate.terminal import terminal_shaping_enabled

    return terminal_shaping_enabled(False if args.no_shaping else None, os.environ)


def _domain_errors() -> tuple[type[Exception], ...]:
    """Refusals reported on one line; imported only once one is being handled (an except clause
    evaluates its tuple then), so starting the window does not import the parsers."""
    from annotate.schema import SchemaError
    from annotate.textimport import ImportFileError

    return (SchemaError, ImportFileError)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    commands = {"init", "import", "export", "stats", "schema", "-h", "--help"}
    commands |= {"merge", "agreement", "assign", "progress"}
    first = next((a for a in argv if a != "--no-shaping"), None)
    if first is None or first not in commands:
        gui = argparse.ArgumentParser(prog="hashiya")
        gui.add_argument("project", nargs="?")
        gui.add_argument("--no-shaping", action="store_true")
        args = gui.parse_args(argv)
        args.json = False
        args.func = cmd_gui
    else:
        args = parser.parse_args(argv)
    as_json = bool(getattr(args, "json", False))
    out = Out(as_json, _shaping(args))
    try:
        return args.func(args, out)
    except (ProjectError, CliError, OSError, ValueError, sqlite3.Error, *_domain_errors()) as exc:
        from annotate.terminal import for_terminal

        if isinstance(exc, sqlite3.Error) and getattr(args, "project", None):
            from store.project import translate  # a damaged page met while reading, after a good open

            exc = translate(exc, pathlib.Path(args.project))
        msg = " ".join(str(exc).split("\n"))
        print(f"hashiya: error: {for_terminal(msg, out.shaping and sys.stderr.isatty())}", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        print("hashiya: interrupted; every committed action is kept", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
