"""A client's workshop notebooks: its own copies of kmkit's notebooks, and the notes in them.

`kmkit lab` opens JupyterLab on `clients/<slug>/workshop/`, never on the shipped notebooks,
so what a consultant types and runs with one client stays in that client's folder. Each copy
carries the client's parameter in a cell injected the way papermill injects it, so it runs as
it stands and under papermill. Markdown cells the consultant tags `workshop-notes` are theirs:
a refresh replaces kmkit's cells with the shipped ones and keeps the notes where they were.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from kmkit.core import paths
from kmkit.core.files import atomic_path
from kmkit.core.workspace import Client

FOLDER = "workshop"
NOTES = "workshop-notes"  # the tag of a consultant's own cells
INJECTED = "injected-parameters"


def workshop_dir(client: Client) -> Path:
    """Where the client's workshop copies live, inside its own folder."""
    return client.path / FOLDER


def _read(path: Path):  # -> nbformat.NotebookNode
    from papermill.iorw import load_notebook_node

    return load_notebook_node(str(path))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def fresh_copy(shipped: Path, client: Client):  # -> nbformat.NotebookNode
    """The shipped notebook with the client's parameter injected, outputs cleared."""
    from papermill.parameterize import parameterize_notebook

    nb = parameterize_notebook(_read(shipped), {"client": client.slug})
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
        if INJECTED in cell.metadata.get("tags", []):
            cell["id"] = INJECTED  # papermill's id is random; a stable one keeps refreshes quiet
    nb.metadata.setdefault("kmkit", {})["shipped"] = _digest(shipped)
    return nb


def is_note(cell: dict) -> bool:
    """A cell the consultant wrote in the workshop (tagged `workshop-notes`)."""
    return NOTES in cell.get("metadata", {}).get("tags", [])


@dataclass
class Refreshed:
    """What refreshing one copy did: kmkit's cells added, removed or changed; notes kept."""

    notebook: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    notes: int = 0
    new: bool = False
    stale: bool = False  # left as it was although kmkit's notebook has changed since

    def sentence(self) -> str:
        """One line for the consultant's terminal."""
        if self.new:
            return f"{self.notebook}: copied"
        if self.stale:
            return (
                f"{self.notebook}: kmkit's notebook has changed since this copy was made; "
                "--refresh updates it and keeps the cells tagged workshop-notes"
            )
        parts = [
            f"{len(cells)} cell(s) {what}"
            for what, cells in (
                ("added", self.added),
                ("removed", self.removed),
                ("changed", self.changed),
            )
            if cells
        ]
        kept = f"; {self.notes} note cell(s) kept" if self.notes else ""
        return f"{self.notebook}: " + (", ".join(parts) or "unchanged") + kept


def refresh_copy(fresh, existing) -> tuple[object, Refreshed]:  # noqa: ANN001
    """Kmkit's cells from `fresh`, the consultant's notes from `existing`, in their places.

    A note goes after the kmkit cell it followed; if that cell is gone, at the end. Outputs
    of kmkit cells whose source did not change are kept, so a run workshop stays run.
    """
    report = Refreshed("")
    old = {c.get("id"): c for c in existing.cells if not is_note(c)}
    new_ids = {c.get("id") for c in fresh.cells}
    for cell in fresh.cells:
        before = old.get(cell.get("id"))
        if before is None:
            report.added.append(cell.get("id"))
        elif before.get("source") != cell.get("source"):
            report.changed.append(cell.get("id"))
        elif cell.get("cell_type") == "code":
            cell["outputs"] = before.get("outputs", [])
            cell["execution_count"] = before.get("execution_count")
    report.removed = [i for i in old if i not in new_ids]
    anchor, placed = None, []
    for cell in existing.cells:
        if is_note(cell):
            placed.append((anchor, cell))
        else:
            anchor = cell.get("id")
    merged = copy.deepcopy(fresh)
    for anchor, note in reversed(placed):
        where = next(
            (n + 1 for n, c in enumerate(merged.cells) if c.get("id") == anchor),
            len(merged.cells),
        )
        merged.cells.insert(where, note)
    report.notes = len(placed)
    return merged, report


def prepare(client: Client, refresh: bool = False, source: Path | None = None) -> list[Refreshed]:
    """Make the client's workshop copies; with `refresh`, bring existing ones up to date.

    Without `refresh`, copies that exist are left as they are (a workshop in progress), and
    those whose shipped notebook has changed since are reported as stale.
    """
    import nbformat

    source = source or paths.notebooks_dir()
    folder = workshop_dir(client)
    folder.mkdir(parents=True, exist_ok=True)
    done = []
    for shipped in sorted(source.glob("*.ipynb")):
        target = folder / shipped.name
        fresh = fresh_copy(shipped, client)
        if not target.exists():
            result, report = fresh, Refreshed(shipped.stem, new=True)
        elif refresh:
            result, report = refresh_copy(fresh, _read(target))
            report.notebook = shipped.stem
        else:
            stale = _read(target).metadata.get("kmkit", {}).get("shipped") != _digest(shipped)
            if stale:
                done.append(Refreshed(shipped.stem, stale=True))
            continue
        with atomic_path(target) as tmp:  # a copy is never left half-written
            nbformat.write(result, tmp)
        done.append(report)
    return done


def workshop_notes(client: Client) -> list[tuple[str, str]]:
    """The consultant's notes, as (notebook, Markdown), in notebook order."""
    folder = workshop_dir(client)
    found = []
    for path in sorted(folder.glob("*.ipynb")) if folder.is_dir() else []:
        for cell in _read(path).cells:
            if is_note(cell) and cell.get("cell_type") == "markdown" and cell.get("source"):
                found.append((path.stem, cell["source"]))
    return found
