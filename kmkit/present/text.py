"""Helpers for the sentences and tables kmkit writes: lists, sources, Markdown tables."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from kmkit.core.instruments import Instrument
from kmkit.core.instruments.languages import language_name
from kmkit.core.references import cite_all, cite_works
from kmkit.present.markup import table_cell


def rows_text(rows: Iterable[int], file: str) -> str:
    """'data/inventory.csv row 4' or 'rows 4, 7': where a statement comes from."""
    rows = sorted(int(r) for r in rows)
    if not rows:
        return f"{file}"
    return f"{file} row{'s' if len(rows) > 1 else ''} {', '.join(map(str, rows))}"


def and_list(words: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A Markdown table: one header row, then a row per entry, cells as given (`|` kept)."""
    top = ("| " + " | ".join(header) + " |").replace("|  |", "| |")  # a blank heading, one space
    lines = [top, "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(table_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def answered_in(languages: Mapping[str, int]) -> str:
    """'in French', or '30 in French and 4 in English': the languages respondents read.

    `languages` counts respondents per language code, "" for those not recorded; with no
    language recorded at all, the answer is "" and the sentence says nothing of it.
    """
    known = {code: n for code, n in languages.items() if code}
    if not known:
        return ""
    if len(languages) == 1:
        return f"in {language_name(next(iter(known)))}"
    ranked = sorted(known.items(), key=lambda pair: (-pair[1], pair[0]))
    parts = [f"{n} in {language_name(code)}" for code, n in ranked]
    if languages.get(""):
        parts.append(f"{languages['']} in a language not recorded")
    return and_list(parts)


def instrument_basis(instrument: Instrument) -> str:
    """Each category of a questionnaire: what it covers, and the works it follows."""
    rows = [(c.name, c.measures, cite_all(c.cites) or "kmkit") for c in instrument.categories]
    return markdown_table(("Category", "What it covers", "After"), rows)


def instrument_works(instrument: Instrument) -> str:
    """The works a questionnaire follows, each cited once: 'Handzic; Five steps'."""
    return cite_works(c for cat in instrument.categories for c in cat.cites)
