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
from kmkit.phases.clusters.members import AREA_GAP, OVERALL, MemberFigures
from kmkit.phases.solutions.catalogue import Catalogue, Intervention
from kmkit.phases.solutions.needs import RISK_WORDS

ALL = "All members"
QUARTILES = (0.25, 0.5, 0.75)
COP_MIN = 3  # members sharing a topic before it is suggested for a community of practice
HELPERS = 3  # strongest members proposed to each weaker one, per category or area
STRONG_AREA = 4.0  # mean proficiency (of 5) from which a member masters a knowledge area
AREA = "area:"  # before a knowledge area's key where a category's id would be


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


@dataclass(frozen=True)
class _Found:
    """Pairs as integer codes: labels and names by index, members by index into `members`."""

    label: np.ndarray  # index into `labels`: a category's id, or AREA and an area's key
    name: np.ndarray  # index into `names`
    weak: np.ndarray  # index into `members`
    strong: np.ndarray
    gap: np.ndarray
    weight: np.ndarray
    labels: np.ndarray
    names: np.ndarray
    members: np.ndarray


def matches(figures: MemberFigures, bench: Benchmark) -> pd.DataFrame:
    """Who could help whom, in maturity categories and in knowledge areas, neediest first.

    Nothing while the benchmark is not shown: too few members to pair without giving a
    member's standing away.
    """
    if not bench.shown:
        return pd.DataFrame(columns=MATCH_COLUMNS)
    found = [_category_pairs(figures, bench), _area_pairs(figures)]
    members = pd.Index(figures.members["member"])
    named = figures.members["named"].to_numpy(bool)
    columns: dict[str, list[np.ndarray]] = {}
    offsets = {"label": 0, "name": 0}
    for f in found:
        recode = members.get_indexer(f.members)  # this finding's members, as row numbers
        for side in ("weak", "strong"):
            columns.setdefault(side, []).append(recode[getattr(f, side)])
        for part, pool in (("label", f.labels), ("name", f.names)):
            columns.setdefault(part, []).append(getattr(f, part) + offsets[part])
            offsets[part] += len(pool)
        columns.setdefault("gap", []).append(f.gap)
        columns.setdefault("weight", []).append(f.weight)
    codes = {part: np.concatenate(arrays) for part, arrays in columns.items()}
    order = np.argsort(-codes["gap"] * (1 + codes["weight"]), kind="stable")
    codes = {part: array[order] for part, array in codes.items()}
    labels = np.concatenate([f.labels for f in found])
    names = np.concatenate([f.names for f in found])
    member = members.to_numpy(object)

    def text(values: np.ndarray) -> pd.Series:
        return pd.Series(values, dtype=object, copy=False)  # no inference over 10,000 rows

    return pd.DataFrame({
        "category": text(labels[codes["label"]]), "name": text(names[codes["name"]]),
        "member_weak": text(member[codes["weak"]]),
        "member_strong": text(member[codes["strong"]]),
        "gap": codes["gap"], "weight": codes["weight"],
        "priority": codes["gap"] * (1 + codes["weight"]),
        "weak_named": named[codes["weak"]], "strong_named": named[codes["strong"]],
    })  # fmt: skip


def _category_pairs(figures: MemberFigures, bench: Benchmark) -> _Found:
    """Pairs where a top-quarter member could help a bottom-quarter one in a category.

    Each weaker member gets the HELPERS strongest others; pairs are ranked by the gap times
    (1 + the weight of that need in the weaker member's own survey).
    """
    coded = bench.coded or _coded(figures.scores)
    cut = bench.table[bench.table["group"] == ALL].set_index("category").reindex(coded.categories)
    q1, q3 = cut["q1"].to_numpy()[coded.category], cut["q3"].to_numpy()[coded.category]
    scored = coded.categories != OVERALL
    rows = np.flatnonzero(scored[coded.category])
    weak = rows[coded.value[rows] <= q1[rows]]
    strong = rows[coded.value[rows] >= q3[rows]]
    helper, helped = _pairs(coded.category, coded.value, coded.member, weak, strong, 0.0)
    category = coded.category[helped]
    first = np.zeros(len(coded.categories), dtype=int)
    first[coded.category[::-1]] = np.arange(len(coded.category))[::-1]  # each one's first row
    return _Found(
        label=category, name=category, weak=coded.member[helped], strong=coded.member[helper],
        gap=coded.value[helper] - coded.value[helped],
        weight=_need_weights(figures.needs, coded)[coded.member[helped], category],
        labels=coded.categories.to_numpy(object),
        names=figures.scores["name"].to_numpy(object)[first],
        members=coded.members.to_numpy(object),
    )  # fmt: skip


def _area_pairs(figures: MemberFigures) -> _Found:
    """Pairs where a member masters a knowledge area that another is short of.

    Short: proficiency AREA_GAP or more under the member's own aim; master: STRONG_AREA or
    more, and AREA_GAP or more above the other. Areas match by name, case set aside. Each
    weaker member gets the HELPERS most proficient others; pairs are ranked by the gap times
    (1 + the area's weight in the weaker member's strategy, from its knowledge-areas file:
    none without one).
    """
    areas = figures.areas
    key, keys = pd.factorize(areas["key"])
    member, members = pd.factorize(areas["member"])
    spelling, spellings = pd.factorize(areas["area"])
    now = areas["proficiency"].to_numpy(float)
    short = np.flatnonzero(areas["target"].to_numpy(float) - now >= AREA_GAP)
    masters = np.flatnonzero(now >= STRONG_AREA)
    helper, helped = _pairs(key, now, member, short, masters, AREA_GAP)
    return _Found(
        label=key[helped], name=spelling[helped], weak=member[helped], strong=member[helper],
        gap=now[helper] - now[helped],
        weight=np.nan_to_num(areas["importance"].to_numpy(float)[helped]),
        labels=np.asarray([AREA + str(k) for k in keys], dtype=object),
        names=np.asarray([f"{area} (knowledge area)" for area in spellings], dtype=object),
        members=np.asarray(members, dtype=object),
    )  # fmt: skip


def _pairs(
    group: np.ndarray,
    value: np.ndarray,
    member: np.ndarray,
    weak: np.ndarray,
    strong: np.ndarray,
    least: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Rows (helper, helped): each weak row with up to HELPERS strongest rows of its group.

    A member never helps itself, and a helper leads by `least` or more.
    """
    top = _strongest(group, value, strong, HELPERS + 1)  # groups x K: rows, -1 for none
    candidates = top[group[weak]]  # weak rows x K
    helper = candidates.ravel()
    helped = np.repeat(weak, candidates.shape[1])
    safe = np.maximum(helper, 0)
    keep = (helper >= 0) & (member[safe] != member[helped])
    keep &= value[safe] - value[helped] >= least
    keep &= _first(helped, keep, HELPERS)
    return helper[keep], helped[keep]


def _strongest(group: np.ndarray, value: np.ndarray, rows: np.ndarray, k: int) -> np.ndarray:
    """Per group, its k rows of highest value among `rows` (-1 where fewer)."""
    count = int(group.max()) + 1 if len(group) else 0
    order = rows[np.lexsort((-value[rows], group[rows]))]
    ordered = group[order]
    starts = np.searchsorted(ordered, np.arange(count))
    rank = np.arange(len(order)) - starts[ordered]
    top = np.full((count, k), -1)
    first = rank < k
    top[ordered[first], rank[first]] = order[first]
    return top


def _first(groups: np.ndarray, keep: np.ndarray, k: int) -> np.ndarray:
    """True for the first k kept entries of each run of equal `groups` (runs are contiguous)."""
    if not len(groups):
        return keep.copy()
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


def topic_name(source: str, key: str, names: dict[str, str]) -> str:
    """A shared topic in words: a maturity category, a knowledge area or a kind of risk.

    `names`: the categories' names by id, and the knowledge areas' by their key.
    """
    if source == "awareness":
        return names.get(key, key)
    if source == "area":
        return f"knowledge area '{names.get(AREA + key, key)}'"
    return f"knowledge {RISK_WORDS.get(key, key.replace('_', ' '))}"


def cop_topics(
    figures: MemberFigures, catalogue: Catalogue, category_names: dict[str, str]
) -> pd.DataFrame:
    """Topics at least COP_MIN members measured as a need, with interventions that fit them."""
    counts = figures.needs.groupby(["source", "key"])["member"].nunique()
    areas = figures.areas.drop_duplicates("key")
    names = {**category_names, **dict(zip(AREA + areas["key"], areas["area"], strict=True))}
    rows = []
    for (source, key), count in counts[counts >= COP_MIN].items():
        fits = [iv.name for iv in catalogue.interventions if _fits(iv, source, key)]
        rows.append({
            "topic": topic_name(source, key, names), "source": source, "key": key,
            "members": int(count), "interventions": fits,
        })  # fmt: skip
    table = pd.DataFrame(rows, columns=["topic", "source", "key", "members", "interventions"])
    return table.sort_values(["members", "topic"], ascending=[False, True]).reset_index(drop=True)


def _fits(intervention: Intervention, source: str, key: str) -> bool:
    """True when the intervention addresses that kind of need (as phase 04 matches them).

    A knowledge area several firms are short of is learnt from people who master it: the
    interventions that work by socialisation (Nonaka and Takeuchi's SECI model).
    """
    if source == "area":
        return "socialisation" in intervention.seci
    keys = {"awareness": intervention.categories, "audit": intervention.risks}
    return key in keys.get(source, [])


def level_counts(figures: MemberFigures, levels: list[str]) -> pd.DataFrame:
    """How many members sit at each maturity level (their latest wave's overall score)."""
    rated = figures.members[figures.members["respondents"] > 0]
    counts = rated["level"].value_counts().reindex(levels, fill_value=0)
    return pd.DataFrame({"level": levels, "members": counts.to_numpy()})
