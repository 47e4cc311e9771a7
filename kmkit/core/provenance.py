"""What a result was made from: client, instrument versions, a fingerprint of the inputs, kmkit."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from kmkit.core.dates import as_of_date
from kmkit.core.instruments import Instrument
from kmkit.core.instruments.languages import language_key, language_name
from kmkit.core.store import Store
from kmkit.core.version import __version__
from kmkit.core.workspace import Client


def fingerprint(client: Client) -> str:
    """Hash client.yaml, the files under data/ and the stored responses: same inputs, same print."""
    digest = hashlib.sha256()
    digest.update(client.config_path.read_bytes())
    if client.data_dir.is_dir():
        for path in sorted(p for p in client.data_dir.rglob("*") if p.is_file()):
            if path.name.startswith("."):
                continue
            digest.update(path.relative_to(client.path).as_posix().encode())
            digest.update(path.read_bytes())
    if client.store_path.exists():
        with Store(client.store_path) as store:
            digest.update(store.fingerprint().encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Provenance:
    """The facts a report states about its own making."""

    client_name: str
    slug: str
    instruments: tuple[tuple[str, str, str], ...]  # id, version, language of its words
    fingerprint: str
    kmkit_version: str
    made_on: str

    def instrument_list(self) -> str:
        """'maturity v1.0, orientation v1.0', with the language where it is not English."""
        return ", ".join(
            f"{i} v{v}" + ("" if language_key(lang) == "en" else f" ({language_name(lang)})")
            for i, v, lang in self.instruments
        )

    def markdown(self) -> str:
        """One short paragraph for the foot of a notebook or report."""
        used = self.instrument_list() or "none"
        return (
            f"*Made from: client {self.client_name} ({self.slug}); instruments {used}; "
            f"input fingerprint {self.fingerprint}; kmkit {self.kmkit_version}; {self.made_on}.*"
        )


def provenance(client: Client, instruments: Iterable[Instrument] = ()) -> Provenance:
    """Collect the provenance of a result made now for a client with these instruments."""
    return Provenance(
        client_name=client.name,
        slug=client.slug,
        instruments=tuple((i.id, i.version, i.language) for i in instruments),
        fingerprint=fingerprint(client),
        kmkit_version=__version__,
        made_on=as_of_date(None).isoformat(),
    )
