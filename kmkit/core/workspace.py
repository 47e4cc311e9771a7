"""A client's workspace: its folder, its validated client.yaml and where its files live."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import string
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kmkit.core import paths
from kmkit.core.characters import REFUSAL
from kmkit.core.errors import ClientExistsError, ClientNotFoundError, WorkspaceError
from kmkit.core.privacy import MIN_THRESHOLD
from kmkit.core.yamlfile import ControlCharacters, load_yaml

DEFAULT_CLIENT = "demo-precision"
Model = TypeVar("Model", bound=BaseModel)
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")  # en, fr, fr-CH, pt_BR


class EngagementDates(BaseModel):
    """The engagement's dates; the roadmap counts from `start`."""

    model_config = ConfigDict(extra="forbid")
    start: dt.date
    end: dt.date | None = None


class BusinessGoal(BaseModel):
    """A business goal and the indicator that shows it is met."""

    model_config = ConfigDict(extra="forbid")
    goal: str = Field(min_length=1)
    indicator: str = ""
    weight: int = Field(default=1, ge=1, le=5)  # how much the goal counts against the others


class ClientConfig(BaseModel):
    """What client.yaml holds; unknown fields are refused so a typo is caught, not ignored."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    sector: str = Field(min_length=1)
    employees: int = Field(ge=1, le=100_000)
    departments: list[str] = Field(min_length=1)
    roles: list[str] = Field(default_factory=lambda: ["Manager", "Specialist", "Staff"])
    country: str = ""
    # The currency amounts are in, as an ISO code (AUD, EUR); empty: the country's (Babel's).
    currency: str = ""
    # The language surveys and forms speak, as a code: en, fr, de (fr-CH reads as fr).
    language: str = "en"
    # Instruments whose survey also asks "where should we be?" beside "where are we?".
    ask_targets: list[str] = Field(default_factory=list)
    consultant: str = ""
    engagement: EngagementDates | None = None
    business_goals: list[BusinessGoal] = Field(default_factory=list)
    cluster: str | None = None
    anonymity_threshold: int = Field(default=5, ge=MIN_THRESHOLD)
    demo: bool = False

    @field_validator("language")
    @classmethod
    def _language_code(cls, code: str) -> str:
        """A code, not a name: 'fr' picks the French translations, 'French' would pick none."""
        if not LANGUAGE_CODE.match(code.strip()):
            raise ValueError("use a language code such as en, fr or de")
        return code.strip()

    @field_validator("currency")
    @classmethod
    def _currency_code(cls, code: str) -> str:
        """A three-letter ISO code, so that every amount can be written with its currency."""
        code = code.strip().upper()
        if code and not (len(code) == 3 and code.isalpha()):
            raise ValueError("use a three-letter currency code such as AUD, EUR or GBP")
        return code

    def locale(self) -> str:
        """The locale numbers and money are written in: the language, in the country if known."""
        from babel import Locale, UnknownLocaleError

        language, country = self.language.split("-")[0], self.country.strip().upper()
        try:
            return str(Locale.parse(f"{language}_{country}")) if country else language
        except (UnknownLocaleError, ValueError):
            return language

    def money(self) -> tuple[str, str]:
        """The currency amounts are in and where that comes from; ('', '') when unknown."""
        if self.currency:
            return self.currency, "client.yaml's currency"
        if self.country:
            from babel.numbers import get_territory_currencies

            found = get_territory_currencies(self.country.strip().upper())
            if found:
                return found[0], f"the country ({self.country})"
        return "", ""

    @field_validator("departments", "roles")
    @classmethod
    def _distinct(cls, names: list[str]) -> list[str]:
        """Refuse blank or repeated names: breakdowns group by them."""
        cleaned = [str(n).strip() for n in names]
        if any(not n for n in cleaned):
            raise ValueError("names must not be blank")
        repeated = sorted({n for n in cleaned if cleaned.count(n) > 1})
        if repeated:
            raise ValueError(f"names must be distinct; repeated: {', '.join(repeated)}")
        return cleaned


@dataclass(frozen=True)
class Client:
    """One client's workspace folder and its validated configuration."""

    slug: str
    path: Path
    config: ClientConfig

    @property
    def name(self) -> str:
        """The client's display name."""
        return self.config.name

    @property
    def config_path(self) -> Path:
        """The client.yaml file."""
        return self.path / "client.yaml"

    @property
    def data_dir(self) -> Path:
        """Human-edited inputs (CSV or XLSX)."""
        return self.path / "data"

    @property
    def store_path(self) -> Path:
        """The SQLite store of survey responses."""
        return self.path / "kmkit.sqlite"

    @property
    def reports_dir(self) -> Path:
        """Generated output."""
        return self.path / "reports"

    def data_file(self, stem: str, suffixes: tuple[str, ...] = (".csv", ".xlsx")) -> Path | None:
        """The client's data/<stem> file in the first suffix found (CSV before XLSX), if any."""
        for suffix in suffixes:
            path = self.data_dir / f"{stem}{suffix}"
            if path.is_file():
                return path
        return None

    def relative(self, path: Path) -> str:
        """A path as the consultant knows it: relative to the client folder ('data/kpis.csv')."""
        return path.relative_to(self.path).as_posix()


def known_slugs(clients_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """List the slugs of every client folder (one with a client.yaml) in the clients folder."""
    root = paths.clients_dir(clients_dir)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "client.yaml").is_file())


def demo_slugs(clients_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """The shipped demo clients present in the clients folder (client.yaml says `demo: true`)."""
    root = paths.clients_dir(clients_dir)
    found = []
    for slug in known_slugs(root):
        try:
            if read_config(root / slug / "client.yaml").demo:
                found.append(slug)
        except WorkspaceError:
            continue
    return found


def resolve_slug(slug: str | None = None) -> str:
    """Return the client to use: the one given, else $KMKIT_CLIENT, else the first demo client."""
    return (slug or os.environ.get(paths.CLIENT_ENV) or DEFAULT_CLIENT).strip()


def _format_validation_error(
    source: Path, error: ValidationError, model: type[BaseModel] = ClientConfig
) -> list[str]:
    """Turn pydantic's errors into one plain sentence per field."""
    problems = []
    for err in error.errors():
        field = ".".join(str(part) for part in err["loc"]) or "(top level)"
        if err["type"] == "missing":
            text = f"field '{field}' is missing"
        elif err["type"] == "extra_forbidden":
            known = ", ".join(model.model_fields)
            text = f"field '{field}' is not a known field (known fields: {known})"
        else:
            text = f"field '{field}': {err['msg']}, got {err['input']!r}"
        problems.append(f"{source}: {text}")
    return problems


def read_config(path: Path) -> ClientConfig:
    """Read and validate a client.yaml, raising WorkspaceError with every problem by name."""
    return read_yaml_model(path, ClientConfig, "copy it from templates/client/")


def read_yaml_model(path: Path, model: type[Model], if_missing: str) -> Model:
    """Read a YAML file of fields into `model`; every problem is named in a WorkspaceError."""
    try:
        raw = _fields(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WorkspaceError([f"{path}: file is missing; {if_missing}"]) from None
    except ControlCharacters as exc:
        raise WorkspaceError([f"{path}: field '{name}' {REFUSAL}" for name in exc.fields]) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        where = getattr(exc, "problem_mark", None)
        line = f", line {where.line + 1}" if where else ""
        raise WorkspaceError([f"{path}{line}: not valid YAML ({exc.__class__.__name__})"]) from None
    if not isinstance(raw, dict):
        raise WorkspaceError(
            [f"{path}: expected fields such as 'name: ...', got {type(raw).__name__}"]
        )
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise WorkspaceError(_format_validation_error(path, exc, model)) from None


@lru_cache(maxsize=4096)
def _fields(text: str) -> Any:
    """A YAML file's data, parsed once per text: finding a cluster's members reads them all.

    Callers only validate it into a model, which copies what it keeps.
    """
    return load_yaml(text)


def open_client(
    slug: str | None = None, clients_dir: str | os.PathLike[str] | None = None
) -> Client:
    """Open a client's workspace by slug; an unknown slug names the known ones."""
    slug = resolve_slug(slug)
    root = paths.clients_dir(clients_dir)
    folder = root / slug
    if not SLUG_PATTERN.match(slug) or not (folder / "client.yaml").is_file():
        known = ", ".join(known_slugs(root)) or "none"
        msg = f"No client '{slug}' in {root}. Known clients: {known}."
        raise ClientNotFoundError(msg)
    return Client(slug=slug, path=folder, config=read_config(folder / "client.yaml"))


def new_client(slug: str, name: str, clients_dir: str | os.PathLike[str] | None = None) -> Client:
    """Create a client folder from templates/client/; never overwrites an existing one."""
    if not SLUG_PATTERN.match(slug):
        msg = (
            f"'{slug}' is not a usable client slug: use lower-case letters, digits and dashes, "
            "starting with a letter or digit (for example 'acme-tools')."
        )
        raise WorkspaceError([msg])
    root = paths.clients_dir(clients_dir)
    target = root / slug
    if target.exists():
        raise ClientExistsError(f"{target} already exists; choose another slug or remove it first.")
    root.mkdir(parents=True, exist_ok=True)
    scaffold = paths.templates_dir() / "client"
    # Build in a sibling temporary folder and rename, so a failure leaves nothing half-made.
    staging = Path(tempfile.mkdtemp(prefix=f".{slug}-", dir=root))
    try:
        shutil.copytree(scaffold, staging, dirs_exist_ok=True)
        template = (staging / "client.yaml").read_text(encoding="utf-8")
        text = string.Template(template).substitute(name=json.dumps(name), slug=slug)
        (staging / "client.yaml").write_text(text, encoding="utf-8")
        (staging / "reports").mkdir(exist_ok=True)
        for keep in staging.rglob(".gitkeep"):
            keep.unlink()
        from kmkit.core.store import Store

        Store(staging / "kmkit.sqlite").close()
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return open_client(slug, root)
