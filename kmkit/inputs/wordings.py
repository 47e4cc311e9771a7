"""An instrument's questions and answers in every language it has, to read exports by.

A French Google Form asks the French texts and answers "D'accord"; an English one asks the
English texts. Matching a header or a cell against every language finds the same item and
the same scale point either way, and says which language the file's questions were in.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kmkit.core.instruments import Instrument
from kmkit.inputs.tables import normalise

ID_PREFIX = re.compile(r"^([a-z][a-z0-9_]*)\s*[:\-]\s(.*)$", re.DOTALL)  # "lead_value: text"
GRID_ROW = re.compile(r"\[([^\]]+)\]\s*$")  # Google Forms grid: "Title [row text]"


@dataclass(frozen=True)
class Wordings:
    """Normalised texts and labels of every language, each with what it means."""

    languages: tuple[str, ...]  # the instrument's own language first
    item_ids: dict[str, str]  # normalised item id -> item id
    items: dict[str, tuple[str, str]]  # normalised text -> (item id, language)
    free_text: dict[str, tuple[str, str]]  # normalised text or id -> (question id, language)
    labels: dict[str, float | None]  # normalised answer label -> scale point; None: don't know

    @classmethod
    def of(cls, languages: dict[str, Instrument]) -> Wordings:
        """Gather the wordings of an instrument's languages; earlier languages win a clash."""
        first = next(iter(languages.values()))
        items: dict[str, tuple[str, str]] = {}
        free: dict[str, tuple[str, str]] = {}
        labels: dict[str, float | None] = {}
        for language, instrument in languages.items():
            for item in instrument.items:
                items.setdefault(normalise(item.text), (item.id, language))
            for question in instrument.free_text:
                free.setdefault(normalise(question.text), (question.id, language))
            scale = instrument.scale
            for value, label in scale.labels.items():
                labels.setdefault(normalise(label), float(value))
            if scale.dont_know:
                labels.setdefault(normalise(scale.dont_know), None)
        return cls(
            languages=tuple(languages),
            item_ids={normalise(item.id): item.id for item in first.items},
            items=items,
            free_text=free,
            labels=labels,
        )

    def item(self, header: str) -> tuple[str, str | None] | None:
        """(item id, language of its text) for a header naming a question, else None.

        A header may be the item id, the question's text in any language, 'id: text', or a
        Google Forms grid row 'Title [text]'. The language is None for an id alone.
        """
        key = normalise(header)
        if key in self.item_ids:
            return self.item_ids[key], None
        if key in self.items:
            return self.items[key]
        prefix = ID_PREFIX.match(header.strip().casefold())
        if prefix and normalise(prefix.group(1)) in self.item_ids:
            item_id = self.item_ids[normalise(prefix.group(1))]
            found = self.items.get(normalise(prefix.group(2)))
            return item_id, found[1] if found and found[0] == item_id else None
        grid = GRID_ROW.search(header)
        if grid and normalise(grid.group(1)) in self.items:
            return self.items[normalise(grid.group(1))]
        return None

    def question(self, header: str) -> str | None:
        """The open question a header asks, by id, text or 'id: text' in any language."""
        key = normalise(header)
        if key in self.free_text:
            return self.free_text[key][0]
        ids = {question_id for question_id, _ in self.free_text.values()}
        prefix = ID_PREFIX.match(header.strip().casefold())
        if key.replace(" ", "_") in ids:
            return key.replace(" ", "_")
        if prefix and prefix.group(1) in ids:
            found = self.free_text.get(normalise(prefix.group(2)))
            return prefix.group(1) if found and found[0] == prefix.group(1) else None
        return None


def main_language(languages: list[str]) -> str | None:
    """The language most question columns were written in, or None when none says."""
    counts = Counter(language for language in languages if language)
    return counts.most_common(1)[0][0] if counts else None
