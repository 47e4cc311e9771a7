"""One client's engagement as of one date, resolved once: the story every output tells.

The report's notebooks, the dashboard, the deck and the workshop notebooks all read one
`Engagement`: which cycle the client is in, which survey wave and inventory snapshot each
finding reads (the current ones, and the cycle's first where a section compares), the
cycle's plan and, after a review, the next. Each result is computed on first use and kept
on the engagement, so every output shows the same figures from the same inputs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kmkit.core.dates import as_of_date
from kmkit.core.errors import KmkitError, NoDataError
from kmkit.core.store import Store
from kmkit.core.workspace import Client, open_client
from kmkit.phases import Phase, load, phase, report_phases

if TYPE_CHECKING:
    import pandas as pd

    from kmkit.core.scoring import MaturityResult
    from kmkit.phases.audit.inputs import Inventory
    from kmkit.phases.review.compute import Review
    from kmkit.phases.solutions.compute import Plan

MATURITY = "maturity"


@dataclass(frozen=True)
class Wave:
    """A survey wave a finding reads: its name, when it opened, how many answered."""

    name: str
    first: dt.date | None  # the day of its first answer
    respondents: int

    def label(self) -> str:
        """'the "baseline" survey of March 2025 (34 people answered)': the month it opened.

        The month of the first answer, not the last, so that one more answer moves nothing.
        """
        when = f" of {self.first:%B %Y}" if self.first else ""
        people = f"{self.respondents} {'person' if self.respondents == 1 else 'people'}"
        return f"the '{self.name}' survey{when} ({people} answered)"


class Engagement:
    """One client's engagement as of one date; results are computed once, on first use."""

    def __init__(self, client: Client, as_of: dt.date | None = None, wave: str = "") -> None:
        self.client = client
        self.as_of = as_of or as_of_date(None)
        self.named_wave = wave  # a wave the consultant names, open or not
        self._pages: dict[str, Any] = {}
        self._maturity: dict[str, MaturityResult] = {}

    def __repr__(self) -> str:
        return f"Engagement({self.client.slug!r}, as of {self.as_of})"

    @property
    def start(self) -> dt.date:
        """The first roadmap's first day: client.yaml's engagement start, else the as-of date."""
        dates = self.client.config.engagement
        return dates.start if dates else self.as_of

    # --- survey waves -------------------------------------------------------------------

    @cached_property
    def wave_list(self) -> tuple[Wave, ...]:
        """The maturity survey's waves this engagement may read, oldest first.

        A wave that began after the as-of date is left out, and so is a wave a survey page
        or the room opened anew while it is collecting, unless the consultant names it.
        """
        if not self.client.store_path.exists():
            return ()
        with Store(self.client.store_path) as store:
            dates = store.wave_dates(MATURITY)
            new_and_open = {
                w for (i, w), shown in store.collecting().items() if i == MATURITY and not shown
            }
        return tuple(
            Wave(name, first, n)
            for name, (first, n) in dates.items()
            if (first is None or first <= self.as_of)
            and (name not in new_and_open or name == self.named_wave)
        )

    @property
    def waves(self) -> tuple[str, ...]:
        """The names of the waves read, oldest first."""
        return tuple(w.name for w in self.wave_list)

    def wave_info(self, name: str) -> Wave | None:
        """A wave read, by name."""
        return next((w for w in self.wave_list if w.name == name), None)

    def maturity_of(self, wave: str) -> MaturityResult:
        """A wave's maturity scores, computed once; NoDataError while nothing may be shown."""
        if wave not in self._maturity:
            from kmkit.phases.awareness.compute import score_stored

            self._maturity[wave] = score_stored(self.client, MATURITY, wave)
        return self._maturity[wave]

    @cached_property
    def maturity(self) -> MaturityResult:
        """The current wave's maturity: the wave named, else the latest shown.

        A wave whose answers cannot be shown yet (fewer than the anonymity threshold) gives
        way to the one before it.
        """
        from kmkit.phases.awareness.compute import score_stored

        if self.named_wave:
            return self.maturity_of(self.named_wave)
        if not self.waves:
            return score_stored(self.client, MATURITY, None)  # says why there is nothing
        problem: NoDataError | None = None
        for wave in reversed(self.waves):
            try:
                return self.maturity_of(wave)
            except NoDataError as exc:
                problem = problem or exc
        assert problem is not None
        raise problem

    @cached_property
    def first_maturity(self) -> MaturityResult:
        """The cycle's first wave's maturity: what the first roadmap answered."""
        if not self.waves:
            return self.maturity
        first = self.waves[0]
        try:
            return self.maturity_of(first)
        except NoDataError:
            return self.maturity

    def maturity_or_none(self, first: bool = False) -> MaturityResult | None:
        """The current (or first) wave's maturity, or None when there is none to show."""
        try:
            return self.first_maturity if first else self.maturity
        except NoDataError:
            return None

    def wave_read(self, first: bool = False) -> Wave | None:
        """The wave a finding reads, with its date and respondents."""
        result = self.maturity_or_none(first)
        if result is None:
            return None
        found = self.wave_info(result.wave)
        return Wave(result.wave, found.first if found else None, result.respondents)

    # --- knowledge inventory ------------------------------------------------------------

    @cached_property
    def snapshots(self) -> tuple[Inventory, ...]:
        """The inventory's snapshots up to the as-of date, oldest first."""
        from kmkit.phases.audit.inputs import client_snapshots

        return tuple(
            s for s in client_snapshots(self.client) if s.as_of is None or s.as_of <= self.as_of
        )

    @property
    def inventory(self) -> Inventory | None:
        """The latest snapshot: what the audit shows."""
        return self.snapshots[-1] if self.snapshots else None

    @property
    def first_inventory(self) -> Inventory | None:
        """The cycle's first snapshot: what the first roadmap answered."""
        return self.snapshots[0] if self.snapshots else None

    # --- the cycle's plan, the review, the next cycle -----------------------------------

    @cached_property
    def plan(self) -> Plan:
        """Phase 04's plan of this cycle: made from the first wave and the first snapshot."""
        return self._plan(first=True)

    @cached_property
    def next_plan(self) -> Plan:
        """The same plan made again from the current wave and snapshot: the next cycle's."""
        remeasured = self.maturity_or_none() is not self.maturity_or_none(first=True) or (
            self.inventory is not self.first_inventory
        )
        return self._plan(first=False) if remeasured else self.plan

    def _plan(self, first: bool) -> Plan:
        from kmkit.phases.solutions.compute import make_plan

        inventory = self.first_inventory if first else self.inventory
        return make_plan(
            self.client,
            self.maturity_or_none(first),
            inventory,
            self.as_of,
            inventory_file=self.client.relative(inventory.path) if inventory else "",
        )

    @cached_property
    def roadmap(self) -> pd.DataFrame:
        """The current cycle's roadmap, dated from the engagement's start."""
        from kmkit.phases.solutions.roadmap import build_roadmap

        return build_roadmap(self.plan.chosen, self.start)

    @cached_property
    def review(self) -> Review:
        """Phase 07's review of this cycle, as of the review's date."""
        from kmkit.phases.review.compute import review

        return review(self)

    @cached_property
    def reviewed(self) -> bool:
        """Whether a review dated by the as-of date has something to go on.

        Something: statuses, a second wave, a re-audit or KPIs read per department.
        """
        try:
            found = self.review
        except KmkitError:
            return False
        return found.started and found.as_of <= self.as_of

    @property
    def cycle(self) -> int:
        """Which cycle the client is in: 1 until a review, 2 once the first is reviewed."""
        return 2 if self.reviewed else 1

    # --- phase pages ----------------------------------------------------------------------

    def phases(self) -> tuple[Phase, ...]:
        """The phases this client's report, dashboard and deck show, in engagement order."""
        return report_phases(self.client)

    def page(self, slug: str) -> Any:
        """A phase's page for this engagement, built once."""
        if slug not in self._pages:
            self._pages[slug] = load(phase(slug).page)(self)
        return self._pages[slug]


_held: list[Engagement] = []  # the engagement a report is being made from, in this process


@contextmanager
def reporting(engagement: Engagement) -> Iterator[Engagement]:
    """While a report is made in this process, every notebook reads this one engagement."""
    _held.append(engagement)
    try:
        yield engagement
    finally:
        _held.remove(engagement)


def open_engagement(
    client: str | Client = "",
    clients_dir: str | Path = "",
    as_of: str | dt.date | None = "",
    wave: str = "",
) -> Engagement:
    """The engagement a notebook, app or command reads: the one a report holds, else new.

    `as_of` is YYYY-MM-DD (empty: today); `wave` names a survey wave to read instead of the
    latest closed one.
    """
    if not isinstance(client, Client):
        client = open_client(client, clients_dir)
    date = as_of_date(as_of or (_held[-1].as_of if _held else None))
    for held in _held:
        same = held.client.path == client.path and held.as_of == date
        if same and held.named_wave == wave:
            return held
    return Engagement(client, date, wave)
