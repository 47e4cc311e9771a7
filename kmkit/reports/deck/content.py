"""What a deck slide says, before any PowerPoint: a headline, plain points and one visual.

The findings modules fill these from the phase pages; `kmkit.reports.deck.draw` lays them
out with python-pptx. Keeping the two apart lets tests read what a slide claims without
opening a file, and keeps every PowerPoint detail in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Series:
    """One named row of figures in a chart, with optional 95% intervals around each."""

    name: str
    values: tuple[float, ...]
    low: tuple[float, ...] | None = None  # interval bounds, drawn as error bars
    high: tuple[float, ...] | None = None


@dataclass(frozen=True)
class Chart:
    """A native PowerPoint chart: its data stays editable in the consultant's PowerPoint."""

    kind: Literal["bar", "column"]  # bars run across; columns stand up
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    number_format: str = "0.0"
    axis_min: float | None = None
    axis_max: float | None = None
    legend: bool = False


@dataclass(frozen=True)
class Table:
    """A native PowerPoint table; `highlight` marks rows to stand out (the firm's own)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths
    highlight: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Picture:
    """A visual PowerPoint has no chart type for, drawn offline as PNG."""

    png: bytes
    description: str  # alternative text, for screen readers and the outline


Visual = Chart | Table | Picture


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
