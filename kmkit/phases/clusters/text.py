"""The sentences and tables of the cluster phase, for a facilitator and for each member."""

from __future__ import annotations

import pandas as pd

from kmkit.core.numbers import score
from kmkit.core.references import cite
from kmkit.core.words import say_n
from kmkit.phases.clusters.compute import ALL, COP_MIN, Benchmark
from kmkit.phases.clusters.inputs import Cluster
from kmkit.present.text import and_list, markdown_table

A_MEMBER = "a member (not named)"
APO = cite("apo-km-clusters-2011")


def too_few(bench: Benchmark) -> str:
    """Why no figures are shown while too few members have answered."""
    return say_n(
        "*No benchmark yet: {n} member has survey answers, and the cluster shows figures "
        "only from {threshold} members on, so that no member's scores can be told from the "
        "others'.*",
        "*No benchmark yet: {n} members have survey answers, and the cluster shows figures "
        "only from {threshold} members on, so that no member's scores can be told from the "
        "others'.*",
        bench.members,
        threshold=bench.threshold,
    )


def overview(cluster: Cluster, members: pd.DataFrame, bench: Benchmark) -> str:
    """Who runs the cluster, how many members it has and how many have answered."""
    c = cluster.config
    bands = members.groupby("size_band").size()
    sizes = and_list([f"{count} {band}" for band, count in bands.items()]) if len(bands) else ""
    lines = [
        f"**{c.name}** is run by {c.facilitator}"
        + (f" for firms in {c.sector.lower()}" if c.sector else "")
        + ". "
        + say_n("It has {n} member firm", "It has {n} member firms", len(members))
        + (f" ({sizes} by headcount)" if sizes else "")
        + f", of which {bench.members} have answered the maturity survey.",
        "",
        "Each member's latest survey counts as one firm, whatever its number of respondents. "
        "This report shows the cluster as a whole: quartiles and counts, never one member's "
        "score, and it names only members that agreed to be named to the others.",
    ]
    return "\n".join(lines)


def benchmark_text(bench: Benchmark) -> str:
    """How to read the spread, and the subgroups shown apart."""
    if not bench.shown:
        return too_few(bench)
    whole = bench.table[bench.table["group"] == ALL]
    top = whole.sort_values("median", ascending=False).iloc[0]
    low = whole.sort_values("median").iloc[0]
    lines = [
        "Each bar spans the middle half of the members (from the first to the third quartile); "
        "the black tick is the median member. "
        f"Members are strongest in '{top['name']}' (median {top['median']:.1f} of 5) and "
        f"weakest in '{low['name']}' (median {low['median']:.1f}).",
    ]
    return "\n".join(lines)


def subgroups_text(bench: Benchmark) -> str:
    """The median member per category, for all members and each group large enough to show."""
    if not bench.shown:
        return ""
    groups = [ALL, *(g for g in dict.fromkeys(bench.table["group"]) if g != ALL)]
    if len(groups) == 1:
        return (
            "*No size band or sector has enough members, with enough others beside it, to "
            "be shown apart without giving a member's scores away.*"
        )
    size = bench.table.groupby("group", sort=False)["members"].first()
    wide = bench.table.pivot(index="name", columns="group", values="median")[groups]
    wide = wide.sort_values(ALL, ascending=False)
    header = ("Median member", *(f"{g} ({size[g]})" for g in groups))
    rows = [(name, *(f"{v:.2f}" for v in values)) for name, values in wide.iterrows()]
    return (
        "The median member per category, for the whole cluster and for each group with enough "
        "members to show apart (members in brackets). Smaller groups are left out, and so are "
        "groups whose leaving-out would let a reader work out a member's scores.\n\n"
        + markdown_table(header, rows)
    )


def levels_text(levels: pd.DataFrame) -> str:
    """The cluster's own maturity as a count of members per level."""
    counts = [f"{int(r.members)} at '{r.level}'" for r in levels.itertuples() if r.members]
    return (
        "The cluster's own maturity, as a distribution: how many member firms the survey "
        f"places at each level ({and_list(counts)})."
    )


def _helpers(group: pd.DataFrame, names: dict[str, str], facilitator: str) -> str:
    """The members who could help, named where they agreed, the others counted."""
    who = [names[m] for m in group.loc[group["strong_named"], "member_strong"]]
    hidden = int((~group["strong_named"]).sum())
    if hidden:
        who.append(f"{hidden} not named ({facilitator} can introduce them)")
    return and_list(who)


def matches_text(pairs: pd.DataFrame, names: dict[str, str], facilitator: str, top: int) -> str:
    """Who could help whom, neediest first; members who did not agree stay unnamed."""
    if pairs.empty:
        return "*No pair of members differs enough in any category to suggest a match yet.*"
    rows = []
    for (_, _), group in pairs.groupby(["member_weak", "category"], sort=False):
        first = group.iloc[0]
        helped = names[first["member_weak"]] if first["weak_named"] else A_MEMBER
        rows.append((first["name"], helped, _helpers(group, names, facilitator)))
        if len(rows) == top:
            break
    return "\n".join([
        "A member in the bottom quarter of the cluster in a category could learn from those in "
        "the top quarter, and a member a point or more short of the proficiency it aims at in "
        "a knowledge area from those who master that area (4 of 5 or more in their "
        "inventories). The neediest come first: ranked by the gap between the two firms, "
        "weighted by how much the weaker firm needs it: for a category, how far under 3.5 of "
        "5 its own survey puts it; for a knowledge area, the area's weight in its strategy "
        "(from the goals each area serves, in its knowledge-areas file). "
        "Members who have not agreed to be named are never named to the others.",
        "",
        markdown_table(("Category or knowledge area", "Could be helped", "Who could help"), rows),
    ])  # fmt: skip


def topics_text(topics: pd.DataFrame, cluster: Cluster, names: dict[str, str]) -> str:
    """Shared topics suggested as communities of practice, and the exchanges already running."""
    lines = [
        "Communities of practice across firms often form on their own, without being called "
        "knowledge management (" + APO + "). The topics "
        f"below are needs that {COP_MIN} or more members measured in their own workspaces.",
        "",
    ]
    if topics.empty:
        lines.append(f"*No need is shared by {COP_MIN} or more members yet.*")
    else:
        rows = [(t.topic, int(t.members), _some(t.interventions)) for t in topics.itertuples()]
        lines.append(markdown_table(("Topic", "Members", "Interventions that fit"), rows))
    if cluster.config.exchanges:
        lines += ["", "Exchanges between members that already exist:", ""]
        rows = []
        for e in cluster.config.exchanges:
            known = [names[m] for m in e.members if cluster.is_named(m) and m in names]
            others = len(e.members) - len(known)
            more = [say_n("{n} other member", "{n} other members", others)] if others else []
            who = and_list(known + more) or "-"
            rows.append((e.topic, who, e.since or "-", e.note or "-"))
        lines.append(markdown_table(("Topic", "Members", "Since", "Note"), rows))
    return "\n".join(lines)


def _some(names: list[str], most: int = 4) -> str:
    """The first few names, and how many more the catalogue has."""
    if not names:
        return "-"
    more = len(names) - most
    return and_list(names[:most] + ([f"{more} more in phase 04's catalogue"] if more > 0 else []))


def support_text(cluster: Cluster) -> str:
    """The support schemes and stakeholders the cluster can call on."""
    if not cluster.config.support:
        return "*No support scheme recorded: add them under `support:` in cluster.yaml.*"
    rows = [(s.name, s.kind, s.offers or "-") for s in cluster.config.support]
    return (
        "Governments, productivity organisations, NGOs and business associations support SME "
        "clusters (" + APO + "). Those this cluster can call "
        "on:\n\n" + markdown_table(("Who", "Kind", "What it offers"), rows)
    )


def standing(place: pd.DataFrame, cluster_name: str, members: int) -> str:
    """A member's place: strongest and weakest relative to its peers, and against the median."""
    cats = place[place["category"] != "overall"].sort_values("percentile", kind="stable")
    whole = place[place["category"] == "overall"].iloc[0]
    best, worst = cats.iloc[-1], cats.iloc[0]
    return "\n".join([
        f"Among the {members} firms of {cluster_name} that answered, your firm's overall score "
        f"({score(whole['mean'])}, 95% interval {score(whole['ci_low'])} to "
        f"{score(whole['ci_high'])}) is at about the {whole['percentile']}th percentile: "
        f"{whole['versus']} the median member ({score(whole['median'])}) once your own "
        "uncertainty is allowed for.",
        "",
        f"Relative to your peers you are strongest in '{best['name']}' (about the "
        f"{best['percentile']}th percentile) and weakest in '{worst['name']}' (about the "
        f"{worst['percentile']}th).",
        "",
        "The grey bar is the middle half of the member firms, the black tick the median; the "
        "blue dot is your score and the line its 95% interval. Percentiles are rounded to 5.",
    ])  # fmt: skip


def helpers_text(pairs: pd.DataFrame, names: dict[str, str], facilitator: str) -> str:
    """Peers that could help this member, named only when they agreed."""
    if pairs.empty:
        return (
            "No category puts your firm in the cluster's bottom quarter, and no member masters "
            "a knowledge area you are short of: no match suggested."
        )
    rows = [
        (category, _helpers(group, names, facilitator))
        for category, group in pairs.groupby("name", sort=False)
    ]
    return (
        "Where your firm is in the cluster's bottom quarter, these members are in the top "
        "quarter; where it is a point or more short of the proficiency it aims at in a "
        "knowledge area, these members master that area (4 of 5 or more). They could share "
        "how they work. The neediest come first: the larger the gap and, for a knowledge "
        "area, the more it weighs in your strategy, the higher.\n\n"
        + markdown_table(("Category or knowledge area", "Who could help"), rows)
    )
