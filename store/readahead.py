"""Reading and folding import files in a helper process while this one writes to the project.

An import spends about as long reading, decoding and folding its files (pure
Python) as SQLite spends storing them.  A large import therefore reads ahead
in a helper process (``python -m store.readahead``, a plain child process: no
multiprocessing, which would re-run the caller's main script under ``spawn``
and is unsafe to fork from a GUI thread) and this process only stores.  Small
imports read in-process, where the helper's start (~0.3 s) would cost more
than it saves.

Results come back in file order, so duplicates and reports are exactly those
of reading one file after the other; a file that cannot be read comes back
as its error text (``path:line: message``), as ``read_text_file`` words it.
If the helper dies, the files it had not sent are read here: an import never
fails because of the read-ahead.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from annotate.textimport import FileRead, ImportFileError, read_text_file
from store.children import cpu_count, start_python
from store.search import shadow

PARALLEL_MIN_BYTES = 16 * 2**20
"""Below this much input the helper process is not worth starting."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """One file read and folded: its documents and their shadows by sha256, or why it was refused."""

    path: Path
    read: FileRead | None
    shadows: dict[str, tuple[str, str]]
    error: str = ""


def prepare(path: Path, fmt: str) -> Prepared:
    try:
        fr = read_text_file(path, fmt)  # type: ignore[arg-type]
    except ImportFileError as exc:  # sent back as text: the exception's own pickling loses its fields
        return Prepared(path, None, {}, str(exc))
    return Prepared(path, fr, {d.sha256: (shadow(d.title), shadow(d.text)) for d in fr.drafts})


def _size(files: Sequence[Path]) -> int:
    total = 0
    for f in files:
        with suppress(OSError):  # read_text_file reports it
            total += f.stat().st_size
    return total


def prepared_files(
    files: Sequence[Path], fmt: str, *, min_bytes: int = PARALLEL_MIN_BYTES
) -> Iterator[Prepared]:
    """Each file prepared, in order; by a helper process when the files add up to ``min_bytes`` or more.

    Closing the generator early (a cancelled import) stops the helper and drops what it read ahead.
    """
    if cpu_count() < 2 or len(files) < 2 or _size(files) < min_bytes:
        for path in files:
            yield prepare(path, fmt)
        return
    helper = start_python(["-m", "store.readahead", fmt], stderr=subprocess.DEVNULL)
    assert helper.stdin is not None and helper.stdout is not None
    sent = 0
    try:
        try:
            helper.stdin.write(json.dumps([str(f) for f in files]).encode())
            helper.stdin.close()  # the helper reads the list whole, then writes; the pipe's buffer paces it
        except OSError:  # the helper died before reading its list (a broken pipe): what follows reads here
            with suppress(OSError):
                helper.stdin.close()
        while sent < len(files):
            try:
                got = pickle.load(helper.stdout)
            except (EOFError, pickle.UnpicklingError, OSError):
                break  # the helper died: read the rest here
            sent += 1
            yield got
        for path in files[sent:]:
            yield prepare(path, fmt)
    finally:
        if helper.poll() is None:
            helper.kill()
        helper.wait()
        with suppress(OSError):
            helper.stdout.close()


def _helper(fmt: str) -> None:
    """The helper's side: a JSON list of paths on stdin, one pickled ``Prepared`` per path on stdout."""
    paths = json.loads(sys.stdin.buffer.read())
    out = sys.stdout.buffer
    for p in paths:
        pickle.dump(prepare(Path(p), fmt), out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()


if __name__ == "__main__":
    # Run through the package module, so what is pickled is store.readahead.Prepared, not __main__.Prepared.
    from store.readahead import _helper as helper_main

    helper_main(sys.argv[1])
