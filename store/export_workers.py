"""A large CoNLL or JSONL export rendered by worker processes, each writing parts of the file.

A CoNLL export renders some 35 million token lines for 100,000 articles: pure
Python string work that keeps one core busy for several times what
``json.dumps`` takes over the same rows (our JSONL, about twice).  A large export therefore starts one
worker per CPU (``python -m store.export_workers``, a plain child process as in
``store.readahead``: no multiprocessing, which would re-run the caller's main
script under ``spawn`` and is unsafe to fork from a GUI thread).  Each worker
opens the project read-only.  The documents are cut into units (id ranges, or
whole chunks of a listed selection), about sixteen per worker, then shrinking
ones so that the workers finish about together, handed out as workers come
free; each unit is rendered into its own part file beside the output.  This process
appends finished parts in order to the first one (the temporary file of
``export._write_via_partial``), fsyncs it and renames it into place.  The file
is byte for byte the one a single process writes, and so is the report.

On the pipes, pickles.  To a worker: the ``Job``; when the tag columns are
counted, an equal share of the documents to count the nesting of, then the column count every
document pads to; then one ``Unit`` at a time, and ``None`` when there are
no more.  From a worker: ``("depth", n)``, ``("progress", docs, spans,
relations)`` every few hundred documents, ``("unit", index, report items)``
when a part is complete, or ``("error", exception or text)``.  A cancelled
export, a worker that fails and any error here kill every worker and delete
every part: nothing is left at the destination and no worker keeps running.
"""

from __future__ import annotations

import gc
import os
import pickle
import queue
import shutil
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from itertools import accumulate, pairwise
from pathlib import Path
from typing import IO, Any, Literal

from annotate.formats import conll
from annotate.formats.report import FormatReport, ReportItem
from annotate.jsonl import ExportCheckError
from annotate.model import DocId
from store import export
from store.children import start_python
from store.project import Project, ProjectError

PARALLEL_MIN_DOCS = 5000
"""Below this many documents the workers' start (~0.3 s) would cost more than they save."""
WORKER = ["-m", "store.export_workers"]
"""What ``sys.executable`` runs as a worker (tests put a failing one here)."""
UNITS_PER_WORKER = 16
"""Units handed out per worker: a worker that comes free takes the next, so none waits long for another."""
SMALLEST_UNIT = 200
"""Documents in the last, smallest units (a few tens of milliseconds of rendering)."""
_PROGRESS_EVERY = 200
_POLL_S = 0.05


@dataclass(frozen=True, slots=True)
class Share:
    """Documents of the export: the listed ids (whole chunks of ``export._CHUNK``), or every id in (after, upto]."""

    ids: list[int] | None
    after: int = -1
    upto: int | None = None


@dataclass(frozen=True, slots=True)
class Job:
    """What every worker is told first; then its share for the depth count, the column count, and units."""

    project: str
    layer: str
    fmt: Literal["conll", "jsonl"]
    clitics: conll.Clitics
    nested: conll.Nested
    chunk: int

    @property
    def counts_depth(self) -> bool:
        """A CoNLL export pads every document to the deepest nesting anywhere: the workers count it first."""
        return self.fmt == "conll" and self.nested == "columns"


@dataclass(frozen=True, slots=True)
class Unit:
    """A run of documents rendered into one part file; parts are appended in ``index`` order."""

    index: int
    part: str
    share: Share


def _cut(project: Project, doc_ids: Sequence[DocId] | None, workers: int) -> tuple[list[Share], list[Share]]:
    """The documents of the export as units (``_unit_sizes``), and as one equal share per worker for the
    depth count; both in export order.

    A listed selection is cut between whole chunks, so each chunk is read and
    ordered as a single process reads it.
    """
    if doc_ids is not None:
        ids = [int(i) for i in doc_ids]
        size = export._CHUNK
        chunks = -(-len(ids) // size)

        def listed(counts: list[int]) -> list[Share]:
            cuts = list(accumulate((c * size for c in counts), initial=0))
            return [Share(ids[a:b]) for a, b in pairwise(cuts)]

        return listed(_unit_sizes(chunks, workers, 1)), listed(_equal(chunks, workers))
    lo, hi, n = project.conn.execute("SELECT min(id), max(id), count(*) FROM documents").fetchone()
    ids: Sequence[int] = (
        range(lo, hi + 1)  # no gaps (the usual project): the cuts are sums, not 100,000 ids read
        if n and hi - lo + 1 == n
        else sorted(r[0] for r in project.conn.execute("SELECT id FROM documents"))  # the small index
    )

    def ranges(counts: list[int]) -> list[Share]:
        lasts = [ids[c - 1] for c in accumulate(counts)]
        return [
            Share(None, -1 if k == 0 else lasts[k - 1], lasts[k] if k < len(lasts) - 1 else None)
            for k in range(len(lasts))
        ]

    return ranges(_unit_sizes(len(ids), workers, SMALLEST_UNIT)), ranges(_equal(len(ids), workers))


def _equal(total: int, pieces: int) -> list[int]:
    pieces = max(1, min(pieces, total))
    return [(k + 1) * total // pieces - k * total // pieces for k in range(pieces)]


def _unit_sizes(total: int, workers: int, smallest: int) -> list[int]:
    """Sizes of the units, in order: ``UNITS_PER_WORKER`` equal ones per worker for the bulk, shrinking
    toward the end (each about what is left over twice the workers), so the last ones finish about
    together instead of one worker rendering a whole unit alone at the end."""
    base = max(1, -(-total // (workers * UNITS_PER_WORKER)))
    smallest = max(1, min(smallest, base // 8))
    sizes: list[int] = []
    left = total
    while left > 0:
        size = min(left, max(smallest, min(base, left // (2 * workers))))
        sizes.append(size)
        left -= size
    return sizes


class _WorkerFailed(ProjectError):
    pass


class _Worker:
    """A started worker, a thread reading what it sends, and one keeping what it says on stderr."""

    def __init__(self, index: int, inbox: queue.SimpleQueue[tuple[int, tuple]]) -> None:
        self.index = index
        self.proc = start_python(WORKER)
        self.stderr = b""
        self.ended = False
        self._threads = [
            threading.Thread(target=self._read, args=(inbox,), daemon=True),
            threading.Thread(target=self._read_stderr, daemon=True),
        ]
        for t in self._threads:
            t.start()

    def _read(self, inbox: queue.SimpleQueue[tuple[int, tuple]]) -> None:
        out = self.proc.stdout
        assert out is not None
        try:
            while True:
                inbox.put((self.index, pickle.load(out)))
        except Exception:  # EOF, or what a dying worker left half-written
            inbox.put((self.index, ("eof",)))

    def _read_stderr(self) -> None:
        assert self.proc.stderr is not None
        with suppress(OSError, ValueError):
            self.stderr = self.proc.stderr.read()

    def send(self, obj: Any) -> None:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
            self.proc.stdin.flush()
        except OSError:
            raise self.failure() from None

    def failure(self, why: str = "") -> _WorkerFailed:
        if not why:
            with suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=5)
            for t in self._threads[1:]:
                t.join(timeout=1)
            said = self.stderr.decode("utf-8", "replace").strip().splitlines()
            why = said[-1] if said else f"exit code {self.proc.returncode}"
        return _WorkerFailed(f"export worker {self.index + 1} stopped ({why})")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for t in self._threads:
            t.join(timeout=5)
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            with suppress(OSError):
                if pipe is not None:
                    pipe.close()


def export_parallel(
    project: Project,
    out: Path,
    layer: str,
    fmt: Literal["conll", "jsonl"],
    report: FormatReport,
    doc_ids: Sequence[DocId] | None,
    counter: export._Counter,
    n_workers: int,
    clitics: conll.Clitics = "attach",
    nested: conll.Nested = "columns",
) -> None:
    """``export.export_conll`` or ``export_jsonl`` by ``n_workers`` processes: same file, same report,
    same counts and callbacks."""
    tmp = export._partial(out)
    tmp.open("wb").close()  # a folder that cannot be written fails here, as a single process fails
    parts = [tmp]
    inbox: queue.SimpleQueue[tuple[int, tuple]] = queue.SimpleQueue()
    workers: list[_Worker] = []
    try:
        job = Job(str(Path(project.path).resolve()), layer, fmt, clitics, nested, export._CHUNK)
        for k in range(n_workers):  # they start while the documents are cut into units
            workers.append(_Worker(k, inbox))
            workers[k].send(job)
        shares, depth_shares = _cut(project, doc_ids, n_workers)
        parts += [tmp.with_name(f"{tmp.name}.{k}") for k in range(1, len(shares))]
        units = [Unit(k, str(parts[k]), sh) for k, sh in enumerate(shares)]
        if job.counts_depth:  # each worker counts the depth of a run of units
            depth_shares += [Share([])] * (len(workers) - len(depth_shares))  # fewer documents than workers
            for w, share in zip(workers, depth_shares, strict=True):
                w.send(share)
        items = _run(workers, units, inbox, job.counts_depth, counter, tmp)
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        tmp.replace(out)
    except BaseException as exc:
        for w in workers:
            w.stop()
        for p in parts:
            p.unlink(missing_ok=True)
        if isinstance(exc, _WorkerFailed):
            raise ProjectError(f"{out}: {exc}; nothing was written") from None
        raise
    finally:
        for w in workers:
            w.stop()
    for unit_items in items:
        for it in unit_items:
            report.add(it.kind, it.document, it.detail)


def _run(
    workers: list[_Worker],
    units: list[Unit],
    inbox: queue.SimpleQueue[tuple[int, tuple]],
    count_depth: bool,
    counter: export._Counter,
    tmp: Path,
) -> list[list[ReportItem]]:
    """Hand out units as workers come free and append each finished part in order, until the last.

    Returns each unit's report items, in order.  Progress and cancel are served here, in this thread.
    """
    todo = deque(units)
    items: dict[int, list[ReportItem]] = {}
    depths: dict[int, int] = {}
    appended = 1  # the first unit is written straight into the temporary file

    def feed(w: _Worker) -> None:
        if todo:
            w.send(todo.popleft())
        else:
            w.send(None)
            w.ended = True

    if not count_depth:
        for w in workers:
            feed(w)
    while len(items) < len(units) or appended < len(units):
        counter.stop_if_cancelled()
        try:
            k, msg = inbox.get(timeout=_POLL_S)
        except queue.Empty:
            continue
        kind = msg[0]
        if kind == "progress":
            counter.add(*msg[1:])
        elif kind == "unit":
            items[msg[1]] = msg[2]
            feed(workers[k])
            while appended < len(units) and appended in items and 0 in items:
                _append(tmp, Path(units[appended].part))
                appended += 1
        elif kind == "depth":
            depths[k] = msg[1]
            if len(depths) == len(workers):
                columns = max(depths.values())
                for w in workers:
                    w.send(columns)
                    feed(w)
        elif kind == "error":
            if isinstance(msg[1], ProjectError | ExportCheckError):
                raise msg[1]
            raise workers[k].failure(str(msg[1]))
        elif kind == "eof" and not workers[k].ended:
            raise workers[k].failure()
    return [items[k] for k in range(len(units))]


def _append(dst: Path, part: Path) -> None:
    """Append ``part`` to ``dst`` (in the kernel where it can) and delete it.

    The disk starts writing what ``dst`` holds so far (Linux writes back pages
    dropped from the cache), so the fsync at the end has little left to wait for.
    """
    with dst.open("r+b", buffering=0) as out, part.open("rb", buffering=0) as src:
        out.seek(0, os.SEEK_END)
        _copy(src, out)
        if hasattr(os, "posix_fadvise"):
            os.posix_fadvise(out.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
    part.unlink()


def _copy(src: IO[bytes], dst: IO[bytes]) -> None:
    size = os.fstat(src.fileno()).st_size
    done = 0
    copy_range = getattr(os, "copy_file_range", None)
    if copy_range is not None:
        try:
            while done < size:
                n = copy_range(src.fileno(), dst.fileno(), size - done)
                if n == 0:
                    break
                done += n
        except OSError:
            if done:
                raise
    if done < size:  # no copy in the kernel here: through this process
        src.seek(done)
        shutil.copyfileobj(src, dst, 1 << 20)


# -- the worker's side ----------------------------------------------------------------------------------
def _send(msg: tuple) -> None:
    pickle.dump(msg, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()


def _render(project: Project, job: Job, unit: Unit, columns: int) -> list[ReportItem]:
    rep = FormatReport(job.fmt)
    sh = unit.share
    pieces: Iterable[tuple[bytes, int, int]]
    if job.fmt == "jsonl":
        lines = export.json_lines(project, job.layer, sh.ids, after=sh.after, upto=sh.upto, chunk=job.chunk)
        pieces = ((line.encode("utf-8"), n_spans, n_rels) for line, n_spans, n_rels in lines)
    else:
        pieces = export.conll_pieces(project, job.layer, sh.ids, job.clitics, job.nested, rep, columns,
                                     after=sh.after, upto=sh.upto, chunk=job.chunk)  # fmt: skip
    docs = spans = rels = 0
    with open(unit.part, "wb", buffering=1 << 20) as fh:
        for data, n_spans, n_rels in pieces:
            fh.write(data)
            docs += 1
            spans += n_spans
            rels += n_rels
            if docs == _PROGRESS_EVERY:
                _send(("progress", docs, spans, rels))
                docs = spans = rels = 0
    _send(("progress", docs, spans, rels))
    return rep.items


def _work() -> None:
    read = lambda: pickle.load(sys.stdin.buffer)  # noqa: E731
    job: Job = read()
    with Project.open(job.project, readonly=True) as project:
        columns = 1
        if job.counts_depth:
            sh: Share = read()
            _send(("depth", export._max_depth(project, job.layer, sh.ids, after=sh.after, upto=sh.upto)))
            columns = read()
        while (unit := read()) is not None:
            _send(("unit", unit.index, _render(project, job, unit, columns)))


def worker_main() -> None:
    # A worker lives for one export and its loop makes no reference cycles: the collector would only
    # walk the rows over and over (some 5% of the time).
    gc.disable()
    try:
        _work()
    except (ProjectError, ExportCheckError) as exc:  # said to the user as a single process says it
        with suppress(Exception):
            _send(("error", exc))
        raise SystemExit(1) from None
    except BaseException as exc:
        with suppress(Exception):
            _send(("error", f"{type(exc).__name__}: {exc}"))
        raise


if __name__ == "__main__":
    # Through the package module, so what is pickled is store.export_workers.Job, not __main__.Job.
    from store.export_workers import worker_main as main

    main()
