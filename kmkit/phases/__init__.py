"""The registry of phases: the one list that reports, batch, dashboard, check, forms and CLI read.

Adding a phase is copying a phase folder and its notebook and adding one entry here. The
registry names code as 'module:attribute' strings and imports no phase module, so that
`kmkit --help` stays quick; `load` imports what is named when it is used.

Every phase's page is built from the engagement (kmkit.engagement) and answers the same
questions (`PhasePage`), so the dashboard, the deck and `kmkit check` are loops over this
registry and know no phase by name.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from kmkit.core.errors import KmkitError


def load(ref: str) -> Any:
    """The object a 'package.module:name' reference names, imported on first use."""
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


class PhasePage(Protocol):
    """What every phase's page answers, whatever the phase."""

    def status(self) -> str:
        """What the started phase holds, in a few words; "" before it has begun."""
        ...

    def reads(self) -> Any:
        """The line under the phase's heading: which survey wave, snapshot or records it reads."""
        ...

    def brief(self) -> list[Any]:
        """The phase on the managers' dashboard: a few sentences, and its interactive chart."""
        ...

    def key_figures(self) -> dict[str, object]:
        """The figures other outputs repeat, as values, so they can be checked to agree."""
        ...


@dataclass(frozen=True)
class DataFile:
    """A human-edited input in a client's data/ folder, and everything kmkit knows about it.

    `schema` names what validates it (a table schema, a function of the client giving one, or
    a pydantic model); `read` names a function (path, client) that reads and validates it;
    `form` a function (out, client or None) that writes a blank one; `template` a blank copy
    in templates/; `missing` the sentence shown while there is none.
    """

    stem: str
    suffixes: tuple[str, ...]
    schema: str
    read: str
    missing: str
    form: str = ""
    template: str = ""


@dataclass(frozen=True)
class Phase:
    """One phase of an engagement: its notebook, page, inputs, instruments and scope."""

    slug: str
    notebook: str  # under notebooks/, without .ipynb
    title: str
    page: str  # 'module:function' building the page (a PhasePage) from an engagement
    heading: str = ""  # the phase's heading on the managers' dashboard
    slides: str = ""  # 'module:function' giving the deck's slides from the page
    data_files: tuple[DataFile, ...] = ()
    instruments: tuple[str, ...] = ()
    started_by: str = ""  # the data file whose presence shows the phase has begun; "": answers
    scope: Literal["client", "cluster"] = "client"
    todo: str = ""  # what to do while the phase has not begun
    member: str = ""  # cluster phases: 'module:function' (client -> bool), whether a client's
    # own report gets this phase's section for it

    def build_page(self, engagement: Any) -> Any:
        """The phase's page for an engagement, importing the phase on first use."""
        return load(self.page)(engagement)


TABLES = (".csv", ".xlsx")
YAML = (".yaml",)
_AWARENESS = "kmkit.phases.awareness"
_STRATEGY = "kmkit.phases.strategy"
_AUDIT = "kmkit.phases.audit"
_SOLUTIONS = "kmkit.phases.solutions"
_MEASUREMENT = "kmkit.phases.measurement"
_PARTNERSHIPS = "kmkit.phases.partnerships"
_CLUSTERS = "kmkit.phases.clusters"
_REVIEW = "kmkit.phases.review"

PHASES: tuple[Phase, ...] = (
    Phase(
        "awareness",
        "01_awareness",
        "Awareness (maturity survey)",
        f"{_AWARENESS}.page:awareness_page",
        heading="Where we stand",
        slides=f"{_AWARENESS}.slides:awareness_slides",
        data_files=(
            DataFile(
                "workshop",
                YAML,
                f"{_AWARENESS}.inputs:Workshop",
                f"{_AWARENESS}.inputs:check_workshop",
                "No consensus workshop is recorded yet.",
                template="workshop.yaml",
            ),
        ),
        instruments=("maturity",),
        todo="Import survey answers with `kmkit import`.",
    ),
    Phase(
        "strategy",
        "02_strategy",
        "Strategy",
        f"{_STRATEGY}.page:strategy_page",
        heading="Why KM, and for what",
        slides=f"{_STRATEGY}.slides:strategy_slides",
        data_files=(
            DataFile(
                "areas",
                TABLES,
                f"{_STRATEGY}.inputs:areas_schema",
                f"{_STRATEGY}.inputs:check_areas",
                "Not started: add knowledge areas with `kmkit form areas`.",
                form=f"{_STRATEGY}.inputs:write_areas_form",
            ),
        ),
        instruments=("orientation",),
        started_by="areas",
        todo="Not started: add knowledge areas with `kmkit form areas`.",
    ),
    Phase(
        "audit",
        "03_audit",
        "Knowledge audit",
        f"{_AUDIT}.page:audit_page",
        heading="Knowledge at risk",
        slides=f"{_AUDIT}.slides:audit_slides",
        data_files=(
            DataFile(
                "inventory",
                TABLES,
                f"{_AUDIT}.inputs:INVENTORY",
                f"{_AUDIT}.inputs:check_inventory",
                "Not started: add an inventory with `kmkit form inventory`.",
                form=f"{_AUDIT}.inputs:write_inventory_form",
                template="inventory.csv",
            ),
        ),
        started_by="inventory",
        todo="Not started: add an inventory with `kmkit form inventory`.",
    ),
    Phase(
        "solutions",
        "04_solutions",
        "Solutions and roadmap",
        f"{_SOLUTIONS}.page:solutions_page",
        heading="What we are doing about it",
        slides=f"{_SOLUTIONS}.slides:solutions_slides",
        data_files=(
            DataFile(
                "interventions",
                YAML,
                f"{_SOLUTIONS}.catalogue:Catalogue",
                f"{_SOLUTIONS}.catalogue:check_catalogue",
                "No interventions of the client's own; kmkit's catalogue is used.",
            ),
            DataFile(
                "selection",
                TABLES,
                f"{_SOLUTIONS}.inputs:SELECTION",
                f"{_SOLUTIONS}.inputs:check_selection",
                "Recommended; no choices recorded yet in data/selection.csv.",
                form=f"{_SOLUTIONS}.inputs:write_selection_form",
                template="selection.csv",
            ),
        ),
        started_by="selection",
        todo="Recommended; no choices recorded yet in data/selection.csv.",
    ),
    Phase(
        "measurement",
        "05_measure",
        "Measurement",
        f"{_MEASUREMENT}.page:measure_page",
        heading="Is it working?",
        slides=f"{_MEASUREMENT}.slides:measurement_slides",
        data_files=(
            DataFile(
                "kpis",
                TABLES,
                f"{_MEASUREMENT}.inputs:KPIS",
                f"{_MEASUREMENT}.inputs:check_kpis",
                "Not started: add KPI readings to data/kpis.csv.",
                form=f"{_MEASUREMENT}.inputs:write_kpis_form",
                template="kpis.csv",
            ),
            DataFile(
                "roi",
                YAML,
                f"{_MEASUREMENT}.inputs:RoiAssumptions",
                f"{_MEASUREMENT}.inputs:check_roi",
                "No ROI estimate: add data/roi.yaml.",
                template="roi.yaml",
            ),
        ),
        started_by="kpis",
        todo="Not started: add KPI readings to data/kpis.csv.",
    ),
    Phase(
        "partnerships",
        "06_partnerships",
        "Partnerships",
        f"{_PARTNERSHIPS}.page:partnerships_page",
        heading="Partnerships",
        slides=f"{_PARTNERSHIPS}.slides:partnership_slides",
        data_files=tuple(
            DataFile(
                stem,
                TABLES,
                f"{_PARTNERSHIPS}.inputs:{schema}",
                f"{_PARTNERSHIPS}.inputs:check_{stem}",
                missing,
                form=f"{_PARTNERSHIPS}.inputs:write_{stem}_form",
                template=f"{stem}.csv",
            )
            for stem, schema, missing in (
                (
                    "partnerships",
                    "PARTNERSHIPS",
                    "Not started: list them with `kmkit form partnerships`.",
                ),
                ("flows", "FLOWS", "No knowledge flows recorded: `kmkit form flows`."),
                ("ip", "IP", "No IP protection recorded: `kmkit form ip --client SLUG`."),
                (
                    "continuity",
                    "CONTINUITY",
                    "No continuity plans for key people: `kmkit form continuity`.",
                ),
            )
        )
        + (
            DataFile(
                "ktp",
                YAML,
                f"{_PARTNERSHIPS}.inputs:KtpFile",
                f"{_PARTNERSHIPS}.inputs:check_ktp",
                "No KTP budget: add data/ktp.yaml.",
                template="ktp.yaml",
            ),
        ),
        started_by="partnerships",
        todo="Not started: list the partnerships with `kmkit form partnerships`.",
    ),
    # Phase 07 reads every earlier phase: it closes the cycle and opens the next.
    Phase(
        "review",
        "07_review",
        "Review and the next cycle",
        f"{_REVIEW}.page:review_page",
        heading="Review: what was done, did it work, what next",
        slides=f"{_REVIEW}.slides:review_slides",
        data_files=(
            DataFile(
                "progress",
                TABLES,
                f"{_REVIEW}.inputs:PROGRESS",
                f"{_REVIEW}.inputs:check_progress",
                "No intervention status yet: `kmkit form progress --client SLUG`.",
                form=f"{_REVIEW}.inputs:write_progress_form",
                template="progress.csv",
            ),
            DataFile(
                "institutionalisation",
                TABLES,
                f"{_REVIEW}.inputs:INSTITUTIONALISATION",
                f"{_REVIEW}.inputs:check_institutionalisation",
                "Institutionalisation not recorded: `kmkit form institutionalisation`.",
                form=f"{_REVIEW}.inputs:write_institutionalisation_form",
                template="institutionalisation.csv",
            ),
            DataFile(
                "review",
                YAML,
                f"{_REVIEW}.settings:ReviewSettings",
                f"{_REVIEW}.inputs:check_review",
                "No review settings: dated today, kmkit's gates, phase 04's pilot.",
                template="review.yaml",
            ),
        ),
        started_by="progress",
        todo="Nothing to review yet: record each intervention's status with `kmkit form progress`.",
    ),
    Phase(
        "cluster",
        "cluster",
        "Cluster (peer benchmark)",
        f"{_CLUSTERS}.page:peer_page",
        heading="Your firm in the cluster",
        scope="cluster",
        member=f"{_CLUSTERS}.inputs:is_member",
        todo="Not in a cluster: name one with `cluster:` in client.yaml.",
    ),
)


def client_phases() -> tuple[Phase, ...]:
    """The phases run for one client, in engagement order (cluster phases are run apart)."""
    return tuple(p for p in PHASES if p.scope == "client")


def cluster_phases() -> tuple[Phase, ...]:
    """The phases a cluster's own report runs, for its facilitator."""
    return tuple(p for p in PHASES if p.scope == "cluster")


def report_phases(client: Any) -> tuple[Phase, ...]:
    """The phases a client's own report runs: its phases, then its cluster's section for it."""
    return tuple(p for p in PHASES if p.scope == "client" or (p.member and load(p.member)(client)))


def data_files() -> tuple[DataFile, ...]:
    """Every data file a phase reads, in phase order."""
    return tuple(f for p in PHASES for f in p.data_files)


def instruments() -> tuple[str, ...]:
    """Every instrument some phase scores, in phase order."""
    return tuple(dict.fromkeys(i for p in PHASES for i in p.instruments))


def form_kinds() -> dict[str, DataFile]:
    """The data files `kmkit form` can write a blank of, by name."""
    return {f.stem: f for f in data_files() if f.form}


def phase(slug: str) -> Phase:
    """A phase by slug or notebook name; an unknown one answers with the known ones."""
    for p in PHASES:
        if slug in (p.slug, p.notebook):
            return p
    known = ", ".join(p.slug for p in PHASES)
    raise KmkitError(f"No phase '{slug}'. Phases: {known}.")
