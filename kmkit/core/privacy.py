"""The anonymity rules: which groups may be shown without revealing anyone's answers.

Every breakdown in kmkit (departments, roles, and later partner organisations and cluster
members) goes through these rules, so one threshold means the same thing everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

MIN_THRESHOLD = 3  # a client may lower the default of 5, never below this


def suppressed_groups(sizes: pd.Series, threshold: int) -> set[str]:
    """Groups to hide: those under the threshold, plus the smallest others where needed.

    Hiding one small group is not enough when the firm-wide figure is shown: the hidden
    group's mean follows from the total minus the groups shown. So while the hidden groups
    together hold fewer than `threshold` people, the next smallest group is hidden too.
    """
    hidden = set(sizes[sizes < threshold].index)
    shown = sizes.drop(index=list(hidden)).sort_values(kind="stable")
    while hidden and sizes[list(hidden)].sum() < threshold and not shown.empty:
        hidden.add(shown.index[0])
        shown = shown.iloc[1:]
    return hidden


def shown_groups(sizes: pd.Series, threshold: int) -> list[str]:
    """The groups that may be shown on their own, sorted: big enough and not hiding another."""
    return sorted(set(sizes.index) - suppressed_groups(sizes, threshold))


def shown_count(total: int, shown_from: int, threshold: int) -> int:
    """How many of an open wave's responses may be shown: steps of `threshold` new ones.

    `shown_from` were there (and shown) when the wave opened; after them, figures move
    only once `threshold` more have come, so no one respondent's answers can be read off
    the difference. `total` is how many there are now.
    """
    start = min(shown_from, total)
    return start + threshold * ((total - start) // threshold)
