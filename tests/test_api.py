"""The public surface notebooks rely on, and notebooks kept thin and clean."""

import re
import subprocess
import sys

import nbformat
from helpers import REPO

import kmkit

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def test_every_kmkit_name_used_in_notebooks_is_exported():
    used = set()
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                used |= set(re.findall(r"\bkmkit\.([A-Za-z_]\w*)", cell.source))
    assert used, "notebooks call kmkit"
    missing = sorted(used - set(kmkit.__all__))
    assert not missing, f"add {missing} to kmkit/__init__.py (__all__ and imports)"
    for name in used:
        assert getattr(kmkit, name) is not None


def test_notebooks_are_committed_without_outputs_and_with_one_parameters_cell():
    assert NOTEBOOKS
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert not any(c.outputs or c.execution_count for c in code), f"{path.name} has outputs"
        tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, f"{path.name} needs exactly one 'parameters' cell"


def test_import_skips_the_slow_grammar_build():
    code = "import kmkit, altair, sys; print(sys.modules.get('rfc3987_syntax'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "None"


def test_cli_help_does_not_import_the_heavy_stack():
    code = (
        "import sys; from kmkit.cli import main; "
        "print(sorted(m for m in ('pandas', 'altair', 'scipy', 'voila') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_public_names_stay_functions_after_every_submodule_is_imported():
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(kmkit.__path__):
        importlib.import_module(f"kmkit.{module.name}")
    modules = [name for name in kmkit.__all__ if type(getattr(kmkit, name)).__name__ == "module"]
    assert not modules, f"a submodule shadows the public name(s) {modules}: rename the module"
