"""Employee survey submissions: validated, anonymous, stored once however often sent."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from kmkit.core.instruments import Instrument
from kmkit.core.store import Answer, Response, Store
from kmkit.core.workspace import Client
from kmkit.inputs.survey_words import words_for

CLOSED_FLAG = "survey-closed"  # a file in the client folder; its text is shown to respondents
DONT_KNOW = "dont_know"


def survey_closed_message(client: Client) -> str | None:
    """The message to show when the consultant has closed the survey, else None."""
    flag = client.path / CLOSED_FLAG
    if not flag.is_file():
        return None
    note = flag.read_text(encoding="utf-8").strip()
    return note or "This survey is closed. Thank you for your interest."


def set_survey_closed(client: Client, closed: bool, message: str = "") -> None:
    """Close the survey (writing the flag file with an optional message) or open it again."""
    flag = client.path / CLOSED_FLAG
    if closed:
        flag.write_text(message, encoding="utf-8")
    else:
        flag.unlink(missing_ok=True)


@dataclass
class Submission:
    """What one respondent filled in; `token` identifies this form, never the person."""

    department: str | None = None
    role: str | None = None
    answers: dict[str, int | str] = field(default_factory=dict)  # item -> 1..5 or DONT_KNOW
    token: str = field(default_factory=lambda: uuid.uuid4().hex)
    targets: dict[str, int | str] = field(default_factory=dict)  # where we should be, likewise


def asks_targets(client: Client, instrument: Instrument) -> bool:
    """Whether the client's survey asks "where should we be?" for this instrument's items."""
    return instrument.id in client.config.ask_targets


def _off_scale(value: int | str, instrument: Instrument) -> bool:
    """An answer that is neither 'don't know' nor a point of the scale."""
    scale = instrument.scale
    return value != DONT_KNOW and not (isinstance(value, int) and scale.min <= value <= scale.max)


def problems(submission: Submission, instrument: Instrument, client: Client) -> list[str]:
    """Everything that stops a submission, in words for the respondent, in the survey's language."""
    words = words_for(instrument.language)
    found = []
    if submission.department not in client.config.departments:
        found.append(words["pick_department"])
    if submission.role is not None and submission.role not in client.config.roles:
        found.append(words["pick_role"])
    asked = {"missing": submission.answers}
    if asks_targets(client, instrument):
        asked["missing_targets"] = submission.targets
    missing = dict.fromkeys(asked, 0)
    for item in instrument.items:
        for kind, given in asked.items():
            value = given.get(item.id)
            if value is None:
                missing[kind] += 1
            elif _off_scale(value, instrument):
                found.append(words["off_scale"].format(question=item.text))
    dont_know = instrument.scale.dont_know or "Don’t know"
    found += [
        words[kind].format(count=count, dont_know=dont_know)
        for kind, count in missing.items()
        if count
    ]
    return found


def _answer(now: int | str, target: int | str | None) -> Answer:
    """One item's stored answer; a 'don't know' target is no target."""
    goal = None if target in (None, DONT_KNOW) else float(target)
    if now == DONT_KNOW:
        return Answer(None, goal, dont_know=True)
    return Answer(float(now), goal)


def submit(client: Client, instrument: Instrument, wave: str, submission: Submission) -> bool:
    """Store a valid submission in one transaction; False when this form was already stored."""
    found = problems(submission, instrument, client)
    if found:
        raise ValueError(" ".join(found))
    targets = submission.targets if asks_targets(client, instrument) else {}
    answers = {
        item_id: _answer(value, targets.get(item_id))
        for item_id, value in submission.answers.items()
    }
    with Store(client.store_path) as store:
        response = Response(
            instrument_id=instrument.id,
            instrument_version=instrument.version,
            wave=wave,
            respondent=store.pseudonym(f"survey:{submission.token}"),
            department=submission.department,
            role=submission.role,
            submitted_at=dt.datetime.now().replace(microsecond=0).isoformat(),
            source="survey app",
            answers=answers,
            language=instrument.language,
        )
        added, _ = store.add_responses([response])
    return added == 1
