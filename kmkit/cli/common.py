"""The `kmkit` group and its shared options, and what every command module needs.

The command modules register their commands on `main`; `kmkit/cli/__init__.py` imports
them all, so use `kmkit.cli.main`, not this module's, to run the command line.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kmkit.core import paths
from kmkit.core.errors import KmkitError, WorkspaceError
from kmkit.core.version import __version__

if TYPE_CHECKING:
    from kmkit.core.workspace import Client


def clients_folder(ctx: click.Context) -> Path:
    """The clients folder chosen by --clients-dir, $KMKIT_CLIENTS_DIR or the default."""
    return paths.clients_dir(ctx.obj.get("clients_dir"))


def refuse_broken_store(client: Client, writing: bool = False) -> None:
    """Stop a command before it forks or serves when the client's store cannot be used.

    The consultant then reads the store's one sentence, not a failed notebook cell.
    """
    from kmkit.core.store import store_fault

    fault = store_fault(client.store_path, writing)
    if fault is not None:
        raise fault


def friendly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn kmkit's own errors into a plain message and exit code 1, not a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except WorkspaceError as exc:
            for problem in exc.problems:
                click.echo(f"error: {problem}", err=True)
            sys.exit(1)
        except KmkitError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--clients-dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder holding one folder per client. Default: $KMKIT_CLIENTS_DIR, else ./clients.",
)
@click.version_option(__version__, prog_name="kmkit")
@click.pass_context
def main(ctx: click.Context, clients_dir: str | None) -> None:
    """Knowledge-management consulting kit: one workspace per client, one notebook per phase."""
    ctx.ensure_object(dict)
    ctx.obj["clients_dir"] = clients_dir
