"""Phase 06's inputs: partnerships, knowledge flows, IP status, continuity plans, KTP budgets.

Every table is a CSV or XLSX file in the client's data/ folder (`kmkit form NAME` writes a
blank one); every row that names a partnership must name one of data/partnerships.csv.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from kmkit.core.errors import InputError, KmkitError, RowProblem
from kmkit.core.workspace import Client
from kmkit.inputs.answers import Sides
from kmkit.inputs.forms import write_table_form
from kmkit.inputs.schema import Column, Records, TableSchema
from kmkit.inputs.settings import read_settings
from kmkit.inputs.tables import normalise
from kmkit.phases.partnerships.checklists import continuity_checklist, ip_checklist

if TYPE_CHECKING:
    from kmkit.engagement import Engagement

KINDS = ("supplier", "customer", "research", "ktp", "peer", "alliance")
KIND_ALIASES = {
    "university": "research",
    "research/university": "research",
    "knowledge transfer partnership": "ktp",
    "peer sme": "peer",
    "joint venture": "alliance",
    "jv": "alliance",
}
SIDES = ("us", "partner")
SIDE_ALIASES = {"we": "us", "firm": "us", "ours": "us", "them": "partner"}
FORMS = ("tacit", "explicit")
MECHANISMS = (
    "embedded graduate",
    "joint team",
    "mentoring",
    "secondment",
    "documents",
    "training",
    "shared platform",
    "meetings",
)
MECHANISM_ALIASES = {
    "graduate": "embedded graduate",
    "ktp associate": "embedded graduate",
    "team": "joint team",
    "documentation": "documents",
    "platform": "shared platform",
    "workshop": "training",
    "meeting": "meetings",
}
SECI = ("socialisation", "externalisation", "combination", "internalisation")
SECI_ALIASES = {"socialization": "socialisation", "externalization": "externalisation"}
YES_NO = ("yes", "no")
YES_ALIASES = {"y": "yes", "n": "no", "true": "yes", "false": "no", "x": "yes"}
STATUSES = ("in place", "partly", "missing", "not applicable")
STATUS_ALIASES = {"yes": "in place", "done": "in place", "no": "missing", "n/a": "not applicable"}
TRAINED = ("yes", "partly", "no")


def _partnership() -> Column:
    return Column("partnership", required=True, help="an id from data/partnerships.csv")


PARTNERSHIPS = TableSchema(
    "partnerships",
    (
        Column("id", required=True, unique=True, help="a short name, used by the other files"),
        Column("partner", required=True, help="the partner organisation"),
        Column("partner_client", help="its kmkit client folder, if it is a client too"),
        Column("kind", kind="choice", required=True, choices=KINDS, value_aliases=KIND_ALIASES),
        Column("started", kind="date"),
        Column("challenge", help="the expertise the firm needs from this partnership"),
        Column("our_owner", help="who looks after it on our side (a role will do)"),
        Column("their_owner", help="who looks after it on the partner's side"),
    ),
)
FLOWS = TableSchema(
    "flows",
    (
        _partnership(),
        Column("knowledge", required=True, help="what knowledge travels"),
        Column("area", help="the knowledge area it belongs to"),
        Column(
            "from_side", kind="choice", required=True, choices=SIDES, value_aliases=SIDE_ALIASES
        ),
        Column("form", kind="choice", required=True, choices=FORMS),
        Column(
            "mechanism",
            kind="choice",
            required=True,
            choices=MECHANISMS,
            value_aliases=MECHANISM_ALIASES,
        ),
        Column("seci", kind="choice", choices=SECI, value_aliases=SECI_ALIASES, default=""),
        Column("criticality", kind="int", low=1, high=5, required=True),
        Column(
            "sensitive",
            kind="choice",
            choices=YES_NO,
            value_aliases=YES_ALIASES,
            default="no",
            help="yes: it is the firm's own and must not go further",
        ),
    ),
)
IP = TableSchema(
    "ip",
    (
        _partnership(),
        Column("measure", required=True, aliases=("item",), help="an IP measure's id"),
        Column(
            "status", kind="choice", required=True, choices=STATUSES, value_aliases=STATUS_ALIASES
        ),
        Column("evidence", help="where a reader can see it is in place"),
        Column("owner"),
    ),
)
CONTINUITY = TableSchema(
    "continuity",
    (
        Column("holder", required=True, unique=True, help="as in the inventory's holders"),
        Column("successor"),
        Column("reasoning", kind="choice", choices=YES_NO, value_aliases=YES_ALIASES, default="no"),
        Column("cross_training", kind="choice", choices=TRAINED, value_aliases=YES_ALIASES),
        Column("duties", kind="choice", choices=YES_NO, value_aliases=YES_ALIASES, default="no"),
        Column("restoration_days", kind="int", low=1, high=365),
        Column("partner_cover", help="who speaks to which partner, how, how often"),
        Column("last_drill", kind="date"),
    ),
)
TABLES = {s.name: s for s in (PARTNERSHIPS, FLOWS, IP, CONTINUITY)}


class Ktp(BaseModel):
    """One Knowledge Transfer Partnership's budget, in the consultant's own figures."""

    model_config = ConfigDict(extra="forbid")
    partnership: str
    academic_partner: str
    months: int = Field(ge=12, le=36, description="the embedded graduate's placement")
    graduate_cost: float = Field(ge=0, description="a year: salary and on-costs")
    supervision_cost: float = Field(ge=0, description="a year: the academic partner's time")
    other_cost: float = Field(default=0, ge=0, description="a year: travel, training, kit")
    grant_share: float = Field(ge=0, le=1, description="the share a grant pays, 0 to 1")
    currency: str = ""


class KtpFile(BaseModel):
    """data/ktp.yaml: one entry per KTP partnership."""

    model_config = ConfigDict(extra="forbid")
    ktps: list[Ktp] = Field(min_length=1)


@dataclass(frozen=True)
class Partnerships:
    """A client's partnership files, each validated; a missing file is an empty table."""

    partnerships: pd.DataFrame
    flows: pd.DataFrame
    ip: pd.DataFrame
    continuity: pd.DataFrame
    ktps: list[Ktp]
    files: dict[str, str]  # what each table was read from, for sentences that cite rows


def _frame(records: Records, schema: TableSchema) -> pd.DataFrame:
    return pd.DataFrame(records.rows, columns=["row", *schema.names()])


def _unknown_partnership(records: Records, ids: set[str]) -> list[RowProblem]:
    """Rows naming a partnership that data/partnerships.csv does not declare."""
    known = ", ".join(sorted(ids)) or "none yet"
    return [
        RowProblem(
            r["row"],
            records.headers.get("partnership", "partnership"),
            f"'{r['partnership']}' is not a partnership in data/partnerships.csv ({known})",
            "unknown",
        )
        for r in records.rows
        if r["partnership"] not in ids
    ]


def read_partnerships(path: Path) -> pd.DataFrame:
    """Read and validate data/partnerships.csv."""
    records = PARTNERSHIPS.read(path)
    PARTNERSHIPS.refuse(records)
    return _frame(records, PARTNERSHIPS)


def read_flows(path: Path, ids: set[str]) -> pd.DataFrame:
    """Read the knowledge-flow register; every flow must name a declared partnership."""
    records = FLOWS.read(path)
    FLOWS.refuse(records, _unknown_partnership(records, ids))
    return _frame(records, FLOWS)


def read_ip(path: Path, ids: set[str]) -> pd.DataFrame:
    """Read the IP protection statuses: a known partnership and measure, once each."""
    records = IP.read(path)
    measures = {m.id: m for m in ip_checklist().items}
    names = {normalise(m.name): m.id for m in ip_checklist().items}
    problems, seen = _unknown_partnership(records, ids), {}
    column = records.headers.get("measure", "measure")
    for record in records.rows:
        given = str(record["measure"])
        ident = given if given in measures else names.get(normalise(given), given)
        record["measure"] = ident
        if ident not in measures:
            reason = f"'{given[:40]}' is not an IP measure; use one of {', '.join(measures)}"
            problems.append(RowProblem(record["row"], column, reason, "unknown"))
        elif (record["partnership"], ident) in seen:
            first = seen[record["partnership"], ident]
            reason = f"'{ident}' for '{record['partnership']}' is already given in row {first}"
            problems.append(RowProblem(record["row"], column, reason, "repeated"))
        seen.setdefault((record["partnership"], ident), record["row"])
    IP.refuse(records, problems)
    return _frame(records, IP)


def read_continuity(path: Path) -> pd.DataFrame:
    """Read the continuity plans: one row per key person."""
    records = CONTINUITY.read(path)
    CONTINUITY.refuse(records)
    return _frame(records, CONTINUITY)


def read_ktp(path: Path, ids: set[str]) -> list[Ktp]:
    """Read data/ktp.yaml, naming the entry and field that is wrong."""
    ktps = read_settings(path, KtpFile).ktps
    for n, ktp in enumerate(ktps):
        if ktp.partnership not in ids:
            msg = f"'{ktp.partnership}' is not a partnership in data/partnerships.csv"
            raise InputError(path, msg, column=f"ktps.{n}.partnership")
    return ktps


def client_partnerships(client: Client) -> Partnerships | None:
    """Every partnership file of the client, validated; None before partnerships.csv exists."""
    path = client.data_file("partnerships")
    if path is None:
        return None
    declared = read_partnerships(path)
    ids = set(declared["id"])
    files = {"partnerships": client.relative(path)}
    tables = {}
    for name, reader in (("flows", read_flows), ("ip", read_ip)):
        found = client.data_file(name)
        tables[name] = reader(found, ids) if found else _frame_empty(TABLES[name])
        files[name] = client.relative(found) if found else f"data/{name}.csv"
    found = client.data_file("continuity")
    continuity = read_continuity(found) if found else _frame_empty(CONTINUITY)
    files["continuity"] = client.relative(found) if found else "data/continuity.csv"
    found = client.data_file("ktp", (".yaml",))
    ktps = read_ktp(found, ids) if found else []
    return Partnerships(declared, tables["flows"], tables["ip"], continuity, ktps, files)


def sides_of(client: Client, partnership: str) -> Sides:
    """The two organisations of one of the client's partnerships, for a survey import."""
    path = client.data_file("partnerships")
    declared = read_partnerships(path) if path else _frame_empty(PARTNERSHIPS)
    found = declared.loc[declared["id"] == partnership]
    if found.empty:
        known = ", ".join(declared["id"]) or "none yet (`kmkit form partnerships`)"
        msg = f"No partnership '{partnership}' in data/partnerships.csv. Known: {known}."
        raise KmkitError(msg)
    return Sides(partnership, client.name, str(found.iloc[0]["partner"]))


def _frame_empty(schema: TableSchema) -> pd.DataFrame:
    return pd.DataFrame(columns=["row", *schema.names()])


def _declared(client: Client) -> set[str]:
    path = client.data_file("partnerships")
    return set(read_partnerships(path)["id"]) if path else set()


def check_partnerships(path: Path, client: Client) -> pd.DataFrame:
    """Read and validate a client's partnerships (for `kmkit check`).

    A partner named by its client folder must be a client in the same clients folder; only
    the name is checked, never its data: one client's figures never reach another's.
    """
    table = read_partnerships(path)
    for row in table.itertuples():
        other = row.partner_client
        if isinstance(other, str) and other and not (client.path.parent / other).is_dir():
            msg = f"'{other}' is not a client folder beside this one; leave it blank if unsure"
            raise InputError(path, msg, row=row.row, column="partner_client")
    return table


def check_flows(path: Path, client: Client) -> pd.DataFrame:
    """Read and validate a client's knowledge-flow register (for `kmkit check`)."""
    return read_flows(path, _declared(client))


def check_ip(path: Path, client: Client) -> pd.DataFrame:
    """Read and validate a client's IP protection statuses (for `kmkit check`)."""
    return read_ip(path, _declared(client))


def check_continuity(path: Path, client: Client) -> pd.DataFrame:
    """Read and validate a client's continuity plans (for `kmkit check`)."""
    return read_continuity(path)


def check_ktp(path: Path, client: Client) -> list[Ktp]:
    """Read and validate a client's KTP budgets (for `kmkit check`)."""
    return read_ktp(path, _declared(client))


def write_partnerships_form(out: Path, e: Engagement | None = None) -> Path:
    """Write a blank partnerships file: XLSX with dropdowns, or a CSV header."""
    return write_table_form(out, PARTNERSHIPS, wide=3)


def write_flows_form(out: Path, e: Engagement | None = None) -> Path:
    """Write a blank knowledge-flow register."""
    return write_table_form(out, FLOWS, wide=8)


def write_ip_form(out: Path, e: Engagement | None = None) -> Path:
    """Write an IP protection form: one row per measure for each of the client's partnerships."""
    client = e.client if e is not None else None
    ids = sorted(_declared(client)) if client else [""]
    rows = [[p, m.id, "", "", ""] for p in ids for m in ip_checklist().items]
    return write_table_form(out, IP, rows=rows, wide=5)


def write_continuity_form(out: Path, e: Engagement | None = None) -> Path:
    """Write a blank continuity plan, one row per key person."""
    return write_table_form(out, CONTINUITY, wide=8)


def continuity_measures() -> list[str]:
    """The continuity measures' ids, in checklist order."""
    return [m.id for m in continuity_checklist().measures]
