"""The demo clients' review data: intervention statuses, a re-audit, KPI readings per department.

Kept apart from the generator's older tables so that a demo without these facts writes
exactly what it wrote before; each random draw here uses its own seeded stream.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from kmkit.phases.review.inputs import INSTITUTIONALISATION, PROGRESS

REVIEW_TABLES = {"progress": PROGRESS, "institutionalisation": INSTITUTIONALISATION}


def inventory_table(
    spec: Any, header: tuple[str, ...], rows: tuple[tuple, ...]
) -> tuple[tuple[str, ...], tuple[tuple, ...]]:
    """The inventory with its history: the first audit's rows, then the re-audit's, dated."""
    again = spec.reaudit
    if not again:
        return header, rows
    first = tuple((*r, again["first"].isoformat()) for r in rows)
    later = tuple((*r, again["as_of"].isoformat()) for r in again["inventory"])
    return (*header, "as_of"), first + later


def kpi_table(
    spec: Any, header: tuple[str, ...], rows: tuple[tuple, ...]
) -> tuple[tuple[str, ...], tuple[tuple, ...]]:
    """The KPI readings with a department column: firm-wide ones blank, then per department."""
    if not spec.department_kpis:
        return header, rows
    rng = random.Random(spec.seed + 11)
    dates = sorted({dt.date.fromisoformat(r[5]) for r in rows})
    extra = []
    for kpi in spec.department_kpis:
        for department, plan in kpi["departments"].items():
            after = plan.get("after")
            start = next((m for m, d in enumerate(dates) if after and d >= after), 0)
            for month, when in enumerate(dates):
                if after is None:
                    share = month / (len(dates) - 1)
                elif when < after:
                    share = 0.0
                else:
                    share = (month - start + 1) / (len(dates) - start)
                path = plan["from"] + (plan["to"] - plan["from"]) * share
                value = round(path + rng.gauss(0, kpi["noise"]), 1)
                extra.append(
                    (kpi["indicator"], "", "", "", "", when.isoformat(), value, department)
                )
    return (*header, "department"), tuple((*r, "") for r in rows) + tuple(extra)


def write_review_files(
    spec: Any, data: Path, write_csv: Callable[[Path, tuple[str, ...], tuple], None], header: str
) -> None:
    """Write data/progress.csv, institutionalisation.csv and review.yaml where the demo has them."""
    for table, schema in REVIEW_TABLES.items():
        write_csv(data / f"{table}.csv", schema.names(), getattr(spec, table))
    path = data / "review.yaml"
    path.unlink(missing_ok=True)
    if spec.review:
        text = yaml.safe_dump(spec.review, sort_keys=False, allow_unicode=True, width=100)
        path.write_text(header + text, encoding="utf-8")
