"""Start-up cost of the stack with and without kmkit's import-time fix, in one run.

Usage: python bench/startup.py [REPEATS]
"""

import sys

from _timing import median_seconds, report_line

REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
PY = sys.executable

PAIRS = [
    ("import pandas, altair (what every report kernel pays)", "pandas, altair"),
    ("import jupyter_server.serverapp (Voilà, JupyterLab)", "jupyter_server.serverapp"),
]

if __name__ == "__main__":
    print(f"median of {REPEATS} runs each, fresh interpreter per run")
    for label, modules in PAIRS:
        stock = median_seconds([PY, "-c", f"import {modules}"], REPEATS)
        ours = median_seconds([PY, "-c", f"import kmkit, {modules}"], REPEATS)
        print(label)
        print(report_line("  baseline: stock", stock, stock))
        print(report_line("  with kmkit imported first", ours, stock))
    help_time = median_seconds([PY, "-m", "kmkit.cli", "--help"], REPEATS)
    print(f"{'kmkit --help':<48} {help_time:7.2f} s")
