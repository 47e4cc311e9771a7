"""The demo clients' facts (one YAML file each, beside this module) and their generator.

Seeded, so a client's folder regenerates identically; `kmkit.demo.generate` writes them all.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

import yaml

from kmkit.core.instruments import Instrument, load_instrument
from kmkit.core.store import Answer, Response, Store
from kmkit.core.yamlfile import load_yaml
from kmkit.demo.review import inventory_table, kpi_table, write_review_files
from kmkit.inputs.cells import csv_row
from kmkit.phases.partnerships.inputs import CONTINUITY, FLOWS, IP, PARTNERSHIPS


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
    orientation: dict | None = None  # management team: respondents, roles, profile per motive
    areas: tuple[tuple, ...] = ()  # data/areas.csv rows: area, description, strength per goal
    follow_up: dict | None = None  # a second maturity wave: its name, start and lift per category
    kpi_start: dt.date | None = None  # first of twelve monthly KPI readings after the baseline
    kpis: tuple[dict, ...] = ()  # indicator definitions with a from-to path and noise
    roi: dict | None = None  # data/roi.yaml
    selection: tuple[tuple, ...] = ()  # data/selection.csv rows
    partnerships: tuple[tuple, ...] = ()  # data/partnerships.csv rows, and the files below
    flows: tuple[tuple, ...] = ()
    ip: tuple[tuple, ...] = ()
    continuity: tuple[tuple, ...] = ()
    ktp: dict | None = None  # data/ktp.yaml
    alliance: dict | None = None  # alliance survey: wave, start, per partnership each side
    pulse: tuple[dict, ...] = ()  # partner satisfaction pulses, each shaped like `alliance`
    # Phase 07 (kmkit.demo.review): statuses, the checklist, settings, a re-audit, KPIs by dept.
    progress: tuple[tuple, ...] = ()  # data/progress.csv rows
    institutionalisation: tuple[tuple, ...] = ()  # data/institutionalisation.csv rows
    review: dict | None = None  # data/review.yaml
    reaudit: dict | None = None  # first: date of the first audit; as_of, inventory: the re-audit
    department_kpis: tuple[dict, ...] = ()  # per indicator: noise, and per department a path


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
PARTNERSHIP_TABLES = {
    "partnerships": PARTNERSHIPS,
    "flows": FLOWS,
    "ip": IP,
    "continuity": CONTINUITY,
}
SPECS = Path(__file__).resolve().parent  # one YAML file per demo client, beside this file


def load_spec(path: Path) -> DemoClient:
    """Read a demo client's facts from its YAML file."""
    data = load_yaml(path.read_text(encoding="utf-8"))
    data["kpis"] = tuple(data.get("kpis") or ())
    data["pulse"] = tuple(data.get("pulse") or ())
    data["department_kpis"] = tuple(data.get("department_kpis") or ())
    for table in ("inventory", "areas", "selection", *PARTNERSHIP_TABLES, "progress",
                  "institutionalisation"):  # fmt: skip
        data[table] = tuple(tuple(row) for row in data.get(table) or ())
    if data.get("reaudit"):
        data["reaudit"]["inventory"] = tuple(tuple(r) for r in data["reaudit"]["inventory"])
    return DemoClient(**data)


PRECISION = load_spec(SPECS / "demo-precision.yaml")
ACCOUNTING = load_spec(SPECS / "demo-accounting.yaml")
DEMO_CLIENTS = (PRECISION, ACCOUNTING)
WAVE = "baseline"


def _clip(latent: float, low: int, high: int) -> float:
    """A latent opinion as an answer on the scale."""
    return float(min(high, max(low, round(latent))))


def _response(
    instrument: Instrument,
    wave: str,
    respondent: str,
    department: str,
    role: str,
    when: dt.datetime,
    answers: dict[str, Answer],
) -> Response:
    """One generated response, marked as coming from the demo generator."""
    return Response(
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        wave=wave,
        respondent=respondent,
        department=department,
        role=role,
        submitted_at=when.isoformat(timespec="seconds"),
        source="demo generator",
        answers=answers,
        language=instrument.language,  # as if read in the instrument's own words
    )


def _responses(
    spec: DemoClient, instrument: Instrument, store: Store, wave: str = WAVE
) -> list[Response]:
    """Draw the demo respondents' answers from the client's profile, seeded."""
    rng = random.Random(spec.seed if wave == WAVE else spec.seed + 2)
    who = f"{spec.slug}-respondent" if wave == WAVE else f"{spec.slug}-{wave}-respondent"
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
            who_now = store.pseudonym(f"{who}-{number}")
            role = rng.choice(spec.roles[department])
            out.append(_response(instrument, wave, who_now, department, role, when, answers))
    return out


def _partnership_survey(
    spec: DemoClient, instrument: Instrument, store: Store, survey: dict, salt: int
) -> list[Response]:
    """Both sides of each partnership answer a survey about it, each from its own view."""
    rng = random.Random(spec.seed + salt)
    low, high = instrument.scale.min, instrument.scale.max
    out, number = [], 0
    for partnership, sides in survey.get("partnerships", {}).items():
        for side in ("us", "partner"):
            for _ in range(sides[side]):
                number += 1
                profile = sides[f"{side}_profile"]
                answers = {}
                for cat in instrument.categories:
                    view = profile[cat.id] + rng.gauss(0, 0.35)
                    for item in cat.items:
                        value = _clip(view + rng.gauss(0, 0.5), low, high)
                        answers[item.id] = Answer(low + high - value if item.reverse else value)
                when = survey["start"] + dt.timedelta(hours=5 * number)
                who = store.pseudonym(
                    f"{spec.slug}-{instrument.id}-{survey['wave']}-{partnership}-{side}-{number}"
                )
                department = sides.get("department") if side == "us" else None
                response = _response(
                    instrument, survey["wave"], who, department, None, when, answers
                )
                words = sides.get(f"{side}_comments", [])
                said = {"change": words[number // 2 % len(words)]} if words and number % 2 else {}
                out.append(
                    dataclasses.replace(response, partnership=partnership, side=side, comments=said)
                )
    return out


def _orientation(spec: DemoClient, instrument: Instrument, store: Store) -> list[Response]:
    """Draw the management team's orientation answers, seeded apart from the survey."""
    team = spec.orientation or {}
    rng = random.Random(spec.seed + 1)
    low, high = instrument.scale.min, instrument.scale.max
    out, number = [], 0
    for department, count in team.get("respondents", {}).items():
        for _ in range(count):
            number += 1
            person = {
                cat.id: team["profile"][cat.id] + rng.gauss(0, 0.4) for cat in instrument.categories
            }
            answers = {
                item.id: Answer(_clip(person[cat.id] + rng.gauss(0, 0.5), low, high))
                for cat in instrument.categories
                for item in cat.items
            }
            when = spec.wave_start + dt.timedelta(days=2, hours=number)
            manager = store.pseudonym(f"{spec.slug}-manager-{number}")
            role = rng.choice(team["roles"][department])
            out.append(_response(instrument, WAVE, manager, department, role, when, answers))
    return out


def _write_csv(path: Path, header: list[str] | tuple[str, ...], rows: tuple[tuple, ...]) -> None:
    """Write a demo table, or remove a stale one when the demo has no rows for it."""
    path.unlink(missing_ok=True)
    if rows:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(csv_row(header))
            writer.writerows(csv_row(row) for row in rows)


KPI_HEADER = ("indicator", "unit", "better", "kind", "target", "date", "value")
SELECTION_HEADER = ("intervention", "decision", "owner", "phase", "start", "note")


def _kpi_rows(spec: DemoClient) -> tuple[tuple, ...]:
    """Thirteen monthly readings per indicator: baseline, then a noisy path towards `to`."""
    if not spec.kpis or spec.kpi_start is None:
        return ()
    rng = random.Random(spec.seed + 3)
    rows = []
    for kpi in spec.kpis:
        for month in range(13):
            year, index = divmod(spec.kpi_start.month - 1 + month, 12)
            when = dt.date(spec.kpi_start.year + year, index + 1, 28)
            path = kpi["from"] + (kpi["to"] - kpi["from"]) * month / 12
            value = round(path + (rng.gauss(0, kpi["noise"]) if month else 0), 1)
            first = month == 0
            rows.append(
                (
                    kpi["indicator"],
                    kpi["unit"] if first else "",
                    kpi["better"] if first else "",
                    kpi["kind"] if first else "",
                    kpi["target"] if first else "",
                    when.isoformat(),
                    value,
                )
            )
    return tuple(rows)


def generate_client(spec: DemoClient, clients_dir: Path) -> Path:
    """Write one demo client's folder from scratch: client.yaml, data/, kmkit.sqlite."""
    folder = clients_dir / spec.slug
    for stale in ("client.yaml", "kmkit.sqlite"):
        (folder / stale).unlink(missing_ok=True)
    (folder / "data").mkdir(parents=True, exist_ok=True)
    (folder / "data" / ".gitkeep").touch()
    # The wording predates the move to kmkit.demo; changing it would change every demo
    # input fingerprint, and with it every demo report.
    header = "# Demo client generated by kmkit.demo_data; edit the generator, not this file.\n"
    body = yaml.safe_dump(spec.config, sort_keys=False, allow_unicode=True, width=100)
    (folder / "client.yaml").write_text(header + body, encoding="utf-8")
    _write_csv(
        folder / "data" / "inventory.csv", *inventory_table(spec, INVENTORY_COLUMNS, spec.inventory)
    )
    goals = [goal["goal"] for goal in spec.config.get("business_goals", [])]
    _write_csv(folder / "data" / "areas.csv", ["area", "description", *goals], spec.areas)
    _write_csv(folder / "data" / "kpis.csv", *kpi_table(spec, KPI_HEADER, _kpi_rows(spec)))
    _write_csv(folder / "data" / "selection.csv", SELECTION_HEADER, spec.selection)
    for table, schema in PARTNERSHIP_TABLES.items():
        _write_csv(folder / "data" / f"{table}.csv", schema.names(), getattr(spec, table))
    for name, content in (("roi", spec.roi), ("workshop", spec.workshop), ("ktp", spec.ktp)):
        path = folder / "data" / f"{name}.yaml"
        path.unlink(missing_ok=True)
        if content:
            text = yaml.safe_dump(content, sort_keys=False, allow_unicode=True, width=100)
            path.write_text(header + text, encoding="utf-8")
    write_review_files(spec, folder / "data", _write_csv, header)
    instrument = load_instrument("maturity")
    secret = hashlib.sha256(f"{spec.slug}:{spec.seed}".encode()).hexdigest()[:32]
    with Store(folder / "kmkit.sqlite", secret=secret) as store:
        store.add_responses(_responses(spec, instrument, store))
        store.add_responses(_orientation(spec, load_instrument("orientation"), store))
        if spec.alliance:
            alliance = load_instrument("alliance")
            store.add_responses(_partnership_survey(spec, alliance, store, spec.alliance, 5))
        for number, survey in enumerate(spec.pulse):
            pulse = load_instrument("pulse")
            store.add_responses(_partnership_survey(spec, pulse, store, survey, 6 + number))
        if spec.follow_up:
            later = dataclasses.replace(
                spec,
                profile={c: v + spec.follow_up["lift"][c] for c, v in spec.profile.items()},
                wave_start=spec.follow_up["start"],
            )
            store.add_responses(_responses(later, instrument, store, spec.follow_up["wave"]))
    return folder
