"""Python child processes of the store (import read-ahead, CoNLL export workers), started one way.

They are plain ``python -m`` children rather than ``multiprocessing``: spawn
would re-run the caller's main script, and forking from a GUI thread is unsafe.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cpu_count() -> int:
    """The CPUs this process may run on (its affinity where the system says, else all of them)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def start_python(args: list[str], *, stderr: int = subprocess.PIPE) -> subprocess.Popen[bytes]:
    """``python ARGS`` with pipes on stdin and stdout, able to import our packages from any folder.

    The checkout goes first on PYTHONPATH, and no empty entry is left there:
    an empty entry would put the child's working folder on its path.
    """
    paths = [str(ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return subprocess.Popen(
        [sys.executable, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=stderr,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)},
    )
