"""Employee survey submissions: validated, anonymous, stored once however often sent."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field
from enum import Enum

from kmkit.core.errors import KmkitError
from kmkit.core.instruments import Instrument
from kmkit.core.store import Answer, Response, Store
from kmkit.core.workspace import Client
from kmkit.inputs.survey_words import words_for

CLOSED_FLAG = "survey-closed"  # a file in the client folder; its text is shown to respondents
DONT_KNOW = "dont_know"
# A form can be sent for three days after it was opened (one opened on a Friday afternoon
# still goes on Monday morning), and only while the wave it was opened for is collecting.
FORM_LIFETIME = dt.timedelta(days=3)


class FormState(Enum):
    """What the store knows of a form's token."""

    READY = "ready"  # issued for this wave, not yet answered
    USED = "used"  # its answers are stored
    UNKNOWN = "unknown"  # never issued here (missing, made up, or for another survey)
    EXPIRED = "expired"  # too old, or its wave closed or opened again since


class FormError(KmkitError):
    """A form the survey did not issue, or no longer takes; nothing was stored."""

    code = "form-refused"

    def __init__(self, state: FormState):
        self.state = state
        super().__init__(f"This form is {state.value}: its answers were not stored.")


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
        if client.store_path.exists():
            with Store(client.store_path) as store:
                store.close_waves()  # its forms stop working, its figures are read whole
    else:
        flag.unlink(missing_ok=True)


def _hashed(token: str) -> str:
    """The form token as kept in the store: its SHA-256, never the token itself."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def issue_form(client: Client, instrument: Instrument, wave: str) -> str:
    """A new form's token, recorded for the wave (which opens for collecting if it is not)."""
    token = secrets.token_hex(16)
    with Store(client.store_path) as store:
        store.issue_form(instrument.id, wave, _hashed(token))
    return token


def form_state(store: Store, instrument: Instrument, wave: str, token: str) -> FormState:
    """Whether a form's answers may be stored: issued here, for this wave, current, unused."""
    found = store.form(_hashed(token)) if token else None
    if found is None or found[:2] != (instrument.id, wave):
        return FormState.UNKNOWN
    _, _, used, hours, current = found
    if used:
        return FormState.USED
    if not current or hours > FORM_LIFETIME.total_seconds() / 3600:
        return FormState.EXPIRED
    return FormState.READY


def forms_report(client: Client) -> list[str]:
    """For the consultant: forms issued and answered per wave, and which wave is collecting."""
    if not client.store_path.exists():
        return []
    with Store(client.store_path) as store:
        counts, open_now = store.form_counts(), store.collecting()
    return [
        f"Forms issued: {issued}, answered: {used} ({instrument}, wave '{wave}'"
        + (", still collecting)." if (instrument, wave) in open_now else ", closed).")
        for instrument, wave, issued, used in counts
    ]


def check_form(client: Client, instrument: Instrument, wave: str, token: str) -> FormState:
    """`form_state` for a client's survey, opening its store."""
    with Store(client.store_path) as store:
        return form_state(store, instrument, wave, token)


@dataclass
class Submission:
    """What one respondent filled in; `token` identifies this form, never the person."""

    department: str | None = None
    role: str | None = None
    answers: dict[str, int | str] = field(default_factory=dict)  # item -> 1..5 or DONT_KNOW
    token: str = ""  # from issue_form: a form the survey did not issue is never stored
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
    """Store a valid submission in one transaction; False when this form was already stored.

    Raises FormError, storing nothing, when the form was not issued for this wave or has
    expired.
    """
    found = problems(submission, instrument, client)
    if found:
        raise ValueError(" ".join(found))
    targets = submission.targets if asks_targets(client, instrument) else {}
    answers = {
        item_id: _answer(value, targets.get(item_id))
        for item_id, value in submission.answers.items()
    }
    with Store(client.store_path) as store:
        state = form_state(store, instrument, wave, submission.token)
        if state is FormState.USED:
            return False
        if state is not FormState.READY:
            raise FormError(state)
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
        # After the answers: a crash between the two leaves a form that stores nothing twice
        # (its pseudonym is taken) and says "already saved" when sent again.
        store.use_form(_hashed(submission.token))
    return added == 1
