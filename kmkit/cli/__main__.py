"""`python -m kmkit.cli`: the same as the `kmkit` command."""

from kmkit.cli import main

main()
