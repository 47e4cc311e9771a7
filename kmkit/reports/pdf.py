"""PDF reports without downloading a browser: the system's Chromium prints the HTML report."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from kmkit.core.errors import KmkitError
from kmkit.core.files import atomic_path
from kmkit.reports.chromium import ARGS, find_chromium


def html_to_pdf(html: Path, timeout: int = 120) -> Path:
    """Print a self-contained HTML report to a PDF beside it; the page breaks come from its CSS."""
    out = html.with_suffix(".pdf")
    with tempfile.TemporaryDirectory() as profile, atomic_path(out) as printed:
        argv = [
            find_chromium(),
            *ARGS,
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={printed}",
            html.resolve().as_uri(),
        ]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0 or not printed.is_file() or printed.stat().st_size == 0:
            msg = f"Chromium could not print {html.name}: {done.stderr.strip()[-300:]}"
            raise KmkitError(msg)
    return out
