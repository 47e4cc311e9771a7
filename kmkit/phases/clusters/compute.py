"""The cluster's readings: benchmark, each member's place, matches and shared topics.

What leaves this module is built so that no member's figure can be worked out: quartiles and
counts only (never a minimum or maximum), no subgroup whose complement is too small to hide a
member (the anonymity rule of kmkit.core.privacy), and names only of members who agreed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


def _quartiles(codes: np.ndarray, values: np.ndarray, keys: int) -> dict[str, np.ndarray]:
    """Count, first quartile, median and third quartile of `values` per integer code."""
    low, span = (values.min(), np.ptp(values) + 1) if len(values) else (0.0, 1.0)
    order = np.argsort(codes * span + (values - low), kind="stable")  # by code, then value
    ordered, counts = values[order], np.bincount(codes, minlength=keys)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    found = {"members": counts}
    for name, q in zip(("q1", "median", "q3"), QUARTILES, strict=True):
        where = starts + q * np.maximum(counts - 1, 0)
        low = np.minimum(np.floor(where).astype(int), len(ordered) - 1)
        high = np.minimum(np.ceil(where).astype(int), len(ordered) - 1)
        found[name] = ordered[low] + (ordered[high] - ordered[low]) * (where - low)
    return found


def quartiles(keys: pd.Series, values: pd.Series) -> pd.DataFrame:
    """First quartile, median, third quartile and count of `values` per key (linear rule)."""
    codes, uniques = pd.factorize(keys, sort=True)
    return pd.DataFrame({"key": uniques, **_quartiles(codes, values.to_numpy(float), len(uniques))})


def shown_subgroups(members: pd.DataFrame, by: str, threshold: int) -> list[str]:
    """Values of `by` (size band, sector) a benchmark may show apart, by the anonymity rule.

    A group is shown only with `threshold` members or more, and only while the groups hidden
    together also hold `threshold` or more: otherwise the whole cluster minus the groups shown
    would give the hidden members away. A group holding every member adds nothing.
    """
    rated = members.loc[members["respondents"] > 0, by]
    sizes = rated.value_counts()
    hidden = suppressed_groups(sizes, threshold)
    return sorted(g for g in sizes.index if g not in hidden and sizes[g] < len(rated))


@dataclass(frozen=True)
class _Coded:
    """Member scores as integer codes, so that a thousand members take milliseconds."""

    member: np.ndarray  # per score row: index into `members`
    category: np.ndarray  # per score row: index into `categories`
    value: np.ndarray
    members: pd.Index
    categories: pd.Index


def _coded(scores: pd.DataFrame) -> _Coded:
    member, members = pd.factorize(scores["member"])
    category, categories = pd.factorize(scores["category"], sort=True)
    plain = pd.Index(np.asarray(members)), pd.Index(np.asarray(categories))  # not categorical
    return _Coded(member, category, scores["mean"].to_numpy(float), *plain)


@dataclass(frozen=True)
class Benchmark:
    """The cluster's distribution per category: quartiles, overall and per subgroup shown."""

    shown: bool
    members: int  # members with survey answers
    threshold: int
    table: pd.DataFrame  # group, category, q1, median, q3, members
    coded: _Coded | None = field(default=None, repr=False)  # the scores it was made from


def benchmark(figures: MemberFigures, threshold: int) -> Benchmark:
    """Quartiles of member scores per category, for all members and each subgroup allowed."""
    coded = _coded(figures.scores)
    rated = len(coded.members)
    if rated < threshold:
        return Benchmark(False, rated, threshold, pd.DataFrame(columns=BENCH_COLUMNS))
    groups, masks = [ALL], [np.ones(len(coded.value), bool)]
    attributes = figures.members.set_index("member").reindex(coded.members)
    for by in ("size_band", "sector"):
        labels = attributes[by].to_numpy()
        for group in shown_subgroups(figures.members, by, threshold):
            groups.append(group)
            masks.append((labels == group)[coded.member])
    width = len(coded.categories)
    codes = np.concatenate([n * width + coded.category[m] for n, m in enumerate(masks)])
    values = np.concatenate([coded.value[m] for m in masks])
    found = _quartiles(codes, values, len(groups) * width)
    table = pd.DataFrame({
        "group": np.repeat(groups, width), "category": np.tile(coded.categories, len(groups)),
        **found,
    })  # fmt: skip
    shown = table[table["members"] > 0][BENCH_COLUMNS]
    return Benchmark(True, rated, threshold, shown, coded)


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
    coded = bench.coded or _coded(figures.scores)
    cut = bench.table[bench.table["group"] == ALL].set_index("category").reindex(coded.categories)
    q1, q3 = cut["q1"].to_numpy()[coded.category], cut["q3"].to_numpy()[coded.category]
    scored = coded.categories != OVERALL
    rows = np.flatnonzero(scored[coded.category])
    weak = rows[coded.value[rows] <= q1[rows]]
    strong = rows[coded.value[rows] >= q3[rows]]
    top = _strongest(coded, strong, HELPERS + 1)  # categories x K: score rows, -1 for none
    candidates = top[coded.category[weak]]  # weak rows x K
    helper = candidates.ravel()
    helped = np.repeat(weak, candidates.shape[1])
    keep = (helper >= 0) & (coded.member[np.maximum(helper, 0)] != coded.member[helped])
    keep &= _first(helped, keep, HELPERS)
    helper, helped = helper[keep], helped[keep]
    gap = coded.value[helper] - coded.value[helped]
    weight = _need_weights(figures.needs, coded)[coded.member[helped], coded.category[helped]]
    named = figures.members.set_index("member")["named"].reindex(coded.members).to_numpy(bool)
    names = figures.scores["name"].to_numpy()
    table = pd.DataFrame({
        "category": coded.categories[coded.category[helped]], "name": names[helped],
        "member_weak": coded.members[coded.member[helped]],
        "member_strong": coded.members[coded.member[helper]],
        "gap": gap, "weight": weight, "priority": gap * (1 + weight),
        "weak_named": named[coded.member[helped]], "strong_named": named[coded.member[helper]],
    })  # fmt: skip
    return table.sort_values("priority", ascending=False, kind="stable").reset_index(drop=True)


def _strongest(coded: _Coded, rows: np.ndarray, k: int) -> np.ndarray:
    """Per category, the score rows of its k highest scores among `rows` (-1 where fewer)."""
    order = rows[np.lexsort((-coded.value[rows], coded.category[rows]))]
    category = coded.category[order]
    starts = np.searchsorted(category, np.arange(len(coded.categories)))
    rank = np.arange(len(order)) - starts[category]
    top = np.full((len(coded.categories), k), -1)
    first = rank < k
    top[category[first], rank[first]] = order[first]
    return top


def _first(groups: np.ndarray, keep: np.ndarray, k: int) -> np.ndarray:
    """True for the first k kept entries of each run of equal `groups` (runs are contiguous)."""
    kept = keep.astype(int)
    running = np.cumsum(kept)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    before = (running - kept)[starts]
    offset = running - np.repeat(before, np.diff(np.r_[starts, len(groups)]))
    return offset <= k


def _need_weights(needs: pd.DataFrame, coded: _Coded) -> np.ndarray:
    """Members x categories: the weight of each maturity need the member measured, else 0."""
    weights = np.zeros((len(coded.members), len(coded.categories)))
    own = needs[needs["source"] == "awareness"]
    member = coded.members.get_indexer(own["member"])
    category = coded.categories.get_indexer(own["key"])
    found = (member >= 0) & (category >= 0)
    weights[member[found], category[found]] = own["weight"].to_numpy(float)[found]
    return weights


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
