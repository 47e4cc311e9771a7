"""The survey as a plain web page served by kmkit itself: no kernel per respondent.

A room of thirty people opening the link at once on their phones must all get the form. A
Voilà page costs a kernel per visitor (seconds of CPU each on a small server); this page is
HTML rendered in the server's own process, and answers go through the same validation and
the same `submit` as the notebook survey, so anonymity, the per-form token against double
submission and the closed-survey flag hold alike.

Only forms this server issued are stored, each once: a POST without one, with a made-up
one or with one that has expired gets a fresh form (the answers kept) and stores nothing.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hmac
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

from tornado import web

from kmkit.core import paths
from kmkit.core.instruments import Instrument
from kmkit.core.workspace import Client
from kmkit.inputs.submissions import (
    DONT_KNOW,
    FormError,
    FormState,
    Submission,
    asks_targets,
    check_form,
    issue_form,
    problems,
    submit,
    survey_closed_message,
)
from kmkit.inputs.survey_words import words_for

log = logging.getLogger("kmkit.survey")
BUSY_RETRY = 5  # seconds before a turned-away page asks again by itself
REFUSED = {  # a form not taken: its status and what the respondent reads
    FormState.UNKNOWN: (400, "form_unknown"),
    FormState.EXPIRED: (410, "form_expired"),
}
SECONDS_A_QUESTION = 12  # the pace the time estimate assumes, per answer asked
T = TypeVar("T")


@cache
def _environment() -> Any:
    from jinja2 import Environment, FileSystemLoader

    folder = paths.templates_dir() / "survey"
    return Environment(loader=FileSystemLoader(folder), autoescape=True)


@dataclass
class Gate:
    """At most `limit` form pages being built at once; the rest are told to come back."""

    limit: int
    active: int = 0
    turned_away: int = 0

    def enter(self) -> bool:
        """Take a place if there is one; count the visitor turned away if not."""
        if self.active >= self.limit:
            self.turned_away += 1
            return False
        self.active += 1
        return True

    def leave(self) -> None:
        """Give the place back."""
        self.active -= 1


@dataclass
class SurveySite:
    """One client's survey as served: the form, where answers go, and who may open it."""

    client: Client
    instrument: Instrument
    wave: str
    token: str | None = None
    action: str = ""  # post back to the page's own address
    gate: Gate = field(default_factory=lambda: Gate(200))

    @property
    def words(self) -> dict[str, str]:
        """The page's words in the instrument's language."""
        return words_for(self.instrument.language)

    @property
    def targets(self) -> bool:
        """Whether each question also asks "where should we be?" (client.yaml's ask_targets)."""
        return asks_targets(self.client, self.instrument)

    def choices(self) -> list[tuple[str, str]]:
        """(value, label) for every answer a question offers, 'don't know' last."""
        scale = self.instrument.scale
        found = [(str(v), label) for v, label in scale.labels.items()]
        return found + ([(DONT_KNOW, scale.dont_know)] if scale.dont_know else [])

    def form(
        self, given: Submission | None = None, found: list[str] | None = None, start: int = 0
    ) -> str:
        """The form, empty (a newly issued one) or as the respondent left it (with what to fix)."""
        given = given or Submission(token=self.issue())
        answers = {k: str(v) for k, v in given.answers.items()}
        targets = {k: str(v) for k, v in given.targets.items()}
        words = self.words
        dont_know = self.instrument.scale.dont_know or ""
        script_words = {
            "page": words["page"],
            "answer_all": words["answer_all"].format(dont_know=dont_know),
            "choose_department": words["choose_department"],
            "unanswered": words["unanswered"].format(dont_know=dont_know),
        }
        blank = self.unanswered(given) if found else []
        start = self.page_of(blank[0]) if blank and given.department else start
        return (
            _environment()
            .get_template("form.html.j2")
            .render(
                language=self.instrument.language,
                title=self.instrument.title,
                instrument=self.instrument,
                words=words,
                script_words=script_words,
                departments=self.client.config.departments,
                roles=self.client.config.roles,
                choices=self.choices(),
                given={
                    "department": given.department,
                    "role": given.role,
                    "answers": answers,
                    "targets": targets,
                },
                targets=self.targets,
                problems=found or [],
                form_token=given.token,
                access_token=self.token or "",
                action=self.action,
                pages=1 + len(self.instrument.categories),
                start_page=start,
                firm=self.client.name,
                estimate=self.estimate(),
                unanswered=set(blank),
                first_unanswered=blank[0] if blank and given.department else None,
                unanswered_note=script_words["unanswered"],
            )
        )

    def estimate(self) -> str:
        """How long the survey takes at SECONDS_A_QUESTION an answer, in whole minutes up."""
        count = len(self.instrument.items)
        asked = count * (2 if self.targets else 1)
        minutes = max(1, math.ceil(asked * SECONDS_A_QUESTION / 60))
        return self.words["estimate"].format(minutes=minutes, count=count)

    def unanswered(self, given: Submission) -> list[str]:
        """The ids of the questions left without an answer (or a target, when asked), in order."""
        return [
            item.id
            for item in self.instrument.items
            if item.id not in given.answers or (self.targets and item.id not in given.targets)
        ]

    def page_of(self, item_id: str) -> int:
        """The page (0 is 'who you are') that holds a question."""
        for number, category in enumerate(self.instrument.categories, start=1):
            if any(item.id == item_id for item in category.items):
                return number
        return 0

    def message(
        self, heading: str, lines: list[str], css: str = "", retry: int | None = None
    ) -> str:
        """A page with one message in the survey's language."""
        return (
            _environment()
            .get_template("message.html.j2")
            .render(
                language=self.instrument.language,
                title=self.instrument.title,
                heading=heading,
                lines=lines,
                css=css,
                retry=retry,
            )
        )

    def issue(self) -> str:
        """A new form's token, recorded in the client's store for this wave."""
        return issue_form(self.client, self.instrument, self.wave)

    def state(self, token: str) -> FormState:
        """Whether this survey takes a form with this token now."""
        return check_form(self.client, self.instrument, self.wave, token)

    def read(self, fields: dict[str, str]) -> Submission:
        """A submission from the posted fields; unknown fields are ignored."""
        answers = _answers(fields, self.instrument)
        targets = _answers(fields, self.instrument, "target-") if self.targets else {}
        return Submission(
            department=fields.get("department") or None,
            role=fields.get("role") or None,
            answers=answers,
            token=fields.get("form_token", "").strip(),
            targets=targets,
        )


def _answers(
    fields: dict[str, str], instrument: Instrument, prefix: str = ""
) -> dict[str, int | str]:
    """The posted answers to every item, from the fields named prefix + item id.

    Only the scale's own values and 'don't know' are read as answers; anything else posted
    is kept as it came, so the checks call it off the scale (never a server error).
    """
    scale = instrument.scale
    points = {str(v): v for v in scale.labels}
    if scale.dont_know:
        points[DONT_KNOW] = DONT_KNOW
    answers: dict[str, int | str] = {}
    for item in instrument.items:
        value = fields.get(prefix + item.id, "").strip()
        if value:
            answers[item.id] = points.get(value, value)
    return answers


class SurveyHandler(web.RequestHandler):
    """GET: the form (or closed, or busy); POST: validate, store once, thank."""

    def initialize(self, site: SurveySite) -> None:
        """Bind the handler to one client's survey."""
        self.site = site

    def decode_argument(self, value: bytes, name: str | None = None) -> str:
        """Posted text as UTF-8, bad bytes replaced: the checks answer it, in the page's words."""
        return value.decode("utf-8", "replace")

    def _allowed(self, given: str | None) -> bool:
        expected = self.site.token
        return not expected or hmac.compare_digest(given or "", expected)

    def _closed(self) -> bool:
        note = survey_closed_message(self.site.client)
        if note is None:
            return False
        words = self.site.words
        self.finish(self.site.message(words["closed_title"], [note], css="kmkit-closed"))
        return True

    async def _off_loop(self, work: Callable[..., T], *args: Any) -> T:
        """Run store work in a thread: SQLite waits for other writers, the server must not."""
        return await asyncio.get_running_loop().run_in_executor(None, work, *args)

    async def get(self) -> None:
        """The form, a sentence that the survey is closed, or a page that retries by itself."""
        if not self._allowed(self.get_query_argument("token", None)):
            raise web.HTTPError(403, "This page needs the link with its token.")
        if self._closed():
            return
        gate = self.site.gate
        if not gate.enter():
            log.warning("survey busy: %d respondent page(s) turned away so far", gate.turned_away)
            self._busy()
            return
        try:
            token = await self._issue()
            if token is None:
                self._busy()
                return
            self.finish(self.site.form(Submission(token=token)))
        finally:
            gate.leave()

    async def _issue(self) -> str | None:
        """A new form's token; None (logged) when the store cannot record one just now."""
        try:
            return await self._off_loop(self.site.issue)
        except Exception:  # noqa: BLE001 - the respondent gets a page that tries again
            log.exception("a survey form could not be issued")
            return None

    def _busy(self) -> None:
        """A page in the survey's language that asks again by itself in a few seconds."""
        words = self.site.words
        self.set_status(503)
        self.set_header("Retry-After", str(BUSY_RETRY))
        self.finish(self.site.message(words["busy_title"], [words["busy"]], retry=BUSY_RETRY))

    async def post(self) -> None:
        """Store a valid response once; show the form again, filled in, when it is not."""
        fields = {k: self.get_body_argument(k, "") for k in self.request.body_arguments}
        if not self._allowed(fields.get("token")):
            raise web.HTTPError(403, "This page needs the link with its token.")
        if self._closed():
            return
        site = self.site
        words = site.words
        submission = site.read(fields)
        try:
            state = await self._off_loop(site.state, submission.token)
            if state in REFUSED:
                raise FormError(state)
            if state is FormState.USED:
                self.finish(site.message(words["already"], [words["close_page"]], "kmkit-thanks"))
                return
            found = problems(submission, site.instrument, site.client)
            if found:
                self.set_status(422)
                self.finish(site.form(submission, found))
                return
            new = await self._off_loop(submit, site.client, site.instrument, site.wave, submission)
        except FormError as refused:
            await self._refuse(submission, refused.state)
            return
        except Exception:  # noqa: BLE001 - the respondent gets a sentence, never a traceback
            log.exception("a survey response could not be stored")
            self.set_status(503)
            self.finish(site.form(submission, [words["not_saved"]]))
            return
        heading = words["thanks"] if new else words["already"]
        self.finish(site.message(heading, [words["close_page"]], css="kmkit-thanks"))

    async def _refuse(self, submission: Submission, state: FormState) -> None:
        """A form not taken: a fresh one, with the answers as sent and why; nothing stored."""
        site = self.site
        status, key = REFUSED[state]
        token = await self._issue()
        if token is None:
            self.set_status(503)
            self.finish(site.form(submission, [site.words["not_saved"]]))
            return
        fresh = dataclasses.replace(submission, token=token)
        found = [site.words[key], *problems(fresh, site.instrument, site.client)]
        self.set_status(status)
        self.finish(site.form(fresh, found))
