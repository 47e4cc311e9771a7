"""Results of a computation on a client's inputs, kept while those inputs are unchanged.

A report runs nine notebooks and a dashboard over the same inputs, in one process: phase
04's plan was made six times and the survey scored a dozen. A kept result is found by the
client's inputs fingerprint (client.yaml, data/ and the stored answers, by content) and by
the day, so a changed file or a new day computes afresh, in a report or a live app alike.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from kmkit.core.provenance import fingerprint
from kmkit.core.workspace import Client

P = ParamSpec("P")
R = TypeVar("R")
KEEP = 32  # results per function: a cluster's member figures score each member once


def while_unchanged(compute: Callable[P, R]) -> Callable[P, R]:
    """Keep `compute(client, ...)`'s results; each caller gets a copy of its own to change."""
    kept: dict[tuple, Any] = {}

    @functools.wraps(compute)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        client = args[0]
        assert isinstance(client, Client)
        key = (
            client.slug,
            str(client.path),
            client.config.model_dump_json(),  # a Client may be made with another config
            fingerprint(client),
            dt.date.today(),
            args[1:],
            tuple(sorted(kwargs.items())),
        )
        if key not in kept:
            if len(kept) >= KEEP:
                del kept[next(iter(kept))]
            kept[key] = compute(*args, **kwargs)
        return copy.deepcopy(kept[key])

    return wrapper
