"""Each member's own figures, read from its workspace: the only place a member's data enters.

Everything a cluster shows is computed from these tables. A member's latest survey wave
counts as one firm, whatever its number of respondents.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from kmkit.core.errors import KmkitError, NoDataError
from kmkit.core.files import write_atomic
from kmkit.core.instruments import load_instrument
from kmkit.core.version import __version__
from kmkit.core.workspace import Client
from kmkit.phases.audit.inputs import Inventory, client_inventory
from kmkit.phases.awareness.compute import assess_maturity
from kmkit.phases.clusters.inputs import FILE, Cluster
from kmkit.phases.solutions.needs import Need, audit_needs, maturity_needs
from kmkit.phases.strategy.compute import area_importance
from kmkit.phases.strategy.inputs import client_areas

OVERALL = "overall"
SIZE_BANDS = ((10, "micro (under 10)"), (50, "small (10-49)"), (250, "medium (50-249)"))
LARGE = "large (250 and more)"
AREA_COLUMNS = ["member", "area", "key", "proficiency", "target", "importance"]
AREA_GAP = 1.0  # points of proficiency under its own aim that make an area a member's need


@dataclass(frozen=True)
class MemberFigures:
    """The members' figures, one row per member (and category, need)."""

    members: pd.DataFrame  # member, name, named, employees, size_band, sector, respondents, level
    scores: pd.DataFrame  # member, category, name, mean, ci_low, ci_high (category 'overall' too)
    needs: pd.DataFrame  # member, source, key, weight: what each member measured it lacks
    # member, area, key, proficiency, target, importance: each member's knowledge areas
    areas: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=AREA_COLUMNS))
    problems: tuple[str, ...] = ()  # members left out, and why


def category_names() -> dict[str, str]:
    """Each maturity category's name, and the overall score's, in the cluster's one language."""
    return {**load_instrument("maturity").category_names(), OVERALL: "Overall"}


def size_band(employees: int) -> str:
    """The EU size band of a firm by headcount."""
    return next((band for limit, band in SIZE_BANDS if employees < limit), LARGE)


CACHE = ".kmkit-cache"  # in the clients folder: never inside a client's or a cluster's own
FORMAT = 2  # of the figures kept there: a file of another format is read afresh
_read: dict[tuple, MemberFigures] = {}  # the last cluster read in this process


def member_figures(cluster: Cluster) -> MemberFigures:
    """Every member's latest maturity wave and measured needs, read once while unchanged.

    Each member's report and dashboard reads the whole cluster, in a process of its own in
    a batch: read there every time, 200 members would cost each report seconds. The first
    reader keeps the figures in a cache file of the clients folder; the stamp of every
    member's files (size and time of change) and kmkit's version tell when it is stale.
    """
    key = (str(cluster.path), cluster.members, _stamp(cluster), __version__, FORMAT)
    if key not in _read:
        _read.clear()
        _read[key] = _cached(cluster, key)
    return _read[key]


def cluster_fingerprint(cluster: Cluster) -> str:
    """Hash cluster.yaml and every member's figures: a member's section depends on them all.

    The figures rather than the members' files: a batch stamps each of 200 members' reports
    with it, and the figures are read once for all of them.
    """
    digest = hashlib.sha256((cluster.path / FILE).read_bytes())
    digest.update(figures_json(member_figures(cluster)).encode())
    return digest.hexdigest()[:16]


def _cached(cluster: Cluster, key: tuple) -> MemberFigures:
    """The figures from the cache file when it was written for `key`, else read and kept."""
    path = cluster.path.parent / CACHE / f"{cluster.slug}.json"
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept["key"] == digest:
            return _from_json(kept)
    except (OSError, ValueError, KeyError, TypeError):
        pass  # no cache yet, or one an older kmkit wrote: read the members again
    figures = _figures(cluster)
    try:
        path.parent.mkdir(exist_ok=True)
        write_atomic(path, figures_json(figures, digest))  # two reports may write it at once
    except OSError:
        pass  # a read-only clients folder: the figures are read again next time
    return figures


TABLES = ("members", "scores", "needs", "areas")


def figures_json(figures: MemberFigures, key: str = "") -> str:
    """The figures as JSON, exact to the last digit and dtype: a cache, not a format to read."""
    tables = {}
    for name in TABLES:
        table = getattr(figures, name)
        tables[name] = {
            **table.astype(object).to_dict(orient="split", index=False),
            "dtypes": table.dtypes.astype(str).to_dict(),
        }
    return json.dumps({"key": key, **tables, "problems": figures.problems}, default=_plain)


def _plain(value: Any) -> Any:
    return value.item()  # a numpy scalar


def _from_json(kept: dict[str, Any]) -> MemberFigures:
    tables = []
    for name in TABLES:
        split = kept[name]
        table = pd.DataFrame(split["data"], columns=split["columns"])
        tables.append(table.astype(split["dtypes"]))
    return MemberFigures(*tables, problems=tuple(kept["problems"]))


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
    members, scores, needs, areas, problems = [], [], [], [], []
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
            try:
                mine = member_areas(slug, inventory, _importance(client))
            except KmkitError as exc:
                problems.append(f"{slug}: its knowledge areas file is left out: {exc}")
                mine = member_areas(slug, inventory, {})
            areas.append(mine)
            found += area_needs(mine)
        needs += [(slug, n.source, n.key, n.weight) for n in found]
    table = pd.DataFrame(scores, columns=SCORE_COLUMNS)
    return MemberFigures(
        pd.DataFrame(members, columns=MEMBER_COLUMNS),
        table.astype({"member": "category", "category": "category"}),
        pd.DataFrame(needs, columns=NEED_COLUMNS),
        pd.concat(areas, ignore_index=True) if areas else pd.DataFrame(columns=AREA_COLUMNS),
        tuple(problems),
    )


def area_key(area: str) -> str:
    """The name a knowledge area is matched by across firms: case and spacing set aside."""
    return " ".join(area.split()).casefold()


def member_areas(slug: str, inventory: Inventory, importance: dict[str, float]) -> pd.DataFrame:
    """One member's knowledge areas: mean proficiency now and aimed at, weight in its strategy.

    `importance` is each area's weight in the member's strategy (its areas file, the top area
    1); an area its strategy does not name has none (NaN).
    """
    grouped = inventory.assets.groupby("area", sort=True)
    table = pd.DataFrame({
        "proficiency": grouped["proficiency_now"].mean(),
        "target": grouped["proficiency_target"].mean(),
    }).reset_index()  # fmt: skip
    table.insert(0, "member", slug)
    table.insert(2, "key", table["area"].map(area_key))
    weights = {area_key(area): weight for area, weight in importance.items()}
    table["importance"] = table["key"].map(weights).astype(float)
    return table[AREA_COLUMNS]


def area_needs(areas: pd.DataFrame) -> list[Need]:
    """Areas whose proficiency is AREA_GAP or more under the member's own aim, as needs.

    Weighted by the area's importance in the member's strategy (none without an areas file).
    """
    short = areas[areas["target"] - areas["proficiency"] >= AREA_GAP]
    return [
        Need(
            "area",
            row.key,
            0.0 if pd.isna(row.importance) else float(row.importance),
            f"knowledge area '{row.area}' at {row.proficiency:.1f} of 5, aims at {row.target:.1f}",
        )
        for row in short.itertuples()
    ]


def _importance(client: Client) -> dict[str, float]:
    """Each knowledge area's weight in the client's strategy; empty without an areas file."""
    areas = client_areas(client)
    if areas is None:
        return {}
    table = area_importance(areas)
    return dict(zip(table["area"], table["importance"], strict=True))


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
