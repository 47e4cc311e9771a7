"""How kmkit behaves inside IPython: its own errors show as one plain line, not a traceback."""

from __future__ import annotations

from typing import Any

from kmkit.core.errors import KmkitError


def _one_line(
    shell: Any, etype: type, value: BaseException, tb: Any, tb_offset: Any = None
) -> list[str]:
    """Show a kmkit error as its message alone; the cell still fails, so papermill stops."""
    text = f"{etype.__name__}: {value}"
    # IPython drops the traceback a custom handler returns (ipython/ipython#12378), so show it:
    # ipykernel's _showtraceback sends the error to the front end and records it for the reply.
    shell._showtraceback(etype, value, [text])
    return [text]


def install_error_display() -> bool:
    """Register the one-line display for KmkitError in the running IPython shell, if any."""
    import sys

    if "IPython" not in sys.modules:
        return False
    shell = sys.modules["IPython"].get_ipython()
    if shell is None:
        return False
    shell.set_custom_exc((KmkitError,), _one_line)
    return True
