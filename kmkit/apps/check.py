"""`kmkit check`: every problem in a client's workspace, listed at once."""

from __future__ import annotations

import os

from kmkit.core.errors import InstrumentError, KmkitError, RowsRejected, WorkspaceError
from kmkit.core.workspace import Client, open_client


def _store_problems(client: Client) -> list[str]:
    """Problems in the survey store: a broken or unwritable file, unknown instruments, groups."""
    from kmkit.core.instruments import instrument_paths
    from kmkit.core.store import Store
    from kmkit.core.store_file import low_space, unwritable

    writes = [str(e) for e in (unwritable(client.store_path), low_space(client.store_path)) if e]
    if not client.store_path.exists():
        return writes  # a new client has no answers yet; that is not a fault
    problems = writes
    try:
        store = Store(client.store_path)
    except KmkitError as exc:
        return list(dict.fromkeys([str(exc), *writes]))
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
    from kmkit.core.instruments import read_instrument

    problems = []
    for path in sorted((client.path / "instruments").glob("*.yaml")):
        try:
            read_instrument(path)
        except InstrumentError as exc:
            problems.append(str(exc))
    return problems


def _language_problems(client: Client) -> list[str]:
    """Translations that do not match their instrument, and a language or target not covered."""
    from kmkit.core.instruments import instrument_languages, instrument_paths
    from kmkit.core.instruments.languages import language_key, language_name

    problems, untranslated = [], []
    known = instrument_paths(client.path)
    wanted = language_key(client.config.language)
    for instrument_id in sorted(known):
        try:
            languages = instrument_languages(instrument_id, client.path)
        except InstrumentError as exc:
            problems.append(str(exc))
            continue
        if wanted not in languages:
            untranslated.append(instrument_id)
    if untranslated:
        problems.append(
            f"{client.config_path}: language '{client.config.language}': "
            f"{', '.join(untranslated)} have no {language_name(wanted)} translation, so their "
            "surveys and forms stay in their own language; add one under the instrument's "
            "translations/ folder (see kmkit/core/instruments/translations/)"
        )
    for instrument_id in client.config.ask_targets:
        if instrument_id not in known:
            problems.append(
                f"{client.config_path}: ask_targets names '{instrument_id}', which is not an "
                f"instrument; known: {', '.join(sorted(known))}"
            )
    return problems


def check_client(slug: str, clients_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """Return every problem found in a client's workspace; an empty list means it is sound.

    A cluster's folder is checked as a cluster: its cluster.yaml, consents and exchanges.
    """
    from kmkit.core import paths
    from kmkit.phases.clusters.inputs import FILE, check_cluster, open_cluster

    if (paths.clients_dir(clients_dir) / slug / FILE).is_file():
        try:
            return check_cluster(open_cluster(slug, clients_dir))
        except WorkspaceError as exc:
            return exc.problems
    try:
        client = open_client(slug, clients_dir)
    except WorkspaceError as exc:
        return exc.problems
    problems: list[str] = []
    if not client.data_dir.is_dir():
        problems.append(f"{client.data_dir}: folder is missing; create it (inputs live there)")
    problems += _instrument_problems(client)
    problems += [p for p in _language_problems(client) if p not in problems]
    problems += _store_problems(client)
    problems += _table_problems(client)
    return problems


def currency_used(slug: str, clients_dir: str | os.PathLike[str] | None = None) -> str:
    """Which currency a client's amounts are shown in, and where it comes from, in words."""
    client = open_client(slug, clients_dir)
    code, source = client.config.money()
    if code:
        return f"Amounts are shown in {code}, from {source}."
    return (
        f"Amounts are shown with no currency: add `currency:` (an ISO code such as AUD, EUR "
        f"or GBP) or the client's `country:` to {client.config_path}."
    )


def _table_problems(client: Client) -> list[str]:
    """Problems in the data/ files every phase reads (the registry says which), one per bad cell."""
    from kmkit.phases import data_files, load

    problems = []
    for kind in data_files():
        for suffix in kind.suffixes:
            path = client.data_dir / f"{kind.stem}{suffix}"
            if not path.is_file():
                continue
            try:
                load(kind.read)(path, client)
            except RowsRejected as exc:
                problems += [p.describe(path) for p in exc.problems]
            except KmkitError as exc:
                problems.append(str(exc))
    return list(dict.fromkeys(problems))  # a bad catalogue also fails the selection that uses it
