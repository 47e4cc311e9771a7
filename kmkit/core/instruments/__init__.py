"""Questionnaires as data: load, validate and look up the instruments kmkit scores."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from kmkit.core.errors import InstrumentError
from kmkit.core.instruments.languages import (
    language_key,
    read_model,
    translate,
    translation_paths,
)
from kmkit.core.references import Citation

if TYPE_CHECKING:
    from kmkit.core.workspace import Client

SHIPPED = Path(__file__).resolve().parent


class Scale(BaseModel):
    """An answer scale: whole numbers from min to max, each with a label."""

    model_config = ConfigDict(extra="forbid")
    min: int
    max: int
    labels: dict[int, str]
    dont_know: str | None = None

    @model_validator(mode="after")
    def _labels_cover_scale(self) -> Scale:
        """Every point of the scale needs a label: forms and imports use them."""
        if set(self.labels) != set(range(self.min, self.max + 1)):
            raise ValueError(f"labels must cover every point from {self.min} to {self.max}")
        return self


class Item(BaseModel):
    """One question; reverse-coded items score high when the answer is low."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    text: str
    reverse: bool = False


class FreeText(BaseModel):
    """An open question answered in words; shown only for groups at the anonymity threshold."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    text: str


class Category(BaseModel):
    """A group of items scored together: what it measures, and the published works behind it."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    measures: str
    cites: list[Citation] = Field(default_factory=list)  # keys of kmkit/core/references.yaml
    items: list[Item] = Field(min_length=1)


class Level(BaseModel):
    """A maturity level and the band of overall scores that puts a firm in it."""

    model_config = ConfigDict(extra="forbid")
    level: int
    name: str
    min: float
    max: float
    meaning: str


class Instrument(BaseModel):
    """A versioned questionnaire: scale, categories with items, and levels."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: str
    title: str
    language: str = "en"
    about: Literal["firm", "partnership"] = "firm"  # partnership: both sides answer it
    instructions: str = ""
    scale: Scale
    categories: list[Category] = Field(min_length=1)
    levels: list[Level] = Field(default_factory=list)
    free_text: list[FreeText] = Field(default_factory=list)
    _source: Path | None = PrivateAttr(default=None)  # the file it was read from, if any

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
        """Item ids are unique and level bands tile the scale without gaps."""
        ids = [item.id for cat in self.categories for item in cat.items]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"item ids must be unique; repeated: {', '.join(repeated)}")
        bands = sorted(self.levels, key=lambda lv: lv.min)
        for low, high in zip(bands, bands[1:], strict=False):
            if abs(low.max - high.min) > 1e-9:
                raise ValueError(
                    f"level bands must touch: '{low.name}' ends at {low.max}, "
                    f"'{high.name}' starts at {high.min}"
                )
        return self

    @property
    def source(self) -> Path | None:
        """The instrument file this was read from (its translations sit beside it), or None."""
        return self._source

    @property
    def items(self) -> list[Item]:
        """Every item, in questionnaire order."""
        return [item for cat in self.categories for item in cat.items]

    def items_frame(self) -> pd.DataFrame:
        """Return one row per item: item_id, category, text, reverse (for joins in scoring)."""
        rows = [
            {"item_id": item.id, "category": cat.id, "text": item.text, "reverse": item.reverse}
            for cat in self.categories
            for item in cat.items
        ]
        return pd.DataFrame(rows)

    def category_names(self) -> dict[str, str]:
        """Map category id to its display name."""
        return {cat.id: cat.name for cat in self.categories}

    def level_for(self, score: float) -> Level | None:
        """Return the level whose band holds the score (the top band includes its maximum)."""
        bands = sorted(self.levels, key=lambda lv: lv.min)
        for band in bands:
            if band.min <= score < band.max:
                return band
        if bands and score == bands[-1].max:
            return bands[-1]
        return None


def read_instrument(path: Path) -> Instrument:
    """Read and validate one instrument file, naming the file and field on error."""
    return read_model(path, Instrument)


@cache
def _read_cached(path: Path, mtime: float) -> Instrument:
    instrument = read_instrument(path)
    instrument._source = path
    return instrument


def instrument_paths(client_dir: Path | None = None) -> dict[str, Path]:
    """Map instrument id to its file: a client's own `instruments/` folder wins over kmkit's."""
    found = {p.stem: p for p in sorted(SHIPPED.glob("*.yaml"))}
    if client_dir is not None and (client_dir / "instruments").is_dir():
        found.update({p.stem: p for p in sorted((client_dir / "instruments").glob("*.yaml"))})
    return found


def _path_of(instrument_id: str, client_dir: Path | None) -> Path:
    """The file of an instrument; an unknown id answers with the list of known ones."""
    known = instrument_paths(client_dir)
    if instrument_id not in known:
        msg = f"No instrument '{instrument_id}'. Known instruments: {', '.join(sorted(known))}."
        raise InstrumentError(msg)
    return known[instrument_id]


@cache
def _translated_cached(path: Path, mtime: float, words: Path, words_mtime: float) -> Instrument:
    base = _read_cached(path, mtime)
    translated = Instrument.model_validate(translate(base.model_dump(), words))
    translated._source = path
    return translated


def _in_language(path: Path, language: str | None) -> Instrument:
    """The instrument at `path` in a language it is translated into, else in its own."""
    base = _read_cached(path, path.stat().st_mtime)
    if not language or language_key(language) == language_key(base.language):
        return base
    words = translation_paths(path).get(language_key(language))
    if words is None:
        return base
    return _translated_cached(path, path.stat().st_mtime, words, words.stat().st_mtime)


def load_instrument(
    instrument_id: str, client_dir: Path | None = None, language: str | None = None
) -> Instrument:
    """Load an instrument by id, in `language` where a translation exists, else in its own.

    The returned instrument's `language` says which it is. A client's own instrument uses
    only the translations kept beside it, in the client's `instruments/translations/`.
    """
    return _in_language(_path_of(instrument_id, client_dir), language)


def client_instrument(instrument_id: str, client: Client) -> Instrument:
    """An instrument as a client sees it: the client's own version, in the client's language."""
    return load_instrument(instrument_id, client.path, client.config.language)


def languages_of(instrument: Instrument) -> dict[str, Instrument]:
    """The instrument in every language it has, its own first; a bad translation is refused.

    The translations are those beside the file it was read from; an instrument built in code
    has only its own language.
    """
    if instrument.source is None:
        return {language_key(instrument.language): instrument}
    base = _in_language(instrument.source, None)
    found = {language_key(base.language): base}
    for language in translation_paths(instrument.source):
        found.setdefault(language, _in_language(instrument.source, language))
    return found


def instrument_languages(
    instrument_id: str, client_dir: Path | None = None
) -> dict[str, Instrument]:
    """An instrument by id in every language it has (see `languages_of`)."""
    return languages_of(load_instrument(instrument_id, client_dir))
