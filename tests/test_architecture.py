"""The layout holds: import contracts kept, no cycles, one registry that matches notebooks/."""

from __future__ import annotations

import ast
import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO

import kmkit
from kmkit.phases import PHASES, client_phases, data_files, load

LINT_IMPORTS = shutil.which("lint-imports", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(LINT_IMPORTS is None, reason="import-linter comes with the 'test' extra")
def test_import_contracts_are_kept():
    result = subprocess.run([LINT_IMPORTS], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _import_graph() -> dict[str, set[str]]:
    """Every kmkit module and the kmkit modules it imports, function-level imports included."""
    import grimp

    graph = grimp.build_graph("kmkit")
    return {
        module: {m for m in graph.find_modules_directly_imported_by(module) if m != module}
        for module in graph.modules
    }


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_among_kmkit_modules():
    graph = _import_graph()
    # A package's __init__ importing its own modules is not a cycle a reader meets.
    graph = {m: {n for n in deps if not m.startswith(n + ".")} for m, deps in graph.items()}
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_registry_and_notebooks_agree():
    shipped = {p.stem for p in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    assert shipped == {p.notebook for p in client_phases()}
    assert len({p.slug for p in PHASES}) == len(PHASES)


def test_every_registry_reference_resolves():
    for phase in PHASES:
        assert callable(load(phase.page)), phase.page
        for kind in phase.data_files:
            for ref in (kind.schema, kind.read, *([kind.form] if kind.form else [])):
                assert load(ref) is not None, ref
            assert kind.missing


def test_registry_imports_no_phase_module():
    code = "import sys, kmkit.phases; print([m for m in sys.modules if m.count('.') >= 2])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert [m for m in eval(out.stdout) if m.startswith("kmkit.phases.")] == []


def test_blank_templates_are_what_the_schemas_read():
    for kind in data_files():
        if not kind.template.endswith(".csv"):
            continue
        with (REPO / "templates" / kind.template).open(encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle))
        assert tuple(header) == load(kind.schema).names(), kind.template


def test_type_checking_imports_match_the_lazy_names():
    tree = ast.parse(Path(kmkit.__file__).read_text())
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"
    )
    typed = {alias.name: imp.module for imp in block.body for alias in imp.names if imp.module}
    assert typed == kmkit._LAZY


def test_retired_notebook_names_warn_but_work():
    with pytest.warns(FutureWarning, match="awareness_page"):
        assert callable(kmkit.maturity_level)
