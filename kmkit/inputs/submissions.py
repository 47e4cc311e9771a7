"""Employee survey submissions: validated, anonymous, stored once however often sent."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from kmkit.core.instruments import Instrument
from kmkit.core.store import Answer, Response, Store
from kmkit.core.workspace import Client

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


def problems(submission: Submission, instrument: Instrument, client: Client) -> list[str]:
    """Everything that stops a submission, in words for the respondent."""
    found = []
    if submission.department not in client.config.departments:
        found.append("Choose your department.")
    if submission.role is not None and submission.role not in client.config.roles:
        found.append("Choose your role from the list.")
    scale = instrument.scale
    missing = 0
    for item in instrument.items:
        value = submission.answers.get(item.id)
        if value is None:
            missing += 1
        elif value != DONT_KNOW and not (
            isinstance(value, int) and scale.min <= value <= scale.max
        ):
            found.append(f"The answer to '{item.text}' is not on the scale.")
    if missing:
        found.append(
            f"{missing} question(s) have no answer yet; choose "
            f"'{scale.dont_know or 'Don’t know'}' where you are unsure."
        )
    return found


def submit(client: Client, instrument: Instrument, wave: str, submission: Submission) -> bool:
    """Store a valid submission in one transaction; False when this form was already stored."""
    found = problems(submission, instrument, client)
    if found:
        raise ValueError(" ".join(found))
    answers = {
        item_id: Answer(None, dont_know=True) if value == DONT_KNOW else Answer(float(value))
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
        )
        added, _ = store.add_responses([response])
    return added == 1
