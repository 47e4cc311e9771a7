"""One client's HTML report: kmkit's route against stock papermill + nbconvert, in one run.

The stock route is what a consultant would type without kmkit: the papermill command line,
then `jupyter nbconvert --to html --no-input` (whose output still loads scripts from CDNs).
Usage: python bench/report.py [REPEATS]
"""

import shutil
import sys
import tempfile
from pathlib import Path

from _timing import median_seconds, report_line

REPO = Path(__file__).resolve().parent.parent
REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
BIN = Path(sys.executable).parent
NOTEBOOK = REPO / "notebooks" / "01_awareness.ipynb"

if __name__ == "__main__":
    work = Path(tempfile.mkdtemp())
    clients = work / "clients"
    shutil.copytree(REPO / "clients", clients, ignore=shutil.ignore_patterns("reports"))
    out = work / "out.ipynb"
    stock_run = [
        str(BIN / "papermill"),
        str(NOTEBOOK),
        str(out),
        "-p",
        "client",
        "demo-precision",
        "-p",
        "clients_dir",
        str(clients),
        "--cwd",
        str(NOTEBOOK.parent),
    ]
    stock_html = [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)]
    kmkit = [
        sys.executable,
        "-m",
        "kmkit.cli",
        "--clients-dir",
        str(clients),
        "report",
        "demo-precision",
    ]

    run = median_seconds(stock_run, REPEATS)
    html = median_seconds(stock_html, REPEATS)
    ours = median_seconds(kmkit, REPEATS)
    print(f"median of {REPEATS} runs each, one phase notebook, client demo-precision")
    print(f"{'  papermill CLI':<48} {run:7.2f} s")
    print(f"{'  jupyter nbconvert --to html --no-input':<48} {html:7.2f} s")
    print(report_line("baseline: stock papermill + nbconvert", run + html, run + html))
    print(report_line("kmkit report (papermill + offline HTML)", ours, run + html))
    shutil.rmtree(work)
