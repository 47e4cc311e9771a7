"""The shipped demo clients, made by a seeded generator so they regenerate identically.

Run `python -m kmkit.demo [CLIENTS_DIR]` to rebuild them. The clients' facts and their
generator are in `kmkit.demo.clients`; the cluster's made-up peers in `kmkit.demo.madeup`.
"""

from __future__ import annotations

from pathlib import Path

from kmkit.core import paths
from kmkit.demo.clients import DEMO_CLIENTS, DemoClient, generate_client
from kmkit.demo.madeup import generate_cluster

__all__ = ["DEMO_CLIENTS", "DemoClient", "generate"]


def generate(clients_dir: Path | None = None) -> list[Path]:
    """Regenerate every demo client and the demo cluster; other clients are left alone."""
    root = clients_dir or paths.clients_dir()
    root.mkdir(parents=True, exist_ok=True)
    return [generate_client(spec, root) for spec in DEMO_CLIENTS] + generate_cluster(root)
