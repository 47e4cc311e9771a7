"""The employee survey as an ipywidgets app: one page per category, then submit."""

from __future__ import annotations

from html import escape as esc
from typing import Any

from kmkit.core.instruments import Instrument
from kmkit.core.workspace import Client
from kmkit.inputs.submissions import DONT_KNOW, Submission, problems, submit, survey_closed_message


def _choices(instrument: Instrument) -> list[tuple[str, int | str]]:
    scale = instrument.scale
    options: list[tuple[str, int | str]] = [(label, value) for value, label in scale.labels.items()]
    if scale.dont_know:
        options.append((scale.dont_know, DONT_KNOW))
    return options


def survey_app(client: Client, instrument: Instrument, wave: str) -> Any:
    """Build the survey: who you are (no name asked), a page per category, then send."""
    import ipywidgets as w

    closed = survey_closed_message(client)
    if closed:
        return w.HTML(f"<h2>{esc(client.name)}</h2><p class='kmkit-closed'>{esc(closed)}</p>")
    form = Submission()
    department = w.Dropdown(
        options=[("Choose...", None), *[(d, d) for d in client.config.departments]],
        description="Department",
        style={"description_width": "initial"},
    )
    role = w.Dropdown(
        options=[("Prefer not to say", None), *[(r, r) for r in client.config.roles]],
        description="Role",
        style={"description_width": "initial"},
    )
    department.add_class("kmkit-department")
    role.add_class("kmkit-role")
    intro = w.VBox(
        [
            w.HTML(
                f"<h2>{esc(instrument.title)}</h2><p>{esc(instrument.instructions)}</p>"
                "<p>We do not ask for your name or e-mail address.</p>"
            ),
            department,
            role,
        ]
    )
    questions: dict[str, Any] = {}
    pages = [intro]
    for cat in instrument.categories:
        rows = [w.HTML(f"<h3>{esc(cat.name)}</h3>")]
        for item in cat.items:
            buttons = w.ToggleButtons(
                options=_choices(instrument), value=None, style={"button_width": "auto"}
            )
            buttons.add_class(f"kmkit-item-{item.id}")
            questions[item.id] = buttons
            rows += [w.HTML(f"<p class='kmkit-question'>{esc(item.text)}</p>"), buttons]
        pages.append(w.VBox(rows))
    total = len(pages)
    progress = w.IntProgress(min=1, max=total, value=1, description="Progress")
    where = w.HTML()
    message = w.HTML()
    message.add_class("kmkit-message")
    back, next_, send = (
        w.Button(description="Back"),
        w.Button(description="Next"),
        w.Button(description="Send my answers", button_style="primary"),
    )
    next_.add_class("kmkit-next")
    send.add_class("kmkit-submit")
    body = w.Box([pages[0]])
    state = {"page": 0}

    def collect() -> None:
        form.department, form.role = department.value, role.value
        form.answers = {k: b.value for k, b in questions.items() if b.value is not None}

    def show(page: int) -> None:
        state["page"] = page
        body.children = [pages[page]]
        progress.value = page + 1
        where.value = f"Page {page + 1} of {total}"
        back.disabled = page == 0
        next_.layout.display = "none" if page == total - 1 else None
        send.layout.display = None if page == total - 1 else "none"

    def page_ok() -> bool:
        collect()
        page = state["page"]
        if page == 0 and form.department is None:
            message.value = "<b>Choose your department to continue.</b>"
            return False
        if page > 0:
            cat = instrument.categories[page - 1]
            if any(questions[i.id].value is None for i in cat.items):
                message.value = (
                    "<b>Answer every question on this page; choose "
                    f"'{esc(instrument.scale.dont_know or '')}' where you are unsure.</b>"
                )
                return False
        message.value = ""
        return True

    def on_next(_: object) -> None:
        if page_ok():
            show(min(state["page"] + 1, total - 1))

    def on_back(_: object) -> None:
        message.value = ""
        show(max(state["page"] - 1, 0))

    def on_send(_: object) -> None:
        send.disabled = True  # a second click while storing does nothing
        collect()
        found = problems(form, instrument, client)
        if found:
            message.value = "<b>" + esc(" ".join(found)) + "</b>"
            send.disabled = False
            return
        try:
            new = submit(client, instrument, wave, form)
        except Exception:  # noqa: BLE001 - the respondent must see a sentence, never a traceback
            message.value = (
                "<b>Your answers could not be saved just now. Please try again in "
                "a minute; nothing was stored.</b>"
            )
            send.disabled = False
            return
        text = "Thank you: your answers are saved." if new else "Your answers were already saved."
        body.children = [
            w.HTML(f"<h2 class='kmkit-thanks'>{text}</h2><p>You can close this page.</p>")
        ]
        message.value = ""
        for control in (back, next_, send):
            control.layout.display = "none"

    next_.on_click(on_next)
    back.on_click(on_back)
    send.on_click(on_send)
    show(0)
    return w.VBox([w.HBox([progress, where]), body, message, w.HBox([back, next_, send])])
