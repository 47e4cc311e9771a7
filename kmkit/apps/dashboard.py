"""The manager dashboard: every phase of one engagement, on one page, from its registry."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kmkit.core.errors import KmkitError, NoDataError
from kmkit.core.references import Cited
from kmkit.core.workspace import Client
from kmkit.engagement import Engagement
from kmkit.phases import Phase, PhasePage
from kmkit.present.markup import Markdown
from kmkit.present.text import markdown_table


@dataclass
class Part:
    """One phase on the dashboard: its page, or the sentence that stands in for it."""

    phase: Phase
    page: PhasePage | None = None
    problem: str = ""  # not begun, or an input to fix, in words


@dataclass
class Dashboard:
    """One engagement's dashboard; every part says in words what is missing instead of failing."""

    e: Engagement
    parts: list[Part]
    cited: Cited = field(default_factory=Cited)  # the works shown so far, for references()

    @property
    def client(self) -> Client:
        """The client the dashboard is for."""
        return self.e.client

    def part(self, slug: str) -> Part:
        """A phase's part, by slug."""
        return next(p for p in self.parts if p.phase.slug == slug)

    def headline(self) -> Markdown:
        """The client, and as of when the dashboard reads the engagement."""
        return Markdown(f"## {self.client.name}\n\n*As of {self.e.as_of:%-d %B %Y}.*")

    def show(self) -> None:
        """Display every phase's part in engagement order, each under its heading."""
        from IPython.display import display

        for part in self.parts:
            for shown in self.sections(part):
                display(shown)

    def sections(self, part: Part) -> list[Any]:
        """A phase's heading, what it reads, and its brief (or why there is none)."""
        head = Markdown(f"## {part.phase.heading or part.phase.title}")
        if part.page is None:
            return [head, Markdown(f"*{part.problem}*" if part.problem else "")]
        shown = [head]
        reads = part.page.reads()
        if reads.data:
            shown.append(reads)
        for item in part.page.brief():
            shown.append(self._cites(item.data) if isinstance(item, Markdown) else item)
        return shown

    def said(self, slug: str) -> str:
        """The words a phase's part shows, charts left out: what a manager reads of it."""
        shown = self.sections(self.part(slug))
        return "\n\n".join(item.data for item in shown if isinstance(item, Markdown))

    def _cites(self, text: str) -> Markdown:
        """Markdown of a text whose citations the page's references will list."""
        return Markdown(self.cited.note(text))

    def references(self) -> Markdown:
        """The works this page has cited so far, each in full; nothing when it cited none."""
        listed = self.cited.markdown()
        return Markdown(f"## References\n\n{listed}" if listed else "")

    def phases(self) -> Markdown:
        """Which phases have data, and what to do for the others."""
        rows = []
        for part in self.parts:
            if part.phase.scope != "client":
                continue
            status = part.page.status() if part.page is not None else ""
            rows.append((part.phase.title, status or part.phase.todo))
        return Markdown(markdown_table(("Phase", "Status"), rows))


def dashboard(e: Engagement) -> Dashboard:
    """Gather what the dashboard shows; missing or bad inputs become sentences, not errors."""
    parts = []
    for phase in e.phases():
        try:
            parts.append(Part(phase, e.page(phase.slug)))
        except NoDataError as exc:
            parts.append(Part(phase, problem=str(exc) if not phase.started_by else phase.todo))
        except KmkitError as exc:
            parts.append(Part(phase, problem=f"An input file needs fixing: {exc}"))
    return Dashboard(e, parts)
