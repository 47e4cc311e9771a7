"""Each member's own figures, read from its workspace: the only place a member's data enters.

Everything a cluster shows is computed from these tables. A member's latest survey wave
counts as one firm, whatever its number of respondents.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kmkit.core.errors import KmkitError, NoDataError
from kmkit.core.instruments import load_instrument
from kmkit.phases.audit.inputs import client_inventory
from kmkit.phases.awareness.compute import assess_maturity
from kmkit.phases.clusters.inputs import Cluster
from kmkit.phases.solutions.needs import audit_needs, maturity_needs

OVERALL = "overall"
SIZE_BANDS = ((10, "micro (under 10)"), (50, "small (10-49)"), (250, "medium (50-249)"))
LARGE = "large (250 and more)"


@dataclass(frozen=True)
class MemberFigures:
    """The members' figures, one row per member (and category, need)."""

    members: pd.DataFrame  # member, name, named, employees, size_band, sector, respondents, level
    scores: pd.DataFrame  # member, category, name, mean, ci_low, ci_high (category 'overall' too)
    needs: pd.DataFrame  # member, source, key, weight: what each member measured it lacks
    problems: tuple[str, ...] = ()  # members left out, and why


def category_names() -> dict[str, str]:
    """Each maturity category's name, and the overall score's, in the cluster's one language."""
    return {**load_instrument("maturity").category_names(), OVERALL: "Overall"}


def size_band(employees: int) -> str:
    """The EU size band of a firm by headcount."""
    return next((band for limit, band in SIZE_BANDS if employees < limit), LARGE)


_read: dict[tuple, MemberFigures] = {}  # the last cluster read in this process


def member_figures(cluster: Cluster) -> MemberFigures:
    """Every member's latest maturity wave and measured needs, read once while unchanged.

    A member's report, its dashboard and the apps all read the whole cluster; the stamp of
    every member's files (size and time of change) tells when it must be read again.
    """
    key = (str(cluster.path), cluster.members, _stamp(cluster))
    if key not in _read:
        _read.clear()
        _read[key] = _figures(cluster)
    return _read[key]


def _stamp(cluster: Cluster) -> tuple:
    """Size and time of change of cluster.yaml and of every file in each member's folder."""
    folders = [cluster.path, *(cluster.path.parent / slug for slug in cluster.members)]
    found = []
    for folder in folders:
        for path in sorted(folder.glob("*")) + sorted(folder.glob("data/*")):
            if path.is_file() and path.parent.name != "reports":
                info = path.stat()
                found.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(found)


def _figures(cluster: Cluster) -> MemberFigures:
    """Read every member's latest maturity wave and measured needs."""
    members, scores, needs, problems = [], [], [], []
    names = category_names()
    for slug in cluster.members:
        try:
            client = cluster.member(slug)
        except KmkitError as exc:
            problems.append(f"{slug}: {exc}")
            continue
        row = {
            "member": slug,
            "name": client.name,
            "named": cluster.is_named(slug),
            "employees": client.config.employees,
            "size_band": size_band(client.config.employees),
            "sector": client.config.sector,
            "respondents": 0,
            "level": "",
        }
        try:
            result = assess_maturity(client)
        except NoDataError:
            members.append(row)
            continue
        row.update(respondents=result.respondents, level=result.level.name)
        members.append(row)
        for cat in result.categories.itertuples():
            scores.append(
                (slug, cat.category, names[cat.category], cat.mean, cat.ci_low, cat.ci_high)
            )
        scores.append(
            (slug, OVERALL, names[OVERALL], result.overall, result.overall_low, result.overall_high)
        )
        found = maturity_needs(result)
        try:
            inventory = client_inventory(client)
        except KmkitError as exc:
            problems.append(f"{slug}: its knowledge inventory is left out: {exc}")
            inventory = None
        if inventory is not None:
            found += audit_needs(inventory, client.relative(inventory.path))
        needs += [(slug, n.source, n.key, n.weight) for n in found]
    table = pd.DataFrame(scores, columns=SCORE_COLUMNS)
    return MemberFigures(
        pd.DataFrame(members, columns=MEMBER_COLUMNS),
        table.astype({"member": "category", "category": "category"}),
        pd.DataFrame(needs, columns=NEED_COLUMNS),
        tuple(problems),
    )


MEMBER_COLUMNS = [
    "member",
    "name",
    "named",
    "employees",
    "size_band",
    "sector",
    "respondents",
    "level",
]
SCORE_COLUMNS = ["member", "category", "name", "mean", "ci_low", "ci_high"]
NEED_COLUMNS = ["member", "source", "key", "weight"]
