"""The shipped demo clients, made by a seeded generator so they regenerate identically.

Run `python -m kmkit.demo_data [CLIENTS_DIR]` to rebuild them.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from kmkit import paths
from kmkit.instruments import Instrument, load_instrument
from kmkit.store import Answer, Response, Store


@dataclass(frozen=True)
class DemoClient:
    """What a demo client looks like: its client.yaml, who answered, and its KM profile."""

    slug: str
    config: dict
    respondents: dict[str, int]  # department -> how many answered
    roles: dict[str, list[str]]  # department -> roles people there hold
    profile: dict[str, float]  # category -> firm-wide tendency on the 1-5 scale
    department_shift: dict[str, float]  # department -> how far it sits above or below the firm
    wave_start: dt.datetime
    seed: int
    target_lift: float | None = None  # where respondents want to be, above 'now'; None: not asked
    workshop: dict | None = None  # data/workshop.yaml: the ratings the group agreed
    inventory: tuple[tuple, ...] = ()  # data/inventory.csv rows, in INVENTORY_COLUMNS order


PRECISION = DemoClient(
    slug="demo-precision",
    config={
        "name": "Kestrel Precision Engineering Ltd",
        "sector": "Precision engineering: CNC machining and assembly of components",
        "employees": 45,
        "departments": [
            "Machining",
            "Assembly",
            "Quality",
            "Engineering",
            "Sales and admin",
            "Management",
        ],
        "roles": ["Manager", "Engineer", "Technician", "Operator", "Office"],
        "country": "GB",
        "language": "en",
        "consultant": "Northfield KM Consulting",
        "engagement": {"start": dt.date(2026, 9, 7), "end": dt.date(2027, 6, 30)},
        "business_goals": [
            {
                "goal": "Cut scrap and rework on five-axis parts",
                "indicator": "Scrap rate, % of parts",
            },
            {
                "goal": "Keep delivery promises to aerospace customers",
                "indicator": "On-time delivery, %",
            },
            {
                "goal": "Be ready for the retirement of two senior machinists",
                "indicator": "Setups documented, % of part families",
            },
        ],
        "cluster": "midlands-manufacturing",
        "anonymity_threshold": 5,
        "demo": True,
    },
    respondents={
        "Machining": 11,
        "Assembly": 6,
        "Quality": 5,
        "Engineering": 6,
        "Sales and admin": 4,
        "Management": 2,
    },
    roles={
        "Machining": ["Operator", "Technician"],
        "Assembly": ["Operator", "Technician"],
        "Quality": ["Technician", "Engineer"],
        "Engineering": ["Engineer"],
        "Sales and admin": ["Office"],
        "Management": ["Manager"],
    },
    profile={
        "leadership": 2.6,
        "process": 3.1,
        "people": 3.3,
        "technology": 2.5,
        "knowledge_processes": 2.4,
        "learning": 2.3,
        "outcomes": 2.5,
    },
    department_shift={
        "Machining": -0.2,
        "Assembly": -0.1,
        "Quality": 0.3,
        "Engineering": 0.2,
        "Sales and admin": 0.0,
        "Management": 0.5,
    },
    wave_start=dt.datetime(2026, 9, 14, 8, 0),
    seed=20260914,
    target_lift=1.3,
    workshop={
        "wave": "baseline",
        "held_on": dt.date(2026, 10, 1),
        "categories": [
            {
                "category": "leadership",
                "agreed": 2.5,
                "strengths": "The owner speaks openly about two senior machinists retiring.",
                "opportunities": "Nobody owns knowledge work: name a lead and give them time.",
            },
            {
                "category": "process",
                "agreed": 3.0,
                "strengths": "ISO 9001 work instructions cover most routine jobs.",
                "opportunities": "Five-axis setups live in operators' notebooks; no handover.",
            },
            {
                "category": "people",
                "agreed": 3.5,
                "strengths": "Operators help each other readily on the shop floor.",
                "opportunities": "Apprentice pairing is informal and stops when orders peak.",
            },
            {
                "category": "technology",
                "agreed": 2.0,
                "strengths": "The ERP holds orders and routings reliably.",
                "opportunities": "Drawings and CNC programs are spread over personal drives.",
            },
            {
                "category": "knowledge_processes",
                "agreed": 2.0,
                "strengths": "Everyone knows whom to ask about difficult alloys.",
                "opportunities": "Lessons from scrap and rework are not recorded for others.",
            },
            {
                "category": "learning",
                "agreed": 2.0,
                "strengths": "Customers' quality audits bring new ideas into the shop.",
                "opportunities": "Suggestions are rarely followed up; no time to try new methods.",
            },
            {
                "category": "outcomes",
                "agreed": 2.5,
                "strengths": "Rework fell where Quality shared its inspection tips.",
                "opportunities": "No figures yet on time lost searching or on repeated errors.",
            },
        ],
    },
)

ACCOUNTING = DemoClient(
    slug="demo-accounting",
    config={
        "name": "Harbour & Finch Chartered Accountants",
        "sector": "Accounting, audit and tax advice",
        "employees": 20,
        "departments": ["Audit", "Tax", "Advisory", "Practice support"],
        "roles": ["Partner", "Manager", "Accountant", "Support"],
        "country": "AU",
        "language": "en",
        "consultant": "Northfield KM Consulting",
        "engagement": {"start": dt.date(2026, 10, 5), "end": dt.date(2027, 4, 30)},
        "business_goals": [
            {
                "goal": "Grow advisory income from existing clients",
                "indicator": "Advisory share of fees, %",
            },
            {
                "goal": "Bring new graduates to billable work faster",
                "indicator": "Weeks to first independent file",
            },
        ],
        "anonymity_threshold": 5,
        "demo": True,
    },
    respondents={"Audit": 5, "Tax": 5, "Advisory": 4, "Practice support": 3},
    roles={
        "Audit": ["Partner", "Manager", "Accountant"],
        "Tax": ["Manager", "Accountant"],
        "Advisory": ["Partner", "Accountant"],
        "Practice support": ["Support"],
    },
    profile={
        "leadership": 3.2,
        "process": 3.6,
        "people": 3.9,
        "technology": 3.0,
        "knowledge_processes": 3.2,
        "learning": 2.8,
        "outcomes": 3.0,
    },
    department_shift={"Audit": 0.1, "Tax": 0.0, "Advisory": 0.2, "Practice support": -0.4},
    wave_start=dt.datetime(2026, 10, 12, 9, 0),
    seed=20261012,
)

INVENTORY_COLUMNS = (
    "asset",
    "area",
    "kind",
    "resides",
    "holders",
    "documentation",
    "criticality",
    "loss_likelihood",
    "loss_reason",
    "proficiency_now",
    "proficiency_target",
    "diffusion_now",
    "diffusion_target",
    "codification_now",
    "codification_target",
)
PRECISION = dataclasses.replace(
    PRECISION,
    inventory=(
        (
            "Five-axis setups for titanium parts",
            "Machining",
            "tacit",
            "people",
            "Senior machinist A",
            "none",
            5,
            5,
            "retirement",
            5,
            5,
            2,
            4,
            1,
            4,
        ),
        (
            "Fixture design for thin-walled housings",
            "Engineering",
            "tacit",
            "people",
            "Design engineer C; Senior machinist A",
            "partial",
            4,
            3,
            "turnover",
            4,
            5,
            2,
            4,
            2,
            4,
        ),
        (
            "CNC post-processor tweaks",
            "Machining",
            "explicit",
            "structures",
            "CAM programmer D",
            "partial",
            4,
            4,
            "single holder",
            4,
            4,
            1,
            3,
            2,
            4,
        ),
        (
            "Aerospace customer quality requirements",
            "Quality",
            "explicit",
            "relationships",
            "Quality lead; Sales manager",
            "full",
            5,
            2,
            "none",
            4,
            5,
            3,
            4,
            4,
            5,
        ),
        (
            "First-article inspection routine",
            "Quality",
            "explicit",
            "structures",
            "Quality lead; Inspector E; Inspector F",
            "full",
            4,
            2,
            "none",
            4,
            4,
            3,
            4,
            4,
            4,
        ),
        (
            "Reading early signs of tool wear",
            "Machining",
            "tacit",
            "people",
            "Senior machinist A; Senior machinist B",
            "none",
            4,
            4,
            "retirement",
            4,
            5,
            2,
            4,
            1,
            3,
        ),
        (
            "Pricing of one-off prototype jobs",
            "Sales",
            "tacit",
            "people",
            "Owner",
            "none",
            4,
            3,
            "single holder",
            4,
            4,
            1,
            3,
            1,
            3,
        ),
        (
            "Supplier terms for specialist alloys",
            "Purchasing",
            "explicit",
            "relationships",
            "Office manager",
            "partial",
            3,
            3,
            "single holder",
            3,
            4,
            2,
            3,
            2,
            4,
        ),
        (
            "Assembly sequence for gearbox units",
            "Assembly",
            "explicit",
            "structures",
            "Assembly lead; Fitter G; Fitter H",
            "full",
            3,
            2,
            "turnover",
            3,
            4,
            3,
            4,
            4,
            4,
        ),
        (
            "Machine maintenance history",
            "Maintenance",
            "explicit",
            "structures",
            "Setter B",
            "partial",
            3,
            3,
            "single holder",
            3,
            4,
            2,
            3,
            2,
            4,
        ),
        (
            "Key contacts at the aerospace prime",
            "Sales",
            "tacit",
            "relationships",
            "Owner; Sales manager",
            "none",
            5,
            2,
            "none",
            4,
            4,
            2,
            3,
            1,
            3,
        ),
        (
            "Heat-treatment subcontractor know-how",
            "Purchasing",
            "tacit",
            "relationships",
            "Quality lead",
            "none",
            3,
            3,
            "single holder",
            3,
            4,
            1,
            3,
            1,
            3,
        ),
    ),
)
ACCOUNTING = dataclasses.replace(
    ACCOUNTING,
    inventory=(
        (
            "Audit approach for construction clients",
            "Audit",
            "tacit",
            "people",
            "Partner A",
            "partial",
            5,
            4,
            "retirement",
            5,
            5,
            2,
            4,
            2,
            4,
        ),
        (
            "Practice manual and working-paper templates",
            "Audit",
            "explicit",
            "structures",
            "Audit manager; Senior accountant B",
            "full",
            4,
            2,
            "none",
            4,
            4,
            4,
            5,
            4,
            5,
        ),
        (
            "R&D tax incentive claims",
            "Tax",
            "tacit",
            "people",
            "Tax manager",
            "partial",
            4,
            4,
            "single holder",
            4,
            5,
            1,
            3,
            2,
            4,
        ),
        (
            "Payroll tax rules by state",
            "Tax",
            "explicit",
            "structures",
            "Tax manager; Accountant C",
            "full",
            3,
            2,
            "turnover",
            3,
            4,
            3,
            4,
            4,
            4,
        ),
        (
            "Long-standing client relationships",
            "Advisory",
            "tacit",
            "relationships",
            "Partner A; Partner D",
            "none",
            5,
            3,
            "retirement",
            4,
            5,
            2,
            3,
            1,
            3,
        ),
        (
            "Cash-flow forecasting models",
            "Advisory",
            "explicit",
            "structures",
            "Partner D",
            "partial",
            4,
            3,
            "single holder",
            4,
            5,
            2,
            4,
            2,
            4,
        ),
        (
            "Onboarding checklist for graduates",
            "Practice support",
            "explicit",
            "structures",
            "Practice manager",
            "partial",
            3,
            3,
            "single holder",
            3,
            4,
            2,
            4,
            3,
            4,
        ),
        (
            "Software set-up for client ledgers",
            "Practice support",
            "explicit",
            "structures",
            "Practice manager; Accountant C",
            "partial",
            3,
            2,
            "none",
            3,
            4,
            2,
            3,
            3,
            4,
        ),
    ),
)

DEMO_CLIENTS = (PRECISION, ACCOUNTING)
WAVE = "baseline"


def _clip(latent: float, low: int, high: int) -> float:
    """A latent opinion as an answer on the scale."""
    return float(min(high, max(low, round(latent))))


def _responses(spec: DemoClient, instrument: Instrument, store: Store) -> list[Response]:
    """Draw the demo respondents' answers from the client's profile, seeded."""
    rng = random.Random(spec.seed)
    low, high = instrument.scale.min, instrument.scale.max
    out, number = [], 0
    for department, count in spec.respondents.items():
        for _ in range(count):
            number += 1
            person = rng.gauss(0, 0.35) + spec.department_shift[department]
            answers = {}
            for cat in instrument.categories:
                view = spec.profile[cat.id] + person + rng.gauss(0, 0.45)
                for item in cat.items:
                    draw = rng.random()
                    if draw < 0.02:
                        continue  # left blank
                    if draw < 0.05:
                        answers[item.id] = Answer(None, dont_know=True)
                        continue
                    value = _clip(view + rng.gauss(0, 0.55), low, high)
                    target = None
                    if spec.target_lift is not None:
                        target = _clip(view + spec.target_lift + rng.gauss(0, 0.5), low, high)
                    if item.reverse:
                        value = low + high - value
                        target = None if target is None else low + high - target
                    answers[item.id] = Answer(value, target)
            when = spec.wave_start + dt.timedelta(hours=3 * number, minutes=rng.randrange(60))
            out.append(
                Response(
                    instrument_id=instrument.id,
                    instrument_version=instrument.version,
                    wave=WAVE,
                    respondent=store.pseudonym(f"{spec.slug}-respondent-{number}"),
                    department=department,
                    role=rng.choice(spec.roles[department]),
                    submitted_at=when.isoformat(timespec="seconds"),
                    source="demo generator",
                    answers=answers,
                )
            )
    return out


def generate_client(spec: DemoClient, clients_dir: Path) -> Path:
    """Write one demo client's folder from scratch: client.yaml, data/, kmkit.sqlite."""
    folder = clients_dir / spec.slug
    for stale in ("client.yaml", "kmkit.sqlite"):
        (folder / stale).unlink(missing_ok=True)
    (folder / "data").mkdir(parents=True, exist_ok=True)
    (folder / "data" / ".gitkeep").touch()
    header = "# Demo client generated by kmkit.demo_data; edit the generator, not this file.\n"
    body = yaml.safe_dump(spec.config, sort_keys=False, allow_unicode=True, width=100)
    (folder / "client.yaml").write_text(header + body, encoding="utf-8")
    inventory = folder / "data" / "inventory.csv"
    inventory.unlink(missing_ok=True)
    if spec.inventory:
        with inventory.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(INVENTORY_COLUMNS)
            writer.writerows(spec.inventory)
    workshop = folder / "data" / "workshop.yaml"
    workshop.unlink(missing_ok=True)
    if spec.workshop:
        text = yaml.safe_dump(spec.workshop, sort_keys=False, allow_unicode=True, width=100)
        workshop.write_text(header + text, encoding="utf-8")
    instrument = load_instrument("maturity")
    secret = hashlib.sha256(f"{spec.slug}:{spec.seed}".encode()).hexdigest()[:32]
    with Store(folder / "kmkit.sqlite", secret=secret) as store:
        store.add_responses(_responses(spec, instrument, store))
    return folder


def generate(clients_dir: Path | None = None) -> list[Path]:
    """Regenerate every demo client under the clients folder; other clients are left alone."""
    root = clients_dir or paths.clients_dir()
    root.mkdir(parents=True, exist_ok=True)
    return [generate_client(spec, root) for spec in DEMO_CLIENTS]


def synthetic(count: int, clients_dir: Path, seed: int = 7) -> list[Path]:
    """Write `count` made-up clients (synthetic-001...) for benchmarks and batch tests."""
    rng = random.Random(seed)
    folders = []
    for number in range(1, count + 1):
        base = PRECISION if number % 2 else ACCOUNTING
        lift = {cat: rng.uniform(-0.6, 0.6) for cat in base.profile}
        spec = dataclasses.replace(
            base,
            slug=f"synthetic-{number:03d}",
            config={
                **base.config,
                "name": f"Synthetic Client {number:03d}",
                "demo": False,
                "cluster": "synthetic" if number % 3 else base.config.get("cluster"),
            },
            profile={cat: min(4.6, max(1.4, v + lift[cat])) for cat, v in base.profile.items()},
            seed=seed * 1000 + number,
            workshop=None,
        )
        folders.append(generate_client(spec, clients_dir))
    return folders


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    for made in generate(target):
        print(f"wrote {made}")
    shutil.rmtree(Path(__file__).parent / "__pycache__", ignore_errors=True)
