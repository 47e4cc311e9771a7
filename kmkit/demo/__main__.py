"""`python -m kmkit.demo [CLIENTS_DIR]`: rebuild the shipped demo clients byte for byte."""

import shutil
import sys
from pathlib import Path

from kmkit.demo import generate

target = Path(sys.argv[1]) if len(sys.argv) > 1 else None
for made in generate(target):
    print(f"wrote {made}")
shutil.rmtree(Path(__file__).parent / "__pycache__", ignore_errors=True)
