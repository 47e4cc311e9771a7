"""What the survey says around the questions, in its language: templates/survey/words.yaml."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from kmkit.core import paths
from kmkit.core.yamlfile import load_yaml


@cache
def _all_words() -> dict[str, dict[str, str]]:
    path: Path = paths.templates_dir() / "survey" / "words.yaml"
    return load_yaml(path.read_text(encoding="utf-8"))


def words_for(language: str) -> dict[str, str]:
    """The survey's own words in a language, English where there is no translation."""
    every = _all_words()
    return {**every["en"], **every.get(language.split("-")[0].lower(), {})}
