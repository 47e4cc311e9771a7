"""What a deck slide says, before any PowerPoint: a headline, plain points and one visual.

Each phase's slides module fills these from its page; `kmkit.reports.deck.draw` lays them
out with python-pptx. Keeping the two apart lets tests read what a slide claims without
opening a file, and keeps every PowerPoint detail in one place.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from kmkit.core.numbers import amount
from kmkit.core.references import Citation
from kmkit.core.scoring import MaturityResult
from kmkit.core.words import say_n
from kmkit.core.workspace import ClientConfig


@dataclass(frozen=True)
class Series:
    """One named row of figures in a chart, with optional 95% intervals around each."""

    name: str
    values: tuple[float, ...]
    low: tuple[float, ...] | None = None  # interval bounds, drawn as error bars
    high: tuple[float, ...] | None = None
    colour: str | None = None  # "#rrggbb"; None: the brand colour, then kmkit's grey


@dataclass(frozen=True)
class Chart:
    """A native PowerPoint bar chart: its data stays editable in the consultant's PowerPoint.

    A "gantt" is a stacked bar chart whose first series, each bar's offset from the start,
    is not drawn, so each category's bar floats from its start to its end.
    """

    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    number_format: str = "0.0"
    axis_min: float | None = None
    axis_max: float | None = None
    step: float | None = None  # between the value axis's marks; None lets PowerPoint choose
    legend: bool = False
    kind: Literal["bar", "gantt"] = "bar"
    axis_title: str = ""  # under the value axis: its unit, where the title does not say it


INTERVAL = (
    "The line at the end of each bar shows where the true average lies with 95% confidence, "
    "given how many people answered."
)
PERCENT = {"number_format": '0"%"', "axis_min": 0, "axis_max": 100}


def series(
    name: str,
    values: Iterable[float],
    low: Iterable[float] | None = None,
    high: Iterable[float] | None = None,
) -> Series:
    """A series from any column of figures; a bound that cannot be computed shows no interval."""
    values = tuple(float(v) for v in values)

    def bound(given: Iterable[float] | None) -> tuple[float, ...] | None:
        if given is None:
            return None
        bounds = map(float, given)
        return tuple(v if math.isnan(b) else b for v, b in zip(values, bounds, strict=True))

    return Series(name, values, bound(low), bound(high))


def bars(
    title: str, categories: Iterable[str], name: str, values: Iterable[float], **options: object
) -> Chart:
    """A chart of one series, the commonest visual on a slide; `options` as for Chart."""
    return Chart(title, tuple(categories), (series(name, values),), **options)


OFFSET = " "  # a Gantt's first series, not drawn: a blank name, so its legend entry is blank


def _weeks(days: int) -> float:
    return days / 7


def gantt(
    title: str,
    tasks: Iterable[tuple[str, str, dt.date, dt.date]],
    start: dt.date,
    colours: Mapping[str, str],
) -> Chart:
    """A plan as a native Gantt chart: each task (name, group, begin, end) in weeks from `start`.

    Each group (a roadmap stage) is a series of its own in its colour, so the legend names the
    groups; a task that begins before `start` moves the chart's zero to its beginning.
    """
    tasks = list(tasks)
    origin = min([start, *(t[2] for t in tasks)])
    used = {t[1] for t in tasks}
    groups = [g for g in colours if g in used] + sorted(used - set(colours))
    offsets = Series(OFFSET, tuple(_weeks((t[2] - origin).days) for t in tasks))
    lengths = tuple(
        Series(
            group,
            tuple(_weeks((t[3] - t[2]).days) if t[1] == group else 0.0 for t in tasks),
            colour=colours.get(group),
        )
        for group in groups
    )
    span = max((_weeks((t[3] - origin).days) for t in tasks), default=4.0)
    step = 4 if span <= 36 else 8
    return Chart(
        title,
        tuple(t[0] for t in tasks),
        (offsets, *lengths),
        number_format="0",
        axis_min=0,
        axis_max=math.ceil(span / step) * step,
        step=step,
        legend=True,
        kind="gantt",
        axis_title=f"Weeks from {origin:%-d %B %Y}",
    )


@dataclass(frozen=True)
class Table:
    """A native PowerPoint table; `highlight` marks rows to stand out (the firm's own)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths
    highlight: frozenset[int] = frozenset()


Visual = Chart | Table


@dataclass(frozen=True)
class Slide:
    """One key finding: a one-sentence headline, the points that explain it, one visual."""

    section: str  # the phase, as the client knows it
    headline: str
    points: tuple[str, ...]
    visual: Visual | None = None
    notes: str = ""  # for the consultant: the fuller reasoning, shown in presenter view
    cites: tuple[str, ...] = field(default=())  # reference keys of the methods behind it
    wide: bool = False  # the visual takes the slide's width, the points go under it


def keys_of(citations: Iterable[Citation]) -> tuple[str, ...]:
    """The works cited, each once, in the order first cited."""
    return tuple(dict.fromkeys(c.ref for c in citations))


def scale_words(result: MaturityResult) -> str:
    """'from 1 (not at all) to 5 (fully)': the survey's scale, as a slide explains it."""
    scale = result.instrument.scale
    return (
        f"from {scale.min} ({scale.labels[scale.min].lower()}) "
        f"to {scale.max} ({scale.labels[scale.max].lower()})"
    )


def stage_point(stage: pd.Series, config: ClientConfig) -> str:
    """'Pilot, from 6 Oct 2025: 4 interventions, about $14,000 a year.': one roadmap stage."""
    return say_n(
        "{phase}, from {start}: {n} intervention, about {cost} a year.",
        "{phase}, from {start}: {n} interventions, about {cost} a year.",
        int(stage["interventions"]),
        phase=stage["phase"],
        start=f"{stage['from']:%-d %b %Y}",
        cost=amount(stage["cost"], config),
    )
