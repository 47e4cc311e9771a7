"""An instrument's translations: read, checked against the instrument, merged into its wording.

A translation sits beside its instrument as `translations/<id>.<language>.yaml` and holds
only words: the title, instructions, scale labels, category and level names, item texts. Ids,
scale points, reverse coding and level bands stay the instrument's own, so answers given in
any language score alike. A translation that misses or adds an id is refused, naming both.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kmkit.core.errors import InstrumentError
from kmkit.core.workspace import LANGUAGE_CODE
from kmkit.core.yamlfile import load_yaml

Model = TypeVar("Model", bound=BaseModel)

FOLDER = "translations"


class _Words(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TranslatedItem(_Words):
    """One question's text."""

    id: str
    text: str = Field(min_length=1)


class TranslatedCategory(_Words):
    """A category's name and its questions."""

    id: str
    name: str = Field(min_length=1)
    items: list[TranslatedItem]


class TranslatedLevel(_Words):
    """A level's name and what it means."""

    level: int
    name: str = Field(min_length=1)
    meaning: str = Field(min_length=1)


class TranslatedScale(_Words):
    """The label of every scale point, and of 'don't know'."""

    labels: dict[int, str]
    dont_know: str | None = None


class Translation(_Words):
    """What a translation file holds: words only, keyed by the instrument's own ids."""

    id: str
    version: str
    language: str = Field(pattern=LANGUAGE_CODE.pattern)
    title: str = Field(min_length=1)
    instructions: str = ""
    scale: TranslatedScale
    categories: list[TranslatedCategory]
    levels: list[TranslatedLevel] = Field(default_factory=list)
    free_text: list[TranslatedItem] = Field(default_factory=list)


def language_key(code: str) -> str:
    """The language a code names, as translation files are named: 'fr-CH' and 'FR' give 'fr'."""
    return re.split(r"[-_]", code.strip())[0].lower()


def language_name(code: str) -> str:
    """The language's name in English ('fr' gives 'French'), or the code when unknown."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language_key(code)).get_display_name("en") or code
    except (ValueError, TypeError, UnknownLocaleError):
        return code


def translation_paths(instrument_path: Path) -> dict[str, Path]:
    """The translations kept beside an instrument file, by language: `translations/ID.LANG.yaml`."""
    folder = instrument_path.parent / FOLDER
    stem = instrument_path.stem
    return {
        path.name[len(stem) + 1 : -len(".yaml")]: path
        for path in sorted(folder.glob(f"{stem}.*.yaml"))
    }


def _ids(entries: list[Any], key: str = "id") -> list[Any]:
    return [entry[key] if isinstance(entry, dict) else getattr(entry, key) for entry in entries]


def _compare(kind: str, expected: list[Any], found: list[Any], where: str = "") -> list[str]:
    """'missing item(s) in 'people': a, b': what a translation lacks, adds or repeats."""
    problems = []
    repeated = sorted({str(i) for i in found if found.count(i) > 1})
    missing = [str(i) for i in expected if i not in found]
    extra = [str(i) for i in found if i not in expected]
    if repeated:
        problems.append(f"{kind}(s){where} given twice: {', '.join(repeated)}")
    if missing:
        problems.append(f"missing {kind}(s){where}: {', '.join(missing)}")
    if extra:
        problems.append(f"{kind}(s){where} the instrument does not have: {', '.join(extra)}")
    return problems


def mismatches(base: dict[str, Any], words: Translation) -> list[str]:
    """Every way a translation fails to match its instrument (ids, version, scale, levels)."""
    problems = []
    if words.id != base["id"]:
        problems.append(f"translates instrument '{words.id}', not '{base['id']}'")
    if words.version != base["version"]:
        problems.append(
            f"translates version {words.version}, but the instrument is version "
            f"{base['version']}; bring the translation up to date"
        )
    if language_key(words.language) == language_key(base.get("language", "en")):
        problems.append(f"is in '{words.language}', the instrument's own language")
    problems += _compare("scale point", list(base["scale"]["labels"]), list(words.scale.labels))
    if base["scale"].get("dont_know") and not words.scale.dont_know:
        problems.append("needs a 'dont_know' label: the instrument offers 'don't know'")
    if words.scale.dont_know and not base["scale"].get("dont_know"):
        problems.append("has a 'dont_know' label, but the instrument offers no 'don't know'")
    categories = {c.id: c for c in words.categories}
    problems += _compare("category", _ids(base["categories"]), _ids(words.categories))
    for cat in base["categories"]:
        if cat["id"] in categories:
            given = _ids(categories[cat["id"]].items)
            problems += _compare("item", _ids(cat["items"]), given, f" in '{cat['id']}'")
    problems += _compare("level", _ids(base["levels"], "level"), _ids(words.levels, "level"))
    problems += _compare("open question", _ids(base["free_text"]), _ids(words.free_text))
    return problems


def read_model(path: Path, model: type[Model]) -> Model:
    """Read a YAML file into a model (an instrument, a translation), naming file and field."""
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
        return model.model_validate(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise InstrumentError(f"{path}: cannot be read as YAML ({exc})") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "(top level)"
        msg = f"{path}: field '{field}': {first['msg']} ({exc.error_count()} problem(s) in all)"
        raise InstrumentError(msg) from None


def read_translation(path: Path) -> Translation:
    """Read one translation file, checking that its name and its language agree."""
    words = read_model(path, Translation)
    named = path.name.split(".")[-2]
    if language_key(words.language) != named:
        msg = f"{path}: says 'language: {words.language}' but its name says '{named}'"
        raise InstrumentError(msg)
    return words


def _category(cat: dict[str, Any], words: TranslatedCategory) -> dict[str, Any]:
    """A category with its name and item texts in the translation's words."""
    texts = {item.id: item.text for item in words.items}
    return {
        **cat,
        "name": words.name,
        "items": [{**item, "text": texts[item["id"]]} for item in cat["items"]],
    }


def translate(base: dict[str, Any], path: Path) -> dict[str, Any]:
    """The instrument (as plain data) in the words of the translation at `path`.

    Refused, with every mismatch listed, when the translation misses or adds an id, a scale
    point or a level, or translates another version.
    """
    words = read_translation(path)
    problems = mismatches(base, words)
    if problems:
        lines = "\n".join(f"  - {p}" for p in problems)
        msg = f"{path}: does not match instrument '{base['id']}':\n{lines}"
        raise InstrumentError(msg)
    merged = {**base, "language": words.language, "title": words.title}
    merged["instructions"] = words.instructions or base.get("instructions", "")
    merged["scale"] = {
        **base["scale"],
        "labels": words.scale.labels,
        "dont_know": words.scale.dont_know,
    }
    categories = {c.id: c for c in words.categories}
    merged["categories"] = [_category(cat, categories[cat["id"]]) for cat in base["categories"]]
    levels = {lv.level: lv for lv in words.levels}
    merged["levels"] = [
        {**lv, "name": levels[lv["level"]].name, "meaning": levels[lv["level"]].meaning}
        for lv in base["levels"]
    ]
    questions = {q.id: q.text for q in words.free_text}
    merged["free_text"] = [{**q, "text": questions[q["id"]]} for q in base["free_text"]]
    return merged
