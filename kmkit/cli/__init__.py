"""The `kmkit` command line: the group with every command registered on it.

The group and its shared helpers live in `kmkit.cli.common`; each command module registers
its commands on the group when imported here, and none imports this package back.
"""

# Imported for what they do: each registers its commands on `main`.
from kmkit.cli import apps, reports, survey_data, workspace  # noqa: F401
from kmkit.cli.common import main

__all__ = ["main"]
