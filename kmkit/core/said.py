"""Sentences as data: what kmkit says, with the details and the sources behind it.

A finding is built once, where it is measured; each output then picks the form it needs:
the report traces it to its file and rows (what a consultant checks), the deck and the
dashboard say it plainly. No output rewrites another module's words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """Where a finding was measured: a file and its rows, or a survey wave."""

    name: str  # 'data/inventory.csv', or "survey wave 'baseline'"
    rows: tuple[int, ...] = ()

    def traced(self) -> str:
        """'data/inventory.csv rows 2, 4': as the consultant finds it."""
        if not self.rows:
            return self.name
        word = "row" if len(self.rows) == 1 else "rows"
        return f"{self.name} {word} {', '.join(map(str, self.rows))}"


class Said(str):
    """A sentence whose text is its traced form; `plain` and `short` are the others.

    It is a `str`, so every place that shows the consultant's traced sentence keeps working.
    """

    text: str
    details: tuple[str, ...]
    sources: tuple[Source, ...]

    def __new__(
        cls, text: str, details: Iterable[str] = (), sources: Iterable[Source] = ()
    ) -> Said:
        """The sentence `text`, traced to `sources`, with the `details` every form keeps."""
        details, sources = tuple(details), tuple(sources)
        brackets = [*(s.traced() for s in sources), *details]
        said = super().__new__(cls, f"{text} ({'; '.join(brackets)})" if brackets else text)
        said.text, said.details, said.sources = text, details, sources
        return said

    def __reduce__(self) -> tuple:
        """Copied and pickled whole: text, details and sources, not the traced string."""
        return (Said, (self.text, self.details, self.sources))

    @property
    def plain(self) -> str:
        """The sentence with its details and no sources: for a manager."""
        return f"{self.text} ({'; '.join(self.details)})" if self.details else self.text

    @property
    def short(self) -> str:
        """The sentence alone, for a crowded table cell."""
        return self.text


def plain_words(text: str) -> str:
    """A sentence as a manager reads it: a Said's plain form, other text as it is."""
    return text.plain if isinstance(text, Said) else text


def short_words(text: str) -> str:
    """A sentence for a crowded table cell: a Said's text alone, other text as it is."""
    return text.short if isinstance(text, Said) else text


def sentence(text: str) -> str:
    """The words with a capital first letter, to stand on their own on a slide."""
    return text[:1].upper() + text[1:]


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """'1 asset', '4 assets': a count with its noun agreeing."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"
