"""Timing helpers shared by the benchmarks: repeat a command, report the median."""

from __future__ import annotations

import statistics
import subprocess
import time


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
