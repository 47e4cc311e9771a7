"""`kmkit check`: every problem in a client's workspace, listed at once."""

from __future__ import annotations

import os

from kmkit.errors import InstrumentError, KmkitError, WorkspaceError
from kmkit.workspace import Client, open_client


def _store_problems(client: Client) -> list[str]:
    """Problems in the survey store: unreadable file, unknown instruments, departments or roles."""
    from kmkit.instruments import instrument_paths
    from kmkit.store import Store

    if not client.store_path.exists():
        return []  # a new client has no answers yet; that is not a fault
    problems = []
    try:
        store = Store(client.store_path)
    except KmkitError as exc:
        return [str(exc)]
    with store:
        rows = store.response_groups()
    known_instruments = instrument_paths(client.path)
    departments, roles = set(client.config.departments), set(client.config.roles)
    for instrument, department, role, count in rows:
        if instrument not in known_instruments:
            problems.append(
                f"{client.store_path}: {count} response(s) to unknown instrument "
                f"'{instrument}'; add its YAML under {client.path / 'instruments'}"
            )
        if department is not None and department not in departments:
            problems.append(
                f"{client.store_path}: {count} response(s) from department "
                f"'{department}', which {client.config_path.name} does not list "
                "under 'departments'"
            )
        if role is not None and role not in roles:
            problems.append(
                f"{client.store_path}: {count} response(s) with role '{role}', which "
                f"{client.config_path.name} does not list under 'roles'"
            )
    return problems


def _instrument_problems(client: Client) -> list[str]:
    """Problems in a client's own instrument files."""
    from kmkit.instruments import read_instrument

    problems = []
    for path in sorted((client.path / "instruments").glob("*.yaml")):
        try:
            read_instrument(path)
        except InstrumentError as exc:
            problems.append(str(exc))
    return problems


def check_client(slug: str, clients_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """Return every problem found in a client's workspace; an empty list means it is sound."""
    try:
        client = open_client(slug, clients_dir)
    except WorkspaceError as exc:
        return exc.problems
    problems: list[str] = []
    if not client.data_dir.is_dir():
        problems.append(f"{client.data_dir}: folder is missing; create it (inputs live there)")
    problems += _instrument_problems(client)
    problems += _store_problems(client)
    problems += _table_problems(client)
    return problems


def _table_problems(client: Client) -> list[str]:
    """Problems in the data/ tables (inventory, knowledge areas), one per bad cell."""
    from kmkit.catalogue import load_catalogue
    from kmkit.importing.rows import RowsRejected
    from kmkit.inventory import read_inventory
    from kmkit.measurement import read_kpis, read_roi
    from kmkit.solutions import read_selection
    from kmkit.strategy import read_areas

    try:
        catalogue = load_catalogue(client.path)
    except KmkitError as exc:
        return [str(exc)]
    readers = {
        "inventory": read_inventory,
        "areas": lambda path: read_areas(path, client.config.business_goals),
        "selection": lambda path: read_selection(path, catalogue),
        "kpis": read_kpis,
        "roi": read_roi,
    }
    problems = []
    for stem, read in readers.items():
        for path in sorted(client.data_dir.glob(f"{stem}.*")):
            if path.suffix.lower() not in (".csv", ".xlsx", ".yaml"):
                continue
            try:
                read(path)
            except RowsRejected as exc:
                problems += [p.describe(path) for p in exc.problems]
            except KmkitError as exc:
                problems.append(str(exc))
    return problems
