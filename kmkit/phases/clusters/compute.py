"""The cluster's readings: benchmark, each member's place, matches and shared topics.

What leaves this module is built so that no member's figure can be worked out: quartiles and
counts only (never a minimum or maximum), no subgroup whose complement is too small to hide a
member (the anonymity rule of kmkit.core.privacy), and names only of members who agreed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kmkit.core.privacy import suppressed_groups
from kmkit.phases.clusters.members import OVERALL, MemberFigures
from kmkit.phases.solutions.catalogue import Catalogue, Intervention
from kmkit.phases.solutions.needs import RISK_WORDS

ALL = "All members"
QUARTILES = (0.25, 0.5, 0.75)
COP_MIN = 3  # members sharing a topic before it is suggested for a community of practice
HELPERS = 3  # strongest members proposed to each weaker one, per category


def quartiles(keys: pd.Series, values: pd.Series) -> pd.DataFrame:
    """First quartile, median, third quartile and count of `values` per key (linear rule)."""
    codes, uniques = pd.factorize(keys, sort=True)
    order = np.lexsort((values.to_numpy(float), codes))
    ordered, counts = values.to_numpy(float)[order], np.bincount(codes, minlength=len(uniques))
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    table = {"key": uniques, "members": counts}
    for name, q in zip(("q1", "median", "q3"), QUARTILES, strict=True):
        where = starts + q * (counts - 1)
        low, high = np.floor(where).astype(int), np.ceil(where).astype(int)
        table[name] = ordered[low] + (ordered[high] - ordered[low]) * (where - low)
    return pd.DataFrame(table)


def shown_subgroups(members: pd.DataFrame, by: str, threshold: int) -> list[str]:
    """Values of `by` (size band, sector) a benchmark may show apart, by the anonymity rule.

    A group is shown only with `threshold` members or more, and only while the groups hidden
    together also hold `threshold` or more: otherwise the whole cluster minus the groups shown
    would give the hidden members away. A group holding every member adds nothing.
    """
    rated = members[members["respondents"] > 0]
    sizes = rated.groupby(by).size()
    hidden = suppressed_groups(sizes, threshold)
    return sorted(g for g in sizes.index if g not in hidden and sizes[g] < len(rated))


@dataclass(frozen=True)
class Benchmark:
    """The cluster's distribution per category: quartiles, overall and per subgroup shown."""

    shown: bool
    members: int  # members with survey answers
    threshold: int
    table: pd.DataFrame  # group, category, q1, median, q3, members


def benchmark(figures: MemberFigures, threshold: int) -> Benchmark:
    """Quartiles of member scores per category, for all members and each subgroup allowed."""
    scores = figures.scores
    rated = int(scores["member"].nunique())
    if rated < threshold:
        return Benchmark(False, rated, threshold, pd.DataFrame(columns=BENCH_COLUMNS))
    parts = [scores.assign(group=ALL)]
    for by in ("size_band", "sector"):
        for group in shown_subgroups(figures.members, by, threshold):
            chosen = figures.members.loc[figures.members[by] == group, "member"]
            parts.append(scores[scores["member"].isin(chosen)].assign(group=group))
    stacked = pd.concat(parts, ignore_index=True)
    table = quartiles(stacked["group"] + "\x1f" + stacked["category"], stacked["mean"])
    table[["group", "category"]] = table.pop("key").str.split("\x1f", expand=True)
    return Benchmark(True, rated, threshold, table[BENCH_COLUMNS])


BENCH_COLUMNS = ["group", "category", "q1", "median", "q3", "members"]


def position(figures: MemberFigures, member: str, bench: Benchmark) -> pd.DataFrame:
    """A member's place per category among the others: its score, interval and percentile.

    The percentile counts peers below (ties as half) and is rounded to 5 and kept within
    5-95, so that a member learns where it stands, not the lowest or highest peer's score.
    """
    scores = figures.scores
    own = scores[scores["member"] == member].set_index("category")
    peers = scores[scores["member"] != member]
    overall = bench.table[bench.table["group"] == ALL].set_index("category")
    rows = []
    for category, mine in own.iterrows():
        others = peers.loc[peers["category"] == category, "mean"].to_numpy()
        below = (others < mine["mean"]).sum() + 0.5 * (others == mine["mean"]).sum()
        share = 100 * below / len(others) if len(others) else 50.0
        median = overall.loc[category, "median"]
        rows.append({
            "category": category, "name": mine["name"], "mean": mine["mean"],
            "ci_low": mine["ci_low"], "ci_high": mine["ci_high"],
            "percentile": int(min(95, max(5, 5 * round(share / 5)))),
            "q1": overall.loc[category, "q1"], "median": median,
            "q3": overall.loc[category, "q3"],
            "versus": _versus(mine["ci_low"], mine["ci_high"], median),
        })  # fmt: skip
    return pd.DataFrame(rows)


def _versus(low: float, high: float, median: float) -> str:
    """'above', 'below' or 'level with' the median, allowing for the member's own uncertainty."""
    if low > median:
        return "above"
    if high < median:
        return "below"
    return "level with"


def matches(figures: MemberFigures, bench: Benchmark) -> pd.DataFrame:
    """Pairs where a top-quarter member could help a bottom-quarter one in a category.

    Each weaker member gets the HELPERS strongest others; pairs are ranked by the gap times
    (1 + the weight of that need in the weaker member's own measurements).
    """
    if not bench.shown:
        return pd.DataFrame(columns=MATCH_COLUMNS)
    scores = figures.scores[figures.scores["category"] != OVERALL]
    cut = bench.table[bench.table["group"] == ALL].set_index("category")
    bounds = scores["category"].map(cut["q1"]), scores["category"].map(cut["q3"])
    weak = scores[scores["mean"] <= bounds[0]]
    strong = scores[scores["mean"] >= bounds[1]].sort_values("mean", ascending=False)
    strong = strong.groupby("category", sort=False).head(HELPERS + 1)
    pairs = weak.merge(strong, on=["category", "name"], suffixes=("_weak", "_strong"))
    pairs = pairs[pairs["member_weak"] != pairs["member_strong"]]
    pairs = pairs.groupby(["member_weak", "category"], sort=False).head(HELPERS)
    need = figures.needs[figures.needs["source"] == "awareness"]
    weight = need.set_index(["member", "key"])["weight"]
    index = pd.MultiIndex.from_arrays([pairs["member_weak"], pairs["category"]])
    pairs = pairs.assign(
        gap=pairs["mean_strong"] - pairs["mean_weak"],
        weight=weight.reindex(index).fillna(0.0).to_numpy(),
    )
    pairs["priority"] = pairs["gap"] * (1 + pairs["weight"])
    named = set(figures.members.loc[figures.members["named"], "member"])
    pairs["weak_named"] = pairs["member_weak"].isin(named)
    pairs["strong_named"] = pairs["member_strong"].isin(named)
    ranked = pairs.sort_values("priority", ascending=False, kind="stable")
    return ranked[MATCH_COLUMNS].reset_index(drop=True)


MATCH_COLUMNS = [
    "category",
    "name",
    "member_weak",
    "member_strong",
    "gap",
    "weight",
    "priority",
    "weak_named",
    "strong_named",
]


def topic_name(source: str, key: str, category_names: dict[str, str]) -> str:
    """A shared topic in words: a maturity category or a kind of knowledge risk."""
    if source == "awareness":
        return category_names.get(key, key)
    return f"knowledge {RISK_WORDS.get(key, key.replace('_', ' '))}"


def cop_topics(
    figures: MemberFigures, catalogue: Catalogue, category_names: dict[str, str]
) -> pd.DataFrame:
    """Topics at least COP_MIN members measured as a need, with interventions that fit them."""
    counts = figures.needs.groupby(["source", "key"])["member"].nunique()
    rows = []
    for (source, key), count in counts[counts >= COP_MIN].items():
        fits = [iv.name for iv in catalogue.interventions if _fits(iv, source, key)]
        rows.append({
            "topic": topic_name(source, key, category_names), "source": source, "key": key,
            "members": int(count), "interventions": fits,
        })  # fmt: skip
    table = pd.DataFrame(rows, columns=["topic", "source", "key", "members", "interventions"])
    return table.sort_values(["members", "topic"], ascending=[False, True]).reset_index(drop=True)


def _fits(intervention: Intervention, source: str, key: str) -> bool:
    """True when the intervention addresses that kind of need (as phase 04 matches them)."""
    keys = {"awareness": intervention.categories, "audit": intervention.risks}
    return key in keys.get(source, [])


def level_counts(figures: MemberFigures, levels: list[str]) -> pd.DataFrame:
    """How many members sit at each maturity level (their latest wave's overall score)."""
    rated = figures.members[figures.members["respondents"] > 0]
    counts = rated["level"].value_counts().reindex(levels, fill_value=0)
    return pd.DataFrame({"level": levels, "members": counts.to_numpy()})
