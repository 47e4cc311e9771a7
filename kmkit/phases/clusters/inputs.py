"""A cluster's workspace: its cluster.yaml, its members (the clients naming it) and consents."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from kmkit.core import paths
from kmkit.core.errors import ClientExistsError, ClientNotFoundError, WorkspaceError
from kmkit.core.privacy import MIN_THRESHOLD
from kmkit.core.workspace import (
    SLUG_PATTERN,
    Client,
    known_slugs,
    open_client,
    read_config,
    read_yaml_model,
)
from kmkit.core.yamlfile import load_yaml

FILE = "cluster.yaml"
SUPPORT_KINDS = ("government", "productivity organisation", "NGO", "association", "other")


class Support(BaseModel):
    """A support scheme or stakeholder of the cluster, and what it offers members."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    kind: Literal["government", "productivity organisation", "NGO", "association", "other"]
    offers: str = ""


class Exchange(BaseModel):
    """An informal exchange between members that already exists (a lunch club, a user group)."""

    model_config = ConfigDict(extra="forbid")
    topic: str = Field(min_length=1)
    members: list[str] = Field(default_factory=list)  # member slugs
    since: str = ""
    note: str = ""


class ClusterConfig(BaseModel):
    """What cluster.yaml holds; unknown fields are refused so a typo is caught."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    facilitator: str = Field(min_length=1)  # the organisation running the cluster
    sector: str = ""
    country: str = ""
    consultant: str = ""
    support: list[Support] = Field(default_factory=list)
    named: list[str] = Field(default_factory=list)  # members that agree to be named to others
    exchanges: list[Exchange] = Field(default_factory=list)
    min_members: int = Field(default=5, ge=MIN_THRESHOLD)  # members with data for a benchmark


@dataclass(frozen=True)
class Cluster:
    """One cluster's folder, its validated cluster.yaml and its members' slugs."""

    slug: str
    path: Path
    config: ClusterConfig
    members: tuple[str, ...]

    @property
    def name(self) -> str:
        """The cluster's display name."""
        return self.config.name

    @property
    def reports_dir(self) -> Path:
        """Generated output: the facilitator's report."""
        return self.path / "reports"

    def member(self, slug: str) -> Client:
        """A member's workspace."""
        return open_client(slug, self.path.parent)

    def is_named(self, slug: str) -> bool:
        """True when the member agreed to be named to the other members."""
        return slug in self.config.named


def cluster_slugs(clients_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """The cluster folders (those holding a cluster.yaml) in the clients folder."""
    root = paths.clients_dir(clients_dir)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / FILE).is_file())


def members_of(slug: str, root: Path) -> tuple[str, ...]:
    """The clients whose client.yaml names this cluster, sorted."""
    found = []
    for client in known_slugs(root):
        try:
            if read_config(root / client / "client.yaml").cluster == slug:
                found.append(client)
        except WorkspaceError:
            continue  # a broken client.yaml is `kmkit check`'s to report, not the cluster's
    return tuple(found)


def read_cluster_config(path: Path) -> ClusterConfig:
    """Read and validate a cluster.yaml, raising WorkspaceError with every problem by name."""
    return read_yaml_model(path, ClusterConfig, "create it with `kmkit new-cluster`")


def open_cluster(slug: str, clients_dir: str | os.PathLike[str] | None = None) -> Cluster:
    """Open a cluster by slug; an unknown slug names the known clusters."""
    root = paths.clients_dir(clients_dir)
    folder = root / slug
    if not SLUG_PATTERN.match(slug) or not (folder / FILE).is_file():
        known = ", ".join(cluster_slugs(root)) or "none"
        raise ClientNotFoundError(f"No cluster '{slug}' in {root}. Known clusters: {known}.")
    config = read_cluster_config(folder / FILE)
    return Cluster(slug, folder, config, members_of(slug, root))


def cluster_of(client: Client) -> Cluster | None:
    """The cluster a client belongs to, when its client.yaml names one that exists."""
    slug = client.config.cluster
    if not slug or not (client.path.parent / slug / FILE).is_file():
        return None
    return open_cluster(slug, client.path.parent)


def is_member(client: Client) -> bool:
    """True when the client names a cluster that has a folder: its report gets a peer section."""
    return cluster_of(client) is not None


def check_cluster(cluster: Cluster) -> list[str]:
    """Problems a facilitator should fix: consents and exchanges naming non-members."""
    where = cluster.path / FILE
    members = set(cluster.members)
    problems = [
        f"{where}: 'named' lists '{slug}', which is no member (no client.yaml says "
        f"'cluster: {cluster.slug}')"
        for slug in cluster.config.named
        if slug not in members
    ]
    for number, exchange in enumerate(cluster.config.exchanges, start=1):
        problems += [
            f"{where}: exchange {number} ('{exchange.topic}') lists '{slug}', which is no member"
            for slug in exchange.members
            if slug not in members
        ]
    if not members:
        problems.append(
            f"{where}: no client names this cluster yet; add 'cluster: {cluster.slug}' to "
            "each member's client.yaml"
        )
    return problems


TEMPLATE = """\
# A cluster of SMEs: its members are the clients whose client.yaml says `cluster: {slug}`.
name: {name}
facilitator: {facilitator}   # the organisation that runs the cluster
sector: ""
country: ""
# Support schemes and stakeholders: government programmes, productivity organisations, NGOs,
# business associations. kind: government, productivity organisation, NGO, association, other.
support: []
# Members that agree to be named to other members (in who-can-help-whom); others never are.
named: []
# Informal exchanges between members that already exist.
exchanges: []
# Members with survey answers needed before any benchmark is shown (never below 3).
min_members: 5
"""


def new_cluster(
    slug: str, name: str, facilitator: str, clients_dir: str | os.PathLike[str] | None = None
) -> Cluster:
    """Create a cluster folder with a cluster.yaml; never overwrites an existing folder."""
    if not SLUG_PATTERN.match(slug):
        raise WorkspaceError([f"'{slug}' is not a usable slug: lower-case letters, digits, dashes"])
    root = paths.clients_dir(clients_dir)
    folder = root / slug
    if folder.exists():
        raise ClientExistsError(f"{folder} already exists; choose another slug or remove it first.")
    text = TEMPLATE.format(slug=slug, name=yaml_text(name), facilitator=yaml_text(facilitator))
    ClusterConfig.model_validate(load_yaml(text))  # the scaffold must itself be valid
    folder.mkdir(parents=True)
    (folder / FILE).write_text(text, encoding="utf-8")
    return open_cluster(slug, root)


def yaml_text(value: str) -> str:
    """A string as a YAML scalar on one line."""
    return yaml.safe_dump(value, default_style='"', width=10_000).strip()
