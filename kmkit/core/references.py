"""The bibliography kmkit cites: one YAML file, read once, cited by key in short or in full.

Text cites a work as a Markdown link to its entry, `[Handzic](#ref-handzic-sme-guidelines
"full entry")`: a report links it to its References section, an app shows the full entry on
hover, and `cited_keys` finds every key a text cites, so a report lists only what it cites.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from kmkit.core.errors import KmkitError
from kmkit.core.yamlfile import load_yaml

BIBLIOGRAPHY = Path(__file__).resolve().parent / "references.yaml"
ANCHOR = "ref-"  # an entry's id in a page: ref-KEY
KEY = r"[a-z0-9][a-z0-9-]*"  # a key is part of that id: lower-case letters, digits, hyphens
LINK = re.compile(r"\[([^\]]+)\]\(#" + ANCHOR + f"({KEY})" + r"(?: \"[^\"]*\")?\)")


Kind = Literal["book", "chapter", "article", "paper", "report", "standard", "programme", "model"]


class Reference(BaseModel):
    """One work: who wrote it, what it is called, when and where it appeared.

    A chapter or conference paper names the book or proceedings it is in (`book`, with the
    book's `editors`); an article in a periodical names its `journal`, `volume`, `issue` and
    `pages`.
    """

    model_config = ConfigDict(extra="forbid")
    kind: Kind
    authors: list[str]
    title: str = Field(min_length=1)
    year: int | None
    publisher: str | None
    editors: list[str] = Field(default_factory=list)
    book: str | None = None
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    short: str = Field(min_length=1)
    note: str | None = None

    def parts(self) -> tuple[str, str, str]:
        """The entry around the title to set in italics: before, that title, after.

        That title is the work's own, or for a chapter, paper or article the book, proceedings
        or journal it appeared in.
        """
        year = f" ({self.year})" if self.year else ""
        names = _and_list(self.authors)
        lead = f"{names}{year}. " if names else ""
        title = self.title if names or not year else f"{self.title}{year}"
        publisher = f" {self.publisher}." if self.publisher else ""
        if self.journal:
            issue = f"({self.issue})" if self.issue else ""
            volume = f", {self.volume}{issue}" if self.volume else ""
            where = volume + (f", {self.pages}" if self.pages else "")
            return f"{lead}{title}{_stop(title)} ", self.journal, f"{where}.{publisher}"
        if self.book:
            eds = "ed" if len(self.editors) == 1 else "eds"
            by = f"{_and_list(self.editors)} ({eds}), " if self.editors else ""
            pages = f", pp. {self.pages}" if self.pages else ""
            end = _stop(self.book) if not pages else "."
            return f"{lead}{title}{_stop(title)} In {by}", self.book, f"{pages}{end}{publisher}"
        return lead, title, _stop(title) + publisher

    def full(self) -> str:
        """The whole entry in plain text: Authors (year). Title. [In Eds (eds), Book.] Publisher."""
        return "".join(self.parts())


def _stop(text: str) -> str:
    """The full stop a title needs, unless it ends in its own."""
    return "" if text.endswith((".", "?", "!")) else "."


def _and_list(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


class Bibliography(BaseModel):
    """Every entry by key; keys are lower-case words joined by hyphens."""

    entries: dict[str, Reference]

    @field_validator("entries")
    @classmethod
    def _keys_are_anchors(cls, value: dict[str, Reference]) -> dict[str, Reference]:
        """A key becomes part of a page anchor, so it must be a plain slug."""
        bad = [k for k in value if not re.fullmatch(KEY, k)]
        if bad:
            raise ValueError(f"keys must be lower-case letters, digits and hyphens: {bad}")
        return value


@cache
def bibliography() -> dict[str, Reference]:
    """Every work kmkit cites, by key, read once per process."""
    try:
        raw = load_yaml(BIBLIOGRAPHY.read_text(encoding="utf-8"))
        return Bibliography(entries=raw).entries
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise KmkitError(f"{BIBLIOGRAPHY}: kmkit's bibliography cannot be read ({exc})") from None


def reference(key: str) -> Reference:
    """The entry for a key; an unknown key is an error that lists the known ones."""
    try:
        return bibliography()[key]
    except KeyError:
        known = ", ".join(sorted(bibliography()))
        raise KmkitError(f"'{key}' is not in kmkit's bibliography ({known})") from None


class Citation(BaseModel):
    """A structured reference in kmkit's data: a bibliography key, and where in the work."""

    model_config = ConfigDict(extra="forbid")
    ref: str
    at: str = ""  # the part, section or page, in a few words

    @model_validator(mode="before")
    @classmethod
    def _key_alone(cls, value: object) -> object:
        """`- handzic-sme-guidelines` is short for `- ref: handzic-sme-guidelines`."""
        return {"ref": value} if isinstance(value, str) else value

    @field_validator("ref")
    @classmethod
    def _known(cls, value: str) -> str:
        """The key must be in the bibliography, so that every citation has its entry."""
        if value not in bibliography():
            known = ", ".join(sorted(bibliography()))
            raise ValueError(f"'{value}' is not a key of kmkit/core/references.yaml ({known})")
        return value


def short(key: str) -> str:
    """The short citation a page shows: 'Handzic', 'Nonaka and Konno'."""
    return reference(key).short


def cite(key: str, at: str = "") -> str:
    """A short citation as a Markdown link to its entry, with the full entry as its title."""
    entry = reference(key)
    title = entry.full().replace('"', "'")
    where = f" ({at})" if at else ""
    return f'[{entry.short}](#{ANCHOR}{key} "{title}"){where}'


def cite_all(citations: Iterable[Citation]) -> str:
    """Several citations in one line: 'Handzic (SME strategies); Five steps (step 3)'."""
    return "; ".join(cite(c.ref, c.at) for c in citations)


def cite_works(citations: Iterable[Citation]) -> str:
    """The works behind several citations, each once and without parts: 'Handzic; KTP'."""
    return "; ".join(cite(key) for key in dict.fromkeys(c.ref for c in citations))


def cited_keys(text: str) -> list[str]:
    """The keys a Markdown text cites, in order of first citation."""
    return list(dict.fromkeys(match.group(2) for match in LINK.finditer(text)))


def plain(text: str) -> str:
    """The text with each citation link reduced to its short citation (for slides, terminals)."""
    return LINK.sub(r"\1", text)


def _by_short(key: str) -> str:
    """Entries in a reference list run in the alphabetical order of their short citations."""
    return reference(key).short.lower()


def references_markdown(keys: Iterable[str]) -> str:
    """A reference list in Markdown: each entry's short citation, then the entry, anchored."""
    lines = []
    for key in sorted(set(keys), key=_by_short):
        entry = reference(key)
        lead, title, tail = entry.parts()
        label = "" if entry.short == entry.title else f"**{entry.short}**: "
        lines.append(f'- <a id="{ANCHOR}{key}"></a>{label}{lead}*{title}*{tail}')
    return "\n".join(lines)


class Cited:
    """The keys a page has cited so far, so that an app can end with their entries."""

    def __init__(self) -> None:
        self.keys: dict[str, None] = {}

    def note(self, text: str) -> str:
        """Record the keys `text` cites and return it unchanged."""
        self.keys.update(dict.fromkeys(cited_keys(text)))
        return text

    def markdown(self) -> str:
        """The entries cited so far, or nothing when nothing was cited."""
        return references_markdown(self.keys) if self.keys else ""
