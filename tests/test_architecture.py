"""The layout holds: import contracts kept, no cycles, one registry that matches notebooks/."""

from __future__ import annotations

import ast
import csv
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from helpers import REPO

import kmkit
from kmkit.phases import PHASES, client_phases, data_files, load

LINT_IMPORTS = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
# Where an import-linter contract names modules.
MODULE_KEYS = ("layers", "containers", "source_modules", "forbidden_modules", "protected_modules",
               "allowed_importers")  # fmt: skip


@pytest.mark.skipif(LINT_IMPORTS is None, reason="import-linter comes with the 'test' extra")
def test_import_contracts_are_kept():
    result = subprocess.run([LINT_IMPORTS], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _contracts() -> list[dict]:
    """The import-linter contracts, as pyproject.toml writes them."""
    with (REPO / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["tool"]["importlinter"]["contracts"]


def _phase_packages() -> list[str]:
    """Every phase package: each folder in kmkit/phases, and each the registry names."""
    inits = (REPO / "kmkit" / "phases").glob("*/__init__.py")
    folders = {f"kmkit.phases.{init.parent.name}" for init in inits}
    named = {".".join(phase.page.partition(":")[0].split(".")[:3]) for phase in PHASES}
    return sorted(folders | named)


def _expressions(contract: dict, *keys: str) -> list[str]:
    """The module expressions under `keys`, layers split into their modules, optional or not."""
    found = []
    for key in keys:
        for entry in contract.get(key, ()):
            found += [part.strip().strip("()") for part in re.split(r"[|:]", entry)]
    return found


def _matches(expression: str, module: str) -> bool:
    """Whether an import-linter module expression names `module` (`*`: one name, `**`: any)."""
    parts = [
        "[^.]+" if part == "*" else ".+" if part == "**" else re.escape(part)
        for part in expression.split(".")
    ]
    return re.fullmatch(r"\.".join(parts), module) is not None


def _covers(expressions: list[str], module: str) -> bool:
    """Whether the expressions name `module` or a package holding it (import-linter's default)."""
    parts = module.split(".")
    packages = [".".join(parts[:n]) for n in range(1, len(parts) + 1)]
    return any(_matches(e, package) for e in expressions for package in packages)


def test_the_contract_reader_matches_as_import_linter_does():
    import grimp

    graph = grimp.build_graph("kmkit")
    wildcards = {e for c in _contracts() for e in _expressions(c, *MODULE_KEYS) if "*" in e}
    assert wildcards
    for expression in sorted(wildcards):
        ours = {m for m in graph.modules if _matches(expression, m)}
        assert ours == graph.find_matching_modules(expression), expression


def _uncovered(contracts: list[dict], phases: list[str]) -> list[str]:
    """Every way in which the contracts leave one of `phases` out, as sentences with the fix."""
    layered = [c for c in contracts if c["type"] == "layers" and c.get("containers")]
    forbidden = [c for c in contracts if c["type"] == "forbidden"]
    problems = []
    for phase in phases:
        if not any(_matches(e, phase) for c in layered for e in c["containers"]):
            problems.append(f"{phase}: no layers contract has it among its containers")
        others = [f"{q}.{m}" for q in phases if q != phase for m in ("page", "charts", "text")]
        if not any(
            _covers(c["source_modules"], phase)
            and all(_covers(c["forbidden_modules"], m) for m in others)
            for c in forbidden
        ):
            problems.append(f"{phase}: no contract forbids it other phases' page, charts, text")
        if not any(
            _covers(c["source_modules"], f"{phase}.compute")
            and _covers(c["source_modules"], f"{phase}.inputs")
            and {"altair", "ipywidgets"} <= set(c["forbidden_modules"])
            for c in forbidden
        ):
            problems.append(f"{phase}: no contract keeps its compute and inputs from drawing")
    for contract in contracts:  # a contract that lists phases by name lists them all
        named = set(_expressions(contract, *MODULE_KEYS)) & set(phases)
        if named and named != set(phases):
            missing = ", ".join(sorted(set(phases) - named))
            problems.append(
                f"pyproject.toml, contract '{contract['name']}': names phases but not {missing}; "
                "add them, or write the contract with kmkit.phases.* wildcards"
            )
    return problems


def test_every_phase_is_under_the_import_contracts():
    """A phase added to kmkit/phases or to the registry is held by the contracts at once."""
    problems = _uncovered(_contracts(), _phase_packages())
    assert problems == [], "\n".join(problems)


def test_a_phase_left_out_of_a_contract_is_found():
    phases = [*_phase_packages(), "kmkit.phases.newcomer"]
    (problem,) = _uncovered(_contracts(), phases)  # the wildcards hold it; the order does not
    assert "names phases but not kmkit.phases.newcomer" in problem
    contracts = [c for c in _contracts() if c["type"] != "forbidden"]
    assert len(_uncovered(contracts, _phase_packages())) == 2 * len(_phase_packages())


def _import_graph() -> dict[str, set[str]]:
    """Every kmkit module and the kmkit modules it imports, function-level imports included.

    Imports for type checkers only (a page naming the engagement it is built from) never run,
    so they are left out, as the import contracts leave them out.
    """
    import grimp

    graph = grimp.build_graph("kmkit", exclude_type_checking_imports=True)
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
    assert _cycles(_import_graph()) == []


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
    with pytest.warns(FutureWarning, match="open_engagement"):
        assert callable(kmkit.maturity_level)
