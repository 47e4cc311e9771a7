"""Where kmkit finds the clients folder and its shipped notebooks and templates."""

from __future__ import annotations

import os
from pathlib import Path

CLIENTS_ENV = "KMKIT_CLIENTS_DIR"
CLIENT_ENV = "KMKIT_CLIENT"
AS_OF_ENV = "KMKIT_AS_OF"  # the engagement's date for served apps (`kmkit serve --as-of`)
CLUSTER_ENV = "KMKIT_CLUSTER"  # a cluster served to its facilitator (kmkit serve CLUSTER)
_PACKAGE = Path(__file__).resolve().parent.parent  # the kmkit package


def clients_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the clients folder: the explicit one, else $KMKIT_CLIENTS_DIR, else ./clients.

    When neither is given and ./clients does not exist, the nearest `clients` folder
    above the working directory is used, so a notebook run from `notebooks/` finds it.
    """
    chosen = explicit or os.environ.get(CLIENTS_ENV)
    if chosen:
        return Path(chosen).expanduser().resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "clients").is_dir():
            return folder / "clients"
    return here / "clients"


def _shipped(name: str) -> Path:
    """Return a shipped folder: inside an installed wheel, or beside the package in a checkout."""
    inside = _PACKAGE / "_shipped" / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def notebooks_dir() -> Path:
    """Return the folder of the phase notebooks and apps."""
    return _shipped("notebooks")


def templates_dir() -> Path:
    """Return the folder of client scaffold, forms and report templates."""
    return _shipped("templates")
