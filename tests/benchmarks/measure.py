"""Measuring a command as a whole process tree: wall time, CPU time and peak memory.

Only /proc and os.wait4: peak memory is the largest sum of the resident memory of the process and
all its children, sampled every 0.1 s; CPU time is user + system of the whole tree.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    seconds: float
    cpu: float  # user + system seconds of the process and its children
    peak_mb: float  # largest summed resident memory of the process tree
    single_peak_mb: float = 0.0  # largest resident memory of one process


def _tree(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            with contextlib.suppress(OSError, ValueError):
                stack += [int(c) for c in (task / "children").read_text().split()]
    return found


def _rss_mb(pid: int) -> float:
    with contextlib.suppress(OSError, ValueError, IndexError):
        return (
            int(Path(f"/proc/{pid}/statm").read_text().split()[1])
            * os.sysconf("SC_PAGE_SIZE")
            / 1e6
        )
    return 0.0


def _cpu_seconds(pid: int) -> float:
    """User + system time of one process so far (also of workers wait4 never sees, such as
    those of a forkserver)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Wall time, CPU time and peak memory of a command with its children."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )
    peak = 0.0
    cpu: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            tree = _tree(process.pid)
            peak = max(peak, sum(_rss_mb(p) for p in tree))
            for pid in tree:
                cpu[pid] = max(cpu.get(pid, 0.0), _cpu_seconds(pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert process.stderr is not None
    errors = process.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} mislukte:\n{errors[-3000:]}")
    single = usage.ru_maxrss / 1024
    cpu_seconds = max(usage.ru_utime + usage.ru_stime, sum(cpu.values()))
    return Run(seconds, cpu_seconds, max(peak, single), single)
