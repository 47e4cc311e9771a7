"""The code base stays ruff-clean, so a reader meets one style everywhere."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO

RUFF = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
TARGETS = ["kmkit", "tests", "bench", "notebooks"]


@pytest.mark.skipif(RUFF is None, reason="ruff comes with the 'test' extra")
@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_ruff(command):
    result = subprocess.run([RUFF, *command, *TARGETS], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
