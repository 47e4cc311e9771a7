"""PDF reports without downloading a browser: the system's Chromium prints the HTML report."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from kmkit.core.errors import KmkitError
from kmkit.reports.chromium import ARGS, find_chromium


def html_to_pdf(html: Path, timeout: int = 120) -> Path:
    """Print a self-contained HTML report to a PDF beside it; the page breaks come from its CSS."""
    out = html.with_suffix(".pdf")
    with tempfile.TemporaryDirectory() as profile:
        argv = [
            find_chromium(),
            *ARGS,
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out.with_suffix('.tmp.pdf')}",
            html.resolve().as_uri(),
        ]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    printed = out.with_suffix(".tmp.pdf")
    if done.returncode != 0 or not printed.is_file() or printed.stat().st_size == 0:
        printed.unlink(missing_ok=True)
        raise KmkitError(f"Chromium could not print {html.name}: {done.stderr.strip()[-300:]}")
    printed.replace(out)
    return out
