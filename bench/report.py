"""One client's HTML report: kmkit's route against stock papermill + nbconvert, in one run.

The stock route is what a consultant would type without kmkit: the papermill command line
for every phase notebook, then `jupyter nbconvert --to html --no-input` on each (whose output
still loads scripts from CDNs). kmkit runs the same notebooks and writes one offline report.
Usage: python bench/report.py [REPEATS] [CLIENT]
"""

import shutil
import sys
import tempfile
from pathlib import Path

from _timing import median_seconds, report_line

from kmkit.reports.build import phase_notebooks

REPO = Path(__file__).resolve().parent.parent
REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
CLIENT = sys.argv[2] if len(sys.argv) > 2 else "demo-accounting"
BIN = Path(sys.executable).parent

if __name__ == "__main__":
    work = Path(tempfile.mkdtemp())
    clients = work / "clients"
    shutil.copytree(REPO / "clients", clients, ignore=shutil.ignore_patterns("reports"))
    notebooks = phase_notebooks()
    run = html = 0.0
    for notebook in notebooks:
        out = work / notebook.name
        stock_run = [
            str(BIN / "papermill"),
            str(notebook),
            str(out),
            "-p",
            "client",
            CLIENT,
            "-p",
            "clients_dir",
            str(clients),
            "--cwd",
            str(notebook.parent),
        ]
        run += median_seconds(stock_run, REPEATS)
        html += median_seconds(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)], REPEATS
        )
    kmkit = [sys.executable, "-m", "kmkit.cli", "--clients-dir", str(clients), "report", CLIENT]
    ours = median_seconds(kmkit, REPEATS)
    print(f"median of {REPEATS} runs each, {len(notebooks)} phase notebooks, client {CLIENT}")
    print(f"{'  papermill CLI, every notebook':<48} {run:7.2f} s")
    print(f"{'  jupyter nbconvert --to html --no-input, each':<48} {html:7.2f} s")
    print(report_line("baseline: stock papermill + nbconvert", run + html, run + html))
    print(report_line("kmkit report (one offline HTML file)", ours, run + html))
    shutil.rmtree(work)
