"""Timing helpers shared by the benchmarks: repeat a command, report the median."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import time
from pathlib import Path


def median_seconds(argv: list[str], repeats: int, **kwargs: object) -> float:
    """Run a command `repeats` times (it must succeed) and return the median wall time."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, **kwargs)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report_line(label: str, seconds: float, baseline: float) -> str:
    """One aligned line: label, seconds, and the ratio against the baseline."""
    return f"{label:<48} {seconds:7.2f} s   {baseline / seconds:5.2f}x vs baseline"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    argv: list[str], port: int, cwd: Path, env: dict[str, str] | None = None, settle: float = 0
) -> subprocess.Popen:
    """Start a server in its own process group; return once it accepts connections on `port`.

    `settle` waits a little longer, as a consultant would before handing out the link.
    """
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                time.sleep(settle)
                return process
        time.sleep(0.1)
    raise RuntimeError(f"{argv[0]} did not start")
