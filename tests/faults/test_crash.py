"""SIGKILL at random moments while a process annotates: every acknowledged action survives, the file stays sound.

An action is acknowledged only after ``apply`` returned, that is after COMMIT
with ``synchronous=FULL``; the one action in flight at the kill may or may not
be there, but nothing else may differ.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from tests.faults.conftest import worker

TRIALS = 50


def replay(state: dict[str, str | None], lines: list[str]) -> set[str]:
    """Apply one worker's acknowledged actions to ``state`` (span id -> label, None once deleted).

    Returns the ids of spans whose action was tried but not acknowledged (in flight at the kill).
    """
    tried: dict[str, str] = {}
    for line in lines:
        parts = line.split()
        if not parts or parts[0] not in ("try", "ack"):
            continue
        _, k, kind, sid, lab = parts
        if parts[0] == "try":
            tried[k] = sid
            continue
        del tried[k]
        state[sid] = None if kind == "delete" else lab
    return set(tried.values())


def stored(path: Path) -> tuple[str, dict[str, str]]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        rows = dict(conn.execute("SELECT id, label FROM spans WHERE annotator = 'amal'").fetchall())
    finally:
        conn.close()
    return ok, rows


@pytest.mark.slow
@pytest.mark.timeout(150)
def test_sigkill_at_random_moments_loses_no_acknowledged_action(project_path: Path) -> None:
    rng = random.Random(20261127)
    acked_total = in_flight_kills = 0
    expect: dict[str, str | None] = {}
    for trial in range(TRIALS):
        proc = worker("annotate", str(project_path), "amal", "100000", str(trial))
        lines: list[str] = []
        reader = threading.Thread(target=lambda p=proc, out=lines: out.extend(p.stdout), daemon=True)
        reader.start()
        deadline = time.monotonic() + 30
        while "ready\n" not in lines:
            assert proc.poll() is None, f"trial {trial}: worker ended early: {proc.stderr.read()}"
            assert time.monotonic() < deadline, f"trial {trial}: worker never became ready"
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.25))
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        reader.join(10)
        assert proc.returncode == -signal.SIGKILL, (
            f"trial {trial}: worker ended by itself: {proc.stderr.read()}"
        )
        proc.stderr.close()
        # only whole lines count: a line cut by the kill was never received as an acknowledgement
        lines = [ln.strip() for ln in lines if ln.endswith("\n")]
        assert not any(ln.startswith("error") for ln in lines), lines
        in_flight = replay(expect, lines)
        in_flight_kills += bool(in_flight)
        ok, rows = stored(project_path)
        assert ok == "ok", f"trial {trial}: integrity_check says {ok}"
        for sid, label in expect.items():
            if sid in in_flight:
                continue
            if label is None:
                assert sid not in rows, f"trial {trial}: deleted span {sid} came back"
            else:
                assert rows.get(sid) == label, (
                    f"trial {trial}: acknowledged span {sid} is {rows.get(sid)}, not {label}"
                )
        # a span never acknowledged may exist only if it was the one in flight
        assert set(rows) - set(expect) <= in_flight, f"trial {trial}: unacknowledged spans appeared"
        for sid in in_flight:  # the action in flight went either way: from now on expect what the file holds
            expect[sid] = rows.get(sid)
        acked_total += sum(1 for ln in lines if ln.startswith("ack"))
    print(
        f"crash safety: {TRIALS} SIGKILL trials, {acked_total} acknowledged actions, "
        f"{in_flight_kills} kills with an action in flight, 0 lost, integrity ok every time"
    )
    assert acked_total >= TRIALS  # the kills did land among committed work, not before any
