"""An instrument's questions and answers in every language it has, to read exports by.

A French Google Form asks the French texts and answers "D'accord"; an English one asks the
English texts. Matching a header or a cell against every language finds the same item and
the same scale point either way, and says which language the file's questions were in.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from kmkit.core.instruments import Instrument, languages_of
from kmkit.core.instruments.languages import translation_paths
from kmkit.inputs.tables import normalise

# "(target)" ends a "where should we be?" column: also in the words kmkit form writes in the
# instruments' other languages (inputs/form_words.yaml), and as a bracket or after a dash.
TARGET_WORDS = r"(?:target|objectif|cible|ziel|soll)"
TARGET_MARKERS = re.compile(
    rf"\s*(?:\({TARGET_WORDS}\)|\[{TARGET_WORDS}\]|[-:]\s*{TARGET_WORDS})\s*$", re.IGNORECASE
)
ID_PREFIX = re.compile(r"^([a-z][a-z0-9_]*)\s*[:\-]\s(.*)$", re.DOTALL)  # "lead_value: text"
GRID_ROW = re.compile(r"\[([^\]]+)\]\s*$")  # Google Forms grid: "Title [row text]"
_READ: dict[tuple, Wordings] = {}  # by instrument files and their times: each set read once


@dataclass(frozen=True)
class Wordings:
    """Normalised texts and labels of every language, each with what it means."""

    item_ids: dict[str, str]  # normalised item id -> item id
    items: dict[str, tuple[str, str]]  # normalised text -> (item id, language)
    free_text: dict[str, str]  # normalised text, id or 'id: text' -> open question id
    labels: dict[str, float | None]  # normalised answer label -> scale point; None: don't know

    @classmethod
    def of(cls, instrument: Instrument) -> Wordings:
        """The wordings of every language the instrument has (read once per set of files)."""
        if instrument.source is None:
            return _gather(languages_of(instrument))
        files = [instrument.source, *translation_paths(instrument.source).values()]
        key = tuple((path, path.stat().st_mtime) for path in files)
        if key not in _READ:
            _READ[key] = _gather(languages_of(instrument))
        return _READ[key]

    def match(self, header: str) -> tuple[str, str, str | None] | None:
        """(item id, 'now' or 'target', language of its text) for a question's header.

        A header may be the item id, the question's text in any language, 'id: text', or a
        Google Forms grid row 'Title [text]', with a target marker at the end. The language
        is None for an id alone.
        """
        kind = "now"
        stripped = TARGET_MARKERS.sub("", header)
        if stripped != header:
            kind, header = "target", stripped
        found = self._item(header)
        return None if found is None else (found[0], kind, found[1])

    def _item(self, header: str) -> tuple[str, str | None] | None:
        key = normalise(header)
        if key in self.item_ids:
            return self.item_ids[key], None
        if key in self.items:
            return self.items[key]
        prefix = ID_PREFIX.match(header.strip().casefold())
        if prefix and normalise(prefix.group(1)) in self.item_ids:
            item_id = self.item_ids[normalise(prefix.group(1))]
            text = self.items.get(normalise(prefix.group(2)))
            return item_id, text[1] if text and text[0] == item_id else None
        grid = GRID_ROW.search(header)
        if grid and normalise(grid.group(1)) in self.items:
            return self.items[normalise(grid.group(1))]
        return None

    def question(self, header: str) -> str | None:
        """The open question a header asks, by id, text or 'id: text' in any language."""
        return self.free_text.get(normalise(header))

    def language_of(self, headers: Iterable[str]) -> str | None:
        """The language most of these question headers are written in; None for ids only."""
        found = [match[2] for match in map(self.match, headers) if match and match[2]]
        counts = Counter(found)
        return counts.most_common(1)[0][0] if counts else None


def _gather(languages: dict[str, Instrument]) -> Wordings:
    """Gather the wordings of an instrument's languages; earlier languages win a clash."""
    first = next(iter(languages.values()))
    items: dict[str, tuple[str, str]] = {}
    free: dict[str, str] = {}
    labels: dict[str, float | None] = {}
    for language, instrument in languages.items():
        for item in instrument.items:
            items.setdefault(normalise(item.text), (item.id, language))
        for q in instrument.free_text:
            for form in (q.id, q.text, f"{q.id}: {q.text}"):
                free.setdefault(normalise(form), q.id)
        scale = instrument.scale
        for value, label in scale.labels.items():
            labels.setdefault(normalise(label), float(value))
        if scale.dont_know:
            labels.setdefault(normalise(scale.dont_know), None)
    return Wordings(
        item_ids={normalise(item.id): item.id for item in first.items},
        items=items,
        free_text=free,
        labels=labels,
    )
